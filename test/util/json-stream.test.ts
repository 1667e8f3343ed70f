import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonKeepingIntegers } from '../../src/util/json-lossless.js';
import { readJsonFile, writeStableJsonFile } from '../../src/util/json-file.js';
import { JsonReadError, JsonSplitter, type JsonSplitOptions } from '../../src/util/json-split.js';
import { stableJsonChunks, stableStringify } from '../../src/util/json.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-json-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text fed in pieces cut at the given places (byte offsets), as a file arrives from disk. */
function splitRead(text: string | Buffer, cuts: number[], opts: JsonSplitOptions): unknown {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const s = new JsonSplitter(opts);
  let from = 0;
  for (const c of [...new Set(cuts.map((x) => Math.min(x, bytes.length)))].sort((a, b) => a - b)) {
    s.write(bytes.subarray(from, c));
    from = c;
  }
  s.write(bytes.subarray(from));
  return s.end();
}

const ARRAYS: JsonSplitOptions = { arrays: [['records'], ['vendors', '*', 'accounts'], ['[]']] };
const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 12 });

describe('JsonSplitter: JSON.parse of a document read in pieces, record lists parsed one record at a time', () => {
  // The reference is JSON.parse keeping integers past 2^53 as digits (src/util/json-lossless.ts), as every reader here does.
  it('gives what JSON.parse gives, however the bytes are cut, whatever the values (record lists or not)', () => {
    const doc = fc.oneof(
      fc.jsonValue(),
      fc.record({ records: fc.array(fc.jsonValue()), meta: fc.jsonValue() }),
      fc.record({ vendors: fc.dictionary(fc.string(), fc.record({ accounts: fc.array(fc.jsonValue()), n: fc.integer() })) }),
      fc.array(fc.jsonValue()),
    );
    fc.assert(
      fc.property(doc, fc.constantFrom(0, 2), cuts, (v, indent, at) => {
        const text = JSON.stringify(v, null, indent);
        expect(splitRead(text, at, ARRAYS)).toEqual(parseJsonKeepingIntegers(text));
      }),
      { numRuns: 400 },
    );
  });

  it('accepts exactly what JSON.parse accepts: a document with one character changed, removed or added', () => {
    const base = fc.record({ records: fc.array(fc.record({ id: fc.string(), n: fc.integer(), tags: fc.array(fc.string()) }), { minLength: 1 }), name: fc.string() });
    fc.assert(
      fc.property(base, fc.nat(), fc.constantFrom('', ',', ']', '}', '[', '{', '"', '\\', ':', 'x', ' ', '1'), fc.boolean(), cuts, (v, pos, ch, replace, at) => {
        const text = JSON.stringify(v, null, 2);
        const p = pos % text.length;
        const mutated = text.slice(0, p) + ch + text.slice(replace ? p + 1 : p);
        let expected: unknown;
        try {
          expected = parseJsonKeepingIntegers(mutated);
        } catch {
          expect(() => splitRead(mutated, at, ARRAYS)).toThrow(JsonReadError);
          return;
        }
        expect(splitRead(mutated, at, ARRAYS)).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps the last of repeated keys, as JSON.parse does, and strips a byte-order mark', () => {
    const text = '\uFEFF{"records": [1, 2], "x": 0, "records": [3, {"a": "]"}]}';
    expect(splitRead(text, [5, 17], ARRAYS)).toEqual({ records: [3, { a: ']' }], x: 0 });
    const seen: unknown[] = [];
    let starts = 0;
    splitRead(text, [], { arrays: [['records']], onArrayStart: () => starts++, onElement: (_p, v) => seen.push(v) });
    expect(starts).toBe(2);
    expect(seen).toEqual([1, 2, 3, { a: ']' }]);
  });

  it('keeps integers past 2^53 as their digits (int64 vendor ids), in a record and outside one', () => {
    const text = '{"id": 9007199254740993, "records": [{"id": 9007199254740993, "n": 12.5}], "small": 42}';
    expect(splitRead(text, [30], ARRAYS)).toEqual({ id: '9007199254740993', records: [{ id: '9007199254740993', n: 12.5 }], small: 42 });
  });

  it('says where the text stops being JSON, as one line', () => {
    const bad: Array<[string, RegExp]> = [
      ['{"records": [1,, 2]}', /a comma where an element should be at byte 15/],
      ['{"records": [1 2]}', /a missing comma between elements at byte 15/],
      ['{"records": [1, 2,]}', /a comma before the closing bracket at byte 18/],
      ['{"records": [{"a": 1}', /ends in the middle of a value/],
      ['{"records": [{"a": tru}]}', /not valid JSON in the record at byte 13/],
      ['{"a": 1]', /an unmatched "\]" at byte 7/],
      ['{"a": 1} x', /not valid JSON in the document outside its record lists/],
    ];
    for (const [text, message] of bad) {
      let err: unknown;
      try {
        splitRead(text, [3], ARRAYS);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(JsonReadError);
      expect((err as JsonReadError).kind).toBe('malformed');
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('no ceiling: the largest string held is one record (or the rest of the document), never the file', () => {
  // V8's real ceiling is 536,870,888 characters; the same code with a 4 KB ceiling shows the shape without 600 MB.
  const records = Array.from({ length: 20_000 }, (_, i) => ({ id: `acc-${i}`, emails: [`person.${i}@example.com`], note: 'é"\\'.repeat(i % 7) }));
  const doc = { schemaVersion: 1, vendors: { dixa: { accounts: records, org: { id: 'o' } } } };

  it('writes the one-string bytes in pieces no longer than the injected limit, and reads them back under a 4 KB limit', async () => {
    const limit = 256;
    let longest = 0;
    let joined = '';
    for (const c of stableJsonChunks(doc, 2, limit)) {
      longest = Math.max(longest, c.length);
      joined += c;
    }
    // A piece closes at the first boundary past the limit: the limit plus at most one short value and its indent.
    expect(longest).toBeLessThan(limit + 128);
    expect(joined).toBe(stableStringify(doc));

    const path = join(dir, 'big.json');
    const written = await writeStableJsonFile(path, doc);
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(1_500_000);
    expect(bytes.toString('utf8')).toBe(stableStringify(doc));
    expect(written).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });

    const small = { arrays: [['vendors', '*', 'accounts']], maxElementBytes: 4096, maxSkeletonBytes: 4096 };
    expect(await readJsonFile(path, small)).toEqual(doc);
    // The same file as one string is 400 times the limit: the old path (read whole, JSON.parse) would have hit it.
    expect(bytes.length).toBeGreaterThan(small.maxElementBytes * 400);
  });

  it('a record or a rest of the document past the limit is "too large", named by its byte offset, not "not valid JSON"', async () => {
    const path = join(dir, 'huge-record.json');
    await writeStableJsonFile(path, { vendors: { dixa: { accounts: [{ id: 'a' }, { id: 'b', name: 'x'.repeat(10_000) }] } } });
    const err = await readJsonFile(path, { arrays: [['vendors', '*', 'accounts']], maxElementBytes: 4096 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JsonReadError);
    expect((err as JsonReadError).kind).toBe('too-large');
    expect((err as Error).message).toMatch(/^a record at byte \d+ is larger than 4096 bytes$/);

    const rest = await readJsonFile(path, { arrays: [], maxSkeletonBytes: 4096 }).catch((e: unknown) => e);
    expect((rest as JsonReadError).kind).toBe('too-large');
    expect((rest as Error).message).toBe('the document outside its record lists is larger than 4096 bytes');
  });
});
