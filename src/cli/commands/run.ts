import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';
import { auditOptions, vendorOptions } from './options.js';

export const runCommand: CommandSpec = {
  command: 'run',
  describe: 'Snapshot the vendors, then audit, plan and report (use --demo to try it with no tokens)',
  builder: (y: Argv) => auditOptions(vendorOptions(y))
    .option('snapshot-dir', { type: 'string', describe: 'Where to store the snapshot (default snapshots/<UTC timestamp>)' })
    .option('out', { type: 'string', describe: 'Output folder (default reports/<UTC timestamp>)' })
    .option('demo', { type: 'boolean', default: false, describe: 'Run against built-in simulators with the demo organisation' })
    .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Do not block a plan over the destructive-action cap' })
    .example('$0 run --demo', 'The demo audit: no tokens, no network, writes reports/demo/')
    .example('DIXA_API_TOKEN=... DIALPAD_API_TOKEN=... $0 run --idp okta.csv --assignments assignments.csv', 'A real quarterly review'),
  handler: async () => notBuiltYet('run'),
};
