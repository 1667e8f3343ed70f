import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { writeStreamAtomic } from '../util/atomic.js';
import { csvText } from './cells.js';
import { findingsTable, inventoryTables, type Table } from './tables.js';
import type { ReportContext } from './context.js';

/**
 * CSV for spreadsheets: UTF-8 with BOM (Excel detects the encoding only with it), explicit casts (csv-stringify
 * defaults write Dates as epoch ms and `false` as an empty cell: libs.md section 3), and formula injection
 * neutralised in the string cast (a leading `= + - @ \t \r`, also after blanks), which lets a pure E.164 number
 * through unquoted (csvText). csv-stringify's own `escape_formulas` would quote it, so it is off; numbers and booleans
 * are cast by us and cannot start a formula beyond a sign.
 */
function csvStringifier(table: Table) {
  return stringify({
    bom: true,
    header: true,
    columns: table.columns.map((c) => c.header),
    escape_formulas: false,
    record_delimiter: 'unix',
    cast: {
      string: (value) => csvText(value),
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      number: (value) => String(value),
    },
  });
}

/** Stream one table into `path` atomically: a failure mid-way leaves neither the file nor a temp file. */
export async function writeTableCsv(path: string, table: Table): Promise<void> {
  await writeStreamAtomic(path, async (out) => {
    await pipeline(Readable.from(table.rows()), csvStringifier(table), out);
  });
}

export async function writeFindingsCsv(outDir: string, ctx: ReportContext): Promise<string> {
  const path = join(outDir, 'findings.csv');
  await writeTableCsv(path, findingsTable(ctx, false));
  return path;
}

/** dixa-agents.csv, dixa-teams.csv, dixa-queues.csv, dialpad-users.csv, dialpad-offices.csv, dialpad-callcenters.csv, identities.csv. */
export async function writeInventoryCsvs(outDir: string, ctx: ReportContext): Promise<string[]> {
  const files: string[] = [];
  for (const table of inventoryTables(ctx)) {
    if (!table.csv) continue;
    const path = join(outDir, table.csv);
    await writeTableCsv(path, table);
    files.push(path);
  }
  return files;
}
