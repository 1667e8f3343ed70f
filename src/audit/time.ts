const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds of a vendor timestamp. Dialpad's `date_added` and Dixa presence times come without a zone
 * (research/dialpad.md): read as UTC, as docs/rules.md says. A bare date is UTC midnight. Unparseable: null.
 */
export function parseVendorTime(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = text.trim();
  if (t === '') return null;
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(t);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : hasZone ? t : `${t}Z`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Whole days elapsed from `fromMs` to `toMs` (floored; negative when in the future). */
export function wholeDays(fromMs: number, toMs: number): number {
  return Math.floor((toMs - fromMs) / DAY_MS);
}

export const MS_PER_DAY = DAY_MS;
