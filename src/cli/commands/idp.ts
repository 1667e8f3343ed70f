import type { Argv } from 'yargs';
import type { CommandSpec } from './types.js';
import { notBuiltYet } from './pending.js';


export const idpCommand: CommandSpec = {
  command: 'idp <file>',
  describe: 'Read an IdP export and show what it contains',
  builder: (y: Argv) => y.positional('file', { type: 'string', describe: 'CSV export' })
    .option('json', { type: 'boolean', default: false, describe: 'Print as JSON' })
    .option('format', { type: 'string', describe: 'Force the export format instead of detecting it' })
    .option('config', { type: 'string', describe: 'Config with a column mapping for generic CSVs' })
    .example('$0 idp User_Download_13042024.csv', 'Detect the format and show statuses and data-quality notes'),
  handler: async () => notBuiltYet('idp'),
};
