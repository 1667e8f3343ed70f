import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryAfterMs } from '../../src/http/backoff.js';
import { virtualClock } from '../../src/http/clock.js';
import { RateLimiter } from '../../src/http/ratelimit.js';

async function acquireTimes(limiter: RateLimiter, clock: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await limiter.acquire();
    times.push(Math.round(clock.now()));
  }
  return times;
}

describe('RateLimiter (token bucket, virtual clock)', () => {
  it('lets the burst go at once, then one request per 1/rate', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 4, clock });
    expect(await acquireTimes(limiter, clock, 7)).toEqual([0, 0, 0, 0, 100, 200, 300]);
  });

  it('never lets more than burst + rate*t through in any window', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 20, burst: 5, clock });
    const times = await acquireTimes(limiter, clock, 200);
    for (let i = 0; i < times.length; i++) {
      for (let j = i; j < times.length; j++) {
        const window = (times[j] as number) - (times[i] as number);
        expect(j - i + 1).toBeLessThanOrEqual(5 + Math.floor((window * 20) / 1000) + 1);
      }
    }
    // 200 requests at 20/s after a burst of 5: 195 / 20 s.
    expect(times.at(-1)).toBe(9750);
  });

  it('serves concurrent waiters first come, first served', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 1, clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('serves high-priority waiters (page chains) before normal ones (fan-out)', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 1, clock });
    await limiter.acquire('normal');
    const order: string[] = [];
    await Promise.all([
      limiter.acquire('normal').then(() => order.push('n1')),
      limiter.acquire('normal').then(() => order.push('n2')),
      limiter.acquire('high').then(() => order.push('h1')),
      limiter.acquire('normal').then(() => order.push('n3')),
    ]);
    // The bucket is empty; the high one, queued third, gets the next token.
    expect(order).toEqual(['h1', 'n1', 'n2', 'n3']);
    expect(clock.now()).toBe(400);
  });

  it('on 429 pauses, halves the rate, starts with an empty bucket, then recovers additively', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 4, clock, pauseMs: 1000, random: () => 0 });
    await acquireTimes(limiter, clock, 4);
    limiter.onThrottled();
    expect(limiter.state().perSecond).toBe(5);
    // Several 429s of the same burst count once.
    limiter.onThrottled();
    expect(limiter.state().perSecond).toBe(5);
    const after = await acquireTimes(limiter, clock, 2);
    // Pause of 1000 ms, then an empty bucket at 5/s: first token 200 ms after the pause.
    expect(after).toEqual([1200, 1400]);
    for (let i = 0; i < 10; i++) limiter.onSuccess();
    expect(limiter.state().perSecond).toBe(10);
    limiter.onSuccess();
    expect(limiter.state().perSecond).toBe(10);
  });

  it('honours a Retry-After pause instead of its own', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ perSecond: 10, burst: 1, clock, pauseMs: 1000, random: () => 0 });
    await limiter.acquire();
    limiter.onThrottled(3000);
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
  });
});

describe('backoff', () => {
  it('full jitter draws in [0, min(cap, base*2^n)]', () => {
    const policy = { baseMs: 100, capMs: 1000 };
    expect(fullJitterDelay(0, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(400);
    expect(fullJitterDelay(10, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(2, policy, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
  });
});
