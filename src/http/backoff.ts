/** Exponential backoff bounds for one request's retries. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform draw in [0, min(cap, base * 2^n)].
 * Spreads the retries of concurrent requests, where plain exponential backoff would send them again together.
 * `retry` counts from 0 for the first retry.
 */
export function fullJitterDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After in milliseconds (delta-seconds or an HTTP-date, RFC 9110 section 10.2.3); null when absent or unreadable.
 * Neither vendor documents the header, so it is honoured only when a server happens to send it.
 */
export function retryAfterMs(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
