import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALPAD_OVER_LIMIT_EVERY, startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { call } from './http.js';
import { DIALPAD_NON_ADMIN_TOKEN, DIALPAD_TOKEN, sampleDialpadState } from './sample-state.js';

const auth = { authorization: `Bearer ${DIALPAD_TOKEN}` };
type Page = { items: Array<{ id?: string; number?: string; state?: string }>; cursor?: string };

async function drain(base: string, first: string, headers: Record<string, string> = auth): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const url = new URL(first, 'http://x');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const r = await call(base, `${url.pathname}${url.search}`, { headers });
    expect(r.status).toBe(200);
    const body = r.json as Page;
    ids.push(...body.items.map((i) => i.id ?? i.number ?? ''));
    cursor = body.cursor;
    pages += 1;
    expect(pages).toBeLessThan(50);
  } while (cursor !== undefined);
  return { ids, pages };
}

describe('Dialpad simulator: reads', () => {
  let sim: RunningSimulator;
  const seed = sampleDialpadState(23);
  beforeAll(async () => {
    sim = await startDialpadSimulator(seed, { tokens: [DIALPAD_TOKEN], nonAdminTokens: [DIALPAD_NON_ADMIN_TOKEN], rateLimit: false, pageSizeDefault: 4 });
  });
  afterAll(() => sim.close());

  it('serves the company to an admin key and 403 to a non-admin key', async () => {
    expect((await call(sim.url, '/api/v2/company', { headers: auth })).json).toEqual(seed.company);
    const r = await call(sim.url, '/api/v2/company', { headers: { authorization: `Bearer ${DIALPAD_NON_ADMIN_TOKEN}` } });
    expect(r.status).toBe(403);
    expect((r.json as { error: { code: number } }).error.code).toBe(403);
  });

  it('pages users with {items, cursor}, every user exactly once, no cursor on the last page', async () => {
    for (const limit of [undefined, 1, 5, 23, 100]) {
      const { ids, pages } = await drain(sim.url, `/api/v2/users?state=all${limit ? `&limit=${limit}` : ''}`);
      expect(ids).toEqual(seed.users.map((u) => u.id));
      expect(pages).toBe(Math.ceil(23 / (limit ?? 4)));
    }
  });

  it('filters users by state and email; without state, deleted users are left out', async () => {
    const suspended = await drain(sim.url, '/api/v2/users?state=suspended');
    expect(suspended.ids).toEqual(seed.users.filter((u) => u.state === 'suspended').map((u) => u.id));
    const dflt = await drain(sim.url, '/api/v2/users');
    expect(dflt.ids).toEqual(seed.users.filter((u) => u.state !== 'deleted').map((u) => u.id));
    const byEmail = await drain(sim.url, '/api/v2/users?state=all&email=USER3@example.com');
    expect(byEmail.ids).toEqual([seed.users[2]?.id]);
    expect((await call(sim.url, '/api/v2/users?state=bogus', { headers: auth })).status).toBe(400);
    expect((await call(sim.url, '/api/v2/users?cursor=@@@', { headers: auth })).status).toBe(400);
  });

  it('limit > 100 gives pages of 100 and a 400 on every 5th such call (the documented 20%)', async () => {
    const big = sampleDialpadState(150);
    const s = await startDialpadSimulator(big, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 2 * DIALPAD_OVER_LIMIT_EVERY; i++) {
        const r = await call(s.url, '/api/v2/users?state=all&limit=500', { headers: auth });
        statuses.push(r.status);
        if (r.status === 200) expect((r.json as Page).items).toHaveLength(100);
        else expect((r.json as { error: { errors: Array<{ reason: string }> } }).error.errors[0]?.reason).toBe('badRequest');
      }
      expect(statuses.filter((x) => x === 400)).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it('pages offices, call centers (office_id filter) and numbers', async () => {
    expect((await drain(sim.url, '/api/v2/offices')).ids).toEqual(seed.offices.map((o) => o.id));
    expect((await drain(sim.url, '/api/v2/callcenters')).ids).toEqual(['7000000000000001']);
    expect((await drain(sim.url, '/api/v2/callcenters?office_id=5000000000000002')).ids).toEqual([]);
    expect((await drain(sim.url, '/api/v2/numbers')).ids).toEqual(seed.numbers.map((n) => n.number));
    const nonAdmin = await call(sim.url, '/api/v2/numbers', { headers: { authorization: `Bearer ${DIALPAD_NON_ADMIN_TOKEN}` } });
    expect(nonAdmin.status).toBe(403);
  });

  it('serves available licenses as strings and operators as {users, rooms}', async () => {
    const lic = await call(sim.url, '/api/v2/offices/5000000000000001/available_licenses', { headers: auth });
    expect(lic.json).toEqual(seed.availableLicenses['5000000000000001']);
    expect((await call(sim.url, '/api/v2/offices/5999999999999999/available_licenses', { headers: auth })).status).toBe(404);
    const ops = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { headers: auth });
    expect(ops.json).toEqual({ users: seed.users.slice(0, 3), rooms: [] });
    expect((await call(sim.url, '/api/v2/callcenters/7999/operators', { headers: auth })).status).toBe(404);
  });
});

describe('Dialpad simulator: authentication', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDialpadSimulator(sampleDialpadState(3), { tokens: [DIALPAD_TOKEN], rateLimit: false });
  });
  afterAll(() => sim.close());

  it.each([
    ['missing', {}],
    ['wrong', { authorization: 'Bearer nope' }],
    ['raw (no Bearer)', { authorization: DIALPAD_TOKEN }],
  ])('401 with the protorpc error body for a %s key', async (_n, headers: Record<string, string>) => {
    const r = await call(sim.url, '/api/v2/users', { headers });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: 401, errors: [{ domain: 'global', reason: 'unauthorized' }] } });
  });

  it('accepts ?apikey= in the query', async () => {
    expect((await call(sim.url, `/api/v2/users?apikey=${DIALPAD_TOKEN}`)).status).toBe(200);
    expect((await call(sim.url, '/api/v2/users?apikey=wrong')).status).toBe(401);
  });
});

describe('Dialpad simulator: writes the remediation plan uses', () => {
  let sim: RunningSimulator;
  let state: DialpadState;
  const seed = sampleDialpadState(9);
  beforeAll(async () => {
    sim = await startDialpadSimulator(seed, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    state = sim.state as DialpadState;
  });
  afterAll(() => sim.close());

  const userOf = (id: string) => state.users.find((u) => u.id === id);

  it('PATCH suspends and reactivates a user; bad bodies get 400', async () => {
    const id = seed.users[1]?.id ?? '';
    const r = await call(sim.url, `/api/v2/users/${id}`, { method: 'PATCH', headers: auth, body: { state: 'suspended' } });
    expect(r.status).toBe(200);
    expect((r.json as { state: string }).state).toBe('suspended');
    expect(userOf(id)?.state).toBe('suspended');
    await call(sim.url, `/api/v2/users/${id}`, { method: 'PATCH', headers: auth, body: { state: 'active', job_title: 'Agent' } });
    expect(userOf(id)).toMatchObject({ state: 'active', job_title: 'Agent' });
    const bad = await call(sim.url, `/api/v2/users/${id}`, { method: 'PATCH', headers: auth, body: { state: 'deleted' } });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: number; message: string } }).error.code).toBe(400);
    expect((await call(sim.url, '/api/v2/users/6999999999999999', { method: 'PATCH', headers: auth, body: {} })).status).toBe(404);
  });

  it('DELETE marks the user deleted and releases its numbers and call center seats', async () => {
    const u = seed.users[2];
    const number = u?.phone_numbers?.[0] ?? '';
    const r = await call(sim.url, `/api/v2/users/${u?.id}`, { method: 'DELETE', headers: auth });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: u?.id, state: 'deleted', display_name: 'User 3 (deactivated)' });
    expect(state.numbers.find((n) => n.number === number)).toMatchObject({ status: 'available' });
    expect(state.numbers.find((n) => n.number === number)?.target_id).toBeUndefined();
    expect(state.operators['7000000000000001']?.userIds).not.toContain(u?.id);
  });

  it('POST creates a user consuming a talk line; no line left gives 400; required fields checked', async () => {
    const before = Number(state.availableLicenses['5000000000000001']?.talk_lines);
    const r = await call(sim.url, '/api/v2/users', { method: 'POST', headers: auth, body: { email: 'new@example.com', office_id: '5000000000000001', first_name: 'New' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ emails: ['new@example.com'], office_id: '5000000000000001', state: 'active' });
    expect(Number(state.availableLicenses['5000000000000001']?.talk_lines)).toBe(before - 1);
    const none = await call(sim.url, '/api/v2/users', { method: 'POST', headers: auth, body: { email: 'n2@example.com', office_id: 5000000000000002 } });
    expect(none.status).toBe(400);
    expect((none.json as { error: { message: string } }).error.message).toMatch(/No talk licenses available/);
    expect((await call(sim.url, '/api/v2/users', { method: 'POST', headers: auth, body: { email: 'x@example.com' } })).status).toBe(400);
    expect((await call(sim.url, '/api/v2/users', { method: 'POST', headers: auth, body: { office_id: '5000000000000001' } })).status).toBe(400);
  });

  it('removes and adds call center operators (DELETE with a JSON body)', async () => {
    const id = seed.users[1]?.id ?? '';
    const del = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'DELETE', headers: auth, body: { user_id: id } });
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ id, name: 'User 2' });
    expect(state.operators['7000000000000001']?.userIds).not.toContain(id);
    expect(userOf(id)?.group_details?.some((g) => g.group_type === 'callcenter')).toBe(false);
    const again = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'DELETE', headers: auth, body: { user_id: id } });
    expect(again.status).toBe(400);
    const add = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'POST', headers: auth, body: { user_id: id, role: 'supervisor' } });
    expect(add.status).toBe(200);
    expect(userOf(id)?.group_details).toContainEqual({ group_id: '7000000000000001', group_type: 'callcenter', role: 'supervisor' });
    expect((await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'DELETE', headers: auth, body: {} })).status).toBe(400);
    // A talk-licensed user needs a call center line; office B has none left.
    const noLine = await call(sim.url, '/api/v2/callcenters/7000000000000001/operators', { method: 'POST', headers: auth, body: { user_id: seed.users[3]?.id } });
    expect(noLine.status).toBe(400);
    expect(state.operators['7000000000000001']?.userIds).not.toContain(seed.users[3]?.id);
  });

  it('unassigns a number from a user', async () => {
    const u = seed.users[4];
    const number = u?.phone_numbers?.[0] ?? '';
    const r = await call(sim.url, `/api/v2/users/${u?.id}/unassign_number`, { method: 'POST', headers: auth, body: { number } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ number, status: 'available' });
    expect(userOf(u?.id ?? '')?.phone_numbers).toEqual([]);
    expect((await call(sim.url, `/api/v2/users/${u?.id}/unassign_number`, { method: 'POST', headers: auth, body: { number } })).status).toBe(400);
  });
});
