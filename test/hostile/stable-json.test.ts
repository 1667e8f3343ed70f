import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiPath, apiPathOrNull, UnsafePathSegmentError } from '../../src/http/path.js';
import { stableJsonChunks, stableStringify } from '../../src/util/json.js';

/** The definition stableStringify keeps: JSON.stringify of the value with every object's keys sorted. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    return v;
  };
  return JSON.stringify(sort(value), null, 2) + '\n';
}

describe('stableStringify written in chunks', () => {
  it('gives exactly the bytes of JSON.stringify with sorted keys', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
        expect(stableStringify(v)).toBe(reference(v));
      }), { numRuns: 300 });
  });

  it('yields pieces of bounded size whatever the value, and takes nesting deeper than the call stack', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => ({ name: `person ${i}`, email: `p${i}@example.com` }));
    const chunks = [...stableJsonChunks({ names })];
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.length).toBeLessThan(70_000);
    expect(chunks.join('')).toBe(reference({ names }));
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stableStringify(deep, 0);
    expect(text.length).toBe(200_004);
  });
});

describe('apiPath: the one way ids enter a request path', () => {
  it('percent-encodes / ? # % and refuses dot segments and empty ids', () => {
    expect(apiPath`/v1/teams/${'a/b?c#d%e'}/agents`).toBe('/v1/teams/a%2Fb%3Fc%23d%25e/agents');
    for (const id of ['.', '..', '']) {
      expect(() => apiPath`/v1/teams/${id}/agents`).toThrow(UnsafePathSegmentError);
      expect(apiPathOrNull`/v1/teams/${id}/agents`).toBeNull();
    }
    expect(apiPath`/v1/agents/${'...'}`).toBe('/v1/agents/...');
  });
});
