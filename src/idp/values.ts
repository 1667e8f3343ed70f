import { isUsableEmail, normalizeEmail } from '../util/email.js';

/**
 * A cell as the reader uses it: trimmed, with the `'` that injection defences (Oracle identity domains, some
 * spreadsheet exports; research/idp.md 6.5) put before `= + - @`, tabs and digits removed. Never cast: `007` stays `007`.
 */
export function cleanCell(raw: string | undefined): string {
  if (raw === undefined) return '';
  let v = raw.trim();
  if (v.length > 1 && v.charCodeAt(0) === 0x27 /* ' */ && /^'[=+\-@\t\r0-9]/.test(v)) v = v.slice(1).trim();
  return v;
}

// Excel writes booleans in the locale of the machine that re-saved the file (research/idp.md 6.7: VERDADEIRO, WAHR, VRAI).
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'vrai', 'oui', 'wahr', 'ja', 'verdadeiro', 'verdadero', 'sim', 'sí', 'si', 'vero', 'waar', 'sant', 'prawda', 'tak', 'igaz']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'faux', 'non', 'falsch', 'nein', 'falso', 'não', 'nao', 'onwaar', 'nee', 'falsk', 'nej', 'fałsz', 'nie', 'hamis']);

/** true / false for the spellings above, null for anything else (including empty). */
export function parseBoolean(raw: string): boolean | null {
  const v = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return null;
}

/** Values that mean "no date" rather than a bad one (Google writes `Never logged in`). */
const NO_DATE = new Set(['', 'never logged in', 'never', 'n/a', 'na', '-', '--', 'null', 'none']);

export type ParsedDate = { ok: true; iso: string | null } | { ok: false };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (v: number, width = 2): string => String(v).padStart(width, '0');

function build(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes = 0): string | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  // 31 April is rejected, not rolled into 1 May.
  if (d > (mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number))) return null;
  const sec = Math.min(s, 59);
  // A million rows: format directly when no zone arithmetic is needed (same text as toISOString).
  if (offsetMinutes === 0 && y >= 1000 && y <= 9999) return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}.${pad(ms, 3)}Z`;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000).toISOString();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DMY_OR_MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$/;
const DMY_DOT = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/**
 * Dates as each source writes them (research/idp.md 6.8), to ISO 8601 UTC text:
 * ISO 8601 (Okta, OneLogin, JumpCloud), `YYYY-MM-DD HH:MM:SSZ` (M365), `YYYY/MM/DD HH:MM:SS` (Google),
 * `M/D/YYYY h:mm[:ss] AM` (Entra), and Excel re-renderings `D/M/YYYY HH:mm` / `D.M.YYYY HH:mm`.
 * A value without a zone is taken as UTC: no export documents its zone reliably (Okta's docs say UTC in one
 * version and Pacific in another), so the choice is stated rather than guessed per file.
 * Slash dates with both parts <= 12 and no AM/PM are read month first, as Entra and US Excel write them.
 */
export function parseDate(raw: string): ParsedDate {
  const v = raw.trim();
  if (NO_DATE.has(v.toLowerCase())) return { ok: true, iso: null };
  let m = ISO.exec(v);
  if (m) {
    let offset = 0;
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const iso = build(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]), ms, offset);
    return iso ? { ok: true, iso } : { ok: false };
  }
  m = YMD_SLASH.exec(v);
  if (m) {
    const iso = build(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]));
    return iso ? { ok: true, iso } : { ok: false };
  }
  m = DMY_OR_MDY.exec(v);
  if (m) {
    const a = n(m[1]);
    const b = n(m[2]);
    const ampm = m[7]?.toLowerCase().replace(/\./g, '');
    let h = n(m[4]);
    if (ampm) {
      if (h < 1 || h > 12) return { ok: false };
      if (ampm === 'pm' && h !== 12) h += 12;
      if (ampm === 'am' && h === 12) h = 0;
    }
    // Day first only when the first part cannot be a month and there is no AM/PM (a re-saved non-US Excel date).
    const dayFirst = !ampm && a > 12 && b <= 12;
    const [mo, d] = dayFirst ? [b, a] : [a, b];
    const iso = build(n(m[3]), mo, d, h, n(m[5]), n(m[6]));
    return iso ? { ok: true, iso } : { ok: false };
  }
  m = DMY_DOT.exec(v);
  if (m) {
    const iso = build(n(m[3]), n(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]));
    return iso ? { ok: true, iso } : { ok: false };
  }
  return { ok: false };
}

/** Addresses found in a row, primary first, usable only, de-duplicated on the normalised form, as written. */
export function collectEmails(candidates: Array<string | null | undefined>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of candidates) {
    if (!c) continue;
    const v = c.trim();
    if (!isUsableEmail(v)) continue;
    const key = normalizeEmail(v);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/**
 * M365 `Proxy addresses`: entries joined with `+` (`SMTP:a@x.com+smtp:b@x.com+SIP:a@x.com`). An address may itself
 * contain `+` (plus-addressing), so split only where `+` starts a new `PREFIX:` entry.
 */
export function splitProxyAddresses(raw: string): Array<{ primary: boolean; address: string }> {
  if (!raw.trim()) return [];
  const out: Array<{ primary: boolean; address: string }> = [];
  for (const part of proxyEntries(raw)) {
    const m = /^\s*(smtp):(.+)$/i.exec(part);
    if (!m || !m[1] || !m[2]) continue;
    out.push({ primary: m[1] === 'SMTP', address: m[2].trim() });
  }
  return out;
}

/** The Entra preview download writes the property whole, as a JSON array; the M365 export joins with `+`. */
function proxyEntries(raw: string): string[] {
  const v = raw.trim();
  if (v.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(v);
      if (Array.isArray(list)) return list.map(String);
    } catch {
      // not JSON after all: split as text
    }
  }
  return v.split(/\+(?=[A-Za-z0-9]{2,8}:)/);
}

/** Split a multi-valued cell, trimming and dropping empties. */
export function splitList(raw: string, separator: string | RegExp): string[] {
  if (!raw) return [];
  return raw.split(separator).map((s) => s.trim()).filter((s) => s.length > 0);
}
