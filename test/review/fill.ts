import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { libreOfficeBinary } from '../../scripts/validate-xlsx.js';

export interface RowView {
  reviewId: string;
  recommendation: string;
  assigned: string;
  findings: string;
}
export interface Fill {
  decision?: string;
  reviewer?: string;
  date?: Date | string;
  justification?: string;
  /** Overwrite read-only cells (header -> value). */
  edit?: Record<string, string>;
}

function headerMap(ws: ExcelJS.Worksheet): Map<string, number> {
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((c, i) => cols.set(String(c.value), i));
  return cols;
}

/** Fills a workbook as a reviewer would, with exceljs: the Review sheet by `review`, the Findings sheet by `finding`. */
export async function fillWorkbook(
  path: string,
  review: (r: RowView) => Fill | null,
  finding: (findingId: string, decideOn: string) => Fill | null = () => null,
): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  let filled = 0;
  const put = (ws: ExcelJS.Worksheet, cols: Map<string, number>, r: number, f: Fill): void => {
    const row = ws.getRow(r);
    const set = (h: string, v: unknown): void => {
      const c = cols.get(h);
      if (c !== undefined && v !== undefined) row.getCell(c).value = v as ExcelJS.CellValue;
    };
    set('Decision', f.decision);
    set('Reviewer', f.reviewer);
    set('Date', f.date);
    set('Justification', f.justification);
    for (const [h, v] of Object.entries(f.edit ?? {})) set(h, v);
    row.commit();
    filled++;
  };
  const ws = wb.getWorksheet('Review');
  if (ws) {
    const cols = headerMap(ws);
    for (let r = 2; r <= ws.rowCount; r++) {
      const cell = (h: string): string => (cols.has(h) ? String(ws.getRow(r).getCell(cols.get(h) ?? 1).value ?? '') : '');
      const f = review({ reviewId: cell('Review ID'), recommendation: cell('Recommendation'), assigned: cell('Assigned Reviewer'), findings: cell('Findings') });
      if (f) put(ws, cols, r, f);
    }
  }
  const fs = wb.getWorksheet('Findings');
  if (fs) {
    const cols = headerMap(fs);
    for (let r = 2; r <= fs.rowCount; r++) {
      const cell = (h: string): string => (cols.has(h) ? String(fs.getRow(r).getCell(cols.get(h) ?? 1).value ?? '') : '');
      const f = finding(cell('Finding ID'), cell('Decide On'));
      if (f) put(fs, cols, r, f);
    }
  }
  await wb.xlsx.writeFile(path);
  return filled;
}

/** Open and save the workbook through LibreOffice (xlsx -> xlsx), as a reviewer on LibreOffice would. */
export async function saveThroughLibreOffice(path: string): Promise<void> {
  const bin = libreOfficeBinary();
  if (!bin) throw new Error('LibreOffice is not installed');
  const work = await mkdtemp(join(tmpdir(), 'lo-save-'));
  try {
    const outDir = join(work, 'out');
    await mkdir(outDir);
    await promisify(execFile)(bin, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', outDir, path], { timeout: 120_000 });
    await copyFile(join(outDir, basename(path)), path);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
