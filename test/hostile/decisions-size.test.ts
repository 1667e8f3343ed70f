import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/errors.js';
import { DECISION_COLUMNS, FINDINGS_SHEET, readDecisions } from '../../src/plan/decisions.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-decisions-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Findings sheet with the header, one decision, then `emptyRows` rows that are present but empty (styled). */
async function workbook(name: string, emptyRows: number): Promise<string> {
  const path = join(dir, name);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
  const ws = wb.addWorksheet(FINDINGS_SHEET);
  ws.addRow([...DECISION_COLUMNS]).commit();
  ws.addRow(['F-1', 'Keep', 'rev@example.com', '2026-11-01', 'ok']).commit();
  for (let i = 0; i < emptyRows; i++) {
    const row = ws.addRow([]);
    row.height = 15;
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return path;
}

describe('plan --decisions reads a workbook within bounded memory', () => {
  it('a sheet with more rows than the cap is refused with exit 3 naming the file, before it is loaded', async () => {
    const path = await workbook('many-empty-rows.xlsx', 3000);
    const err = await readDecisions(path, { maxRows: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).exitCode).toBe(3);
    expect((err as AuditError).message).toContain(path);
    expect((err as AuditError).message).toMatch(/more than 1000 rows/);
  });

  it('a workbook under the cap is read as before', async () => {
    const path = await workbook('few-rows.xlsx', 10);
    const read = await readDecisions(path, { maxRows: 1000 });
    expect(read.rows.map((r) => [r.findingId, r.decision])).toEqual([['F-1', 'Keep']]);
  });
});
