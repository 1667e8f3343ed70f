import { afterEach, describe, expect, it } from 'vitest';
import type { Account, VendorSnapshot } from '../../src/model/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { collect, DIALPAD_TOKEN, DIXA_TOKEN } from '../collect/helpers.js';
import { call } from './http.js';
import { sampleDialpadState, sampleDixaState, uuidOf } from './sample-state.js';

/**
 * Issue 18: the drift hook changes an account between plan and apply as someone in the vendor's admin UI would; the
 * next collector run (real client, loopback) and the next per-account read see the change.
 */

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function accounts(vendor: 'dixa' | 'dialpad', url: string): Promise<Map<string, Account>> {
  const r = await collect({ vendors: [vendor], baseUrls: { [vendor]: url } });
  expect(r.complete, r.failures.join('\n')).toBe(true);
  const vs = r.snapshot.vendors[vendor] as VendorSnapshot;
  return new Map(vs.accounts.map((a) => [a.id, a]));
}

const groups = (a: Account | undefined) => (a?.memberships ?? []).map((m) => `${m.kind}:${m.id}`).sort();

describe('Dixa drift', () => {
  const a = (n: number) => uuidOf('a', n);
  const support = uuidOf('7', 1);
  const sales = uuidOf('7', 2);
  const mainQueue = uuidOf('9', 1);
  const endUser = uuidOf('e', 1);

  it('email, status, roles and memberships change as the collector reads them', async () => {
    const sim = await startDixaSimulator(sampleDixaState(7), { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(sim);
    const before = await accounts('dixa', sim.url);
    expect(before.get(a(1))).toMatchObject({ status: 'active', isAdmin: true });
    expect(before.get(a(2))?.status).toBe('invited');
    expect(before.get(endUser)?.status).toBe('deactivated');

    sim.drift.setEmail(a(1), 'renamed@example.org');
    sim.drift.setRoles(a(1), ['Agent']);
    sim.drift.removeMembership(a(1), mainQueue);
    sim.drift.setStatus(a(2), 'active');
    sim.drift.setStatus(a(3), 'deactivated');
    sim.drift.setStatus(a(5), 'invited');
    sim.drift.setStatus(endUser, 'active');
    sim.drift.removeMembership(a(4), sales);

    const after = await accounts('dixa', sim.url);
    expect(after.get(a(1))).toMatchObject({ emails: ['renamed@example.org'], isAdmin: false, roles: ['Agent'] });
    expect(groups(after.get(a(1)))).toEqual([`team:${support}`]);
    expect(after.get(a(2))?.status).toBe('active');
    expect(after.get(a(3))).toMatchObject({ status: 'deactivated', roles: [] });
    expect(groups(after.get(a(3)))).toEqual([`team:${sales}`]);
    expect(after.get(a(5))?.status).toBe('invited');
    expect(after.get(endUser)).toMatchObject({ status: 'active', roles: ['Agent'] });
    expect(groups(after.get(a(4)))).toEqual([]);
    // The per-account reads an apply makes before acting see it too.
    const one = await call(sim.url, `/v1/agents/${a(1)}`, { headers: { authorization: DIXA_TOKEN } });
    expect(one.json).toMatchObject({ data: { email: 'renamed@example.org', roles: ['Agent'] } });
    expect((await call(sim.url, `/v1/agents/${a(3)}`, { headers: { authorization: DIXA_TOKEN } })).status).toBe(404);
  });

  it('a change Dixa cannot express, or an id it does not hold, throws and changes nothing', async () => {
    const sim = await startDixaSimulator(sampleDixaState(7), { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(sim);
    const before = JSON.stringify(sim.state);
    expect(() => sim.drift.setStatus(a(1), 'suspended')).toThrow(/no suspended state/);
    expect(() => sim.drift.setEmail(uuidOf('b', 1), 'x@example.org')).toThrow(/no agent or end user/);
    expect(() => sim.drift.removeMembership(a(5), sales)).toThrow(/not a member/);
    expect(() => sim.drift.setRoles(endUser, ['Agent'])).toThrow(/not an agent/);
    expect(JSON.stringify(sim.state)).toBe(before);
  });
});

describe('Dialpad drift', () => {
  const s = sampleDialpadState(12);
  const u = (i: number) => s.users[i]?.id ?? '';
  const numberOf = (i: number) => s.users[i]?.phone_numbers?.[0] ?? '';
  const cc = '7000000000000001';

  it('email, state, roles, call-center seats and numbers change as the collector reads them', async () => {
    const sim = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(sim);
    const before = await accounts('dialpad', sim.url);
    expect(before.get(u(0))).toMatchObject({ isAdmin: true });
    expect(before.get(u(2))?.status).toBe('suspended');

    sim.drift.setEmail(u(0), 'renamed@example.com');
    sim.drift.setRoles(u(0), []);
    sim.drift.setRoles(u(7), ['office_admin']);
    sim.drift.setStatus(u(1), 'suspended');
    sim.drift.setStatus(u(2), 'active');
    sim.drift.setStatus(u(4), 'invited');
    sim.drift.setStatus(u(8), 'deactivated');
    sim.drift.removeMembership(u(1), cc);
    sim.drift.removeMembership(u(10), numberOf(10));

    const after = await accounts('dialpad', sim.url);
    expect(after.get(u(0))).toMatchObject({ emails: ['renamed@example.com'], isAdmin: false, roles: [] });
    expect(after.get(u(7))).toMatchObject({ isAdmin: true });
    expect(after.get(u(7))?.roles).toContain('office_admin');
    expect(after.get(u(1))?.status).toBe('suspended');
    expect(groups(after.get(u(1)))).not.toContain(`callcenter:${cc}`);
    expect(after.get(u(2))?.status).toBe('active');
    expect(after.get(u(4))?.status).toBe('invited');
    expect(after.get(u(8))).toMatchObject({ status: 'deactivated', phoneNumbers: [] });
    expect(after.get(u(10))?.phoneNumbers).toEqual([]);
    expect(sim.state.numbers.find((n) => n.number === numberOf(10))?.status).toBe('available');
    expect(() => sim.drift.removeMembership(u(10), numberOf(10))).toThrow(/neither an operator/);
  });

  it('a listing already being paged sees the drift on its next page (the listing cache is dropped)', async () => {
    const sim = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(sim);
    const bearer = { authorization: `Bearer ${DIALPAD_TOKEN}` };
    const first = await call(sim.url, '/api/v2/users?state=active&limit=2', { headers: bearer });
    const page1 = first.json as { items: Array<{ id: string }>; cursor: string };
    // Suspend every active user not on the first page: the rest of this listing of active users must now be empty.
    const shown = new Set(page1.items.map((i) => i.id));
    for (const user of sim.state.users) if (user.state === 'active' && !shown.has(user.id)) sim.drift.setStatus(user.id, 'suspended');
    const next = await call(sim.url, `/api/v2/users?cursor=${encodeURIComponent(page1.cursor)}`, { headers: bearer });
    expect((next.json as { items: unknown[] }).items).toEqual([]);
  });

  it('mutate: any other change, seen by the next read', async () => {
    const sim = await startDialpadSimulator(s, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(sim);
    sim.drift.mutate((state) => {
      const user = state.users.find((x) => x.id === u(3));
      if (user) user.license = 'agents';
    });
    const one = await call(sim.url, `/api/v2/users/${u(3)}`, { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } });
    expect(one.json).toMatchObject({ license: 'agents' });
  });
});
