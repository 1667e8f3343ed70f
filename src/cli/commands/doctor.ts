import type { Argv } from 'yargs';
import { runDoctor, renderDoctor } from '../../doctor/doctor.js';
import { ExitCode, oneLine } from '../../errors.js';
import { createOutput } from '../output.js';
import { baseUrlsFromArgs, flag, parseVendors, str } from './args.js';
import { vendorOptions } from './options.js';
import type { CommandSpec } from './types.js';

export const doctorCommand: CommandSpec = {
  command: 'doctor',
  describe: 'Check tokens, URLs, clock, config, inputs and folders before a run',
  builder: (y: Argv) =>
    vendorOptions(y)
      .option('config', { type: 'string', describe: 'access-audit.config.json' })
      .option('idp', { type: 'string', describe: 'IdP users export (CSV)' })
      .option('assignments', { type: 'string', describe: 'App assignments export' })
      .option('exceptions', { type: 'string', describe: 'Exceptions file (default: exceptionsFile of the config)' })
      .option('out', { type: 'string', describe: 'Output folder the run will use (default reports/<UTC timestamp>)' })
      .option('snapshot-dir', { type: 'string', describe: 'Snapshot folder the run will use (default snapshots/<UTC timestamp>)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the checks as JSON on stdout' })
      .example('$0 doctor --config access-audit.config.json --idp okta.csv --assignments assignments.csv', 'Exit 0 only if every check passes'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet'), verbose: flag(argv, 'verbose') });
    const checks = await runDoctor({
      configPath: str(argv, 'config'),
      vendors: parseVendors(str(argv, 'vendors')),
      baseUrls: baseUrlsFromArgs(argv),
      env: process.env,
      idpPath: str(argv, 'idp'),
      assignmentsPath: str(argv, 'assignments'),
      exceptionsPath: str(argv, 'exceptions'),
      outDir: str(argv, 'out'),
      snapshotDir: str(argv, 'snapshot-dir'),
      allowInsecureHttp: flag(argv, 'allow-insecure-http'),
      now: () => new Date(),
    });
    const ok = checks.every((c) => c.ok);
    // Details quote files and servers: one line each, control characters escaped.
    const safe = checks.map((c) => ({ ...c, detail: oneLine(c.detail), fix: c.fix === null ? null : oneLine(c.fix) }));
    if (flag(argv, 'json')) output.data(JSON.stringify({ ok, checks: safe }, null, 2));
    else output.data(renderDoctor(safe));
    return ok ? ExitCode.OK : ExitCode.FINDINGS;
  },
};
