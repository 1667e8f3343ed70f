import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../src/simulator/rate-limit.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { call } from './http.js';
import { DIALPAD_NON_ADMIN_TOKEN, DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState } from './sample-state.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills at the sustained rate (fake clock)', () => {
    let now = 0;
    const l = new TokenBucketLimiter({ perSecond: 10, burst: 4 }, () => now);
    expect([1, 2, 3, 4, 5].map(() => l.take('k'))).toEqual([true, true, true, true, false]);
    expect(l.take('other')).toBe(true);
    now += 100;
    expect([l.take('k'), l.take('k')]).toEqual([true, false]);
    now += 10_000;
    expect([1, 2, 3, 4, 5].map(() => l.take('k'))).toEqual([true, true, true, true, false]);
  });

  it('rejects a nonsensical configuration', () => {
    expect(() => new TokenBucketLimiter({ perSecond: 0, burst: 4 })).toThrow();
  });
});

describe('rate limits over real HTTP', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('Dixa (documented 10/s, burst 4, per token): a burst beyond it gets 429s without Retry-After; another token is unaffected', async () => {
    sim = await startDixaSimulator(sampleDixaState(2), { tokens: [DIXA_TOKEN, 'second-token'] });
    const replies = await Promise.all(Array.from({ length: 100 }, () => call(sim?.url ?? '', '/v1/teams', { headers: { authorization: DIXA_TOKEN } })));
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(4);
    for (const r of throttled) {
      expect(r.headers['retry-after']).toBeUndefined();
      expect(r.json).toEqual({ message: 'Too Many Requests' });
    }
    expect(sim.stats.throttled).toBe(throttled.length);
    expect((await call(sim.url, '/v1/teams', { headers: { authorization: 'second-token' } })).status).toBe(200);
  });

  it('Dixa: requests paced under the limit never see a 429', async () => {
    sim = await startDixaSimulator(sampleDixaState(2), { tokens: [DIXA_TOKEN] });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await call(sim.url, '/v1/teams', { headers: { authorization: DIXA_TOKEN } })).status);
      await sleep(150);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(sim.stats.throttled).toBe(0);
  });

  it('Dialpad (documented 20/s per company): two keys share one bucket', async () => {
    sim = await startDialpadSimulator(sampleDialpadState(3), { tokens: [DIALPAD_TOKEN], nonAdminTokens: [DIALPAD_NON_ADMIN_TOKEN] });
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        call(sim?.url ?? '', '/api/v2/offices', { headers: { authorization: `Bearer ${i % 2 ? DIALPAD_TOKEN : DIALPAD_NON_ADMIN_TOKEN}` } }),
      ),
    );
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const r of throttled) {
      expect(r.headers['retry-after']).toBeUndefined();
      expect(r.json).toMatchObject({ error: { code: 429 } });
    }
  });

  it('a configured limit applies, and rateLimit: false disables limiting', async () => {
    sim = await startDialpadSimulator(sampleDialpadState(3), { tokens: [DIALPAD_TOKEN], rateLimit: { perSecond: 1, burst: 2 } });
    const limited = await Promise.all(Array.from({ length: 5 }, () => call(sim?.url ?? '', '/api/v2/offices', { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } })));
    expect(limited.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(2);
    await sim.close();
    sim = await startDialpadSimulator(sampleDialpadState(3), { tokens: [DIALPAD_TOKEN], rateLimit: false });
    const free = await Promise.all(Array.from({ length: 60 }, () => call(sim?.url ?? '', '/api/v2/offices', { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } })));
    expect(free.every((r) => r.status === 200)).toBe(true);
  });
});
