import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../../src/simulator/serve.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { call } from './http.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState, uuidOf } from './sample-state.js';

/**
 * Issue 18: the faults an apply must survive, aimed at writes (the `writes` filter), and the request log a test reads
 * to prove which calls were made. Each fault is checked by what it does to the answers and to the state.
 */

const auth = { authorization: DIXA_TOKEN };
const agent = (n: number) => uuidOf('a', n);
const downgrade = (sim: RunningSimulator, n: number) => call(sim.url, `/v1/agents/${agent(n)}`, { method: 'DELETE', headers: auth });
const isAgent = (sim: RunningSimulator<DixaState>, n: number) => sim.state.agents.some((a) => a.id === agent(n));

describe('write faults over real HTTP (Dixa)', () => {
  let sim: RunningSimulator<DixaState>;
  // Each case starts from the same organisation: a fresh simulator per test.
  beforeEach(async () => {
    sim = await startDixaSimulator(sampleDixaState(12), { tokens: [DIXA_TOKEN], rateLimit: false });
  });
  afterEach(() => sim.close());

  it('forbidden from the 3rd write on: two writes done, every later write 403 with the vendor body and no effect; reads unaffected', async () => {
    sim.setFaults([{ kind: 'forbidden', writes: true, afterRequests: 2 }]);
    const statuses: number[] = [];
    for (const n of [1, 2, 3, 4]) {
      // Reads in between neither count towards the 3rd write nor meet the fault.
      statuses.push((await call(sim.url, `/v1/agents/${agent(n + 5)}`, { headers: auth })).status);
      statuses.push((await downgrade(sim, n)).status);
    }
    expect(statuses).toEqual([200, 204, 200, 204, 200, 403, 200, 403]);
    expect((await downgrade(sim, 5)).json).toEqual({ message: 'Forbidden' });
    expect([1, 2, 3, 4, 5].map((n) => isAgent(sim, n))).toEqual([false, false, true, true, true]);
    expect((await call(sim.url, '/v1/agents', { headers: auth })).status).toBe(200);
  });

  it('a 429 storm on writes, with Retry-After: throttled writes change nothing, reads pass, the write after the storm lands', async () => {
    sim.setFaults([{ kind: 'rate-limit', writes: true, times: 3, retryAfterSeconds: 2 }]);
    const before = sim.stats.throttled;
    const replies = [];
    for (let i = 0; i < 3; i++) {
      replies.push(await downgrade(sim, 1));
      expect((await call(sim.url, `/v1/agents/${agent(1)}`, { headers: auth })).status).toBe(200);
    }
    expect(replies.map((r) => [r.status, r.headers['retry-after']])).toEqual([
      [429, '2'],
      [429, '2'],
      [429, '2'],
    ]);
    expect(isAgent(sim, 1)).toBe(true);
    expect((await downgrade(sim, 1)).status).toBe(204);
    expect(isAgent(sim, 1)).toBe(false);
    expect(sim.stats.throttled - before).toBe(3);
  });

  it('a 5xx that survives any retry: every write to the path fails, nothing changes', async () => {
    sim.setFaults([{ kind: 'server-error', writes: true, path: /^\/v1\/agents\//, times: Number.POSITIVE_INFINITY }]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await downgrade(sim, 1)).status);
    expect(statuses).toEqual([500, 502, 503, 500, 502, 503]);
    expect(isAgent(sim, 1)).toBe(true);
    // Writes elsewhere are not affected.
    expect((await call(sim.url, `/v1/teams/${uuidOf('7', 1)}/agents`, { method: 'DELETE', headers: auth, body: { agentIds: [agent(2)] } })).status).toBe(204);
  });

  it('afterEffect: the write takes effect and its answer is lost (a 5xx, or a reset connection)', async () => {
    sim.setFaults([{ kind: 'server-error', writes: true, afterEffect: true, status: 503 }]);
    expect((await downgrade(sim, 1)).status).toBe(503);
    expect(isAgent(sim, 1)).toBe(false);
    // What an apply's confirming read then finds: the agent is gone; a retry of the same call gets 404.
    expect((await call(sim.url, `/v1/agents/${agent(1)}`, { headers: auth })).status).toBe(404);
    expect((await downgrade(sim, 1)).status).toBe(404);

    sim.setFaults([{ kind: 'connection-reset', writes: true, afterEffect: true }]);
    await expect(downgrade(sim, 2)).rejects.toThrow();
    expect(isAgent(sim, 2)).toBe(false);
  });

  it('afterEffect on slow-headers: the write is done while its answer waits; waitForRequest marks the moment to kill the client', async () => {
    sim.setFaults([{ kind: 'slow-headers', writes: true, afterEffect: true, delayMs: 5000 }]);
    const mark = sim.requests.length;
    const client = new AbortController();
    const inFlight = request(`${sim.url}/v1/agents/${agent(1)}`, { method: 'DELETE', headers: auth, signal: client.signal }).then(
      () => 'answered',
      () => 'aborted',
    );
    const arrived = await sim.waitForRequest((r) => r.method === 'DELETE', mark);
    expect(arrived).toMatchObject({ path: `/v1/agents/${agent(1)}`, status: null });
    client.abort();
    expect(await inFlight).toBe('aborted');
    // The client never saw an answer, yet the agent is downgraded: a resume must read before it repeats anything.
    expect((await call(sim.url, `/v1/agents/${agent(1)}`, { headers: auth })).status).toBe(404);
    // A request already logged is found at once.
    expect(await sim.waitForRequest((r) => r.method === 'DELETE', mark)).toBe(arrived);
  });

  it('latency on writes only: a client that will not wait times out on the write; reads answer at once', async () => {
    sim.setFaults([{ kind: 'slow-headers', writes: true, delayMs: 4000, times: 1 }]);
    // undici's coarse timers: a 100 ms header timeout fires within about a second, far below the 4 s delay.
    await expect(request(`${sim.url}/v1/agents/${agent(1)}`, { method: 'DELETE', headers: auth, headersTimeout: 100 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    const read = await request(`${sim.url}/v1/agents/${agent(2)}`, { headers: auth, headersTimeout: 100 });
    expect(read.statusCode).toBe(200);
    await read.body.dump();
  });

  it('a request body over the bound is refused with 413, unread: no state change', async () => {
    const team = uuidOf('7', 1);
    const before = sim.state.teams.find((t) => t.id === team)?.memberIds.slice();
    const mark = sim.requests.length;
    const huge = JSON.stringify({ agentIds: [agent(1), ...Array.from({ length: 40_000 }, (_, i) => uuidOf('c', i))] });
    expect(huge.length).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    // The client may see the 413 or, still writing when the server closes, a reset: either way nothing is done.
    const outcome = await call(sim.url, `/v1/teams/${team}/agents`, { method: 'DELETE', headers: auth, body: huge }).then(
      (r) => r.status,
      () => 'reset',
    );
    expect([413, 'reset']).toContain(outcome);
    expect(sim.requests.slice(mark).map((r) => r.status)).toEqual([413]);
    expect(sim.state.teams.find((t) => t.id === team)?.memberIds).toEqual(before);
  });

  it('the request log: every request in order with method, path, body and the status answered; no token', async () => {
    sim.setFaults([{ kind: 'forbidden', writes: true, afterRequests: 1 }]);
    const mark = sim.requests.length;
    await call(sim.url, '/v1/teams', { headers: auth });
    await call(sim.url, `/v1/queues/${uuidOf('9', 1)}/members`, { method: 'DELETE', headers: auth, body: { agentIds: [agent(2)] } });
    await downgrade(sim, 3);
    await call(sim.url, '/v1/organization', { headers: { authorization: 'wrong' } });
    const log = sim.requests.slice(mark).map((r) => ({ method: r.method, path: r.path, body: r.body === undefined ? undefined : (JSON.parse(r.body) as unknown), status: r.status }));
    expect(log).toEqual([
      { method: 'GET', path: '/v1/teams', body: undefined, status: 200 },
      { method: 'DELETE', path: `/v1/queues/${uuidOf('9', 1)}/members`, body: { agentIds: [agent(2)] }, status: 204 },
      { method: 'DELETE', path: `/v1/agents/${agent(3)}`, body: undefined, status: 403 },
      { method: 'GET', path: '/v1/organization', body: undefined, status: 401 },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain(DIXA_TOKEN);
  });
});

describe('write faults and the request log (Dialpad)', () => {
  let sim: RunningSimulator<DialpadState>;
  const s = sampleDialpadState(9);
  const u = (i: number) => s.users[i]?.id ?? '';
  beforeAll(async () => {
    sim = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false });
  });
  afterAll(() => sim.close());

  it('forbidden on one method only (PATCH): suspends refused, removals pass', async () => {
    sim.setFaults([{ kind: 'forbidden', method: 'PATCH' }]);
    const bearer = { authorization: `Bearer ${DIALPAD_TOKEN}` };
    const suspend = await call(sim.url, `/api/v2/users/${u(1)}`, { method: 'PATCH', headers: bearer, body: { state: 'suspended' } });
    expect(suspend.status).toBe(403);
    expect(suspend.json).toMatchObject({ error: { code: 403, errors: [{ reason: 'forbidden' }] } });
    expect(sim.state.users.find((x) => x.id === u(1))?.state).toBe('active');
    const remove = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'DELETE', headers: bearer, body: { user_id: u(1) } });
    expect(remove.status).toBe(200);
    sim.setFaults([]);
  });

  it('a key in the query (?apikey=) is masked in the log', async () => {
    const mark = sim.requests.length;
    expect((await call(sim.url, `/api/v2/users/${u(0)}?apikey=${DIALPAD_TOKEN}`)).status).toBe(200);
    expect(sim.requests.slice(mark).map((r) => r.path)).toEqual([`/api/v2/users/${u(0)}?apikey=***`]);
    expect(JSON.stringify(sim.requests)).not.toContain(DIALPAD_TOKEN);
  });
});
