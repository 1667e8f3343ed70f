import { fullJitterDelay } from './backoff.js';
import { systemClock, type Clock } from './clock.js';

export interface RateLimiterOptions {
  /** Documented sustained rate (Dixa 10/s per token, Dialpad 20/s per company). */
  perSecond: number;
  /** Token bucket size: requests that may leave at once after idle time. */
  burst: number;
  clock?: Clock;
  /** Pause after the first 429; doubled (with full jitter) for each further 429 in a row. */
  pauseMs?: number;
  pauseCapMs?: number;
  /** Floor for the multiplicative decrease. */
  minPerSecond?: number;
  random?: () => number;
}

export type RequestPriority = 'high' | 'normal';

export interface RateLimiterState {
  perSecond: number;
  configuredPerSecond: number;
  pausedUntil: number;
  throttledInARow: number;
}

/**
 * A token bucket per vendor (per token for Dixa, per company for Dialpad) with AIMD on 429: neither vendor sends
 * Retry-After or rate headers (research/dixa.md section 5, dialpad.md section 7), so a 429 pauses the whole queue,
 * halves the rate, and each success adds back a twentieth of the configured rate.
 * Waiters are served first come, first served; the clock is injectable.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly configured: number;
  private readonly burst: number;
  private readonly minRate: number;
  private readonly pauseMs: number;
  private readonly pauseCapMs: number;
  private readonly random: () => number;
  private rate: number;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private throttledInARow = 0;
  private readonly high: Array<() => void> = [];
  private readonly normal: Array<() => void> = [];
  private pumping = false;

  constructor(opts: RateLimiterOptions) {
    this.clock = opts.clock ?? systemClock;
    this.configured = opts.perSecond;
    this.rate = opts.perSecond;
    this.burst = Math.max(1, opts.burst);
    this.minRate = opts.minPerSecond ?? Math.min(opts.perSecond, 0.5);
    this.pauseMs = opts.pauseMs ?? 1000;
    this.pauseCapMs = opts.pauseCapMs ?? 30_000;
    this.random = opts.random ?? Math.random;
    this.tokens = this.burst;
    this.refilledAt = this.clock.now();
  }

  /**
   * Resolves when the caller may send one request. `high` goes before every waiting `normal` request: the pages
   * of a listing form a chain (each needs the one before), and fan-out calls must not starve it, or a snapshot
   * would be bound by round trips instead of by the rate.
   */
  acquire(priority: RequestPriority = 'normal'): Promise<void> {
    return new Promise<void>((resolve) => {
      (priority === 'high' ? this.high : this.normal).push(resolve);
      void this.pump();
    });
  }

  /** A 429 came back: pause everyone, slow down. Several 429s of one burst count once. */
  onThrottled(retryAfterMs: number | null = null): void {
    const now = this.clock.now();
    if (now < this.pausedUntil && retryAfterMs === null) return;
    this.throttledInARow += 1;
    this.rate = Math.max(this.minRate, this.rate / 2);
    const pause = retryAfterMs ?? this.pauseMs + fullJitterDelay(this.throttledInARow - 1, { baseMs: this.pauseMs, capMs: this.pauseCapMs }, this.random);
    this.pausedUntil = Math.max(this.pausedUntil, now + pause);
    // The bucket starts empty when the pause ends: no burst straight after a 429.
    this.tokens = 0;
    this.refilledAt = this.pausedUntil;
  }

  /** A server-requested pause (Retry-After on a 5xx) without a rate decrease. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  onSuccess(): void {
    this.throttledInARow = 0;
    if (this.rate < this.configured) this.rate = Math.min(this.configured, this.rate + this.configured / 20);
  }

  state(): RateLimiterState {
    return { perSecond: this.rate, configuredPerSecond: this.configured, pausedUntil: this.pausedUntil, throttledInARow: this.throttledInARow };
  }

  private refill(now: number): void {
    if (now > this.refilledAt) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.rate) / 1000);
      this.refilledAt = now;
    }
  }

  /** One loop hands out tokens while anyone waits; first come, first served within a priority. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.high.length + this.normal.length > 0) {
        await this.take();
        (this.high.shift() ?? this.normal.shift())?.();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    }
  }
}
