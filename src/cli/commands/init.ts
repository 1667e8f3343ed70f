import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';


export const initCommand: CommandSpec = {
  command: 'init',
  describe: 'Write an example access-audit.config.json to edit',
  builder: (y: Argv) => y.option('out', { type: 'string', default: 'access-audit.config.json', describe: 'Where to write it' }),
  handler: async () => notBuiltYet('init'),
};
