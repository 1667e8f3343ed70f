import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { ISO_NUMBER_FORMAT, isoToDate, xlsxText, type CellValue } from '../../src/report/cells.js';
import { buildContext } from '../../src/report/context.js';
import { workbookTables, writeWorkbook } from '../../src/report/workbook.js';
import { buildCampaign } from '../../src/review/campaign.js';
import { buildReportInput } from './fixtures.js';
import { tempDir } from './helpers.js';

/**
 * Issue 19: data rows are written as sheet XML by src/report/workbook.ts (RowXml), not through exceljs's Row and
 * Cell objects. Read back with exceljs, every cell of every sheet must hold its table's value (text made XML-safe,
 * numbers, booleans, empty cells empty) and its column's style: the reviewer sees the same workbook.
 */
function expected(v: CellValue, date = false): CellValue | Date {
  // exceljs's XML escaping drops DEL (U+007F), and its reader gives an empty text cell back as null: both as before.
  if (typeof v !== 'string') return v;
  // A date column's ISO text is a typed date cell; any other text in it stays text.
  const day = date ? isoToDate(v) : null;
  if (day) return day;
  const text = xlsxText(v).replace(/\u007f/g, '');
  return text === '' ? null : text;
}

async function writeAndReadBack(opts: { maxRowsPerSheet?: number } = {}) {
  const dir = await tempDir('workbook-rows-');
  const input = buildReportInput({ outDir: dir });
  // Control characters, markup and a quote in a display name: the XML escaping is ours now.
  const first = input.snapshot.vendors.dixa?.accounts[0];
  if (first) first.displayName = 'Ann \u0001 <b>"O\'Neil"</b> & co \u007f\t';
  const config = Config.parse({ review: { defaultReviewer: 'alice@acme.test' } });
  input.campaign = buildCampaign({ doc: input.doc, snapshot: input.snapshot, identities: input.identities, correlations: input.correlations, config });
  const ctx = buildContext(input);
  const path = await writeWorkbook(dir, ctx, opts);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return { wb, tables: workbookTables(ctx) };
}

describe('access-review.xlsx data rows', () => {
  it('every cell holds its table value and its column style', async () => {
    const { wb, tables } = await writeAndReadBack();
    expect(wb.worksheets.map((w) => w.name)).toEqual(tables.map((t) => t.sheet));
    let checked = 0;
    tables.forEach((table, s) => {
      const ws = wb.worksheets[s] as ExcelJS.Worksheet;
      const rows = [...table.rows()];
      expect(ws.actualRowCount, table.sheet).toBe(rows.length + 1);
      rows.forEach((values, i) => {
        const row = ws.getRow(i + 2);
        table.columns.forEach((col, c) => {
          const cell = row.getCell(c + 1);
          const want = expected(values[c] ?? null, col.date !== undefined);
          expect(cell.value ?? null, `${table.sheet} ${cell.address}`).toEqual(want);
          if (col.input) expect(cell.fill, `${table.sheet} ${cell.address} input fill`).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF6CC' } });
          if (col.input && col.header === 'Date') expect(cell.numFmt).toBe('yyyy-mm-dd');
          if (col.date) expect(cell.numFmt, `${table.sheet} ${cell.address} date format`).toBe(ISO_NUMBER_FORMAT[col.date]);
          if (col.align) expect(cell.alignment).toMatchObject({ horizontal: 'left' });
          if (!col.input && !col.align && !col.date) expect(cell.fill, `${table.sheet} ${cell.address} unstyled`).toBeUndefined();
          checked++;
        });
      });
    });
    expect(tables.some((t) => t.sheet === 'Review')).toBe(true);
    expect(tables.some((t) => t.columns.some((c) => c.date))).toBe(true);
    expect(checked).toBeGreaterThan(500);
  });

  it('the escaped display name reads back as written, less the characters XML cannot hold', async () => {
    const { wb } = await writeAndReadBack();
    const agents = wb.getWorksheet('Dixa Agents') as ExcelJS.Worksheet;
    const names: unknown[] = [];
    agents.getColumn(2).eachCell((c) => names.push(c.value));
    expect(names).toContain('Ann \uFFFD <b>"O\'Neil"</b> & co \t');
  });

  it('a table split over sheets numbers each sheet from row 2 again', async () => {
    const { wb, tables } = await writeAndReadBack({ maxRowsPerSheet: 3 });
    const identities = tables.find((t) => t.sheet === 'Identities');
    if (!identities) throw new Error('no Identities table');
    const rows = [...identities.rows()];
    const sheets = wb.worksheets.filter((w) => w.name === 'Identities' || w.name.startsWith('Identities ('));
    expect(sheets.length).toBe(Math.ceil(rows.length / 3));
    sheets.forEach((ws, k) => {
      const part = rows.slice(k * 3, k * 3 + 3);
      expect(ws.actualRowCount).toBe(part.length + 1);
      part.forEach((values, i) => expect(ws.getRow(i + 2).getCell(1).value).toEqual(expected(values[0] ?? null)));
    });
  });
});
