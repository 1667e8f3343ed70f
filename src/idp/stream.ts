import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { badInput, type AuditError } from '../errors.js';
import type { Assignment, DataQualityKind, DataQualityNote, Identity, IdpFormat } from '../model/identity.js';
import { IdpFormat as IdpFormatSchema } from '../model/identity.js';
import { normalizeEmail } from '../util/email.js';
import { decodeHead, DecodeToUtf8, encodingLabel, probeFile, type TextEncodingName } from './encoding.js';
import { detectFormat, formatSpec, knownColumnNames } from './formats/index.js';
import { HeaderIndex, type BoundFormat, type ExportKind, type FormatSpec, type RowContext } from './formats/types.js';
import { dedupeHeader, locateHeader, normalizeHeaderName, type Delimiter } from './header.js';
import type { ReadIdpOptions } from './read.js';
import { cleanCell } from './values.js';
import { headerContentKey, rowContentKey } from './row-key.js';
import { StringPool } from '../util/string-pool.js';
import { shareAssignmentStrings, shareIdentityStrings } from './shared-strings.js';

export type IdpItem =
  | { type: 'identity'; identity: Identity }
  | { type: 'assignment'; assignment: Assignment }
  /** A further group of an identity already yielded (JumpCloud repeats each user once per group). */
  | { type: 'membership'; identityId: string; group: string }
  /** A group the export names with no member in it. */
  | { type: 'group'; group: string }
  | { type: 'note'; note: DataQualityNote };

export interface IdpStream {
  file: string;
  sha256: string;
  format: IdpFormat;
  formatLabel: string;
  kind: ExportKind;
  /** `utf8`, `utf8-bom`, `utf16le-bom`, `utf16be-bom`, `utf16le`, `utf16be`, `latin1` (decoded as windows-1252). */
  encoding: string;
  delimiter: Delimiter;
  /** Column names after de-duplication. */
  header: string[];
  /** Physical line of the header row (after preamble lines such as `sep=;` or `version:v1.0`). */
  headerLine: number;
  preamble: string[];
  groupColumns: string[];
  /** Data rows read so far (all of them once `items()` is exhausted). */
  readonly rowsRead: number;
  /** The rows, one pass, bounded memory (beyond one set of seen emails for duplicate detection). */
  items(): AsyncGenerator<IdpItem>;
}

/** Largest record csv-parse will buffer: a runaway quoted field fails cleanly instead of eating memory. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;

const FORMAT_HINT = 'pass --format or a column mapping in the config: see README';
const MAPPING_HINT = 'fix idp.mapping in the config: column names must match the header (case-insensitive)';

function csvErrorLine(path: string, err: CsvError, lineOffset: number, lastGoodLine?: number): AuditError {
  if (err.code === 'CSV_QUOTE_NOT_CLOSED' && lastGoodLine !== undefined) {
    // csv-parse reports the last line of the file; the field opened on the first line after the last good record.
    return badInput(`${path}: line ${lastGoodLine + 1}: a quoted field is never closed (the rest of the file is inside quotes)`, 'check the file is the CSV the identity provider exported');
  }
  const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as unknown as { lines: number }).lines + lineOffset : null;
  const where = line === null ? '' : ` line ${line}:`;
  const what: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    CSV_MAX_RECORD_SIZE: `a record is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`,
  };
  return badInput(`${path}:${where} not a readable CSV (${what[err.code] ?? err.message})`, 'check the file is the CSV the identity provider exported');
}

function parseHeaderLine(path: string, line: string, delimiter: Delimiter, lineNo: number): string[] {
  try {
    const rows = parseSync(line, { delimiter, relax_quotes: true, relax_column_count: true, bom: true }) as string[][];
    return rows[0] ?? [];
  } catch (err) {
    if (err instanceof CsvError) throw csvErrorLine(path, err, lineNo - 1);
    throw err;
  }
}

/** Line breaks inside the record's (quoted) fields: CRLF, LF and CR each count as one, as an editor shows them. */
function newlineCount(record: string[]): number {
  let n = 0;
  for (const cell of record) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    n += (cell.match(/\r\n|\r|\n/g) ?? []).length;
  }
  return n;
}

/**
 * Open an IdP export: probe encoding and hash, find the header (past any preamble), sniff the delimiter, detect the
 * format from the header names. Bad input throws an AuditError naming the file; the rows are read by `items()`.
 */
export async function openIdpFile(path: string, opts: ReadIdpOptions = {}): Promise<IdpStream> {
  const requested = opts.format ?? 'auto';
  if (requested !== 'auto' && !IdpFormatSchema.safeParse(requested).success) {
    throw badInput(`unknown --format "${String(requested)}"`, `use auto or one of: ${IdpFormatSchema.options.join(', ')}`);
  }
  const probe = await probeFile(path, opts.encoding as TextEncodingName | undefined);
  const headText = decodeHead(probe);
  const known = knownColumnNames();
  if (opts.mapping) for (const n of [opts.mapping.email, opts.mapping.name, opts.mapping.status, opts.mapping.id]) if (n) known.add(normalizeHeaderName(n));
  const found = locateHeader(headText, known, opts.delimiter);
  if (!found) throw badInput(`${path}: empty file`, 'export the users again; the file has no header row');
  const location = found;
  const headerLine = location.lineOffset + 1;
  const rawHeader = parseHeaderLine(path, location.line, location.delimiter, headerLine);
  const { names, duplicates } = dedupeHeader(rawHeader);
  const h = new HeaderIndex(names);

  let spec: FormatSpec | null;
  if (requested === 'auto') {
    spec = detectFormat(h);
    if (!spec) {
      const bound = formatSpec('generic').bind(h, { mapping: opts.mapping });
      if (typeof bound === 'string') throw badInput(`${path}: ${bound}`, opts.mapping ? MAPPING_HINT : FORMAT_HINT);
      spec = formatSpec('generic');
    }
  } else spec = formatSpec(requested);
  const bound = spec.bind(h, { mapping: opts.mapping });
  if (typeof bound === 'string') throw badInput(`${path}: ${bound}`, opts.mapping ? MAPPING_HINT : FORMAT_HINT);
  if (requested !== 'auto' && requested !== 'generic' && bound.emailColumn === undefined) {
    throw badInput(`${path}: the header has no email or login column of format ${requested} (header: ${names.slice(0, 6).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n)).join(', ')}${names.length > 6 ? ', ...' : ''})`, 'check --format, or omit it to detect the format');
  }

  const chosen: FormatSpec = spec;
  const format = spec.format;
  const state = { rowsRead: 0 };
  const stream: IdpStream = {
    file: path,
    sha256: probe.sha256,
    format,
    formatLabel: spec.label,
    kind: spec.kind,
    encoding: encodingLabel(probe),
    delimiter: location.delimiter,
    header: names,
    headerLine,
    preamble: location.preamble,
    groupColumns: bound.groupColumns,
    get rowsRead() {
      return state.rowsRead;
    },
    items: () => readItems(),
  };

  async function* readItems(): AsyncGenerator<IdpItem> {
    // Bound afresh for each pass: a format may keep per-pass state (JumpCloud's users already seen).
    const boundFormat = chosen.bind(h, { mapping: opts.mapping }) as BoundFormat;
    state.rowsRead = 0;
    const note = (kind: DataQualityKind, message: string, row: number, column: string | null, value: string | null, key?: string): IdpItem => ({
      type: 'note',
      note: { kind, message, source: { file: path, row }, column, value, ...(key === undefined ? {} : { key }) },
    });
    for (const d of duplicates) {
      yield note('duplicate_header', `column name "${d.original}" appears more than once; read as "${d.renamed}"`, headerLine, d.renamed, d.original, headerContentKey(d.renamed));
    }
    // Keys are given when a row's notes are released: only then is its identity (and so its email) known.
    const keyPending = (primaryEmail: string | null): void => {
      const key = rowContentKey(primaryEmail, cells);
      for (const p of pending) if (p.type === 'note') p.note.key = key;
    };
    // Line numbers are counted here, not taken from csv-parse's `info`: blank lines are kept as records (and skipped
    // below) so that every physical line is seen, and a line break inside quotes counts once whether it is CRLF or LF.
    const parser = parse({
      delimiter: location.delimiter,
      // Every line ending, whatever the first line used: files edited by hand or concatenated mix them, and
      // csv-parse otherwise keeps to the ending it detected on line 1 and merges the other lines into fields.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    const skip = { chars: location.skipChars, bytes: (probe.bom ? 3 : 0) + Buffer.byteLength(headText.slice(0, location.skipChars), 'utf8') };
    pipeline(createReadStream(path), new DecodeToUtf8(probe.encoding, skip), parser, () => {
      // Errors reach the consumer through the parser's async iterator.
    });
    const seenEmails = new Set<string>();
    const pool = new StringPool();
    const width = names.length;
    let first = true;
    let nextLine = headerLine;
    let lastGoodLine = headerLine;
    const pending: IdpItem[] = [];
    let cells: string[] = [];
    let line = 0;
    const ctx: RowContext = {
      get line() {
        return line;
      },
      cell: (col) => (col === undefined ? '' : cleanCell(cells[col])),
      note: (kind, message, col, value) => {
        pending.push(note(kind, message, line, col === undefined ? null : (names[col] ?? null), value));
      },
    };
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        line = nextLine;
        nextLine += 1 + newlineCount(record);
        lastGoodLine = nextLine - 1;
        if (first) {
          // The header row itself, parsed already.
          first = false;
          continue;
        }
        // Blank lines and delimiter-only lines (`,,,`, left by spreadsheets) are not rows.
        if (record.every((c) => c.trim() === '')) continue;
        cells = record;
        state.rowsRead++;
        if (cells.length !== width && !(cells.length > width && cells.slice(width).every((c) => c.trim() === ''))) {
          ctx.note('wrong_field_count', `row has ${cells.length} fields, the header has ${width}: values may be in the wrong columns`, undefined, null);
        }
        const out = boundFormat.readRow(ctx);
        if (out?.identity) {
          // The draft is this row's own object: completed in place rather than copied (a million rows).
          const identity = out.identity as Identity;
          identity.format = format;
          identity.source = { file: path, row: line };
          shareIdentityStrings(identity, pool);
          if (identity.primaryEmail === null) {
            const raw = ctx.cell(boundFormat.emailColumn);
            ctx.note('no_email', raw === '' ? 'no email' : `no usable email ("${raw}")`, boundFormat.emailColumn, raw || null);
          } else {
            const key = normalizeEmail(identity.primaryEmail);
            if (seenEmails.has(key)) ctx.note('duplicate_email', `email ${identity.primaryEmail} already appears on an earlier row`, boundFormat.emailColumn, identity.primaryEmail);
            else seenEmails.add(key);
          }
          if (pending.length > 0) {
            keyPending(identity.primaryEmail);
            for (const p of pending) yield p;
            pending.length = 0;
          }
          yield { type: 'identity', identity };
        }
        if (out?.memberships) for (const group of out.memberships.groups) yield { type: 'membership', identityId: out.memberships.identityId, group };
        if (out?.emptyGroup) yield { type: 'group', group: out.emptyGroup };
        for (const a of out?.assignments ?? []) {
          if (a.subject === '') {
            const raw = ctx.cell(boundFormat.emailColumn);
            ctx.note('no_email', 'assignment row names no user', boundFormat.emailColumn, raw || null);
            continue;
          }
          const assignment = a as Assignment;
          assignment.format = format;
          assignment.source = { file: path, row: line };
          shareAssignmentStrings(assignment, pool);
          yield { type: 'assignment', assignment };
        }
        if (pending.length > 0) {
          keyPending(null);
          for (const p of pending) yield p;
          pending.length = 0;
        }
      }
    } catch (err) {
      if (err instanceof CsvError) throw csvErrorLine(path, err, location.lineOffset, lastGoodLine);
      const code = (err as NodeJS.ErrnoException).code;
      if (code && /^E[A-Z]+$/.test(code)) throw badInput(`${path}: cannot read (${code})`, 'check the file is readable and not being written');
      throw err;
    }
  }

  return stream;
}
