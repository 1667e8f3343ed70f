import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { badInput } from '../errors.js';
import { cellDate, cellText, readDecisions, type DecisionsReadResult } from '../plan/decisions.js';
import { INPUT_COLUMNS, REVIEW_COLUMNS, REVIEW_ID, REVIEW_SHEET } from './columns.js';

/** A reviewer's cell never needs more than this; longer text is cut so a huge cell cannot swell the record. */
export const MAX_REVIEWER_CHARS = 320;
export const MAX_JUSTIFICATION_CHARS = 4000;

export interface ReviewDecisionRow {
  file: string;
  row: number;
  reviewId: string;
  rawDecision: string;
  reviewer: string;
  /** YYYY-MM-DD when the cell holds a date, else the text as written, or null. */
  date: string | null;
  justification: string;
  /** The read-only columns as they read back, by header, for the edit check. */
  checked: Map<string, string>;
}

export interface CampaignWorkbook {
  file: string;
  sha256: string;
  /** Run ID from the Overview sheet; null in a workbook that has none (hand-made). */
  runId: string | null;
  /** null: no Review sheet (a workbook written before the campaign existed). */
  reviewRows: ReviewDecisionRow[] | null;
  findings: DecisionsReadResult;
}

interface SheetRecord {
  row: number;
  text(header: string): string;
  date(header: string): string | null;
}

/**
 * Rows of a sheet as records keyed by the header titles of row 1; one place that walks a sheet, so a bounded or
 * streaming reader can replace it without touching the campaign logic.
 */
export function* sheetRecords(ws: ExcelJS.Worksheet, required: readonly string[], file: string): Generator<SheetRecord> {
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const title = cellText(cell);
    if (title !== '' && !columns.has(title)) columns.set(title, col);
  });
  const missing = required.filter((c) => !columns.has(c));
  if (missing.length > 0) throw badInput(`${file}: sheet "${ws.name}" has no column ${missing.map((c) => `"${c}"`).join(', ')} in row 1`);
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    yield {
      row: r,
      text: (h) => {
        const c = columns.get(h);
        return c === undefined ? '' : cellText(row.getCell(c));
      },
      date: (h) => {
        const c = columns.get(h);
        return c === undefined ? null : cellDate(row.getCell(c));
      },
    };
  }
}

function overviewRunId(wb: ExcelJS.Workbook): string | null {
  const ws = wb.getWorksheet('Overview');
  if (!ws) return null;
  for (let r = 2; r <= Math.min(ws.rowCount, 50); r++) {
    const row = ws.getRow(r);
    if (cellText(row.getCell(2)) === 'Run ID') return cellText(row.getCell(3)) || null;
  }
  return null;
}

const CHECKED = REVIEW_COLUMNS.filter((c) => c.checked).map((c) => c.header);

/** One workbook: its run id, its Review rows (when it has the sheet) and its Findings decisions. Bad file: exit 3. */
export async function readCampaignWorkbook(path: string): Promise<CampaignWorkbook> {
  const findings = await readDecisions(path);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  } catch {
    throw badInput(`${path}: not an xlsx workbook`);
  }
  const ws = wb.getWorksheet(REVIEW_SHEET);
  let reviewRows: ReviewDecisionRow[] | null = null;
  if (ws) {
    reviewRows = [];
    for (const rec of sheetRecords(ws, [REVIEW_ID, ...INPUT_COLUMNS, ...CHECKED], path)) {
      const reviewId = rec.text(REVIEW_ID);
      const rawDecision = rec.text('Decision');
      const reviewer = rec.text('Reviewer').slice(0, MAX_REVIEWER_CHARS);
      const justification = rec.text('Justification').slice(0, MAX_JUSTIFICATION_CHARS);
      const date = rec.date('Date');
      if (reviewId === '' && rawDecision === '' && reviewer === '' && justification === '' && date === null) continue;
      const checked = new Map(CHECKED.map((h) => [h, rec.text(h)]));
      reviewRows.push({ file: path, row: rec.row, reviewId, rawDecision, reviewer, date: date === null ? null : date.slice(0, 40), justification, checked });
    }
  }
  return { file: path, sha256: findings.sha256, runId: overviewRunId(wb), reviewRows, findings: { ...findings, rows: findings.rows.map((r) => ({ ...r, file: path })) } };
}

/**
 * `--decisions` values: files and folders (a folder's *.xlsx, not recursive, skipping Office lock files `~$*`), in a
 * stable order, each once.
 */
export async function expandDecisionPaths(values: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const v of values) {
    const st = await stat(v).catch(() => null);
    if (!st) throw badInput(`--decisions ${v}: no such file or folder`);
    if (st.isDirectory()) {
      const names = (await readdir(v)).filter((n) => n.toLowerCase().endsWith('.xlsx') && !n.startsWith('~$') && !n.startsWith('.')).sort();
      if (names.length === 0) throw badInput(`--decisions ${v}: no .xlsx workbook in this folder`);
      for (const n of names) out.push(join(v, n));
    } else if (st.isFile()) out.push(v);
    else throw badInput(`--decisions ${v}: not a file or folder`);
  }
  const seen = new Set<string>();
  return out.filter((p) => {
    const k = resolve(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
