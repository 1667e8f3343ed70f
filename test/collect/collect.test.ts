import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import type { Account } from '../../src/model/account.js';
import { loadSnapshot } from '../../src/snapshot/load.js';
import { verifySnapshot } from '../../src/snapshot/verify.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { sampleDialpadState, sampleDixaState, uuidOf } from '../simulator/sample-state.js';
import { collect, DIALPAD_TOKEN, DIALPAD_USER_TOKEN, DIXA_TOKEN, expectNoSecrets, testConfig } from './helpers.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function dixaState(): DixaState {
  const s = sampleDixaState(130);
  const a5 = s.agents[5];
  if (a5) {
    a5.roles = ['admin'];
    a5.additionalEmails = ['alias5@example.org'];
  }
  return s;
}

function dialpadState(): DialpadState {
  const s = sampleDialpadState(260);
  const u4 = s.users[4];
  if (u4) {
    u4.admin_office_ids = ['5000000000000002'];
    u4.is_admin = false;
    u4.emails = ['user5@example.com', 'user5.alias@example.com'];
  }
  // A number targeting a user that the user's own phone_numbers do not list.
  s.numbers.push({ number: '+14155550777', status: 'user', target_type: 'user', target_id: s.users[1]?.id ?? '', type: 'local' });
  return s;
}

/** What docs/rules.md says the Dixa accounts must be, computed from the served state. */
function expectedDixa(state: DixaState) {
  const lastSeen = new Map(state.presence.map((p) => [p.userId, p.lastSeen]));
  const groupsOf = (id: string) =>
    [
      ...state.teams.filter((t) => t.memberIds.includes(id)).map((t) => `team:${t.id}`),
      ...state.queues.filter((q) => q.members.some((m) => m.agentId === id)).map((q) => `queue:${q.queue.id}`),
    ].sort();
  const agents = state.agents.map((a) => ({
    id: a.id,
    status: lastSeen.get(a.id) ? 'active' : 'invited',
    isAdmin: (a.roles ?? []).some((r) => /^(administrator|admin)$/i.test(r)),
    emails: [a.email, ...(a.additionalEmails ?? [])],
    memberships: groupsOf(a.id),
  }));
  const memberIds = new Set([...state.teams.flatMap((t) => t.memberIds), ...state.queues.flatMap((q) => q.members.map((m) => m.agentId))]);
  const endUsers = state.endUsers
    .filter((u) => memberIds.has(u.id))
    .map((u) => ({ id: u.id, status: 'deactivated', isAdmin: false, emails: [u.email ?? ''], memberships: groupsOf(u.id) }));
  return [...agents, ...endUsers].sort((x, y) => x.id.localeCompare(y.id));
}

function expectedDialpad(state: DialpadState) {
  const map: Record<string, string> = { active: 'active', pending: 'invited', suspended: 'suspended', deleted: 'deactivated', cancelled: 'deactivated' };
  return state.users
    .map((u) => {
      const numbers = new Set([...(u.phone_numbers ?? []), ...state.numbers.filter((n) => n.target_type === 'user' && n.target_id === u.id).map((n) => n.number)]);
      const ccs = Object.entries(state.operators).filter(([, o]) => o.userIds.includes(u.id)).map(([id]) => `callcenter:${id}`);
      return {
        id: u.id,
        status: map[u.state ?? ''] ?? 'unknown',
        isAdmin: Boolean(u.is_admin || u.is_super_admin || (u.admin_office_ids ?? []).length > 0),
        emails: u.emails ?? [],
        memberships: [...ccs, ...[...numbers].map((n) => `number:${n}`), ...(u.office_id ? [`office:${u.office_id}`] : [])].sort(),
      };
    })
    .sort((x, y) => x.id.localeCompare(y.id));
}

const project = (accounts: Account[]) =>
  accounts.map((a) => ({ id: a.id, status: a.status, isAdmin: a.isAdmin, emails: a.emails, memberships: a.memberships.map((m) => `${m.kind}:${m.id}`).sort() }));

function rawJson(dir: string, rel: string): unknown {
  return JSON.parse(readFileSync(join(dir, rel), 'utf8'));
}

describe('collectSnapshot against the simulators over real HTTP', () => {
  it('matches the served organisation exactly, raw files included, and verifies intact', async () => {
    const dState = dixaState();
    const pState = dialpadState();
    const dixa = await startDixaSimulator(dState, { tokens: [DIXA_TOKEN], rateLimit: false });
    const dialpad = await startDialpadSimulator(pState, { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(dixa, dialpad);
    const result = await collect({ vendors: ['dixa', 'dialpad'], baseUrls: { dixa: dixa.url, dialpad: dialpad.url }, config: testConfig({ dixaPageLimit: 25, dialpadPageLimit: 50 }) });
    expect(result.failures).toEqual([]);
    expect(result.complete).toBe(true);
    const d = result.snapshot.vendors.dixa;
    const p = result.snapshot.vendors.dialpad;
    if (!d || !p) throw new Error('vendor missing');

    expect(project(d.accounts)).toEqual(expectedDixa(dState));
    expect(project(p.accounts)).toEqual(expectedDialpad(pState));
    expect(d.org).toEqual({ id: dState.organization.id, name: dState.organization.name });
    expect(p.org).toEqual({ id: pState.company.id, name: pState.company.name });

    // Groups: member ids as the vendor lists them, including the unknown id.
    expect(d.groups.filter((g) => g.kind === 'team').map((g) => ({ id: g.id, memberIds: g.memberIds }))).toEqual(
      dState.teams.map((t) => ({ id: t.id, memberIds: t.memberIds })).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(d.groups.find((g) => g.kind === 'team' && g.memberIds.includes(uuidOf('f', 99)))).toBeDefined();
    expect(d.groups.filter((g) => g.kind === 'queue').map((g) => g.memberIds)).toEqual(dState.queues.map((q) => q.members.map((m) => m.agentId)));
    expect(p.groups.filter((g) => g.kind === 'callcenter').map((g) => ({ id: g.id, memberIds: g.memberIds, officeId: g.officeId }))).toEqual(
      pState.callcenters.map((c) => ({ id: c.id, memberIds: pState.operators[c.id]?.userIds ?? [], officeId: c.office_id ?? null })),
    );
    expect(p.seatPools.map((s) => [s.scopeId, s.available.talk_lines])).toEqual(pState.offices.map((o) => [o.id, Number(pState.availableLicenses[o.id]?.talk_lines)]));
    expect(p.numbers.map((n) => n.number).sort()).toEqual(pState.numbers.map((n) => n.number).sort());

    // The 404 member id is reported as a caveat, not as an account, and the listing stays complete.
    const endusers = d.listings.find((l) => l.name === 'endusers');
    expect(endusers?.complete).toBe(true);
    expect(endusers?.reason).toContain(uuidOf('f', 99));
    expect(d.accounts.some((a) => a.id === uuidOf('f', 99))).toBe(false);

    // Raw files are what was served.
    const agentPages = d.listings.find((l) => l.name === 'agents')?.files ?? [];
    expect(agentPages.length).toBe(Math.ceil(dState.agents.length / 25));
    expect(agentPages.flatMap((f) => (rawJson(result.dir, f) as { data: unknown[] }).data)).toEqual(dState.agents);
    expect(rawJson(result.dir, 'raw/dixa/presence/presence.json')).toEqual(dState.presence);
    for (const t of dState.teams) {
      expect((rawJson(result.dir, `raw/dixa/team-members/${t.id}.json`) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toEqual(t.memberIds);
    }
    const userPages = p.listings.find((l) => l.name === 'users')?.files ?? [];
    expect(userPages.flatMap((f) => (rawJson(result.dir, f) as { items: unknown[] }).items)).toEqual(pState.users);
    const opRaw = rawJson(result.dir, `raw/dialpad/operators/${pState.callcenters[0]?.id}.json`) as { users: Array<{ id: string }> };
    expect(opRaw.users.map((u) => u.id)).toEqual(pState.operators[pState.callcenters[0]?.id ?? '']?.userIds);

    // The manifest hashes every file; the folder verifies; load returns the same snapshot.
    expect(result.manifest.finalized).toBe(true);
    expect(Object.keys(result.manifest.files)).toContain('normalized.json');
    expect(Object.keys(result.manifest.files)).toContain('raw/dixa/requests.json');
    expect(await verifySnapshot(result.dir)).toMatchObject({ intact: true, changed: [], missing: [], added: [] });
    const loaded = await loadSnapshot(result.dir);
    expect(loaded.sha256).toBe(result.sha256);
    expect(loaded.snapshot).toEqual(result.snapshot);
    expect(result.manifest.vendors.dixa?.listings.find((l) => l.name === 'agents')).toMatchObject({ pages: agentPages.length, items: dState.agents.length, complete: true });
    expectNoSecrets(result.dir, result.failures);
  });

  it('is deterministic: the same organisation twice gives the same data and the same raw file hashes', async () => {
    const dixa = await startDixaSimulator(dixaState(), { tokens: [DIXA_TOKEN], rateLimit: false });
    const dialpad = await startDialpadSimulator(dialpadState(), { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(dixa, dialpad);
    const run = () => collect({ vendors: ['dixa', 'dialpad'], baseUrls: { dixa: dixa.url, dialpad: dialpad.url }, config: testConfig({ dixaPageLimit: 25, dialpadPageLimit: 50 }) });
    const [a, b] = [await run(), await run()];
    const data = (r: typeof a) =>
      (['dixa', 'dialpad'] as const).map((v) => {
        const snap = r.snapshot.vendors[v];
        return { accounts: snap?.accounts, groups: snap?.groups, seatPools: snap?.seatPools, numbers: snap?.numbers, invalid: snap?.invalidRecords };
      });
    expect(data(b)).toEqual(data(a));
    // normalized.json and the output marker carry the run's id and times; every raw file must be the same.
    const files = (r: typeof a) => Object.fromEntries(Object.entries(r.manifest.files).filter(([k]) => k !== 'normalized.json' && k !== '.access-audit-output.json'));
    expect(files(b)).toEqual(files(a));
    expect(Object.keys(files(a)).length).toBeGreaterThan(10);
  });

  it('stays inside the documented rate limits: no 429 from the simulators', async () => {
    const dixa = await startDixaSimulator(sampleDixaState(20), { tokens: [DIXA_TOKEN] });
    const dialpad = await startDialpadSimulator(sampleDialpadState(30), { tokens: [DIALPAD_TOKEN] });
    running.push(dixa, dialpad);
    const result = await collect({
      vendors: ['dixa', 'dialpad'],
      baseUrls: { dixa: dixa.url, dialpad: dialpad.url },
      // The documented limits (the config defaults), which the simulators enforce.
      config: Config.parse({ vendors: { dixa: { pageLimit: 5 } } }),
    });
    expect(result.complete).toBe(true);
    expect(dixa.stats.requests).toBeGreaterThan(8);
    expect(dixa.stats.throttled).toBe(0);
    expect(dialpad.stats.throttled).toBe(0);
  });

  it('Dialpad key that is not a company admin key: numbers refused is a caveat, the vendor stays complete', async () => {
    const pState = dialpadState();
    const dialpad = await startDialpadSimulator(pState, { tokens: [], nonAdminTokens: [DIALPAD_USER_TOKEN], rateLimit: false });
    running.push(dialpad);
    const result = await collect({ vendors: ['dialpad'], baseUrls: { dialpad: dialpad.url }, tokens: { dialpad: DIALPAD_USER_TOKEN } });
    const p = result.snapshot.vendors.dialpad;
    if (!p) throw new Error('dialpad missing');
    if (!p.complete) throw new Error(p.incompleteReasons.join('\n'));
    const numbers = p.listings.find((l) => l.name === 'numbers');
    expect(numbers?.complete).toBe(true);
    expect(numbers?.reason).toMatch(/403.*not a company admin key/);
    expect(p.listings.find((l) => l.name === 'company')?.reason).toMatch(/403/);
    expect(p.org).toBeNull();
    expect(p.numbers).toEqual([]);
    // Users' own phone_numbers are still there.
    expect(p.accounts.filter((a) => a.phoneNumbers.length > 0).length).toBe(pState.users.filter((u) => (u.phone_numbers ?? []).length > 0).length);
    expect(result.snapshot.vendors.dixa).toBeUndefined();
    expectNoSecrets(result.dir, result.failures);
  });

  it('records without an id are counted apart with raw file and index; the vendor stays complete; nothing is dropped silently', async () => {
    const dState = sampleDixaState(6);
    (dState.agents as unknown[]).push({ createdAt: '2024-01-01T00:00:00Z', displayName: 'No id', email: 'noid@example.org' });
    (dState.agents as unknown[]).push({ id: 12345, createdAt: '2024-01-01T00:00:00Z', displayName: 'Numeric id', email: 'num@example.org', extra: { nested: true } });
    const dixa = await startDixaSimulator(dState, { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(dixa);
    const result = await collect({ vendors: ['dixa'], baseUrls: { dixa: dixa.url } });
    const d = result.snapshot.vendors.dixa;
    if (!d) throw new Error('dixa missing');
    const feeds = ['MISSING_SEAT', 'DUPLICATE_ACCOUNT'];
    expect(d.invalidRecords).toEqual([
      { listing: 'agents', file: 'raw/dixa/agents/0001.json', index: 6, problem: expect.stringMatching(/^id: /), feeds },
      { listing: 'agents', file: 'raw/dixa/agents/0001.json', index: 7, problem: expect.stringMatching(/^id: /), feeds },
    ]);
    expect(d.complete).toBe(true);
    expect(result.failures).toEqual([]);
    expect(d.listings.find((l) => l.name === 'agents')?.reason).toMatch(/^2 records unusable/);
    expect(d.accounts.filter((a) => a.rawStatus !== 'end-user')).toHaveLength(6);
  });
});
