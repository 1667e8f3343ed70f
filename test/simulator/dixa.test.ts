import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { call } from './http.js';
import { DIXA_TOKEN, sampleDixaState, uuidOf } from './sample-state.js';

const auth = { authorization: DIXA_TOKEN };

describe('Dixa simulator: reads', () => {
  let sim: RunningSimulator;
  const seed = sampleDixaState(7);
  beforeAll(async () => {
    sim = await startDixaSimulator(seed, { tokens: [DIXA_TOKEN], rateLimit: false, pageSizeDefault: 3 });
  });
  afterAll(() => sim.close());

  it('serves the organization', async () => {
    const r = await call(sim.url, '/v1/organization', { headers: auth });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: seed.organization });
  });

  it('pages /v1/agents through root-relative meta.next until it is absent, every agent exactly once', async () => {
    for (const pageLimit of [undefined, 1, 2, 3, 7, 50]) {
      const seen: string[] = [];
      let next: string | undefined = pageLimit === undefined ? '/v1/agents' : `/v1/agents?pageLimit=${pageLimit}`;
      let pages = 0;
      while (next !== undefined) {
        expect(next.startsWith('/v1/agents?') || next === '/v1/agents').toBe(true);
        const r = await call(sim.url, next, { headers: auth });
        expect(r.status).toBe(200);
        const body = r.json as { data: Array<{ id: string }>; meta?: { next?: string; previous?: string } };
        seen.push(...body.data.map((a) => a.id));
        next = body.meta?.next;
        pages += 1;
        expect(pages).toBeLessThan(20);
      }
      expect(seen).toEqual(seed.agents.map((a) => a.id));
      expect(pages).toBe(Math.max(1, Math.ceil(7 / (pageLimit ?? 3))));
    }
  });

  it('uses an opaque base64 pageKey and links back with meta.previous', async () => {
    const first = (await call(sim.url, '/v1/agents?pageLimit=2', { headers: auth })).json as { meta: { next: string } };
    const key = decodeURIComponent(new URL(first.meta.next, 'https://dev.dixa.io').searchParams.get('pageKey') ?? '');
    expect(Buffer.from(key, 'base64').toString('utf8')).toContain('page=1');
    const second = (await call(sim.url, first.meta.next, { headers: auth })).json as { meta: { previous: string } };
    expect(second.meta.previous).toMatch(/^\/v1\/agents\?pageKey=/);
  });

  it('filters agents by email and rejects email with phone', async () => {
    const r = await call(sim.url, '/v1/agents?email=AGENT3@example.org', { headers: auth });
    expect((r.json as { data: Array<{ id: string }> }).data.map((a) => a.id)).toEqual([uuidOf('a', 3)]);
    const bad = await call(sim.url, '/v1/agents?email=a@b.c&phone=123', { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ message: 'Invalid filters: Cannot provide both phone number and email address' });
    expect((await call(sim.url, '/v1/agents?pageKey=%%%', { headers: auth })).status).toBe(400);
  });

  it('serves presence as a bare array', async () => {
    const r = await call(sim.url, '/v1/agents/presence', { headers: auth });
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json).toEqual(seed.presence);
  });

  it('serves one agent, its teams (ids only), and 404 for an unknown agent', async () => {
    const id = uuidOf('a', 1);
    expect((await call(sim.url, `/v1/agents/${id}`, { headers: auth })).json).toEqual({ data: seed.agents[0] });
    expect((await call(sim.url, `/v1/agents/${id}/teams`, { headers: auth })).json).toEqual({ data: [{ id: uuidOf('7', 1) }] });
    const missing = await call(sim.url, `/v1/agents/${uuidOf('b', 5)}`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'The requested resource could not be found' });
    expect((await call(sim.url, '/v1/agents/not-a-uuid', { headers: auth })).status).toBe(400);
  });

  it('lists team members with name/email, end users included, unknown ids kept bare', async () => {
    const r = await call(sim.url, `/v1/teams/${uuidOf('7', 1)}/agents`, { headers: auth });
    expect(r.json).toEqual({
      data: [
        { id: uuidOf('a', 1), name: 'Agent 1', email: 'agent1@example.org', phoneNumber: '+4512345000' },
        { id: uuidOf('a', 2), name: 'Agent 2', email: 'agent2@example.org' },
        { id: uuidOf('e', 1), name: 'Former Agent', email: 'former@example.org', phoneNumber: '+4599999999' },
        { id: uuidOf('f', 99) },
      ],
    });
    expect((await call(sim.url, `/v1/teams/${uuidOf('7', 9)}/agents`, { headers: auth })).status).toBe(404);
    expect(((await call(sim.url, '/v1/teams', { headers: auth })).json as { data: unknown[] }).data).toHaveLength(2);
  });

  it('lists queues and queue members', async () => {
    const q = (await call(sim.url, '/v1/queues', { headers: auth })).json as { data: Array<{ id: string }> };
    expect(q.data.map((x) => x.id)).toEqual([uuidOf('9', 1), uuidOf('9', 2)]);
    const m = await call(sim.url, `/v1/queues/${uuidOf('9', 1)}/members`, { headers: auth });
    expect(m.json).toEqual({ data: [{ agentId: uuidOf('a', 1), priority: 1 }, { agentId: uuidOf('a', 2), priority: 2 }, { agentId: uuidOf('e', 1) }] });
    expect((await call(sim.url, `/v1/queues/${uuidOf('9', 7)}/members`, { headers: auth })).status).toBe(404);
  });

  it('serves end users and 404s for unknown ones', async () => {
    expect((await call(sim.url, `/v1/endusers/${uuidOf('e', 1)}`, { headers: auth })).json).toEqual({ data: seed.endUsers[0] });
    expect((await call(sim.url, `/v1/endusers/${uuidOf('e', 2)}`, { headers: auth })).status).toBe(404);
  });

  it('answers unknown paths with the vendor 404 body', async () => {
    const r = await call(sim.url, '/v1/nothing-here', { headers: auth });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ message: 'The requested resource could not be found' });
  });
});

describe('Dixa simulator: authentication', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDixaSimulator(sampleDixaState(2), { tokens: [DIXA_TOKEN], rateLimit: false });
  });
  afterAll(() => sim.close());

  it.each([
    ['missing', {}],
    ['wrong', { authorization: 'nope' }],
    ['Bearer-prefixed (documented scheme is the raw token)', { authorization: `Bearer ${DIXA_TOKEN}` }],
  ])('401 {message} for a %s token', async (_name, headers: Record<string, string>) => {
    const r = await call(sim.url, '/v1/agents', { headers });
    expect(r.status).toBe(401);
    expect(typeof (r.json as { message: unknown }).message).toBe('string');
  });

  it('revokeToken turns a working token into 401', async () => {
    expect((await call(sim.url, '/v1/teams', { headers: auth })).status).toBe(200);
    sim.revokeToken(DIXA_TOKEN);
    expect((await call(sim.url, '/v1/teams', { headers: auth })).status).toBe(401);
  });
});

describe('Dixa simulator: writes the remediation plan uses', () => {
  let sim: RunningSimulator;
  let state: DixaState;
  const seed = sampleDixaState(12);
  beforeAll(async () => {
    sim = await startDixaSimulator(seed, { tokens: [DIXA_TOKEN], rateLimit: false });
    state = sim.state as DixaState;
  });
  afterAll(() => sim.close());

  it('works on its own copy of the state', () => {
    expect(state).not.toBe(seed);
    expect(state).toEqual(seed);
  });

  it('DELETE /v1/agents/{id} downgrades the agent to an end user; teams keep the id', async () => {
    const id = uuidOf('a', 2);
    const r = await call(sim.url, `/v1/agents/${id}`, { method: 'DELETE', headers: auth });
    expect(r.status).toBe(204);
    expect((await call(sim.url, `/v1/agents/${id}`, { headers: auth })).status).toBe(404);
    expect(((await call(sim.url, `/v1/endusers/${id}`, { headers: auth })).json as { data: { email: string } }).data.email).toBe('agent2@example.org');
    const members = (await call(sim.url, `/v1/teams/${uuidOf('7', 1)}/agents`, { headers: auth })).json as { data: Array<{ id: string; name?: string }> };
    expect(members.data.find((m) => m.id === id)).toEqual({ id, name: 'Agent 2', email: 'agent2@example.org' });
    expect(((await call(sim.url, '/v1/agents/presence', { headers: auth })).json as Array<{ userId: string }>).some((p) => p.userId === id)).toBe(false);
    expect((await call(sim.url, `/v1/agents/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('adds and removes team members with {agentIds}', async () => {
    const team = uuidOf('7', 2);
    const add = await call(sim.url, `/v1/teams/${team}/agents`, { method: 'PATCH', headers: auth, body: { agentIds: [uuidOf('a', 9)] } });
    expect(add.status).toBe(200);
    expect(state.teams[1]?.memberIds).toContain(uuidOf('a', 9));
    const del = await call(sim.url, `/v1/teams/${team}/agents`, { method: 'DELETE', headers: auth, body: { agentIds: [uuidOf('a', 9), uuidOf('a', 3)] } });
    expect(del.status).toBe(204);
    expect(state.teams[1]?.memberIds).toEqual([uuidOf('a', 4)]);
    const bad = await call(sim.url, `/v1/teams/${team}/agents`, { method: 'DELETE', headers: auth, body: { agentIds: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ message: 'Decoding failure in request' });
    expect((await call(sim.url, `/v1/teams/${team}/agents`, { method: 'DELETE', headers: auth, body: '{not json' })).status).toBe(400);
  });

  it('PATCH queue members answers per-id bulk outcomes', async () => {
    const q = uuidOf('9', 2);
    const r = await call(sim.url, `/v1/queues/${q}/members`, {
      method: 'PATCH',
      headers: auth,
      body: { agentIds: [uuidOf('a', 5), uuidOf('e', 1), uuidOf('c', 1)] },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      data: [
        { data: uuidOf('a', 5), _type: 'BulkActionSuccess' },
        { error: { id: uuidOf('e', 1), message: 'Member is neither Agent or Admin', _type: 'Validation' }, _type: 'BulkActionFailure' },
        { error: { id: uuidOf('c', 1), message: 'User not found', _type: 'NotFound' }, _type: 'BulkActionFailure' },
      ],
    });
    expect(state.queues[1]?.members.map((m) => m.agentId)).toEqual([uuidOf('a', 5)]);
  });

  it('DELETE queue members takes at most 10 ids', async () => {
    const q = uuidOf('9', 1);
    const eleven = Array.from({ length: 11 }, (_, i) => uuidOf('a', i + 1));
    const tooMany = await call(sim.url, `/v1/queues/${q}/members`, { method: 'DELETE', headers: auth, body: { agentIds: eleven } });
    expect(tooMany.status).toBe(400);
    expect(state.queues[0]?.members).toHaveLength(3);
    const ok = await call(sim.url, `/v1/queues/${q}/members`, { method: 'DELETE', headers: auth, body: { agentIds: eleven.slice(0, 10) } });
    expect(ok.status).toBe(204);
    expect(state.queues[0]?.members.map((m) => m.agentId)).toEqual([uuidOf('e', 1)]);
  });

  it('POST /v1/agents creates an agent (201) and checks required fields', async () => {
    const r = await call(sim.url, '/v1/agents', { method: 'POST', headers: auth, body: { displayName: 'New Person', email: 'new@example.org' } });
    expect(r.status).toBe(201);
    const agent = (r.json as { data: { id: string; email: string; displayName: string } }).data;
    expect(agent).toMatchObject({ displayName: 'New Person', email: 'new@example.org' });
    expect((await call(sim.url, `/v1/agents/${agent.id}`, { headers: auth })).status).toBe(200);
    expect((await call(sim.url, '/v1/agents', { method: 'POST', headers: auth, body: { email: 'x@example.org' } })).status).toBe(400);
    expect((await call(sim.url, '/v1/agents', { method: 'POST', headers: auth, body: { displayName: 'Dup', email: 'NEW@example.org' } })).status).toBe(400);
  });
});
