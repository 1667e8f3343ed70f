import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableJsonChunks } from '../../src/util/json.js';

/**
 * The writer as it was before the fast paths (1995ecf): one frame per container, keys sorted per object. The bytes are
 * hashed and signed downstream, so the faster writer must give exactly these, for any value, indent and piece size.
 */
function* reference(value: unknown, indent: number, chunkChars: number): Generator<string> {
  type Frame = { array: readonly unknown[]; next: number } | { object: Record<string, unknown>; keys: string[]; next: number };
  const jsonValue = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON: () => unknown }).toJSON() : v;
  const isMember = (v: unknown): boolean => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  const isIndex = (k: string): boolean => /^(0|[1-9]\d*)$/.test(k) && Number(k) < 4294967295;
  const orderedKeys = (o: Record<string, unknown>): string[] => {
    const keys = Object.keys(o).sort();
    const indexes = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
    return indexes.length === 0 ? keys : [...indexes, ...keys.filter((k) => !isIndex(k))];
  };
  const stack: Frame[] = [];
  const colon = indent > 0 ? ': ' : ':';
  const newline = (depth: number): string => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  let buf = '';
  const open = (raw: unknown): void => {
    const v = jsonValue(raw);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') buf += 'null';
    else if (v === null || typeof v !== 'object') buf += JSON.stringify(v);
    else if (Array.isArray(v)) {
      if (v.length === 0) buf += '[]';
      else {
        buf += '[';
        stack.push({ array: v, next: 0 });
      }
    } else {
      const object = v as Record<string, unknown>;
      const keys = orderedKeys(object).filter((k) => isMember(jsonValue(object[k])));
      if (keys.length === 0) buf += '{}';
      else {
        buf += '{';
        stack.push({ object, keys, next: 0 });
      }
    }
  };
  open(value);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const depth = stack.length;
    if ('array' in top) {
      if (top.next < top.array.length) {
        buf += (top.next > 0 ? ',' : '') + newline(depth);
        open(top.array[top.next++]);
      } else {
        stack.pop();
        buf += newline(depth - 1) + ']';
      }
    } else if (top.next < top.keys.length) {
      const key = top.keys[top.next++] as string;
      buf += (top.next > 1 ? ',' : '') + newline(depth) + JSON.stringify(key) + colon;
      open(top.object[key]);
    } else {
      stack.pop();
      buf += newline(depth - 1) + '}';
    }
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  yield buf + '\n';
}

class Account {
  b = 1;
  a = [new Date(0)];
}

describe('stableJsonChunks: the same bytes as the writer before the fast paths', () => {
  it('for any value: unsorted and sorted keys, index keys, undefined members, toJSON, class instances, boxed values', () => {
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.date({ noInvalidDate: true }),
      fc.constant(new String('ab')),
      fc.constant(new Account()),
      fc.constant(Object.create(null) as object),
      fc.double(),
      fc.constant({ toJSON: () => ({ z: 1, a: { toJSON: () => 'x' } }) }),
    );
    const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '4294967294', '4294967295', '01', 'a', 'b', 'é', '\u2028'));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 6 }), fc.dictionary(key, tie('tree'), { maxKeys: 6 })),
    }));
    fc.assert(
      fc.property(tree, fc.constantFrom(0, 2, 11), fc.constantFrom(16, 256, 65536), (v, indent, chunk) => {
        expect([...stableJsonChunks(v, indent, chunk)].join('')).toBe([...reference(v, indent, chunk)].join(''));
      }),
      { numRuns: 3000 },
    );
  });

  it('for records built with keys in order (written by JSON.stringify whole) beside records that are not', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      i % 2 ? { a: i, b: [String(i)], c: { d: null, e: 'x"\n\u0001' } } : { z: i, b: { y: [1, { q: 2, a: 3 }] }, a: 'é', u: undefined },
    );
    for (const indent of [0, 2]) {
      for (const chunk of [64, 1000, 65536]) {
        const pieces = [...stableJsonChunks({ rows }, indent, chunk)];
        expect(pieces.join('')).toBe([...reference({ rows }, indent, chunk)].join(''));
        for (const p of pieces) expect(p.length).toBeLessThan(chunk + 1024);
      }
    }
  });
});
