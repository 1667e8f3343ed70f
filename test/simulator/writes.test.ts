import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, VendorSnapshot } from '../../src/model/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { collect, DIALPAD_TOKEN, DIXA_TOKEN } from '../collect/helpers.js';
import { call, type JsonReply } from './http.js';
import { conforms, loadDialpadSpec, loadDixaSpec, type OpenApiSpec } from './openapi.js';
import { sampleDialpadState, sampleDixaState, uuidOf } from './sample-state.js';

/**
 * Issue 18: every write route the remediation plan emits changes the simulator's state as the real collector, over
 * loopback, reads it back afterwards; answers (and accepted bodies) follow the vendors' OpenAPI documents; a second
 * identical call answers as the API does (idempotent removals, 404 for an agent already downgraded).
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function snapshotOf(vendor: 'dixa' | 'dialpad', url: string): Promise<VendorSnapshot> {
  const r = await collect({ vendors: [vendor], baseUrls: { [vendor]: url } });
  expect(r.complete, r.failures.join('\n')).toBe(true);
  const vs = r.snapshot.vendors[vendor];
  if (!vs) throw new Error(`no ${vendor} snapshot`);
  return vs;
}

function byId(vs: VendorSnapshot): Map<string, Account> {
  return new Map(vs.accounts.map((a) => [a.id, a]));
}

function groupsOf(a: Account | undefined): string[] {
  return (a?.memberships ?? []).map((m) => `${m.kind}:${m.id}`).sort();
}

describe('Dixa write routes: state a later collector run sees, answers as documented', () => {
  let sim: RunningSimulator<DixaState>;
  let spec: OpenApiSpec;
  const problems: string[] = [];
  const dixa = async (method: Method, path: string, body?: unknown): Promise<JsonReply> => {
    const r = await call(sim.url, path, { method, headers: { authorization: DIXA_TOKEN }, body });
    problems.push(...conforms(spec, method, path, r, (b) => spec.validateComponent('NotFound', b).ok, body));
    return r;
  };
  const support = uuidOf('7', 1);
  const sales = uuidOf('7', 2);
  const mainQueue = uuidOf('9', 1);
  const a = (n: number) => uuidOf('a', n);

  beforeAll(async () => {
    spec = loadDixaSpec();
    sim = await startDixaSimulator(sampleDixaState(12), { tokens: [DIXA_TOKEN], rateLimit: false });
  });
  afterAll(() => sim.close());

  it('the starting point the assertions below rely on', async () => {
    const accounts = byId(await snapshotOf('dixa', sim.url));
    expect(accounts.get(a(3))?.status).toBe('active');
    expect(groupsOf(accounts.get(a(3)))).toEqual([`team:${sales}`]);
    expect(groupsOf(accounts.get(a(2)))).toEqual([`queue:${mainQueue}`, `team:${support}`]);
    expect(groupsOf(accounts.get(a(4)))).toEqual([`team:${sales}`]);
  });

  it('DELETE /v1/queues/{id}/members and /v1/teams/{id}/agents: the memberships are gone; a repeat is the same 204', async () => {
    expect((await dixa('DELETE', `/v1/queues/${mainQueue}/members`, { agentIds: [a(2)] })).status).toBe(204);
    expect((await dixa('DELETE', `/v1/queues/${mainQueue}/members`, { agentIds: [a(2)] })).status).toBe(204);
    expect((await dixa('DELETE', `/v1/teams/${support}/agents`, { agentIds: [a(2)] })).status).toBe(204);
    expect((await dixa('DELETE', `/v1/teams/${support}/agents`, { agentIds: [a(2)] })).status).toBe(204);
    expect((await dixa('DELETE', `/v1/teams/${sales}/agents`, { agentIds: [a(4)] })).status).toBe(204);
    // Unknown groups and malformed bodies change nothing.
    expect((await dixa('DELETE', `/v1/queues/${uuidOf('9', 9)}/members`, { agentIds: [a(1)] })).status).toBe(404);
    expect((await dixa('DELETE', `/v1/teams/${sales}/agents`, { agentIds: 'all' })).status).toBe(400);
    expect((await dixa('DELETE', `/v1/queues/${mainQueue}/members`, { agentIds: [a(1), a(1)] })).status).toBe(400);

    const accounts = byId(await snapshotOf('dixa', sim.url));
    expect(groupsOf(accounts.get(a(2)))).toEqual([]);
    expect(groupsOf(accounts.get(a(4)))).toEqual([]);
    expect(groupsOf(accounts.get(a(1)))).toEqual([`queue:${mainQueue}`, `team:${support}`]);
    expect(groupsOf(accounts.get(a(3)))).toEqual([`team:${sales}`]);
    // The per-group reads an apply re-checks after each call say the same.
    const members = await dixa('GET', `/v1/queues/${mainQueue}/members`);
    expect((members.json as { data: Array<{ agentId: string }> }).data.map((m) => m.agentId)).not.toContain(a(2));
  });

  it('DELETE /v1/agents/{id}: downgraded to an end user (still a team member, now deactivated); again: 404', async () => {
    expect((await dixa('GET', `/v1/agents/${a(3)}/presence`)).status).toBe(200);
    expect((await dixa('DELETE', `/v1/agents/${a(3)}`)).status).toBe(204);
    expect((await dixa('DELETE', `/v1/agents/${a(3)}`)).status).toBe(404);
    expect((await dixa('GET', `/v1/agents/${a(3)}`)).status).toBe(404);
    expect((await dixa('GET', `/v1/agents/${a(3)}/presence`)).status).toBe(404);
    const endUser = await dixa('GET', `/v1/endusers/${a(3)}`);
    expect(endUser.status).toBe(200);
    expect((endUser.json as { data: { email: string } }).data.email).toBe('agent3@example.org');

    const accounts = byId(await snapshotOf('dixa', sim.url));
    expect(accounts.get(a(3))?.status).toBe('deactivated');
    expect(accounts.get(a(3))?.roles).toEqual([]);
    expect(groupsOf(accounts.get(a(3)))).toEqual([`team:${sales}`]);
    // A downgraded agent that is nobody's member is no longer listed at all.
    expect((await dixa('DELETE', `/v1/agents/${a(9)}`)).status).toBe(204);
    expect(byId(await snapshotOf('dixa', sim.url)).has(a(9))).toBe(false);
  });

  it('POST /v1/agents: a new, never-seen agent (invited); the same email again is refused', async () => {
    const created = await dixa('POST', '/v1/agents', { displayName: 'New Hire', email: 'new.hire@example.org' });
    expect(created.status).toBe(201);
    const id = (created.json as { data: { id: string } }).data.id;
    expect((await dixa('GET', '/v1/agents?email=new.hire@example.org')).json).toMatchObject({ data: [{ id }] });
    expect((await dixa('POST', '/v1/agents', { displayName: 'Again', email: 'NEW.HIRE@example.org' })).status).toBe(400);
    const presence = await dixa('GET', `/v1/agents/${id}/presence`);
    expect((presence.json as { data: { lastSeen?: string } }).data.lastSeen).toBeUndefined();

    const account = byId(await snapshotOf('dixa', sim.url)).get(id);
    expect(account).toMatchObject({ status: 'invited', emails: ['new.hire@example.org'], displayName: 'New Hire', roles: ['Agent'] });
  });

  it('every answer above conforms to the Dixa document', () => {
    expect(problems).toEqual([]);
  });
});

describe('Dialpad write routes: state a later collector run sees, answers as documented', () => {
  let sim: RunningSimulator<DialpadState>;
  let spec: OpenApiSpec;
  const problems: string[] = [];
  const dialpad = async (method: Method, path: string, body?: unknown): Promise<JsonReply> => {
    const r = await call(sim.url, path, { method, headers: { authorization: `Bearer ${DIALPAD_TOKEN}` }, body });
    problems.push(...conforms(spec, method, path, r, (b) => typeof (b as { error?: { code?: unknown } } | undefined)?.error?.code === 'number', body));
    return r;
  };
  const state = sampleDialpadState(12);
  const u = (i: number) => state.users[i]?.id ?? '';
  const numberOf = (i: number) => state.users[i]?.phone_numbers?.[0] ?? '';
  const officeA = '5000000000000001';
  const cc = '7000000000000001';
  const talkLines = (vs: VendorSnapshot, office: string) => vs.seatPools.find((p) => p.scopeId === office)?.available.talk_lines;

  beforeAll(async () => {
    spec = loadDialpadSpec();
    sim = await startDialpadSimulator(state, { tokens: [DIALPAD_TOKEN], rateLimit: false });
  });
  afterAll(() => sim.close());

  it('the starting point the assertions below rely on', async () => {
    const vs = await snapshotOf('dialpad', sim.url);
    const accounts = byId(vs);
    expect(accounts.get(u(4))).toMatchObject({ status: 'active', license: 'talk', officeId: officeA, phoneNumbers: [numberOf(4)] });
    expect(accounts.get(u(8))).toMatchObject({ status: 'active', license: 'talk', officeId: officeA, phoneNumbers: [numberOf(8)] });
    expect(groupsOf(accounts.get(u(1)))).toContain(`callcenter:${cc}`);
    expect(talkLines(vs, officeA)).toBe(2);
  });

  it('DELETE /callcenters/{id}/operators {user_id}: the seat is gone, no license changes; again: 400', async () => {
    expect((await dialpad('DELETE', `/api/v2/callcenters/${cc}/operators`, { user_id: Number(u(1)) })).status).toBe(200);
    expect((await dialpad('DELETE', `/api/v2/callcenters/${cc}/operators`, { user_id: u(1) })).status).toBe(400);
    expect((await dialpad('DELETE', `/api/v2/callcenters/${cc}/operators`, {})).status).toBe(400);
    expect((await dialpad('DELETE', '/api/v2/callcenters/7000000000000009/operators', { user_id: u(2) })).status).toBe(404);
    const vs = await snapshotOf('dialpad', sim.url);
    expect(groupsOf(byId(vs).get(u(1)))).not.toContain(`callcenter:${cc}`);
    expect(groupsOf(byId(vs).get(u(2)))).toContain(`callcenter:${cc}`);
    expect(vs.groups.find((g) => g.id === cc)?.memberIds).not.toContain(u(1));
  });

  it('POST /users/{id}/unassign_number: the number is available again, the user holds none; again: 400', async () => {
    const r = await dialpad('POST', `/api/v2/users/${u(4)}/unassign_number`, { number: numberOf(4) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ number: numberOf(4), status: 'available' });
    expect((await dialpad('POST', `/api/v2/users/${u(4)}/unassign_number`, { number: numberOf(4) })).status).toBe(400);
    expect((await dialpad('GET', `/api/v2/numbers/${encodeURIComponent(numberOf(4))}`)).json).toMatchObject({ status: 'available' });
    const vs = await snapshotOf('dialpad', sim.url);
    expect(byId(vs).get(u(4))?.phoneNumbers).toEqual([]);
    expect(vs.numbers.find((n) => n.number === numberOf(4))).toMatchObject({ status: 'available', targetId: null });
  });

  it('PATCH /users/{id} {state: suspended}: suspended, its talk line freed once; a repeat changes nothing more', async () => {
    const r = await dialpad('PATCH', `/api/v2/users/${u(4)}`, { state: 'suspended' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: u(4), state: 'suspended' });
    expect((await dialpad('PATCH', `/api/v2/users/${u(4)}`, { state: 'suspended' })).status).toBe(200);
    expect((await dialpad('PATCH', `/api/v2/users/${u(4)}`, { state: 'deleted' })).status).toBe(400);
    expect((await dialpad('PATCH', '/api/v2/users/6999999999999999', { state: 'suspended' })).status).toBe(404);
    const vs = await snapshotOf('dialpad', sim.url);
    expect(byId(vs).get(u(4))?.status).toBe('suspended');
    expect(talkLines(vs, officeA)).toBe(3);
  });

  it('DELETE /users/{id}: deleted (deactivated), its number released and its line freed; again: the same user, nothing more', async () => {
    const first = await dialpad('DELETE', `/api/v2/users/${u(8)}`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ id: u(8), state: 'deleted' });
    const again = await dialpad('DELETE', `/api/v2/users/${u(8)}`);
    expect(again.json).toEqual(first.json);
    // Deleting the user suspended above frees no second line.
    expect((await dialpad('DELETE', `/api/v2/users/${u(4)}`)).status).toBe(200);
    const vs = await snapshotOf('dialpad', sim.url);
    expect(byId(vs).get(u(8))).toMatchObject({ status: 'deactivated', phoneNumbers: [] });
    expect(vs.numbers.find((n) => n.number === numberOf(8))).toMatchObject({ status: 'available', targetId: null });
    expect(talkLines(vs, officeA)).toBe(4);
  });

  it('POST /users: a new active user in the listings, a talk line consumed; the same email again: 409', async () => {
    const r = await dialpad('POST', '/api/v2/users', { email: 'new.hire@example.com', office_id: Number(officeA), first_name: 'New', last_name: 'Hire' });
    expect(r.status).toBe(200);
    const id = (r.json as { id: string }).id;
    expect((await dialpad('POST', '/api/v2/users', { email: 'new.hire@example.com', office_id: officeA })).status).toBe(409);
    expect((await dialpad('GET', '/api/v2/users?email=new.hire@example.com')).json).toMatchObject({ items: [{ id }] });
    const vs = await snapshotOf('dialpad', sim.url);
    expect(byId(vs).get(id)).toMatchObject({ status: 'active', emails: ['new.hire@example.com'], officeId: officeA, displayName: 'New Hire' });
    expect(talkLines(vs, officeA)).toBe(3);
  });

  it('every answer above conforms to the Dialpad document', () => {
    expect(problems).toEqual([]);
  });
});
