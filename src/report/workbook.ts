import { remediationTable } from './remediation.js';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { writeStreamAtomic } from '../util/atomic.js';
import { ISO_NUMBER_FORMAT, isoToMillis, xlsxText, type CellValue } from './cells.js';
import type { ReportContext } from './context.js';
import { overviewRows } from './facts.js';
import { reviewTable } from './review-table.js';
import {
  DECISIONS,
  ambiguousTable,
  diffTable,
  evidenceTable,
  findingsTable,
  inventoryTables,
  licenceWasteTable,
  planTable,
  suppressedTable,
  type Table,
} from './tables.js';

/** Excel: 1,048,576 rows per sheet including the header. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;
/**
 * exceljs's streaming writer has no backpressure: committed rows pile up as uncompressed XML unless the event loop
 * gets a turn. Yielding every 100 rows keeps memory flat at no cost in speed (libs.md section 2; exceljs #2916, #709).
 */
const YIELD_EVERY = 100;
/**
 * Yielding is not enough when deflate is slower than row generation (2 busy cores): the sheet's stream writes into
 * the zip entry ignoring `write()`'s return value, so XML queues up in memory. Past this many queued bytes we wait
 * for the zip to catch up. The queue lives in exceljs/archiver internals (read defensively: 0 when absent).
 */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

interface StreamState {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}
function queued(s: StreamState | undefined): number {
  return (s?._writableState?.length ?? 0) + (s?._readableState?.length ?? 0);
}

export interface WorkbookOptions {
  /** Rows per sheet before continuing on "Name (2)"; lowered by tests. */
  maxRowsPerSheet?: number;
  /** Called every 1,000 data rows and at the end with the data rows written so far (benchmarks sample memory). */
  onProgress?: (rowsWritten: number) => void;
  /** File name inside outDir (default access-review.xlsx; a reviewer's workbook has its own). */
  fileName?: string;
  /** Workbook subject line (default `Run <id>`). */
  subject?: string;
}

/** The sheet for reviewer decisions; the plan command reads it back by these exact names (contract). */
export const FINDINGS_SHEET = 'Findings';

const INVALID_SHEET_CHARS = /[*?:\\/[\]]/g;

/**
 * Excel sheet names: at most 31 characters, none of `* ? : \ / [ ]`, not starting or ending with `'`, unique
 * ignoring case. exceljs's streaming writer checks none of it (libs.md section 2, bug 3).
 */
export class SheetNamer {
  private readonly used = new Set<string>();
  name(raw: string, suffix = ''): string {
    const base = raw.replace(INVALID_SHEET_CHARS, '_').replace(/^'+|'+$/g, '').trim() || 'Sheet';
    for (let n = 1; ; n++) {
      const extra = n === 1 ? suffix : `${suffix} ~${n}`;
      const name = base.slice(0, 31 - extra.length) + extra;
      if (!this.used.has(name.toLowerCase())) {
        this.used.add(name.toLowerCase());
        return name;
      }
    }
  }
}

function columnLetter(index1: number): string {
  let n = index1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
/** The cells a reviewer fills in: a pale yellow column with its own header colour, so they stand out from the read-only rest. */
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF6CC' } };
const INPUT_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFB8860B' } };
const SEVERITY_FILL: Record<string, string> = {
  critical: 'FFF4B6B6',
  high: 'FFF9D3A8',
  medium: 'FFFCEBA5',
  low: 'FFD5E8F7',
  info: 'FFE6E6E6',
};

/** exceljs's own XML escaping (the version is pinned), so a cell's text is encoded exactly as its row writer encodes it. */
const { xmlEncode } = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as { xmlEncode: (text: string) => string };

/**
 * exceljs's date serial (utils.dateToExcel, without date1904: the streaming writer never sets it), from epoch
 * milliseconds: the same double it computes from a Date, so the same digits. Its text needs no XML escaping.
 */
function excelSerial(ms: number): string {
  return String(25569 + ms / 86_400_000);
}

/** exceljs's Enums.ValueType codes of the values a table cell can hold. */
const VALUE_TYPE = { null: 0, number: 2, string: 3, date: 4, boolean: 9 } as const;
/** Room per column in the style id cache: every VALUE_TYPE code is below it. */
const TYPE_SLOTS = 16;

type StyleOwner = Partial<Pick<ExcelJS.Style, 'numFmt' | 'font' | 'alignment' | 'border' | 'fill' | 'protection'>>;

/**
 * Data rows as sheet XML, written straight to the worksheet's stream: exceljs's Row and Cell objects (an object, a
 * merged style and a model per cell) cost about four times the XML itself, most of it garbage collection, and issue 19
 * wants 50k rows/s. The XML is what exceljs's row writer emits for the same values (`t="str"` text, `t="b"`
 * booleans, plain numbers, a styled empty cell as `<c s=".."/>`, the same escaping and the same style ids, asked of
 * its own style table), so the workbook's cells do not change: test/report/workbook-rows.test.ts reads them back.
 *
 * A row is rendered straight from the table's values: text made XLSX-safe, a date column's ISO text turned into the
 * date serial, with no converted copy of the row and no Date per cell (both were garbage at a million cells).
 */
class RowXml {
  /** `<c r="A` per column: the cell reference's fixed part. */
  private readonly cellOpen: string[];
  /** Per column, the style exceljs gives its cells (the column's style merged into a fresh object, as Cell does). */
  private readonly styles: StyleOwner[];
  /** Style id per column and value type, -1 until asked of exceljs's style table. */
  private readonly styleIds: Int32Array;
  /** Columns whose ISO text becomes a typed date cell. */
  private readonly dates: boolean[];
  private readonly addStyle: (model: object, cellType: number) => number;
  constructor(ws: ExcelJS.Worksheet, columns: ReadonlyArray<{ date?: unknown }>, addStyle: (model: object, cellType: number) => number) {
    this.addStyle = addStyle;
    this.cellOpen = columns.map((_, i) => `<c r="${columnLetter(i + 1)}`);
    this.styles = columns.map((_, i) => mergedColumnStyle(ws.getColumn(i + 1).style as StyleOwner | undefined));
    this.styleIds = new Int32Array(columns.length * TYPE_SLOTS).fill(-1);
    this.dates = columns.map((c) => Boolean(c.date));
  }

  /** ` s="<id>"` for a cell of this column and type, '' for style 0 (exceljs writes no attribute then). */
  private styleAttr(col: number, type: number): string {
    const k = col * TYPE_SLOTS + type;
    let id = this.styleIds[k] ?? -1;
    if (id < 0) {
      id = this.addStyle(this.styles[col] as object, type);
      this.styleIds[k] = id;
    }
    return id ? ` s="${id}"` : '';
  }

  /** The `<row>` element of sheet row `r`, or '' when no cell holds a value (exceljs writes no such row). */
  render(r: number, values: ReadonlyArray<CellValue | undefined>): string {
    let cells = '';
    let min = 0;
    let max = 0;
    let hasValue = false;
    const n = Math.min(values.length, this.cellOpen.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined) continue;
      const col = i + 1;
      if (min === 0) min = col;
      max = col;
      const open = i < n ? (this.cellOpen[i] as string) : `<c r="${columnLetter(col)}`;
      if (v === null) {
        const s = this.styleAttr(i, VALUE_TYPE.null);
        if (s) cells += `${open}${r}"${s}/>`;
        continue;
      }
      hasValue = true;
      if (typeof v === 'string') {
        const ms = this.dates[i] ? isoToMillis(v) : null;
        if (ms !== null) cells += `${open}${r}"${this.styleAttr(i, VALUE_TYPE.date)}><v>${excelSerial(ms)}</v></c>`;
        else cells += `${open}${r}"${this.styleAttr(i, VALUE_TYPE.string)} t="str"><v>${xmlEncode(xlsxText(v))}</v></c>`;
      } else if (typeof v === 'number') cells += `${open}${r}"${this.styleAttr(i, VALUE_TYPE.number)}><v>${xmlEncode(String(v))}</v></c>`;
      else cells += `${open}${r}"${this.styleAttr(i, VALUE_TYPE.boolean)} t="b"><v>${v ? '1' : '0'}</v></c>`;
    }
    if (!hasValue) return '';
    return `<row r="${r}"${min > 0 && max > 0 && min <= max ? ` spans="${min}:${max}"` : ''} x14ac:dyDescent="0.25">${cells}</row>`;
  }
}

/** exceljs Cell#_mergeStyle with no row style: the column's style properties that are set, in a new object. */
function mergedColumnStyle(col: StyleOwner | undefined): StyleOwner {
  const out: StyleOwner = {};
  if (!col) return out;
  if (col.numFmt) out.numFmt = col.numFmt;
  if (col.font) out.font = col.font;
  if (col.alignment) out.alignment = col.alignment;
  if (col.border) out.border = col.border;
  if (col.fill) out.fill = col.fill;
  if (col.protection) out.protection = col.protection;
  return out;
}

interface WorksheetWriterInternals {
  stream: { write(text: string): unknown };
  /** Number of the next row addRow would create, less the uncommitted ones. */
  _rowZero: number;
}

interface DataValidationsLike {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

class SheetStreamer {
  private written = 0;
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly namer: SheetNamer;
  private readonly opts: WorkbookOptions;
  private readonly out: Writable;
  private readonly addStyle: (model: object, cellType: number) => number;
  constructor(wb: ExcelJS.stream.xlsx.WorkbookWriter, out: Writable, namer: SheetNamer, opts: WorkbookOptions) {
    this.wb = wb;
    const styles = (wb as unknown as { styles: { addStyleModel: (model: object, cellType: number) => number } }).styles;
    this.addStyle = (model, cellType) => styles.addStyleModel(model, cellType);
    this.out = out;
    this.namer = namer;
    this.opts = opts;
  }

  /** Write a table, continuing on "Name (2)", "Name (3)" past the row limit. Returns the sheet names used. */
  async write(table: { sheet: string; columns: Table['columns']; rows(): Iterable<CellValue[]> }): Promise<string[]> {
    const max = Math.max(1, Math.min(this.opts.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS, EXCEL_MAX_DATA_ROWS));
    const names: string[] = [];
    let ws = this.open(table, names);
    let xml = new RowXml(ws, table.columns, this.addStyle);
    let batch = '';
    let inSheet = 0;
    for (const row of table.rows()) {
      if (inSheet === max) {
        this.flush(ws, batch);
        batch = '';
        await this.close(ws, table, inSheet);
        ws = this.open(table, names);
        xml = new RowXml(ws, table.columns, this.addStyle);
        inSheet = 0;
      }
      inSheet++;
      batch += xml.render(inSheet + 1, row);
      (ws as unknown as WorksheetWriterInternals)._rowZero++;
      this.written++;
      if (this.written % YIELD_EVERY === 0) {
        this.flush(ws, batch);
        batch = '';
        await yieldToEventLoop();
        while (this.queuedBytes(ws) > MAX_QUEUED_BYTES && !this.out.destroyed) await sleep(2);
        if (this.out.errored) throw this.out.errored;
      }
      if (this.written % 1000 === 0) this.opts.onProgress?.(this.written);
    }
    this.flush(ws, batch);
    await this.close(ws, table, inSheet);
    return names;
  }

  private flush(ws: ExcelJS.Worksheet, batch: string): void {
    if (batch !== '') (ws as unknown as WorksheetWriterInternals).stream.write(batch);
  }

  private queuedBytes(ws: ExcelJS.Worksheet): number {
    const sheetStream = (ws as unknown as { stream?: { pipes?: StreamState[] } }).stream;
    const zip = (this.wb as unknown as { zip?: StreamState }).zip;
    return queued(sheetStream?.pipes?.[0]) + queued(zip) + queued(this.out as unknown as StreamState);
  }

  private open(table: { sheet: string; columns: Table['columns'] }, names: string[]): ExcelJS.Worksheet {
    const name = this.namer.name(table.sheet, names.length === 0 ? '' : ` (${names.length + 1})`);
    names.push(name);
    // Frozen panes only work when given here: the streaming writer emits <sheetViews> in its constructor (libs.md 2).
    const ws = this.wb.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
      // `&` starts a header/footer code: double it so "Suppressed & Excluded" prints as written.
      headerFooter: { oddFooter: `${name.replace(/&/g, '&&')}  &P / &N` },
    });
    // Columns before the first commit: <cols> is written with the first row.
    ws.columns = table.columns.map((c, i) => ({ key: `c${i}`, width: c.width, ...columnStyle(c) }));
    const header = ws.addRow(table.columns.map((c) => xlsxText(c.header)));
    header.font = HEADER_FONT;
    header.fill = HEADER_FILL;
    table.columns.forEach((c, i) => {
      if (c.input) header.getCell(i + 1).fill = INPUT_HEADER_FILL;
    });
    header.commit();
    return ws;
  }

  private async close(ws: ExcelJS.Worksheet, table: { columns: Table['columns'] }, dataRows: number): Promise<void> {
    const lastCol = columnLetter(table.columns.length);
    const lastRow = dataRows + 1;
    ws.autoFilter = `A1:${lastCol}${lastRow}`;
    const severityCol = table.columns.findIndex((c) => c.header === 'Severity');
    if (severityCol >= 0 && dataRows > 0) {
      const col = columnLetter(severityCol + 1);
      ws.addConditionalFormatting({
        ref: `${col}2:${col}${lastRow}`,
        rules: Object.entries(SEVERITY_FILL).map(([severity, argb], i) => ({
          type: 'cellIs',
          operator: 'equal',
          priority: i + 1,
          formulae: [`"${severity}"`],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb } } },
        })),
      });
    }
    const decisionCol = table.columns.findIndex((c) => c.header === 'Decision');
    if (decisionCol >= 0 && dataRows > 0) {
      const col = columnLetter(decisionCol + 1);
      // One range for the whole column: per-cell validations keep a model entry per cell in memory (libs.md 2).
      (ws as unknown as { dataValidations: DataValidationsLike }).dataValidations.add(`${col}2:${col}${lastRow}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${DECISIONS.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Decision',
        error: `Choose ${DECISIONS.join(', ')}`,
        showInputMessage: true,
        promptTitle: 'Decision',
        prompt: `${DECISIONS.join(' / ')}; then fill Reviewer, Date and Justification`,
      });
      const dateCol = table.columns.findIndex((c) => c.header === 'Date' && c.input);
      if (dateCol >= 0) {
        const d = columnLetter(dateCol + 1);
        (ws as unknown as { dataValidations: DataValidationsLike }).dataValidations.add(`${d}2:${d}${lastRow}`, {
          type: 'date',
          operator: 'greaterThan',
          allowBlank: true,
          formulae: [new Date(Date.UTC(2000, 0, 1))],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: 'Date',
          error: 'A date (YYYY-MM-DD): the day you decided',
          showInputMessage: true,
          promptTitle: 'Date',
          prompt: 'The day you decided, YYYY-MM-DD',
        });
      }
    }
    ws.commit();
    await yieldToEventLoop();
  }

  get rowsWritten(): number {
    return this.written;
  }
}

function columnStyle(c: Table['columns'][number]): { style?: Partial<ExcelJS.Style> } {
  const style: Partial<ExcelJS.Style> = {};
  if (c.align) style.alignment = { horizontal: c.align };
  if (c.input) style.fill = INPUT_FILL;
  if (c.date) style.numFmt = ISO_NUMBER_FORMAT[c.date];
  else if (c.input && c.header === 'Date') style.numFmt = ISO_NUMBER_FORMAT.date;
  return Object.keys(style).length > 0 ? { style } : {};
}

type AddStyleModel = (model: object | undefined, cellType?: number) => number;

/**
 * With useStyles, exceljs resolves a style for every cell (a fresh `{}` for unstyled cells, so its WeakMap cache
 * never hits): about 2.5x the cost of the whole row (libs.md section 2). An empty style resolves to the same id for a
 * given value type every time, so remember it. Styled cells (headers, aligned columns) take the normal path.
 */
function cacheEmptyStyles(wb: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (wb as unknown as { styles?: { addStyleModel?: AddStyleModel } }).styles;
  const original = styles?.addStyleModel?.bind(styles);
  if (!styles || !original) return;
  const byType = new Map<number | undefined, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model || Object.keys(model).length > 0) return original(model, cellType);
    let id = byType.get(cellType);
    if (id === undefined) {
      id = original(model, cellType);
      byType.set(cellType, id);
    }
    return id;
  };
}

/** The sheets in workbook order (Diff only when a previous run was given). */
export function workbookTables(ctx: ReportContext): Table[] {
  const overview: Table = {
    sheet: 'Overview',
    csv: null,
    columns: [
      { header: 'Section', width: 16 },
      { header: 'Item', width: 30 },
      { header: 'Value', width: 66, align: 'left' },
      { header: 'Detail', width: 100 },
    ],
    count: 0,
    rows: () => overviewRows(ctx),
  };
  const waste = licenceWasteTable(ctx);
  const campaign = ctx.input.campaign;
  const tables = [
    overview,
    ...(campaign ? [reviewTable(campaign.rows)] : []),
    findingsTable(ctx, true),
    ambiguousTable(ctx),
    suppressedTable(ctx),
    ...inventoryTables(ctx),
    ...(waste ? [waste] : []),
    planTable(ctx),
  ];
  if (ctx.hasDiff) tables.push(diffTable(ctx));
  const remediation = remediationTable(ctx);
  if (remediation) tables.push(remediation);
  tables.push(evidenceTable(ctx));
  return tables;
}

/**
 * access-review.xlsx through exceljs's streaming WorkbookWriter, into a temp file renamed on success.
 * No cell hyperlinks (with data validation they make Excel report the file as corrupt: exceljs #2784) and no
 * shared strings (the table stays in memory: 1.1 GB at 500k rows).
 */
export async function writeWorkbook(outDir: string, ctx: ReportContext, opts: WorkbookOptions = {}, tables = workbookTables(ctx)): Promise<string> {
  const path = join(outDir, opts.fileName ?? 'access-review.xlsx');
  await writeStreamAtomic(path, async (out) => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    wb.creator = `access-audit ${ctx.input.doc.run.toolVersion}`;
    wb.title = 'Access review';
    wb.subject = opts.subject ?? `Run ${ctx.input.doc.run.id}`;
    // Fixed timestamps (the run's), so the workbook does not carry the wall clock of the report step.
    const at = new Date(ctx.input.doc.run.finishedAt);
    wb.created = Number.isNaN(at.getTime()) ? new Date(0) : at;
    wb.modified = wb.created;
    cacheEmptyStyles(wb);
    const streamer = new SheetStreamer(wb, out, new SheetNamer(), opts);
    try {
      for (const table of tables) await streamer.write(table);
      await wb.commit();
    } catch (err) {
      // Stop the zip stream so nothing more is written to the (about to be removed) temp file.
      (wb as unknown as { zip?: { abort?: () => void } }).zip?.abort?.();
      throw err;
    }
    opts.onProgress?.(streamer.rowsWritten);
  });
  return path;
}
