import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libreOfficeBinary } from '../../scripts/validate-xlsx.js';
import { buildContext } from '../../src/report/context.js';
import { writeTableCsv } from '../../src/report/csv.js';
import type { Table } from '../../src/report/tables.js';
import { writeWorkbook } from '../../src/report/workbook.js';
import { buildReportInput } from '../report/fixtures.js';
import { requireTool } from '../report/helpers.js';

/** Values a vendor or IdP could send: a pure E.164 number, and texts that would be formulas. */
const ROWS: [string, string | null][] = [
  ['+4535535634', '2026-11-01T10:15:30.000Z'],
  ['=HYPERLINK("http://x","y")', '2026-10-02'],
  ['+1+cmd|\' /C calc\'!A0', '2024-01-01T08:00:00'],
  ['-2+3', null],
  ['@SUM(A1)', 'not a date'],
  ['\t=1', '2026-02-30'],
  ['+45 35 53 56 34', null],
];

const table: Table = {
  sheet: 'Cells',
  csv: 'cells.csv',
  columns: [
    { header: 'Phone', width: 20 },
    { header: 'Last Seen', width: 22, date: 'datetime' },
  ],
  count: ROWS.length,
  *rows() {
    yield* ROWS;
  },
};

let dir: string;
let xlsx: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aa-cells-'));
  xlsx = await writeWorkbook(dir, buildContext(buildReportInput({ outDir: dir })), {}, [table]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('E.164 numbers and dates in the workbook and CSV', () => {
  it('exceljs reads a pure E.164 number back as the text +4535535634, formulas as text, dates as typed ISO-formatted dates', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('Cells')!;
    const cell = (r: number, c: number): ExcelJS.Cell => ws.getRow(r).getCell(c);
    expect(cell(2, 1).value).toBe('+4535535634');
    expect(cell(2, 1).type).toBe(ExcelJS.ValueType.String);
    for (let r = 0; r < ROWS.length; r++) {
      expect(cell(r + 2, 1).type).toBe(ExcelJS.ValueType.String);
      expect(cell(r + 2, 1).formula).toBeUndefined();
      expect(cell(r + 2, 1).value).toBe(ROWS[r]![0]);
    }
    expect(cell(2, 2).value).toEqual(new Date('2026-11-01T10:15:30.000Z'));
    expect(cell(2, 2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cell(3, 2).value).toEqual(new Date('2026-10-02T00:00:00Z'));
    // No zone (Dialpad's timestamps): read as UTC, never as the machine's local time.
    expect(cell(4, 2).value).toEqual(new Date('2024-01-01T08:00:00Z'));
    // Not a date, or not a calendar day: stays the text it was.
    expect(cell(6, 2).value).toBe('not a date');
    expect(cell(7, 2).value).toBe('2026-02-30');
  });

  const lo = requireTool(libreOfficeBinary() ?? '/usr/bin/libreoffice');
  it.skipIf(lo.skip)(`LibreOffice shows +4535535634 as written and the dates in ISO ${lo.reason}`, async () => {
    const out = join(dir, 'lo');
    const profile = await mkdtemp(join(tmpdir(), 'lo-profile-'));
    try {
      await promisify(execFile)(libreOfficeBinary()!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'csv', '--outdir', out, xlsx], { timeout: 120_000 });
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
    const [name] = await readdir(out);
    const rows = parseCsv(await readFile(join(out, name!), 'utf8'), { relax_column_count: true }) as string[][];
    expect(rows[1]).toEqual(['+4535535634', '2026-11-01 10:15:30']);
    expect(rows[2]).toEqual(['=HYPERLINK("http://x","y")', '2026-10-02 00:00:00']);
    expect(rows[3]?.[0]).toBe('+1+cmd|\' /C calc\'!A0');
    expect(rows[4]?.[0]).toBe('-2+3');
  }, 180_000);

  it('the CSV writes a pure E.164 number as is and still neutralises every formula start', async () => {
    const path = join(dir, 'cells.csv');
    await writeTableCsv(path, table);
    const rows = parseCsv((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as string[][];
    expect(rows[1]).toEqual(['+4535535634', '2026-11-01T10:15:30.000Z']);
    expect(rows.slice(2).map((r) => r[0])).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'+1+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "'\t=1", "'+45 35 53 56 34"]);
  });
});
