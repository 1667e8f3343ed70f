/** Finding the header row, its delimiter, and naming its columns. */

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

/** Header names compared case-insensitively with whitespace collapsed and any BOM removed (research/idp.md 0). */
export function normalizeHeaderName(name: string): string {
  return name.replace(/\ufeff/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Count each candidate outside double quotes; the most frequent wins, `,` on a tie or when none occurs. */
export function sniffDelimiter(line: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const c = counts.get(d) ?? 0;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

/** Split a header line on a delimiter outside quotes (enough to recognise column names before the real parse). */
export function splitHeaderLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '"') {
      if (inQuotes && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else inQuotes = !inQuotes;
    } else if (ch === delimiter && !inQuotes) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface HeaderLocation {
  /** Characters of decoded text before the header line (preamble), to drop before parsing. */
  skipChars: number;
  /** Physical lines before the header line. */
  lineOffset: number;
  delimiter: Delimiter;
  /** The header line as text (for detection before the real parse). */
  line: string;
  /** Preamble lines that were skipped, as written (`sep=;`, `version:v1.0`, `#TYPE ...`). */
  preamble: string[];
}

const SEP_LINE = /^"?sep=(.)"?\s*$/i;
// Entra's bulk-create template starts with `version:v1.0` (research/idp.md 2.3); Windows PowerShell Export-Csv
// without -NoTypeInformation writes `#TYPE <type name>` first (PowerShell/PowerShell#5131).
const PREAMBLE_LINE = /^(version:v\d|#)/i;

/**
 * The header is the first line (of the first 20 non-blank ones) holding at least two known column names; failing
 * that, the first line that is not a known preamble line. Returns null when the text has no non-blank line.
 */
export function locateHeader(text: string, knownNames: ReadonlySet<string>, forcedDelimiter?: Delimiter): HeaderLocation | null {
  let pos = 0;
  let lineNo = 0;
  let sepDelimiter: Delimiter | undefined;
  let fallback: HeaderLocation | null = null;
  const preamble: string[] = [];
  let seen = 0;
  while (pos < text.length && seen < 20) {
    let end = text.indexOf('\n', pos);
    const complete = end !== -1;
    if (!complete) end = text.length;
    const raw = text.slice(pos, end).replace(/\r$/, '');
    const start = pos;
    pos = complete ? end + 1 : end;
    lineNo++;
    if (raw.trim() === '') continue;
    seen++;
    const sep = SEP_LINE.exec(raw.trim());
    if (sep && seen === 1) {
      const d = sep[1] as Delimiter;
      if (DELIMITERS.includes(d)) sepDelimiter = d;
      preamble.push(raw);
      continue;
    }
    if (PREAMBLE_LINE.test(raw.trim()) && !fallback) {
      preamble.push(raw);
      continue;
    }
    const delimiter = forcedDelimiter ?? sepDelimiter ?? sniffDelimiter(raw);
    const location: HeaderLocation = { skipChars: start, lineOffset: lineNo - 1, delimiter, line: raw, preamble: [...preamble] };
    const known = splitHeaderLine(raw, delimiter).filter((c) => knownNames.has(normalizeHeaderName(c))).length;
    if (known >= 2) return location;
    if (!fallback) fallback = location;
  }
  return fallback;
}

/** Duplicate header names get ` (2)`, ` (3)` so that no column is lost or keyed by position (research/idp.md 6.9). */
export function dedupeHeader(names: string[]): { names: string[]; duplicates: Array<{ index: number; original: string; renamed: string }> } {
  const counts = new Map<string, number>();
  const taken = new Set(names.map(normalizeHeaderName));
  const duplicates: Array<{ index: number; original: string; renamed: string }> = [];
  const out = names.map((raw, index) => {
    const trimmed = raw.replace(/\ufeff/g, '').trim();
    // An empty header cell (a trailing delimiter) still names a column, by position, without a duplicate note.
    if (trimmed === '') return `column ${index + 1}`;
    const name = trimmed;
    const key = normalizeHeaderName(name);
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n === 1) return name;
    let k = n;
    let renamed = `${name} (${k})`;
    while (taken.has(normalizeHeaderName(renamed))) renamed = `${name} (${++k})`;
    taken.add(normalizeHeaderName(renamed));
    duplicates.push({ index, original: name, renamed });
    return renamed;
  });
  return { names: out, duplicates };
}
