import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';
import { vendorOptions } from './options.js';

export const snapshotCommand: CommandSpec = {
  command: 'snapshot',
  describe: 'Collect both vendors into a verifiable snapshot folder',
  builder: (y: Argv) => vendorOptions(y)
    .option('out', { type: 'string', demandOption: true, describe: 'Snapshot folder to write' })
    .example('$0 snapshot --out snapshots/q4', 'Snapshot Dixa and Dialpad using DIXA_API_TOKEN and DIALPAD_API_TOKEN'),
  handler: async () => notBuiltYet('snapshot'),
};
