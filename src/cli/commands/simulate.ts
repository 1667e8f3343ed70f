import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';


export const simulateCommand: CommandSpec = {
  command: 'simulate',
  describe: 'Serve the Dixa and Dialpad simulators with the demo organisation, for manual use',
  builder: (y: Argv) => y.option('dixa-port', { type: 'number', default: 0 }).option('dialpad-port', { type: 'number', default: 0 }),
  handler: async () => notBuiltYet('simulate'),
};
