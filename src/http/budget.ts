import { systemClock, type Clock } from './clock.js';

/** What one vendor may cost a run (config `http.perVendor`). */
export interface BudgetLimits {
  maxRequests: number;
  maxBytes: number;
  maxMs: number;
}

/**
 * A vendor's run-wide budget. Once any limit is reached the reason sticks: every later request of that vendor fails
 * at once with it, so the vendor ends incomplete with one clear line instead of grinding on (or running forever).
 */
export class VendorBudget {
  private readonly limits: BudgetLimits;
  private readonly clock: Clock;
  private readonly deadline: number;
  private spentReason: string | null = null;
  requests = 0;
  bytes = 0;

  constructor(limits: BudgetLimits, clock: Clock = systemClock) {
    this.limits = limits;
    this.clock = clock;
    this.deadline = clock.now() + limits.maxMs;
  }

  /** Why the budget is spent, or null while it is not. */
  get spent(): string | null {
    if (this.spentReason === null && this.clock.now() >= this.deadline) this.spentReason = this.timeReason();
    return this.spentReason;
  }

  /** Counts one request about to be sent; returns the reason when it may not be. */
  takeRequest(): string | null {
    const spent = this.spent;
    if (spent !== null) return spent;
    if (this.requests >= this.limits.maxRequests) {
      this.spentReason = `run budget reached: ${this.limits.maxRequests} requests (http.perVendor.maxRequests); stopped, the collection is incomplete`;
      return this.spentReason;
    }
    this.requests += 1;
    return null;
  }

  /** Counts response bytes as they arrive; returns the reason once past the byte budget. */
  addBytes(n: number): string | null {
    this.bytes += n;
    if (this.spentReason === null && this.bytes > this.limits.maxBytes) {
      this.spentReason = `run budget reached: more than ${this.limits.maxBytes} response bytes (http.perVendor.maxBytes); stopped, the collection is incomplete`;
    }
    return this.spentReason;
  }

  /** Milliseconds left before the wall-time budget runs out (0 when it has). */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  /** A wait that would outlast the wall-time budget spends it now, rather than sleeping only to give up afterwards. */
  refuseWait(ms: number, why: string): string | null {
    const spent = this.spent;
    if (spent !== null) return spent;
    if (ms < this.remainingMs()) return null;
    this.spentReason = `${this.timeReason()} (${why} would have waited ${Math.ceil(ms / 1000)} s more)`;
    return this.spentReason;
  }

  private timeReason(): string {
    return `run budget reached: ${Math.round(this.limits.maxMs / 1000)} s of wall time (http.perVendor.maxSeconds); stopped, the collection is incomplete`;
  }
}

/** No limits: for callers (tests of the HTTP client) that do not exercise the budget. */
export function unlimitedBudget(clock: Clock = systemClock): VendorBudget {
  return new VendorBudget({ maxRequests: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY, maxMs: Number.POSITIVE_INFINITY }, clock);
}
