import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';


export const verifyCommand: CommandSpec = {
  command: 'verify <dir>',
  describe: 'Re-hash a snapshot folder and report changed, missing or added files',
  builder: (y: Argv) => y.positional('dir', { type: 'string', describe: 'Snapshot folder' })
    .example('$0 verify snapshots/q4', 'Exit 0 intact, 1 tampered, 3 not a snapshot'),
  handler: async () => notBuiltYet('verify'),
};
