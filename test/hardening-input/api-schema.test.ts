/**
 * Vendor responses that break the schema, served by the simulators over real HTTP (a handler put in front with
 * `server.use`, or bad records in the served state) and collected for real. What must hold for every one of them:
 * a response that is not the envelope fails its listing clearly (its reason names the endpoint) and the vendor is
 * marked incomplete; a record that cannot be used is reported in invalidRecords with its raw file and index, and the
 * vendor stays complete (issue 15). Nothing is dropped silently: every record served is either in the snapshot or in
 * invalidRecords. Harmless deviations (extra fields, huge strings) are kept intact.
 * test/collect/collect.test.ts already covers a Dixa agent without an id or with a numeric id; this goes further.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import type { VendorSnapshot } from '../../src/model/snapshot.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { DIALPAD_ORIGIN, startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { DIXA_ORIGIN, startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { collect, DIALPAD_TOKEN, DIXA_TOKEN } from '../collect/helpers.js';
import { sampleDialpadState, sampleDixaState } from '../simulator/sample-state.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

type Vendor = 'dixa' | 'dialpad';

async function startSim(vendor: Vendor, mutate?: (state: Record<string, unknown>) => void): Promise<RunningSimulator> {
  if (vendor === 'dixa') {
    const state = sampleDixaState(6);
    mutate?.(state as unknown as Record<string, unknown>);
    const sim = await startDixaSimulator(state, { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(sim);
    return sim;
  }
  const state = sampleDialpadState(6);
  mutate?.(state as unknown as Record<string, unknown>);
  const sim = await startDialpadSimulator(state, { tokens: [DIALPAD_TOKEN], rateLimit: false });
  running.push(sim);
  return sim;
}

async function collected(vendor: Vendor, sim: RunningSimulator): Promise<{ v: VendorSnapshot; failures: string[]; manifest: Record<string, unknown> }> {
  const result = await collect({ vendors: [vendor], baseUrls: { [vendor]: sim.url } });
  const v = result.snapshot.vendors[vendor];
  if (!v) throw new Error(`${vendor} missing from the snapshot`);
  const manifest = JSON.parse(readFileSync(join(result.dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  return { v, failures: result.failures, manifest };
}

/**
 * Records that cannot be used (here: null, a number, a string where an object is documented) are counted apart with
 * their raw file and index; the listing and the vendor stay complete (issue 15: one odd object never aborts a vendor).
 */
function expectRecordsCountedApart(r: Awaited<ReturnType<typeof collected>>, listing: string, served: number): void {
  const invalid = r.v.invalidRecords.filter((i) => i.listing === listing);
  expect(invalid.length).toBeGreaterThanOrEqual(served);
  for (const i of invalid) expect(i.file ?? '').toMatch(new RegExp(`^raw/${r.v.vendor}/${listing}/`));
  const stats = r.v.listings.find((l) => l.name === listing);
  expect(stats?.complete).toBe(true);
  expect(stats?.reason ?? '').toMatch(/unusable/);
  expect(r.v.complete).toBe(true);
}

/** The listing is not ok, says why naming the endpoint, and the vendor (in memory and in the manifest) is incomplete. */
function expectListingFailed(r: Awaited<ReturnType<typeof collected>>, listing: string, endpoint: RegExp): void {
  expect(r.v.complete).toBe(false);
  const stats = r.v.listings.find((l) => l.name === listing);
  expect(stats, `listing ${listing}`).toBeDefined();
  expect(stats?.complete).toBe(false);
  const said = [stats?.reason ?? '', ...r.v.incompleteReasons, ...r.failures].join('\n');
  const invalid = r.v.invalidRecords.filter((i) => i.listing === listing);
  // Either the whole response was refused (the reason names the endpoint), or its records were reported one by one.
  if (invalid.length === 0) expect(said).toMatch(endpoint);
  expect(r.failures.length).toBeGreaterThan(0);
  expect(JSON.stringify(r.manifest)).toMatch(/"complete":\s*false/);
}

const PAGE_SHAPES: Array<[string, JsonBodyType]> = [
  ['a bare array instead of the envelope', []],
  ['a string', 'agents'],
  ['null', null],
  ['the envelope with data null', { data: null, items: null }],
  ['the envelope with data an object', { data: { id: 'x' }, items: { id: 'x' } }],
  ['an array of nulls', { data: [null, 1, 'x'], items: [null, 1, 'x'] }],
];

const ENDPOINTS: Array<{ vendor: Vendor; listing: string; path: string; endpoint: RegExp }> = [
  { vendor: 'dixa', listing: 'agents', path: '/v1/agents', endpoint: /\/v1\/agents/ },
  { vendor: 'dixa', listing: 'presence', path: '/v1/agents/presence', endpoint: /presence/ },
  { vendor: 'dixa', listing: 'teams', path: '/v1/teams', endpoint: /\/v1\/teams/ },
  { vendor: 'dixa', listing: 'queues', path: '/v1/queues', endpoint: /\/v1\/queues/ },
  { vendor: 'dixa', listing: 'team-members', path: '/v1/teams/:teamId/agents', endpoint: /\/v1\/teams\/[^/]+\/agents/ },
  { vendor: 'dixa', listing: 'queue-members', path: '/v1/queues/:queueId/members', endpoint: /\/v1\/queues\/[^/]+\/members/ },
  { vendor: 'dialpad', listing: 'users', path: '/api/v2/users', endpoint: /\/api\/v2\/users/ },
  { vendor: 'dialpad', listing: 'offices', path: '/api/v2/offices', endpoint: /\/api\/v2\/offices/ },
  { vendor: 'dialpad', listing: 'callcenters', path: '/api/v2/callcenters', endpoint: /\/api\/v2\/callcenters/ },
  { vendor: 'dialpad', listing: 'operators', path: '/api/v2/callcenters/:id/operators', endpoint: /\/api\/v2\/callcenters\/[^/]+\/operators/ },
  { vendor: 'dialpad', listing: 'numbers', path: '/api/v2/numbers', endpoint: /\/api\/v2\/numbers/ },
  { vendor: 'dialpad', listing: 'licenses', path: '/api/v2/offices/:office_id/available_licenses', endpoint: /available_licenses/ },
];

describe('a response that is not the documented shape fails its listing clearly; records that cannot be used are counted apart', () => {
  for (const e of ENDPOINTS) {
    it(`${e.vendor} ${e.listing}: every broken page shape`, async () => {
      const problems: string[] = [];
      for (const [label, body] of PAGE_SHAPES) {
        // Presence is documented as a bare array: for it an array of junk is the broken shape, a bare [] is fine.
        if (e.listing === 'presence' && label === 'a bare array instead of the envelope') continue;
        // Dialpad documents `items` (and the operators' `users`/`rooms`) as nullable: null is an empty list there
        // (research/dialpad.md section 8, the SDK reads `items or []`), and license counts may be null (unknown).
        // Dixa's document leaves `data` out of every list envelope's required fields: null or absent is empty too.
        if (label === 'the envelope with data null') continue;
        // AvailableLicensesProto allows any extra property: an object whatever its keys is a (countless) answer.
        if (e.listing === 'licenses' && body !== null && typeof body === 'object' && !Array.isArray(body)) continue;
        const sim = await startSim(e.vendor);
        const origin = e.vendor === 'dixa' ? DIXA_ORIGIN : DIALPAD_ORIGIN;
        // Operators answer `{users, rooms}`, not the list envelope: break that shape instead.
        const served = e.listing === 'operators' && body !== null && typeof body === 'object' && !Array.isArray(body) ? { users: (body as { items: JsonBodyType }).items, rooms: [] } : body;
        sim.server.use(http.get(`${origin}${e.path}`, () => HttpResponse.json(served)));
        const r = await collected(e.vendor, sim);
        try {
          if (label === 'an array of nulls') expectRecordsCountedApart(r, e.listing, 3);
          else expectListingFailed(r, e.listing, e.endpoint);
        } catch (err) {
          problems.push(`${e.vendor} ${e.listing}, ${label}: ${(err as Error).message}`);
        }
        await sim.close();
        running.splice(running.indexOf(sim), 1);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('records that break the schema are reported, never dropped', () => {
  it('Dixa agents: wrong types are invalid records; extra fields and huge strings are kept as sent', async () => {
    const huge = 'H'.repeat(1_000_000);
    const sim = await startSim('dixa', (s) => {
      const agents = s.agents as Array<Record<string, unknown>>;
      const base = (i: number): Record<string, unknown> => ({ ...(agents[0] as object), id: `bad-${i}`, email: `bad${i}@example.org` });
      agents.push(
        { ...base(1), email: 42 },
        { ...base(2), roles: 'Administrator' },
        { ...base(3), additionalEmails: 'x@example.org' },
        { ...base(4), displayName: { first: 'x' } },
        { ...base(5), id: '' },
        { ...base(6), displayName: huge, unexpected: { nested: [1, 2, 3] }, email: 'huge@example.org' },
      );
    });
    const served = (sim.state as { agents: unknown[] }).agents.length;
    const r = await collected('dixa', sim);
    const agents = r.v.accounts.filter((a) => a.rawStatus !== 'end-user');
    const invalid = r.v.invalidRecords.filter((i) => i.listing === 'agents');
    // Nothing silently dropped: every agent served is an account or an invalid record.
    expect(agents.length + invalid.length).toBe(served);
    expect(invalid.map((i) => i.index).sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10]);
    expect(invalid.every((i) => i.file === 'raw/dixa/agents/0001.json')).toBe(true);
    // One odd record never makes the vendor incomplete; the rules an agent feeds say they are partial.
    expect(r.v.complete).toBe(true);
    expect(invalid[0]?.feeds).toContain('MISSING_SEAT');
    const kept = agents.find((a) => a.id === 'bad-6');
    expect(kept?.displayName).toBe(huge);
    expect(JSON.stringify(r.manifest)).toMatch(/"complete":\s*true/);
  });

  it('Dialpad users: no id, emails a string, state a number are invalid; emails null and a group entry without group_id are allowed; extras kept', async () => {
    const huge = 'Z'.repeat(500_000);
    const sim = await startSim('dialpad', (s) => {
      const users = s.users as Array<Record<string, unknown>>;
      const base = (i: number): Record<string, unknown> => ({ ...(users[1] as object), id: String(6100000000000000 + i), emails: [`bad${i}@example.com`] });
      const { id: _drop, ...noId } = base(1);
      users.push(
        noId,
        { ...base(2), emails: null },
        { ...base(3), emails: 'bad3@example.com' },
        { ...base(4), state: 5 },
        { ...base(5), group_details: [{ group_id: null }] },
        { ...base(6), display_name: huge, first_name: huge, brand_new_field: { a: 1 } },
      );
    });
    const served = (sim.state as { users: unknown[] }).users.length;
    const r = await collected('dialpad', sim);
    const invalid = r.v.invalidRecords.filter((i) => i.listing === 'users');
    expect(r.v.accounts.length + invalid.length).toBe(served);
    // No id, emails a string, state a number: the document allows none of them. emails null it allows (nullable).
    expect(invalid.length).toBe(3);
    expect(r.v.accounts.find((a) => a.id === String(6100000000000002))?.emails).toEqual([]);
    // The membership entry without group_id is dropped from its user with a note; the user stays.
    expect(r.v.accounts.some((a) => a.id === String(6100000000000005))).toBe(true);
    expect(r.v.listings.find((l) => l.name === 'users')?.reason).toMatch(/group_details entry without group_id.*6100000000000005/);
    expect(r.v.complete).toBe(true);
    expect(r.v.accounts.find((a) => a.id === String(6100000000000006))?.displayName).toBe(huge);
  });

  it('Dixa team and queue members, Dialpad operators and numbers with wrong types: reported per record', async () => {
    const dixa = await startSim('dixa');
    dixa.server.use(
      http.get(`${DIXA_ORIGIN}/v1/teams/:teamId/agents`, () => HttpResponse.json({ data: [{ id: 7, name: 'n', email: 'e@x.org' }, { name: 'no id' }] })),
      http.get(`${DIXA_ORIGIN}/v1/queues/:queueId/members`, () => HttpResponse.json({ data: [{ agentId: { id: 'x' }, priority: 1 }] })),
    );
    const d = await collected('dixa', dixa);
    expect(d.v.complete).toBe(true);
    for (const listing of ['team-members', 'queue-members']) {
      const stats = d.v.listings.find((l) => l.name === listing);
      expect(d.v.invalidRecords.some((i) => i.listing === listing && i.feeds?.includes('DEACTIVATED_STILL_ASSIGNED')), listing).toBe(true);
      expect(stats?.reason, listing).toMatch(/unusable/);
    }

    const dialpad = await startSim('dialpad');
    dialpad.server.use(
      http.get(`${DIALPAD_ORIGIN}/api/v2/callcenters/:id/operators`, () => HttpResponse.json({ users: [{ id: null }, 'x'], rooms: null })),
      http.get(`${DIALPAD_ORIGIN}/api/v2/numbers`, () => HttpResponse.json({ items: [{ number: 14155550100, status: ['assigned'] }] })),
    );
    const p = await collected('dialpad', dialpad);
    expect(p.v.complete).toBe(true);
    for (const listing of ['operators', 'numbers']) expect(p.v.invalidRecords.some((i) => i.listing === listing), listing).toBe(true);
  });
});
