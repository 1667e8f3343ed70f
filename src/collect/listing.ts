import type { ListingStats } from '../model/snapshot.js';

/** Counters and outcome of one listing while it is read; becomes ListingStats in the manifest. */
export class ListingTracker {
  readonly name: string;
  readonly endpoint: string;
  requests = 0;
  pages = 0;
  items = 0;
  retries = 0;
  throttled = 0;
  /** Records that could not be used (no id of their own): reported in invalidRecords, the listing stays complete. */
  unusable = 0;
  readonly errors: string[] = [];
  readonly files: string[] = [];
  private caveatText: string | null = null;

  constructor(name: string, endpoint: string) {
    this.name = name;
    this.endpoint = endpoint;
  }

  get complete(): boolean {
    return this.errors.length === 0;
  }

  fail(message: string): void {
    this.errors.push(message);
  }

  /** A note on a complete listing (numbers refused for a non-admin key; member ids resolving to nothing). */
  caveat(text: string): void {
    this.caveatText = this.caveatText ? `${this.caveatText}; ${text}` : text;
  }

  /** Why the listing is incomplete: its first error, with a count of the others. */
  reason(): string | null {
    const first = this.errors[0];
    if (first === undefined) {
      const unusable = this.unusable > 0 ? `${this.unusable} ${this.unusable === 1 ? 'record' : 'records'} unusable (no id of its own or a type the document does not allow; see invalidRecords)` : null;
      return [unusable, this.caveatText].filter((t) => t !== null).join('; ') || null;
    }
    return this.errors.length > 1 ? `${first} (and ${this.errors.length - 1} more errors)` : first;
  }

  toStats(): ListingStats {
    return {
      name: this.name,
      endpoint: this.endpoint,
      requests: this.requests,
      pages: this.pages,
      items: this.items,
      retries: this.retries,
      throttled: this.throttled,
      errors: [...this.errors],
      complete: this.complete,
      reason: this.reason(),
      files: [...this.files].sort(),
    };
  }
}
