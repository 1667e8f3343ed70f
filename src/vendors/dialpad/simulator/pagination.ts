/**
 * Dialpad list endpoints answer `{items, cursor}` and the cursor is "a special string" to pass back (spec info).
 * Ours is opaque base64url JSON holding the offset and the filters of the first request, so a client may send the
 * cursor alone or with the original parameters.
 */
export interface DialpadCursor {
  offset: number;
  filters: Record<string, string>;
}

export function encodeCursor(c: DialpadCursor): string {
  return Buffer.from(JSON.stringify({ o: c.offset, f: c.filters }), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): DialpadCursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof v.o !== 'number' || !Number.isInteger(v.o) || v.o < 0 || typeof v.f !== 'object' || v.f === null) return undefined;
    const filters: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.f)) if (typeof x === 'string') filters[k] = x;
    return { offset: v.o, filters };
  } catch {
    return undefined;
  }
}
