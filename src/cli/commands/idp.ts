import type { Argv } from 'yargs';
import { loadConfig } from '../../config/load.js';
import { badInput } from '../../errors.js';
import { IdpFormat } from '../../model/identity.js';
import { openIdpFile } from '../../idp/read.js';
import { renderIdpSummary, summarizeIdp } from '../../idp/summary.js';
import { stableStringify } from '../../util/json.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';

const FORMATS = ['auto', ...IdpFormat.options];

export const idpCommand: CommandSpec = {
  command: 'idp <file>',
  describe: 'Read an IdP export and show what it contains',
  builder: (y: Argv) => y.positional('file', { type: 'string', describe: 'CSV export' })
    .option('json', { type: 'boolean', default: false, describe: 'Print as JSON' })
    .option('format', { type: 'string', describe: `Force the export format instead of detecting it: ${FORMATS.join(', ')}` })
    .option('config', { type: 'string', describe: 'Config with a column mapping for generic CSVs' })
    .example('$0 idp User_Download_13042024.csv', 'Detect the format and show statuses and data-quality notes'),
  handler: async (argv) => {
    const out = createOutput({ quiet: argv.quiet as boolean | undefined, verbose: argv.verbose as boolean | undefined });
    const file = String(argv.file);
    const formatArg = argv.format as string | undefined;
    if (formatArg !== undefined && !FORMATS.includes(formatArg)) {
      throw badInput(`unknown --format "${formatArg}"`, `use one of: ${FORMATS.join(', ')}`);
    }
    const config = await loadConfig(argv.config as string | undefined);
    const stream = await openIdpFile(file, {
      format: (formatArg as IdpFormat | 'auto' | undefined) ?? config.idp.format,
      delimiter: config.idp.delimiter,
      encoding: config.idp.encoding,
      mapping: config.idp.mapping,
    });
    const summary = await summarizeIdp(stream);
    if (argv.json) out.data(stableStringify(summary));
    else if (!out.quiet) out.data(renderIdpSummary(summary));
    return 0;
  },
};
