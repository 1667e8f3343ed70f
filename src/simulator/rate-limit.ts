import type { RateLimitOptions } from './types.js';

/**
 * Token bucket per key. Dixa documents "10 requests per second, bursts: 4" per token; Dialpad "20 requests/second
 * per company" (shared/research/dixa.md section 5, dialpad.md section 7).
 */
export class TokenBucketLimiter {
  readonly #opts: RateLimitOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(opts: RateLimitOptions, now: () => number = () => performance.now()) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1)) throw new Error(`invalid rate limit ${JSON.stringify(opts)}`);
    this.#opts = opts;
    this.#now = now;
  }

  /** Takes one token for key; false when the bucket is empty (the request must get 429). */
  take(key: string): boolean {
    const now = this.#now();
    const b = this.#buckets.get(key) ?? { tokens: this.#opts.burst, at: now };
    b.tokens = Math.min(this.#opts.burst, b.tokens + ((now - b.at) / 1000) * this.#opts.perSecond);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
