/**
 * Deterministic JSON: object keys sorted, so the same data gives the same bytes (and hash) every run. The text is
 * exactly what JSON.stringify gives for the key-sorted value (array-index keys first, as JS objects order them).
 */
export function stableStringify(value: unknown, indent = 2): string {
  let out = '';
  for (const chunk of stableJsonChunks(value, indent)) out += chunk;
  return out;
}

const CHUNK_CHARS = 1 << 16;

type Frame = { array: readonly unknown[]; next: number } | { object: Record<string, unknown>; keys: string[]; next: number };

/**
 * stableStringify in pieces of about 64 K characters (`chunkChars`; one scalar longer than that is one piece), iteratively: a snapshot with a gigabyte of names is written
 * without one string past V8's string limit, and JSON nested deeper than the call stack does not overflow it.
 */
export function* stableJsonChunks(value: unknown, indent = 2, chunkChars = CHUNK_CHARS): Generator<string> {
  const stack: Frame[] = [];
  const colon = indent > 0 ? ': ' : ':';
  const newline = (depth: number): string => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  let buf = '';
  const open = (raw: unknown): void => {
    const v = jsonValue(raw);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      // Only an array element gets here (object members are filtered out), and JSON.stringify writes null for it.
      buf += 'null';
    } else if (v === null || typeof v !== 'object') {
      buf += JSON.stringify(v);
    } else if (Array.isArray(v)) {
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

function jsonValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON: () => unknown }).toJSON();
  return v;
}

function isMember(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** Sorted keys, array-index keys first in numeric order: the order a key-sorted object had under JSON.stringify. */
function orderedKeys(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object).sort();
  const isIndex = (k: string): boolean => ARRAY_INDEX.test(k) && Number(k) < 4294967295;
  const indexes = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return indexes.length === 0 ? keys : [...indexes, ...keys.filter((k) => !isIndex(k))];
}
