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
/** Deeper than this, a value goes through the explicit stack (no recursion), so any nesting is safe. */
const SMALL_LEVELS = 48;
/** Largest (estimated) subtree written in one go: a quarter of a piece, so pieces stay about `chunkChars` long. */
const SMALL_CHARS = 1 << 14;

type Frame =
  | { array: readonly unknown[]; next: number }
  | { object: Record<string, unknown>; keys: readonly string[]; prefixes: readonly string[]; next: number };

/**
 * stableStringify in pieces of about 64 K characters (`chunkChars`; one scalar longer than that is one piece), iteratively: a snapshot with a gigabyte of names is written
 * without one string past V8's string limit, and JSON nested deeper than the call stack does not overflow it.
 *
 * Speed (issue 19: review-campaign.json is 135 MB at 30k people): a container of bounded size and depth is written in
 * one go, by JSON.stringify itself when every object in it is plain and already in key order, else by a recursive
 * writer; larger or deeper containers go through the explicit stack. Key orders are worked out once per object shape.
 */
export function* stableJsonChunks(value: unknown, indent = 2, chunkChars = CHUNK_CHARS): Generator<string> {
  const text = new StableJsonText(indent, Math.max(1, Math.min(SMALL_CHARS, chunkChars >> 2)));
  const stack: Frame[] = [];
  let buf = '';
  /** The value's text, or its opening bracket with a frame pushed for its members. */
  const open = (raw: unknown, depth: number): string => {
    const v = jsonValue(raw);
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      // Only an array element gets here (object members are filtered out), and JSON.stringify writes null for it.
      return 'null';
    }
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const small = text.small(v, depth);
    if (small !== null) return small;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      stack.push({ array: v, next: 0 });
      return '[';
    }
    const object = v as Record<string, unknown>;
    const shape = text.shapes.of(object);
    const keys: string[] = [];
    const prefixes: string[] = [];
    for (let i = 0; i < shape.order.length; i++) {
      const k = shape.order[i] as string;
      if (!isMember(jsonValue(object[k]))) continue;
      keys.push(k);
      prefixes.push(shape.prefixes[i] as string);
    }
    if (keys.length === 0) return '{}';
    stack.push({ object, keys, prefixes, next: 0 });
    return '{';
  };
  buf += open(value, 0);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const depth = stack.length;
    let piece: string;
    if ('array' in top) {
      if (top.next < top.array.length) {
        const lead = (top.next > 0 ? ',' : '') + text.newline(depth);
        piece = lead + open(top.array[top.next++], depth);
      } else {
        stack.pop();
        piece = text.newline(depth - 1) + ']';
      }
    } else if (top.next < top.keys.length) {
      const at = top.next++;
      const lead = (at > 0 ? ',' : '') + text.newline(depth) + (top.prefixes[at] as string);
      piece = lead + open(top.object[top.keys[at] as string], depth);
    } else {
      stack.pop();
      piece = text.newline(depth - 1) + '}';
    }
    // A subtree written in one go may be longer than a small piece: the piece before it ends first.
    if (buf.length > 0 && buf.length + piece.length > chunkChars + 128) {
      yield buf;
      buf = '';
    }
    buf += piece;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  yield buf + '\n';
}

interface Shape {
  /** Object.keys as the object gave them. */
  keys: readonly string[];
  /** The output order: sorted, array-index keys first in numeric order. */
  order: readonly string[];
  /** `"key": ` for each key of `order`, escaped once. */
  prefixes: readonly string[];
  /** Object.keys is already in output order (JSON.stringify would write the members in the right order). */
  sorted: boolean;
  /** Characters of the prefixes. */
  keyChars: number;
}

/** The key order of each object shape met, worked out once: most objects of a document share a few shapes. */
class Shapes {
  private readonly byFirstKey = new Map<string, Shape[]>();
  private size = 0;
  private readonly colon: string;

  constructor(colon: string) {
    this.colon = colon;
  }

  of(object: object): Shape {
    const keys = Object.keys(object);
    const first = keys.length === 0 ? '' : (keys[0] as string);
    const known = this.byFirstKey.get(first);
    if (known) {
      for (const s of known) if (sameKeys(s.keys, keys)) return s;
    }
    const shape = this.make(keys);
    // Bounded: a document of ever-new shapes (a dictionary per record) costs a sort per object, as before, not memory.
    if (this.size < 4096 && keys.length <= 256) {
      this.size++;
      if (known) known.push(shape);
      else this.byFirstKey.set(first, [shape]);
    }
    return shape;
  }

  private make(keys: string[]): Shape {
    const order = orderedKeys(keys);
    let sorted = true;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== order[i]) {
        sorted = false;
        break;
      }
    }
    const prefixes = order.map((k) => JSON.stringify(k) + this.colon);
    let keyChars = 0;
    for (const p of prefixes) keyChars += p.length;
    return { keys, order, prefixes, sorted, keyChars };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Writes bounded subtrees in one go (see stableJsonChunks). fits() walks a subtree in output order and notes, for each
 * container in that order, whether everything in it is plain and in key order; write() then hands each such container
 * to JSON.stringify whole and writes the others member by member.
 */
class StableJsonText {
  readonly shapes: Shapes;
  private readonly indent: number;
  private readonly budget: number;
  private readonly newlines: string[] = [];
  /** Per container met by fits(), in output order: 1 when JSON.stringify writes it as we would. */
  private readonly native: number[] = [];
  /** Per container: the index in `native` past its last descendant. */
  private readonly ends: number[] = [];
  private cursor = 0;
  /** Set by fits() for the value it just walked. */
  private wasNative = true;

  constructor(indent: number, budget: number) {
    this.indent = indent;
    this.budget = budget;
    this.shapes = new Shapes(indent > 0 ? ': ' : ':');
  }

  newline(depth: number): string {
    if (this.indent <= 0) return '';
    let nl = this.newlines[depth];
    if (nl === undefined) this.newlines[depth] = nl = '\n' + ' '.repeat(this.indent * depth);
    return nl;
  }

  /** The text of a container at `depth` when it is small and shallow (and holds nothing with a toJSON), else null. */
  small(v: object, depth: number): string | null {
    this.native.length = 0;
    this.ends.length = 0;
    if (this.fits(v, depth, 0, this.budget) < 0) return null;
    this.cursor = 0;
    return this.write(v, depth);
  }

  /** The budget left after the subtree's estimated text, or -1: too large, too deep, or a toJSON to call. */
  private fits(v: unknown, depth: number, level: number, left: number): number {
    this.wasNative = true;
    if (typeof v === 'string') return left - v.length - 2;
    if (v === null || typeof v !== 'object') return left - 8;
    if (level > SMALL_LEVELS || typeof (v as { toJSON?: unknown }).toJSON === 'function') return -1;
    const at = this.native.length;
    this.native.push(0);
    this.ends.push(0);
    const lineChars = this.indent * (depth + 1) + 2;
    // JSON.stringify caps its indent at 10.
    let native = this.indent <= 10;
    if (Array.isArray(v)) {
      left -= 2 + lineChars * v.length;
      for (let i = 0; i < v.length && left >= 0; i++) {
        left = this.fits(v[i], depth + 1, level + 1, left);
        native &&= this.wasNative;
      }
    } else {
      const proto: unknown = Object.getPrototypeOf(v);
      const shape = this.shapes.of(v);
      native &&= shape.sorted && (proto === Object.prototype || proto === null);
      left -= 2 + shape.keyChars + lineChars * shape.order.length;
      const object = v as Record<string, unknown>;
      // In output order, as write() meets the containers.
      for (let i = 0; i < shape.order.length && left >= 0; i++) {
        left = this.fits(object[shape.order[i] as string], depth + 1, level + 1, left);
        native &&= this.wasNative;
      }
    }
    this.native[at] = native ? 1 : 0;
    this.ends[at] = this.native.length;
    this.wasNative = native;
    return left;
  }

  /** The writer for a subtree fits() accepted (no toJSON in it, bounded depth), its containers met in fits()'s order. */
  private write(v: unknown, depth: number): string {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'null';
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const at = this.cursor++;
    if (this.native[at] === 1) {
      this.cursor = this.ends[at] as number;
      // JSON.stringify writes from column 0: its lines are moved to `depth`.
      const s = JSON.stringify(v, null, this.indent);
      return depth === 0 || this.indent <= 0 ? s : s.replaceAll('\n', this.newline(depth));
    }
    const inner = this.newline(depth + 1);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      let s = '[';
      for (let i = 0; i < v.length; i++) s += (i > 0 ? ',' : '') + inner + this.write(v[i], depth + 1);
      return s + this.newline(depth) + ']';
    }
    const object = v as Record<string, unknown>;
    const shape = this.shapes.of(object);
    let s = '';
    for (let i = 0; i < shape.order.length; i++) {
      const member = object[shape.order[i] as string];
      if (!isMember(member)) continue;
      s += (s === '' ? '{' : ',') + inner + (shape.prefixes[i] as string) + this.write(member, depth + 1);
    }
    return s === '' ? '{}' : s + this.newline(depth) + '}';
  }
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
function orderedKeys(keys: readonly string[]): string[] {
  const sorted = [...keys].sort();
  const isIndex = (k: string): boolean => ARRAY_INDEX.test(k) && Number(k) < 4294967295;
  const indexes = sorted.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return indexes.length === 0 ? sorted : [...indexes, ...sorted.filter((k) => !isIndex(k))];
}
