import ExcelJS from 'exceljs';
import type { FindingsDocument } from '../../src/model/index.js';

export interface ReviewerEntry {
  decision?: string;
  reviewer?: string;
  date?: Date | string;
  justification?: string;
}

/**
 * Writes an access-review workbook the way the report writer's contract describes it: a sheet named `Findings`,
 * row 1 the header, the `Finding ID`, `Decision`, `Reviewer`, `Date`, `Justification` columns among others,
 * and a list validation (Keep, Revoke, Exception) on Decision. `extraRows` add rows naming other finding ids.
 */
export async function writeReviewWorkbook(
  path: string,
  doc: FindingsDocument,
  entries: Record<string, ReviewerEntry>,
  extraRows: Array<{ findingId: string } & ReviewerEntry> = [],
  opts: { sheetName?: string; dropColumn?: string } = {},
): Promise<Map<string, number>> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Summary').addRow(['Access review', doc.run.id]);
  const ws = wb.addWorksheet(opts.sheetName ?? 'Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ['Finding ID', 'Severity', 'Rule', 'Vendor', 'Account ID', 'Account email', 'Title', 'Decision', 'Reviewer', 'Date', 'Justification'].filter(
    (h) => h !== opts.dropColumn,
  );
  ws.addRow(header);
  const rowOf = new Map<string, number>();
  const put = (findingId: string, cells: Record<string, unknown>, e: ReviewerEntry | undefined): void => {
    const values = header.map((h) => {
      if (h === 'Finding ID') return findingId;
      if (h === 'Decision') return e?.decision ?? null;
      if (h === 'Reviewer') return e?.reviewer ?? null;
      if (h === 'Date') return e?.date ?? null;
      if (h === 'Justification') return e?.justification ?? null;
      return (cells[h] as string | null | undefined) ?? null;
    });
    const row = ws.addRow(values);
    rowOf.set(findingId, row.number);
  };
  for (const f of doc.findings) {
    put(f.id, { Severity: f.severity, Rule: f.rule, Vendor: f.vendor, 'Account ID': f.accountId, 'Account email': f.accountEmail, Title: f.title }, entries[f.id]);
  }
  for (const x of extraRows) put(x.findingId, {}, x);
  const decisionCol = header.indexOf('Decision') + 1;
  if (decisionCol > 0) {
    for (let r = 2; r <= ws.rowCount; r++) {
      ws.getRow(r).getCell(decisionCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"Keep,Revoke,Exception"'] };
    }
  }
  const dateCol = header.indexOf('Date') + 1;
  if (dateCol > 0) ws.getColumn(dateCol).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(path);
  return rowOf;
}
