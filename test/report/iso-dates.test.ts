import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoToDate, isoToMillis } from '../../src/report/cells.js';

/** isoToDate as it was before the workbook stopped making a Date per date cell: the round trip on every zoneless value. */
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
function roundTripMillis(text: string): number | null {
  const m = ISO_TIMESTAMP.exec(text.trim());
  if (!m) return null;
  const zoned = m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : m[8] === undefined ? `${text.trim().replace(' ', 'T')}Z` : text.trim().replace(' ', 'T');
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) return null;
  if (new Date(ms).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` && m[8] === undefined) return null;
  return ms;
}

const two = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
/** Dates and times with fields in and just out of range: day 0 to 32, hour to 25, minute and second to 61. */
const isoLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    two(13),
    two(32),
    fc.option(fc.tuple(fc.constantFrom('T', ' '), two(25), two(61), fc.option(two(61)), fc.option(fc.stringMatching(/^\.\d{1,7}$/)), fc.option(fc.constantFrom('Z', '+02:00', '-0530', '+14:00')))),
    fc.constantFrom('', ' '),
  )
  .map(([y, mo, d, time, pad]) => {
    if (!time) return `${pad}${y}-${mo}-${d}${pad}`;
    const [sep, h, mi, s, frac, zone] = time;
    return `${pad}${y}-${mo}-${d}${sep}${h}:${mi}${s === null ? '' : `:${s}${frac ?? ''}`}${zone ?? ''}${pad}`;
  });

describe('isoToMillis: the same answer as the round trip through toISOString, without it for in-range values', () => {
  it('agrees on generated dates and times, in range and out of it', () => {
    fc.assert(
      fc.property(isoLike, (text) => {
        expect(isoToMillis(text)).toBe(roundTripMillis(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('rejects days that do not exist and times that roll into the next day', () => {
    for (const text of ['2026-02-29', '2026-02-30T10:00:00', '2025-04-31', '2026-01-01T24:00:00', '2026-01-01T23:60:00', '1900-02-29']) expect(isoToMillis(text)).toBeNull();
    for (const text of ['2024-02-29', '2000-02-29T23:59:59', '2026-12-31T23:59:59.999', '2026-01-01T24:00:00Z']) expect(isoToMillis(text)).toBe(roundTripMillis(text));
    expect(isoToMillis('2026-12-01T10:40:00')).toBe(Date.UTC(2026, 11, 1, 10, 40));
    expect(isoToDate('2026-12-01')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(isoToMillis('not a date')).toBeNull();
  });
});
