import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/simulator/faults.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { call } from './http.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState } from './sample-state.js';

const auth = { authorization: DIXA_TOKEN };
const OTHER = 'dixa-test-token-2';

describe('fault injection over real HTTP (Dixa)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDixaSimulator(sampleDixaState(7), { tokens: [DIXA_TOKEN, OTHER], rateLimit: false, pageSizeDefault: 3 });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.setFaults([]));

  it('server-error: a burst of consecutive 500, 502, 503, then normal answers; other paths unaffected', async () => {
    sim.setFaults([{ kind: 'server-error', path: '/v1/teams', times: 3 }]);
    expect((await call(sim.url, '/v1/queues', { headers: auth })).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim.url, '/v1/teams', { headers: auth })).status);
    expect(statuses).toEqual([500, 502, 503, 200]);
  });

  it('server-error with a fixed status after N good requests', async () => {
    sim.setFaults([{ kind: 'server-error', path: /^\/v1\/queues/, status: 502, times: 2, afterRequests: 1 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim.url, '/v1/queues', { headers: auth })).status);
    expect(statuses).toEqual([200, 502, 502, 200]);
  });

  it('rate-limit: a 429 storm with no Retry-After, counted as throttled', async () => {
    const before = sim.stats.throttled;
    sim.setFaults([{ kind: 'rate-limit', times: 3 }]);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await call(sim.url, '/v1/organization', { headers: auth }));
    expect(replies.map((r) => r.status)).toEqual([429, 429, 429, 200]);
    for (const r of replies) expect(r.headers['retry-after']).toBeUndefined();
    expect(sim.stats.throttled - before).toBe(3);
  });

  // undici arms headersTimeout/bodyTimeout on its coarse "fast timers" (about 1 s resolution), so a 100 ms timeout
  // fires somewhere within 0.5-1.5 s: the delays here are far longer than that.
  it('slow-headers: a client header timeout fires; a patient client gets the answer', async () => {
    sim.setFaults([{ kind: 'slow-headers', path: '/v1/teams', delayMs: 4000 }]);
    await expect(request(`${sim.url}/v1/teams`, { headers: auth, headersTimeout: 100 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    sim.setFaults([{ kind: 'slow-headers', path: '/v1/teams', delayMs: 200 }]);
    const ok = await call(sim.url, '/v1/teams', { headers: auth });
    expect(ok.status).toBe(200);
    expect((ok.json as { data: unknown[] }).data).toHaveLength(2);
  });

  it('slow-body: the body arrives in many small chunks (and trips a body timeout)', async () => {
    sim.setFaults([{ kind: 'slow-body', path: '/v1/organization', chunkBytes: 8, delayMs: 5, times: 1 }]);
    const res = await request(`${sim.url}/v1/organization`, { headers: auth });
    let chunks = 0;
    let text = '';
    for await (const c of res.body) {
      chunks += 1;
      text += (c as Buffer).toString('utf8');
    }
    expect(chunks).toBeGreaterThan(5);
    expect(JSON.parse(text)).toEqual({ data: (sim.state as ReturnType<typeof sampleDixaState>).organization });

    sim.setFaults([{ kind: 'slow-body', path: '/v1/organization', chunkBytes: 8, delayMs: 4000, times: 1 }]);
    const slow = await request(`${sim.url}/v1/organization`, { headers: auth, bodyTimeout: 100 });
    await expect(slow.body.text()).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
  });

  it('connection-reset: the socket closes without an answer', async () => {
    sim.setFaults([{ kind: 'connection-reset', path: '/v1/queues' }]);
    await expect(request(`${sim.url}/v1/queues`, { headers: auth })).rejects.toThrow();
    expect((await call(sim.url, '/v1/queues', { headers: auth })).status).toBe(200);
  });

  it('malformed-json: 200 with a body that does not parse', async () => {
    sim.setFaults([{ kind: 'malformed-json', path: '/v1/agents' }]);
    const r = await call(sim.url, '/v1/agents', { headers: auth });
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.text));
  });

  it('truncated-body: full content-length announced, connection closed mid-body', async () => {
    sim.setFaults([{ kind: 'truncated-body', path: '/v1/agents', truncateAfterBytes: 40 }]);
    const res = await request(`${sim.url}/v1/agents`, { headers: auth });
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(40);
    await expect(res.body.text()).rejects.toThrow();
    expect((await call(sim.url, '/v1/agents', { headers: auth })).status).toBe(200);
  });

  it('pagination-loop: a followed next link answers with the same next link again', async () => {
    sim.setFaults([{ kind: 'pagination-loop', path: '/v1/agents' }]);
    const first = (await call(sim.url, '/v1/agents', { headers: auth })).json as { meta: { next: string } };
    const second = (await call(sim.url, first.meta.next, { headers: auth })).json as { data: Array<{ id: string }>; meta: { next: string } };
    expect(second.meta.next).toBe(first.meta.next);
    const third = (await call(sim.url, second.meta.next, { headers: auth })).json as { data: Array<{ id: string }>; meta: { next: string } };
    expect(third.meta.next).toBe(first.meta.next);
    expect(third.data).toEqual(second.data);
  });

  it('token-revoked: after N requests the token gets 401 for good; another token still works', async () => {
    sim.setFaults([{ kind: 'token-revoked', afterRequests: 2 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim.url, '/v1/teams', { headers: auth })).status);
    expect(statuses).toEqual([200, 200, 401, 401]);
    sim.setFaults([]);
    expect((await call(sim.url, '/v1/teams', { headers: auth })).status).toBe(401);
    expect((await call(sim.url, '/v1/teams', { headers: { authorization: OTHER } })).status).toBe(200);
  });
});

describe('fault injection over real HTTP (Dialpad)', () => {
  let sim: RunningSimulator;
  const bearer = { authorization: `Bearer ${DIALPAD_TOKEN}` };
  const SPARE = 'dialpad-spare-key';
  beforeAll(async () => {
    sim = await startDialpadSimulator(sampleDialpadState(9), { tokens: [DIALPAD_TOKEN, SPARE], rateLimit: false, pageSizeDefault: 2 });
  });
  afterAll(() => sim.close());

  it('pagination-loop: the cursor just sent comes back', async () => {
    sim.setFaults([{ kind: 'pagination-loop', path: '/api/v2/users' }]);
    const first = (await call(sim.url, '/api/v2/users?state=all', { headers: bearer })).json as { cursor: string };
    const second = (await call(sim.url, `/api/v2/users?state=all&cursor=${first.cursor}`, { headers: bearer })).json as { cursor: string };
    expect(second.cursor).toBe(first.cursor);
  });

  it('token-revoked applies to a key sent as ?apikey= as well', async () => {
    sim.setFaults([{ kind: 'token-revoked', afterRequests: 1 }]);
    expect((await call(sim.url, `/api/v2/offices?apikey=${SPARE}`)).status).toBe(200);
    const revoked = await call(sim.url, `/api/v2/offices?apikey=${SPARE}`);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toMatchObject({ error: { code: 401, errors: [{ reason: 'unauthorized' }] } });
    sim.setFaults([]);
    expect((await call(sim.url, '/api/v2/offices', { headers: { authorization: `Bearer ${SPARE}` } })).status).toBe(401);
    expect((await call(sim.url, '/api/v2/offices', { headers: bearer })).status).toBe(200);
  });

  it('server-error bodies use the protorpc error envelope', async () => {
    sim.setFaults([{ kind: 'server-error', status: 503 }]);
    const r = await call(sim.url, '/api/v2/offices', { headers: bearer });
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ error: { code: 503, errors: [{ domain: 'global', reason: 'backendError' }] } });
  });
});

describe('FaultInjector', () => {
  it('matches by method and path and counts each fault separately', () => {
    const f = new FaultInjector([
      { kind: 'server-error', method: 'DELETE', times: 1 },
      { kind: 'rate-limit', path: '/a', afterRequests: 1, times: 2 },
    ]);
    const picks = [
      f.pick('GET', '/a', false)?.kind,
      f.pick('DELETE', '/b', false)?.kind,
      f.pick('DELETE', '/b', false)?.kind,
      f.pick('GET', '/a', false)?.kind,
      f.pick('GET', '/a', false)?.kind,
      f.pick('GET', '/a', false)?.kind,
    ];
    expect(picks).toEqual([undefined, 'server-error', undefined, 'rate-limit', 'rate-limit', undefined]);
  });

  it('only loops pagination on requests that follow a page token', () => {
    const f = new FaultInjector([{ kind: 'pagination-loop', times: 1 }]);
    expect(f.pick('GET', '/v1/agents', false)).toBeUndefined();
    expect(f.pick('GET', '/v1/agents', true)?.kind).toBe('pagination-loop');
    expect(f.pick('GET', '/v1/agents', true)).toBeUndefined();
  });
});
