import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildContext, type ReportInput } from './context.js';
import { writeFindingsCsv, writeInventoryCsvs } from './csv.js';
import { writeFindingsJson } from './findings-json.js';
import { writeSummaryHtml } from './html.js';
import { writeWorkbook, type WorkbookOptions } from './workbook.js';
import { timePhase, timePhaseSync } from '../util/timings.js';

export type { ReportInput } from './context.js';
export { buildContext } from './context.js';
export { writeFindingsCsv, writeInventoryCsvs, writeTableCsv } from './csv.js';
export { writeFindingsJson } from './findings-json.js';
export { renderSummaryHtml, writeSummaryHtml } from './html.js';
export { writeWorkbook, FINDINGS_SHEET } from './workbook.js';
export { renderTerminalSummary } from './terminal.js';

/**
 * Write every report into `input.outDir`: findings.json, findings.csv, the inventory CSVs, access-review.xlsx and
 * summary.html. All of them are staged in a hidden folder inside outDir and moved into place only when every one
 * was written, so a failure leaves neither a partial file nor a set of reports from two different runs.
 */
export async function writeReports(input: ReportInput, opts: { workbook?: WorkbookOptions } = {}): Promise<{ files: string[] }> {
  const ctx = timePhaseSync('report-context', () => buildContext(input));
  await mkdir(input.outDir, { recursive: true });
  const stage = join(input.outDir, `.report-${randomBytes(6).toString('hex')}.tmp`);
  await mkdir(stage);
  try {
    const staged: string[] = [];
    staged.push(await timePhase('findings-json', () => writeFindingsJson(stage, input.doc)));
    staged.push(...(await timePhase('csvs', async () => [await writeFindingsCsv(stage, ctx), ...(await writeInventoryCsvs(stage, ctx))])));
    staged.push(await timePhase('workbook', () => writeWorkbook(stage, ctx, opts.workbook)));
    staged.push(await timePhase('html', () => writeSummaryHtml(stage, ctx)));
    const files: string[] = [];
    for (const path of staged) {
      const target = join(input.outDir, basename(path));
      await rename(path, target);
      files.push(target);
    }
    return { files };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
