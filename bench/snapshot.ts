/**
 * Snapshot benchmark: a scaled organisation served by the simulators at the vendors' documented rate limits
 * (Dixa 10/s burst 4 per token, Dialpad 20/s per company), collected through real HTTP on loopback.
 * Checks: wall time per vendor within 15% of the ideal (requests / rate) and zero 429s provoked.
 *
 *   node --expose-gc --import tsx bench/snapshot.ts [--small] [--latency MS]
 *
 * --latency MS delays every response's headers by MS (the simulators' slow-headers fault on every request), to show
 * that the rate limit, not round trips, bounds a snapshot when the vendor is far away.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectSnapshot } from '../src/collect/collect.js';
import { Config } from '../src/config/schema.js';
import { startDialpadSimulator } from '../src/vendors/dialpad/simulator/index.js';
import type { DialpadState, DialpadUserRaw } from '../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../src/vendors/dixa/simulator/index.js';
import type { DixaAgentRaw, DixaState } from '../src/vendors/dixa/simulator/state.js';

const small = process.argv.includes('--small');
const latencyArg = process.argv.indexOf('--latency');
const latencyMs = latencyArg >= 0 ? Number(process.argv[latencyArg + 1]) : 0;
const latency = latencyMs > 0 ? [{ kind: 'slow-headers' as const, delayMs: latencyMs, times: Number.POSITIVE_INFINITY }] : [];
const SIZE = small
  ? { agents: 500, teams: 30, queues: 30, users: 2000, callcenters: 50, offices: 5, numbers: 1000 }
  : { agents: 5000, teams: 300, queues: 300, users: 20000, callcenters: 500, offices: 20, numbers: 10000 };

/** Deterministic pseudo-random numbers (mulberry32), so every run serves the same organisation. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (prefix: string, n: number): string => `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

function dixaState(): DixaState {
  const r = rng(1);
  const agents: DixaAgentRaw[] = Array.from({ length: SIZE.agents }, (_, i) => ({
    id: uuid('a', i + 1),
    createdAt: '2024-01-01T09:00:00Z',
    displayName: `Agent ${i + 1}`,
    email: `agent${i + 1}@example.org`,
    additionalEmails: [],
    additionalPhoneNumbers: [],
    middleNames: [],
    roles: i % 50 === 0 ? ['Administrator'] : ['Agent'],
  }));
  const endUsers = Array.from({ length: Math.ceil(SIZE.agents / 200) }, (_, i) => ({ id: uuid('e', i + 1), createdAt: '2023-01-01T00:00:00Z', displayName: `Former ${i + 1}`, email: `former${i + 1}@example.org` }));
  const pick = () => (agents[Math.floor(r() * agents.length)] as DixaAgentRaw).id;
  return {
    organization: { id: uuid('0', 1), name: 'Bench Org', subdomain: 'bench', status: 'Active' },
    agents,
    presence: agents.map((a, i) => ({ userId: a.id, requestTime: '2024-06-01T12:00:00.000', connectionStatus: 'Offline' as const, ...(i % 5 !== 0 ? { lastSeen: '2024-05-30T08:00:00.000' } : {}) })),
    teams: Array.from({ length: SIZE.teams }, (_, i) => ({
      id: uuid('7', i + 1),
      name: `Team ${i + 1}`,
      memberIds: [...new Set([...Array.from({ length: 20 }, pick), (endUsers[i % endUsers.length] as { id: string }).id])],
    })),
    queues: Array.from({ length: SIZE.queues }, (_, i) => ({
      queue: { id: uuid('9', i + 1), name: `Queue ${i + 1}`, isDefault: i === 0, organizationId: uuid('0', 1), queueThresholds: {}, slaCalculationMethod: 'AbandonedIgnored', doNotOfferTimeouts: {}, isDoNotOfferEnabled: false },
      members: [...new Set(Array.from({ length: 15 }, pick))].map((agentId, p) => ({ agentId, priority: p + 1 })),
    })),
    endUsers,
  };
}

function dialpadState(): DialpadState {
  const r = rng(2);
  const offices = Array.from({ length: SIZE.offices }, (_, i) => ({ id: String(5000000000000001 + i), name: `Office ${i + 1}`, state: 'active', is_primary_office: i === 0 }));
  const states = ['active', 'active', 'active', 'active', 'pending', 'suspended', 'deleted'];
  const users: DialpadUserRaw[] = Array.from({ length: SIZE.users }, (_, i) => ({
    id: String(6000000000000001 + i),
    office_id: (offices[i % offices.length] as { id: string }).id,
    emails: [`user${i + 1}@example.com`],
    first_name: 'User',
    last_name: String(i + 1),
    display_name: `User ${i + 1}`,
    state: states[i % states.length] as string,
    license: 'talk',
    is_admin: i % 500 === 0,
    is_super_admin: i === 0,
    date_added: '2023-01-01T10:00:00',
    ...(i < SIZE.numbers ? { phone_numbers: [`+1415${String(1000000 + i)}`] } : {}),
  }));
  const callcenters = Array.from({ length: SIZE.callcenters }, (_, i) => ({ id: String(7000000000000001 + i), name: `Call center ${i + 1}`, office_id: (offices[i % offices.length] as { id: string }).id, state: 'active' }));
  const operators: DialpadState['operators'] = {};
  for (const cc of callcenters) operators[cc.id] = { userIds: [...new Set(Array.from({ length: 10 }, () => (users[Math.floor(r() * users.length)] as DialpadUserRaw).id))], roomIds: [] };
  return {
    company: { id: '4000000000000001', name: 'Bench Co' },
    users,
    offices,
    availableLicenses: Object.fromEntries(offices.map((o) => [o.id, { talk_lines: '5', contact_center_lines: '2' }])),
    callcenters,
    operators,
    numbers: users.slice(0, SIZE.numbers).map((u) => ({ number: u.phone_numbers?.[0] ?? '', status: 'user', target_type: 'user', target_id: u.id, office_id: u.office_id })),
  };
}

const DIXA_TOKEN = 'bench-dixa-token';
const DIALPAD_TOKEN = 'bench-dialpad-key';
const config = Config.parse({});

const dixa = await startDixaSimulator(dixaState(), { tokens: [DIXA_TOKEN], faults: latency });
const dialpad = await startDialpadSimulator(dialpadState(), { tokens: [DIALPAD_TOKEN], faults: latency });
const parent = mkdtempSync(join(tmpdir(), 'aa-bench-snapshot-'));
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
const t0 = performance.now();
const result = await collectSnapshot({
  outDir: join(parent, 'snapshot'),
  vendors: ['dixa', 'dialpad'],
  baseUrls: { dixa: dixa.url, dialpad: dialpad.url },
  tokens: { dixa: DIXA_TOKEN, dialpad: DIALPAD_TOKEN },
  config,
});
const wallMs = performance.now() - t0;
clearInterval(sampler);
await dixa.close();
await dialpad.close();

const rows: string[] = [];
let ok = result.complete;
for (const [vendor, sim, limit] of [
  ['dixa', dixa, config.vendors.dixa.rateLimit],
  ['dialpad', dialpad, config.vendors.dialpad.rateLimit],
] as const) {
  const snap = result.snapshot.vendors[vendor];
  if (!snap) throw new Error(`${vendor} missing`);
  const ms = Date.parse(snap.finishedAt) - Date.parse(snap.startedAt);
  const requests = sim.stats.requests;
  // The bucket starts full: `burst` requests go at once, the rest at the sustained rate.
  const idealMs = (Math.max(0, requests - limit.burst) / limit.perSecond) * 1000;
  const ratio = ms / idealMs;
  if (ratio > 1.15 || sim.stats.throttled > 0) ok = false;
  rows.push(
    `| ${vendor} | ${snap.accounts.length} | ${snap.groups.length} | ${requests} | ${limit.perSecond}/s burst ${limit.burst} | ${(idealMs / 1000).toFixed(1)} s | ${(ms / 1000).toFixed(1)} s | ${((ratio - 1) * 100).toFixed(1)}% | ${sim.stats.throttled} |`,
  );
}
const files = Object.keys(result.manifest.files).length;
const bytes = Object.values(result.manifest.files).reduce((n, f) => n + f.bytes, 0);
console.log(`sizes: ${JSON.stringify(SIZE)}; added latency ${latencyMs} ms per response`);
console.log('| vendor | accounts | groups | requests | limit | ideal | wall | over ideal | 429s |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log(`total wall ${(wallMs / 1000).toFixed(1)} s; ${files} files, ${(bytes / 1e6).toFixed(1)} MB; peak RSS ${((peakRss) / 1e6).toFixed(0)} MB; complete ${result.complete}`);
console.log(ok ? 'PASS: within 15% of ideal, no 429' : 'FAIL');
rmSync(parent, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
