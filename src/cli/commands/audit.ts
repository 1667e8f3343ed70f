import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';
import { auditOptions } from './options.js';

export const auditCommand: CommandSpec = {
  command: 'audit',
  describe: 'Audit a stored snapshot against an IdP export, offline',
  builder: (y: Argv) => auditOptions(y)
    .option('snapshot', { type: 'string', demandOption: true, describe: 'Snapshot folder written by snapshot or run' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
    .example('$0 audit --snapshot snapshots/q4 --idp okta.csv --out reports/q4-rerun', 'Re-run a review offline from evidence'),
  handler: async () => notBuiltYet('audit'),
};
