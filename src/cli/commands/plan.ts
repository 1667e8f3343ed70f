import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';


export const planCommand: CommandSpec = {
  command: 'plan',
  describe: 'Build the final remediation plan from reviewer decisions in the workbook',
  builder: (y: Argv) => y.option('decisions', { type: 'string', demandOption: true, describe: 'access-review.xlsx with the Decision column filled in' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
    .example('$0 plan --decisions reports/q4/access-review.xlsx --out reports/q4-final', 'Only Revoke decisions become actions'),
  handler: async () => notBuiltYet('plan'),
};
