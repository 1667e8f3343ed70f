/**
 * Audit engine benchmark: correlation + every rule over synthetic model objects.
 *   node --expose-gc --import tsx bench/audit.ts            (10k, 100k, 1M identities; each size in its own process)
 *   node --expose-gc --import tsx bench/audit.ts --size 100000
 * Accounts per vendor = identities / 10 (100,000 per vendor at 1M identities).
 * Mix: accounts matched by primary email (~88%), by a secondary email (5%), through the domain-alias table (2%),
 * orphans (3%), ambiguous (1%), unknown/dup (1%); identities 90% active, 5% suspended, 3% deprovisioned, 2% staged;
 * an assignments export entitling ~12% of identities per vendor; teams, queues, call centers, numbers, seat pools.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Config } from '../src/config/schema.js';
import type { Vendor } from '../src/model/common.js';
import type { Account, Group, PhoneNumber, SeatPool } from '../src/model/account.js';
import type { Assignment, Identity, IdpReadResult } from '../src/model/identity.js';
import type { NormalizedSnapshot, VendorSnapshot } from '../src/model/snapshot.js';
import { runAudit } from '../src/audit/audit.js';
import { exceptionsOf } from './auditFixtures.js';

/** Deterministic PRNG (mulberry32): the same org every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildOrg(n: number): { idp: IdpReadResult; assignments: IdpReadResult; snapshot: NormalizedSnapshot; config: Config } {
  const rand = rng(n);
  const identities: Identity[] = new Array<Identity>(n);
  for (let i = 0; i < n; i++) {
    const r = rand();
    const status = r < 0.9 ? 'active' : r < 0.95 ? 'suspended' : r < 0.98 ? 'deprovisioned' : 'staged';
    const email = `user${i}@example.com`;
    identities[i] = {
      id: `00u${i.toString(36)}`,
      primaryEmail: email,
      emails: [email, `u${i}.alt@example.com`, `smtp:user${i}@legacy.example.com`],
      login: email,
      displayName: `User ${i}`,
      status,
      rawStatus: status.toUpperCase(),
      condition: null,
      format: 'okta-rockstar-users',
      source: { file: '/bench/okta.csv', row: i + 2 },
      employeeId: null,
      department: i % 3 === 0 ? 'Support' : i % 3 === 1 ? 'Sales' : 'Ops',
      manager: null,
      lastLogin: null,
      groups: i % 50 === 0 ? ['Admins'] : [],
    };
  }
  // Two identities sharing an alias, for ambiguous accounts.
  const sharedAlias = (k: number): string => `shared${k}@example.com`;
  const perVendor = Math.floor(n / 10);
  const assignmentRows: Assignment[] = [];
  const vendors = {} as Record<Vendor, VendorSnapshot>;
  for (const vendor of ['dixa', 'dialpad'] as const) {
    const accounts: Account[] = new Array<Account>(perVendor);
    const offset = vendor === 'dixa' ? 0 : Math.floor(n / 3);
    for (let j = 0; j < perVendor; j++) {
      const owner = (offset + j * 7) % n;
      const r = rand();
      let emails: string[];
      if (r < 0.88) emails = [`User${owner}@Example.com`];
      else if (r < 0.93) emails = [`nobody${j}@elsewhere.net`, `u${owner}.alt@example.com`];
      else if (r < 0.95) emails = [`user${owner}@oldco.io`];
      else if (r < 0.98) emails = [`contractor${j}@agency.net`];
      else if (r < 0.99) {
        emails = [sharedAlias(j)];
        (identities[owner] as Identity).emails.push(sharedAlias(j));
        (identities[(owner + 1) % n] as Identity).emails.push(sharedAlias(j));
      } else emails = [`User${owner}@example.com`, `user${(owner + 3) % n}@example.com`];
      const s = rand();
      const status = s < 0.8 ? 'active' : s < 0.9 ? 'invited' : s < 0.95 ? 'deactivated' : s < 0.99 ? 'suspended' : 'unknown';
      const id = vendor === 'dixa' ? `agent-${j.toString(16)}` : String(5_000_000_000 + j);
      accounts[j] = {
        vendor,
        id,
        emails,
        displayName: `User ${owner}`,
        status,
        rawStatus: status,
        roles: j % 40 === 0 ? ['Administrator'] : ['Agent'],
        isAdmin: j % 40 === 0,
        createdAt: rand() < 0.5 ? '2025-01-01T00:00:00Z' : '2025-06-25T00:00:00',
        lastSeen: null,
        firstLogin: null,
        license: vendor === 'dialpad' ? 'talk' : null,
        officeId: vendor === 'dialpad' ? `office-${j % 5}` : null,
        phoneNumbers: vendor === 'dialpad' && j % 2 === 0 ? [`+1555${String(j).padStart(7, '0')}`] : [],
        memberships: [],
      };
      if (rand() < 0.12 * 10) {
        // Entitle the owner (most accounts' owners) through the assignments export.
        if (rand() < 0.95) assignmentRows.push({ subject: `user${owner}@example.com`, subjectEmails: [`user${owner}@example.com`], app: vendor === 'dixa' ? 'Dixa' : 'Dialpad Talk', group: null, rawStatus: null, format: 'okta-current-assignments', source: { file: '/bench/assign.csv', row: assignmentRows.length + 2 } });
      }
    }
    // Entitled people with no account: MISSING_SEAT candidates (about 2% of identities).
    for (let k = 0; k < Math.floor(n * 0.02); k++) {
      const who = Math.floor(rand() * n);
      assignmentRows.push({ subject: `user${who}@example.com`, subjectEmails: [], app: vendor === 'dixa' ? 'Dixa' : 'Dialpad Talk', group: null, rawStatus: null, format: 'okta-current-assignments', source: { file: '/bench/assign.csv', row: assignmentRows.length + 2 } });
    }
    const groups: Group[] = [];
    const teams = Math.max(5, Math.floor(perVendor / 500));
    for (let t = 0; t < teams; t++) {
      const memberIds: string[] = [];
      for (let j = t; j < perVendor; j += teams) memberIds.push((accounts[j] as Account).id);
      groups.push({ vendor, kind: vendor === 'dixa' ? (t % 2 === 0 ? 'team' : 'queue') : 'callcenter', id: `g-${t}`, name: `Group ${t}`, memberIds, officeId: null });
    }
    const seatPools: SeatPool[] = [];
    const numbers: PhoneNumber[] = [];
    if (vendor === 'dialpad') {
      for (let o = 0; o < 5; o++) {
        groups.push({ vendor, kind: 'office', id: `office-${o}`, name: ['Support', 'Sales', 'Ops', 'HQ', 'Lab'][o] as string, memberIds: [], officeId: null });
        seatPools.push({ vendor, scopeId: `office-${o}`, scopeName: `Office ${o}`, available: { talk_lines: 100 } });
      }
      for (let j = 0; j < perVendor; j += 3) numbers.push({ vendor, number: `+1666${String(j).padStart(7, '0')}`, status: 'assigned', targetType: 'user', targetId: (accounts[j] as Account).id, officeId: null });
    }
    vendors[vendor] = { vendor, baseUrl: 'http://127.0.0.1', startedAt: '2025-06-30T00:00:00Z', finishedAt: '2025-06-30T00:10:00Z', org: null, complete: true, incompleteReasons: [], listings: [], accounts, groups, seatPools, numbers, invalidRecords: [] };
  }
  const base = { sha256: '0'.repeat(64), encoding: 'utf8', delimiter: ',', notes: [], groupColumns: [] };
  const idp: IdpReadResult = { ...base, file: '/bench/okta.csv', format: 'okta-rockstar-users', rowsRead: n, identities, assignments: [] };
  const assignments: IdpReadResult = { ...base, file: '/bench/assign.csv', format: 'okta-current-assignments', rowsRead: assignmentRows.length, identities: [], assignments: assignmentRows };
  const snapshot: NormalizedSnapshot = { schemaVersion: 1, runId: 'bench', toolVersion: '0', startedAt: '2025-06-30T00:00:00Z', finishedAt: '2025-06-30T00:10:00Z', vendors };
  const config = Config.parse({ correlation: { domainAliases: { 'oldco.io': 'example.com' } }, adminGroups: ['Admins'] });
  return { idp, assignments, snapshot, config };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function measure(n: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = performance.now();
  const org = buildOrg(n);
  const buildMs = performance.now() - t0;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const exceptions = exceptionsOf(50);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = runAudit({ ...org, exceptions, previous: null, asOf: new Date('2025-06-30T12:00:00Z') });
  const auditMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const accounts = result.correlations.length;
  const owners: Record<string, number> = {};
  for (const c of result.correlations) owners[c.owner.state] = (owners[c.owner.state] ?? 0) + 1;
  console.log(
    JSON.stringify({
      identities: n,
      accounts,
      assignmentRows: org.assignments.assignments.length,
      findings: result.findings.length,
      owners,
      buildInputMs: Math.round(buildMs),
      auditMs: Math.round(auditMs),
      auditCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      rssAfterInputMB: Number(mb(rssBefore)),
      peakRssMB: Number(mb(peakRss)),
    }),
  );
}

const sizeArg = process.argv.indexOf('--size');
if (sizeArg >= 0) {
  measure(Number(process.argv[sizeArg + 1]));
} else {
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${mb(totalmem())} MB RAM`);
  for (const n of [10_000, 100_000, 1_000_000]) {
    // One process per size, so each peak RSS is its own.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--size', String(n)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(child.stdout);
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
}
