import { parseJsonKeepingIntegers } from './json-lossless.js';

/** Why a JSON file could not be read: not JSON, or a part of it too large to hold as one string. */
export class JsonReadError extends Error {
  readonly kind: 'malformed' | 'too-large';
  constructor(kind: 'malformed' | 'too-large', message: string) {
    super(message);
    this.name = 'JsonReadError';
    this.kind = kind;
  }
}

export interface JsonSplitOptions {
  /**
   * Arrays whose elements are parsed one at a time, each as a path of object keys from the root (`*` for any key;
   * `[]` the root array itself), e.g. `['vendors', '*', 'accounts']`.
   */
  arrays: readonly (readonly string[])[];
  /**
   * Takes each element of those arrays as it is parsed; the document then keeps the arrays empty. Without it the
   * elements are put back, and the document is what JSON.parse would give (integers past 2^53 kept as digits).
   */
  onElement?: (path: readonly string[], value: unknown) => void;
  /** One of those arrays begins (again, when a key repeats: JSON.parse keeps the last, so should the receiver). */
  onArrayStart?: (path: readonly string[]) => void;
  /** The largest element, and the largest rest of the document, held as one string (V8 stops at about 512 MB). */
  maxElementBytes?: number;
  maxSkeletonBytes?: number;
}

interface Frame {
  array: boolean;
  /** Objects: the key whose value is being read. */
  key: string | null;
  expectKey: boolean;
  /** An array whose elements are cut out of the skeleton and parsed one by one. */
  split: boolean;
  path: string[] | null;
}

const DEFAULT_MAX = 256 * 1024 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function concat(parts: Buffer[], last: Buffer): Buffer {
  return parts.length === 0 ? last : Buffer.concat([...parts, last]);
}

/**
 * A JSON document read in chunks, so its size is bounded by the disk rather than by V8's longest string: the elements
 * of the named arrays (a snapshot's accounts, a findings document's findings) are cut out as they stream past and
 * parsed one by one with JSON.parse; what is left (the skeleton: the document with those arrays empty) is parsed once
 * at the end. JSON.parse does the parsing, so what is accepted, and the values, are JSON.parse's; this class only
 * finds where elements begin and end (outside strings, by bracket depth) and checks the commas between them.
 */
export class JsonSplitter {
  private readonly opts: JsonSplitOptions;
  private readonly maxElement: number;
  private readonly maxSkeleton: number;
  private readonly stack: Frame[] = [];
  private inString = false;
  private escaped = false;
  /** Bytes read before the current chunk. */
  private offset = 0;
  private skeleton: Buffer[] = [];
  private skeletonBytes = 0;
  /** The bytes of a key being read that came in earlier chunks (null: not reading a key). */
  private keyParts: Buffer[] | null = null;
  /** Between the elements of a split array: what may come next. */
  private sep: 'first' | 'afterElement' | 'afterComma' = 'first';
  private elem: { parts: Buffer[]; bytes: number; depth: number; kind: 'container' | 'string' | 'bare'; at: number } | null = null;
  private readonly lists = new Map<string, { path: string[]; items: unknown[] }>();
  private started = false;

  constructor(opts: JsonSplitOptions) {
    this.opts = opts;
    this.maxElement = opts.maxElementBytes ?? DEFAULT_MAX;
    this.maxSkeleton = opts.maxSkeletonBytes ?? DEFAULT_MAX;
  }

  write(chunk: Buffer): void {
    let buf = chunk;
    if (!this.started) {
      this.started = true;
      // A byte-order mark is not JSON; exports saved by editors carry one.
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        this.offset += 3;
      }
    }
    const n = buf.length;
    let i = 0;
    let keyFrom = this.keyParts ? 0 : -1;
    let skelFrom = this.inSkeleton() ? 0 : -1;
    while (i < n) {
      if (this.elem) {
        i = this.scanElement(buf, i);
        continue;
      }
      const top = this.stack[this.stack.length - 1];
      const b = buf[i] as number;
      if (top?.split) {
        if (isSpace(b)) i++;
        else if (b === 0x2c) {
          if (this.sep !== 'afterElement') throw this.malformed(i, 'a comma where an element should be');
          this.sep = 'afterComma';
          i++;
        } else if (b === 0x5d) {
          if (this.sep === 'afterComma') throw this.malformed(i, 'a comma before the closing bracket');
          this.stack.pop();
          this.valueDone();
          skelFrom = i;
          i++;
        } else {
          if (this.sep === 'afterElement') throw this.malformed(i, 'a missing comma between elements');
          this.elem = { parts: [], bytes: 0, depth: 0, kind: b === 0x7b || b === 0x5b ? 'container' : b === QUOTE ? 'string' : 'bare', at: this.offset + i };
          i = this.scanElement(buf, i);
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.keyParts) {
            const raw = concat(this.keyParts, buf.subarray(Math.max(keyFrom, 0), i));
            this.keyParts = null;
            keyFrom = -1;
            if (top && !top.array) {
              top.key = this.parseKey(raw, i);
              top.expectKey = false;
            }
          }
        }
        i++;
        continue;
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (top && !top.array && top.expectKey) {
            this.keyParts = [];
            keyFrom = i + 1;
          }
          break;
        case 0x7b:
          this.stack.push({ array: false, key: null, expectKey: true, split: false, path: null });
          break;
        case 0x5b: {
          const path = this.splitPath();
          this.stack.push({ array: true, key: null, expectKey: false, split: path !== null, path });
          if (path) {
            this.flushSkeleton(buf.subarray(skelFrom, i + 1));
            skelFrom = -1;
            this.sep = 'first';
            this.startList(path);
          }
          break;
        }
        case 0x7d:
        case 0x5d: {
          const popped = this.stack.pop();
          if (!popped || popped.array !== (b === 0x5d)) throw this.malformed(i, `an unmatched "${String.fromCharCode(b)}"`);
          this.valueDone();
          break;
        }
        case 0x2c:
          if (top && !top.array) top.expectKey = true;
          break;
        default:
          break;
      }
      i++;
    }
    if (keyFrom >= 0 && this.keyParts) this.keyParts.push(Buffer.from(buf.subarray(keyFrom)));
    if (skelFrom >= 0) this.flushSkeleton(buf.subarray(skelFrom));
    this.offset += n;
  }

  /** The document: the skeleton parsed, with the collected elements back in place (none when onElement took them). */
  end(): unknown {
    if (this.elem || this.inString || this.stack.length > 0) throw new JsonReadError('malformed', `not valid JSON (it ends in the middle of a value, at byte ${this.offset})`);
    const text = Buffer.concat(this.skeleton, this.skeletonBytes);
    this.skeleton = [];
    let doc: unknown;
    try {
      doc = parseJsonKeepingIntegers(text.toString('utf8'));
    } catch (err) {
      throw this.parseFailure(err, 'the document outside its record lists');
    }
    for (const { path, items } of this.lists.values()) {
      let at: unknown = doc;
      for (const key of path) at = at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined;
      if (path.length === 0) {
        if (Array.isArray(doc)) doc = items;
      } else if (Array.isArray(at) && at.length === 0) {
        const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], doc) as Record<string, unknown>;
        parent[path[path.length - 1] as string] = items;
      }
    }
    return doc;
  }

  private inSkeleton(): boolean {
    return !this.elem && !this.stack[this.stack.length - 1]?.split;
  }

  /** A value of the enclosing object ended: the next string there is a key again only after a comma. */
  private valueDone(): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.split) this.sep = 'afterElement';
  }

  /** The path of the array opening now, if it is one of the split arrays (every enclosing container an object). */
  private splitPath(): string[] | null {
    const path: string[] = [];
    for (const f of this.stack) {
      if (f.array || f.key === null) return null;
      path.push(f.key);
    }
    const match = this.opts.arrays.some((p) => (p.length === 1 && p[0] === '[]' && path.length === 0) || (p.length === path.length && p.every((seg, k) => seg === '*' || seg === path[k])));
    return match ? path : null;
  }

  private startList(path: string[]): void {
    this.opts.onArrayStart?.(path);
    if (!this.opts.onElement) this.lists.set(JSON.stringify(path), { path, items: [] });
  }

  /** Scans an element from i; at its end parses and delivers it. Returns where scanning goes on. */
  private scanElement(buf: Buffer, from: number): number {
    const e = this.elem as NonNullable<JsonSplitter['elem']>;
    const n = buf.length;
    const start = from;
    let i = from;
    let end = -1;
    if (e.kind === 'bare') {
      while (i < n) {
        const b = buf[i] as number;
        if (b === 0x2c || b === 0x5d || isSpace(b)) {
          end = i;
          break;
        }
        i++;
      }
    } else {
      // A string element starts with its quote; a container with its bracket (depth counts it).
      while (i < n) {
        if (this.inString) {
          i = this.skipStringBody(buf, i);
          if (this.inString) continue;
          if (e.kind === 'string' && e.depth === 0) {
            end = i;
            break;
          }
          continue;
        }
        const b = buf[i] as number;
        if (b === QUOTE) this.inString = true;
        else if (b === 0x7b || b === 0x5b) e.depth++;
        else if (b === 0x7d || b === 0x5d) {
          e.depth--;
          if (e.depth === 0) {
            end = i + 1;
            break;
          }
        }
        i++;
      }
    }
    const piece = buf.subarray(start, end < 0 ? n : end);
    e.bytes += piece.length;
    if (e.bytes > this.maxElement) throw new JsonReadError('too-large', `a record at byte ${e.at} is larger than ${this.maxElement} bytes`);
    if (end < 0) {
      e.parts.push(Buffer.from(piece));
      return n;
    }
    const text = concat(e.parts, piece);
    this.elem = null;
    let value: unknown;
    try {
      value = parseJsonKeepingIntegers(text.toString('utf8'));
    } catch (err) {
      throw this.parseFailure(err, `the record at byte ${e.at}`);
    }
    const top = this.stack[this.stack.length - 1] as Frame;
    const path = top.path as string[];
    if (this.opts.onElement) this.opts.onElement(path, value);
    else this.lists.get(JSON.stringify(path))?.items.push(value);
    this.sep = 'afterElement';
    return end;
  }

  /**
   * Inside a string: jumps to the byte after its closing quote (inString cleared), or to the chunk's end. A quote is
   * escaped when an odd run of backslashes stands before it; a run at the chunk's end carries into the next chunk.
   */
  private skipStringBody(buf: Buffer, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    const n = buf.length;
    for (;;) {
      const q = i < n ? buf.indexOf(QUOTE, i) : -1;
      const stop = q < 0 ? n : q;
      let k = 0;
      while (stop - k - 1 >= i && buf[stop - k - 1] === BACKSLASH) k++;
      if (q < 0) {
        this.escaped = k % 2 === 1;
        return n;
      }
      if (k % 2 === 0) {
        this.inString = false;
        return q + 1;
      }
      i = q + 1;
    }
  }

  private parseKey(raw: Buffer, i: number): string {
    try {
      return JSON.parse(`"${raw.toString('utf8')}"`) as string;
    } catch {
      throw this.malformed(i, 'a key that is not a JSON string');
    }
  }

  private flushSkeleton(part: Buffer): void {
    if (part.length === 0) return;
    this.skeletonBytes += part.length;
    if (this.skeletonBytes > this.maxSkeleton) throw new JsonReadError('too-large', `the document outside its record lists is larger than ${this.maxSkeleton} bytes`);
    this.skeleton.push(Buffer.from(part));
  }

  private malformed(i: number, what: string): JsonReadError {
    return new JsonReadError('malformed', `not valid JSON (${what} at byte ${this.offset + i})`);
  }

  private parseFailure(err: unknown, where: string): JsonReadError {
    if (err instanceof RangeError) return new JsonReadError('too-large', `${where} is too large to hold in memory (${err.message})`);
    return new JsonReadError('malformed', `not valid JSON in ${where} (${(err as Error).message})`);
  }
}
