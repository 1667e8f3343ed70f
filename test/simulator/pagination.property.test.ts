import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { call } from './http.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState } from './sample-state.js';

/** For any page size, following the vendor's own next link / cursor yields every record exactly once, in order. */
describe('pagination property over real HTTP', () => {
  const sims: RunningSimulator[] = [];
  let dixa: RunningSimulator;
  let dixaEmpty: RunningSimulator;
  let dialpad: RunningSimulator;
  let dialpadEmpty: RunningSimulator;
  const dixaSeed = sampleDixaState(37);
  const dialpadSeed = sampleDialpadState(61);
  beforeAll(async () => {
    dixa = await startDixaSimulator(dixaSeed, { tokens: [DIXA_TOKEN], rateLimit: false });
    dixaEmpty = await startDixaSimulator({ ...sampleDixaState(0), teams: [], queues: [] }, { tokens: [DIXA_TOKEN], rateLimit: false });
    dialpad = await startDialpadSimulator(dialpadSeed, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    dialpadEmpty = await startDialpadSimulator({ ...sampleDialpadState(0), operators: {} }, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    sims.push(dixa, dixaEmpty, dialpad, dialpadEmpty);
  });
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  it('Dixa meta.next', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 45 }), async (pageLimit) => {
        const ids: string[] = [];
        let next: string | undefined = `/v1/agents?pageLimit=${pageLimit}`;
        while (next !== undefined && ids.length <= 37) {
          const body = (await call(dixa.url, next, { headers: { authorization: DIXA_TOKEN } })).json as { data: Array<{ id: string }>; meta?: { next?: string } };
          expect(body.data.length).toBeLessThanOrEqual(pageLimit);
          ids.push(...body.data.map((a) => a.id));
          next = body.meta?.next;
        }
        expect(ids).toEqual(dixaSeed.agents.map((a) => a.id));
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('Dialpad cursor', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), fc.boolean(), async (limit, resendFilters) => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          // Clients may send the cursor alone or together with the original parameters.
          const path: string = cursor === undefined ? `/api/v2/users?state=all&limit=${limit}` : resendFilters ? `/api/v2/users?state=all&limit=${limit}&cursor=${cursor}` : `/api/v2/users?limit=${limit}&cursor=${cursor}`;
          const body = (await call(dialpad.url, path, { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } })).json as { items: Array<{ id: string }>; cursor?: string };
          expect(body.items.length).toBeLessThanOrEqual(limit);
          ids.push(...body.items.map((u) => u.id));
          cursor = body.cursor;
        } while (cursor !== undefined && ids.length <= 61);
        expect(ids).toEqual(dialpadSeed.users.map((u) => u.id));
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('empty organisations: one page, no next link, no cursor', async () => {
    expect((await call(dixaEmpty.url, '/v1/agents', { headers: { authorization: DIXA_TOKEN } })).json).toEqual({ data: [] });
    expect((await call(dixaEmpty.url, '/v1/agents/presence', { headers: { authorization: DIXA_TOKEN } })).json).toEqual([]);
    expect((await call(dialpadEmpty.url, '/api/v2/users?state=all', { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } })).json).toEqual({ items: [] });
  });
});
