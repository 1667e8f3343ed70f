import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import { progressFor } from '../../collect/progress.js';
import { loadConfig } from '../../config/load.js';
import { ExitCode } from '../../errors.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';
import { baseUrlsFromArgs, parseVendors, tokensFromEnv } from './args.js';
import { vendorOptions } from './options.js';

export const snapshotCommand: CommandSpec = {
  command: 'snapshot',
  describe: 'Collect both vendors into a verifiable snapshot folder',
  builder: (y: Argv) =>
    vendorOptions(y)
      .option('out', { type: 'string', demandOption: true, describe: 'Snapshot folder to write (must not exist or be empty)' })
      .option('config', { type: 'string', describe: 'access-audit.config.json (base URLs, rate limits, page sizes)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
      .example('$0 snapshot --out snapshots/q4', 'Snapshot Dixa and Dialpad using DIXA_API_TOKEN and DIALPAD_API_TOKEN'),
  handler: async (argv) => {
    const json = argv.json === true;
    const out = createOutput({ quiet: argv.quiet === true || json, verbose: argv.verbose as boolean | undefined });
    const vendors = parseVendors(argv.vendors);
    const baseUrls = baseUrlsFromArgs(argv);
    const tokens = tokensFromEnv(vendors);
    const config = await loadConfig(argv.config as string | undefined);
    const result = await collectSnapshot({ outDir: String(argv.out), vendors, baseUrls, tokens, config, progress: progressFor({ quiet: out.quiet, verbose: out.verbose }) });
    for (const v of vendors) {
      const snap = result.snapshot.vendors[v];
      if (!snap) continue;
      for (const l of snap.listings) if (l.complete && l.reason) out.warn(`access-audit: note: ${vendorModule(v).label} ${l.name}: ${l.reason}`);
      if (snap.invalidRecords.length > 0) out.warn(`access-audit: ${vendorModule(v).label}: ${snap.invalidRecords.length} records broke the schema (see manifest.json)`);
    }
    out.info(`snapshot written to ${result.dir}`);
    out.info(`manifest.json sha256 ${result.sha256}`);
    const exitCode = result.complete ? ExitCode.OK : ExitCode.INCOMPLETE;
    if (json) {
      const perVendor = Object.fromEntries(
        vendors.flatMap((v) => {
          const snap = result.snapshot.vendors[v];
          return snap ? [[v, { complete: snap.complete, accounts: snap.accounts.length, groups: snap.groups.length, invalidRecords: snap.invalidRecords.length }]] : [];
        }),
      );
      out.data(JSON.stringify({ exitCode, dir: result.dir, manifestSha256: result.sha256, complete: result.complete, failures: result.failures, vendors: perVendor }, null, 2));
    }
    if (!result.complete) for (const line of result.failures) out.warn(`access-audit: incomplete: ${line}`);
    return exitCode;
  },
};
