/**
 * One copy of each repeated text: JSON.parse and csv-parse make a new string for every value, so a status, a team
 * name or a department written on 100k records is 100k strings. Fed only fields with few distinct values; past
 * `maxDistinct` values a text is kept as given, so hostile input cannot grow the pool beyond that bound.
 */
export class StringPool {
  private readonly seen = new Map<string, string>();
  private readonly maxDistinct: number;

  constructor(maxDistinct = 65_536) {
    this.maxDistinct = maxDistinct;
  }

  /** The pooled copy of `text` (equal to it, so its type is kept). */
  share<T extends string>(text: T): T {
    const known = this.seen.get(text);
    if (known !== undefined) return known as T;
    if (this.seen.size < this.maxDistinct) this.seen.set(text, text);
    return text;
  }

  shareOrNull<T extends string>(text: T | null): T | null {
    return text === null ? null : this.share(text);
  }

  get size(): number {
    return this.seen.size;
  }
}
