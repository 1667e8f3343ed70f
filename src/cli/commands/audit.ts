import type { Argv } from 'yargs';
import { auditAndReport, loadAuditInputs, planStatusJson } from '../../pipeline/audit-stage.js';
import { createOutput } from '../output.js';
import { checkOutputFolder } from '../../output-folder/guard.js';
import { auditInputPaths, auditInputsOf, configFromArgs, flag, parseAsOf, parseFailOn, parseVendors, requireDir, str } from './args.js';
import { auditOptions } from './options.js';
import type { CommandSpec } from './types.js';

export const auditCommand: CommandSpec = {
  command: 'audit',
  describe: 'Audit a stored snapshot against an IdP export, offline',
  builder: (y: Argv) =>
    auditOptions(y)
      .option('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot folder written by snapshot or run' })
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
      .option('vendors', { type: 'string', describe: 'Audit only these vendors of the snapshot' })
      .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Do not block a plan over the destructive-action cap' })
      .example('$0 audit --snapshot snapshots/q4 --idp okta.csv --assignments assignments.csv --out reports/q4-rerun', 'Re-run a review offline from stored evidence'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet') || flag(argv, 'json'), verbose: flag(argv, 'verbose') });
    const { config, configPath } = await configFromArgs(argv);
    const snapshotDir = await requireDir(str(argv, 'snapshot'), '--snapshot');
    const paths = await auditInputPaths(argv);
    const out = await checkOutputFolder(argv['out'], {
      flag: '--out',
      kind: 'report',
      replace: 'own',
      inputs: [{ flag: '--snapshot', path: snapshotDir, type: 'folder' }, ...auditInputsOf(paths, configPath, config)],
    });
    const asOf = parseAsOf(str(argv, 'as-of'));
    const failOn = parseFailOn(str(argv, 'fail-on'), config);
    const vendors = str(argv, 'vendors') ? parseVendors(str(argv, 'vendors')) : undefined;
    const inputs = await loadAuditInputs(paths, config);
    const result = await auditAndReport({
      command: 'audit',
      snapshotDir,
      inputs,
      configPath,
      config,
      out,
      asOf,
      allowMassRemoval: flag(argv, 'allow-mass-removal'),
      failOn,
      vendors,
      startedAt: new Date(),
      output,
      ...(str(argv, 'split-by') === 'reviewer' ? { splitBy: 'reviewer' as const } : {}),
    });
    if (flag(argv, 'json')) output.data(JSON.stringify({ exitCode: result.exitCode, outDir: result.outDir, snapshotSha256: result.snapshotSha256, files: result.files, summary: result.doc.summary, notEvaluated: result.doc.notEvaluated, plan: planStatusJson(result.plan) }, null, 2));
    return result.exitCode;
  },
};
