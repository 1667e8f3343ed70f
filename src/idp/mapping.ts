import type { Config } from '../config/schema.js';

/** The generic-CSV column mapping of the config file (`idp.mapping`). */
export type ColumnMapping = NonNullable<Config['idp']['mapping']>;
