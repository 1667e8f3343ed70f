/**
 * Cell values shared by the CSV and XLSX writers: one place decides how a value becomes text and how
 * spreadsheet formula injection is neutralised (OWASP "CSV injection"; DESIGN.md section 9).
 */
export type CellValue = string | number | boolean | null;

/** Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (incl. full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/**
 * csv-stringify's escape_formulas looks at the first character only; spreadsheets trim leading blanks
 * before deciding, so ` =1+1` (space, NBSP, newline) is a formula too. Those get the quote from us.
 */
const BLANK_THEN_FORMULA = /^[ \u00A0\n\f\v\u2000-\u200B\u3000]+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Prefix a single quote when a text would be read as a formula. Used for CSV (with csv-stringify's own escaping). */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) || BLANK_THEN_FORMULA.test(text) ? `'${text}` : text;
}

/** A single E.164 number: `+`, then 1 to 15 digits (ITU-T E.164), nothing else. */
const E164 = /^\+[1-9]\d{0,14}$/;

export function isE164(text: string): boolean {
  return E164.test(text);
}

/**
 * CSV text: formulas neutralised, except a pure E.164 number. `+4535535634` can only evaluate to itself as a number
 * (no function, no reference, no operator after the sign), so it is no injection vector; quoting it would hand every
 * script and spreadsheet the text `'+4535535634`. A CSV has no types: a spreadsheet may still show it as a number.
 */
export function csvText(text: string): string {
  return isE164(text) ? text : neutralizeFormula(text);
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO 8601 date or timestamp as a Date (UTC when it names no zone: Dialpad sends times without one), or null when
 * the text is anything else, so a value that is not a date stays the text it was.
 */
export function isoToDate(text: string): Date | null {
  const ms = isoToMillis(text);
  return ms === null ? null : new Date(ms);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * A zoneless date-time whose fields are all in range cannot roll over into another day, so the round trip through
 * toISOString that catches 2026-02-30 (or 24:00, 23:60) is needed only for the others: the workbook parses one date
 * per date cell, and the round trip (two Dates and a string) was most of it.
 */
function inCalendar(m: RegExpExecArray): boolean {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0) + (leap ? 1 : 0)) return false;
  if (m[4] === undefined) return true;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // A fraction of the day's last second is left to the round trip (whether it rounds up is the parser's business).
  return hour <= 23 && minute <= 59 && second <= 59 && !(m[7] !== undefined && hour === 23 && minute === 59 && second === 59);
}

/** isoToDate as epoch milliseconds (no Date made): the workbook writes the serial straight from it. */
export function isoToMillis(text: string): number | null {
  const trimmed = text.trim();
  const m = ISO_TIMESTAMP.exec(trimmed);
  if (!m) return null;
  const zoned = m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : m[8] === undefined ? `${trimmed.replace(' ', 'T')}Z` : trimmed.replace(' ', 'T');
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-30 over into March: only a real calendar day is a date.
  if (m[8] === undefined && !inCalendar(m) && new Date(ms).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) return null;
  return ms;
}

/** Excel number formats that print a date cell in ISO 8601 order, times in UTC (the cell stays a date: sortable, filterable). */
export const ISO_NUMBER_FORMAT = { datetime: 'yyyy-mm-dd hh:mm:ss', date: 'yyyy-mm-dd' } as const;

/** The leading-blank case only: csv-stringify's `escape_formulas` covers the first-character case itself. */
export function neutralizeLeadingBlankFormula(text: string): string {
  return BLANK_THEN_FORMULA.test(text) ? `'${text}` : text;
}

/** Excel's hard limit per cell; longer text corrupts nothing but is cut by Excel with a repair prompt. */
export const MAX_CELL_CHARS = 32_767;

/**
 * XML 1.0 forbids most C0 control characters; exceljs writes them as-is and the file no longer opens.
 * Tab, LF and CR are allowed. Lone surrogates are replaced as well.
 */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Any character XML_INVALID could match: a plain class, cheap to test on every cell before the full pattern runs. */
// eslint-disable-next-line no-control-regex
const MAYBE_XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text safe for an XLSX cell: valid XML, within Excel's length limit (marked when cut). */
export function xlsxText(text: string): string {
  let out = MAYBE_XML_INVALID.test(text) ? text.replace(XML_INVALID, '\uFFFD') : text;
  if (out.length > MAX_CELL_CHARS) out = out.slice(0, MAX_CELL_CHARS - 20) + ' …[truncated]';
  return out;
}

export function joinList(values: readonly (string | null | undefined)[], sep = '; '): string {
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0).join(sep);
}

/** Evidence object as compact `key: value` text for a reviewer (full JSON stays in findings.json). */
export function evidenceText(evidence: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(evidence).sort()) {
    const v = evidence[key];
    if (v === undefined || v === null) continue;
    parts.push(`${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join('; ');
}
