/**
 * Plan benchmark: buildPlan over a large organisation, then applyDecisions revoking every finding.
 * Run: node --expose-gc --import tsx bench/plan.ts
 */
import { buildPlan } from '../src/plan/build.js';
import { applyDecisions, type DecisionsReadResult } from '../src/plan/decisions.js';
import { renderPlanMarkdown } from '../src/plan/markdown.js';
import { account, finding, findingsDoc, group, identity, snapshotOf, uuid, vendorSnapshot } from '../test/plan/fixtures.js';
import { Config } from '../src/config/schema.js';
import type { Account, Finding, Membership } from '../src/model/index.js';

function org(dixaAccounts: number, dialpadAccounts: number, goneShare: number): { input: Parameters<typeof buildPlan>[0]; findings: Finding[] } {
  const queues = Array.from({ length: 50 }, (_, i) => uuid(800_000 + i));
  const teams = Array.from({ length: 20 }, (_, i) => uuid(900_000 + i));
  const dx: Account[] = [];
  const findings: Finding[] = [];
  for (let i = 0; i < dixaAccounts; i++) {
    const id = uuid(i);
    const q = [queues[i % 50]!, queues[(i * 7) % 50]!];
    const memberships: Membership[] = [...new Set(q)].map((qid) => ({ kind: 'queue', id: qid, name: null, role: null }));
    memberships.push({ kind: 'team', id: teams[i % 20]!, name: null, role: null });
    dx.push(account('dixa', id, { displayName: `Agent ${i}`, memberships }));
    if (i % Math.round(1 / goneShare) === 0) findings.push(finding('ORPHANED_ACCOUNT', `dixa:${id}`));
  }
  const dp: Account[] = [];
  for (let i = 0; i < dialpadAccounts; i++) {
    const id = String(5_000_000_000_000 + i);
    dp.push(account('dialpad', id, { displayName: `Caller ${i}`, officeId: '1', phoneNumbers: [`+1415${String(i).padStart(7, '0')}`], memberships: [{ kind: 'callcenter', id: String(i % 30), name: null, role: 'operator' }] }));
    if (i % Math.round(1 / goneShare) === 0) findings.push(finding('TERMINATED_STILL_ACTIVE', `dialpad:${id}`));
  }
  const groups = [
    ...queues.map((q) => group('dixa', 'queue', q, `Queue ${q.slice(0, 4)}`, dx.filter((a) => a.memberships.some((m) => m.id === q)).map((a) => a.id))),
    ...teams.map((t) => group('dixa', 'team', t, `Team ${t.slice(0, 4)}`, [])),
  ];
  const snapshot = snapshotOf(vendorSnapshot('dixa', { accounts: dx, groups }), vendorSnapshot('dialpad', { accounts: dp }));
  return {
    findings,
    input: { doc: findingsDoc(findings), snapshot, snapshotSha256: 'x'.repeat(64), config: Config.parse({}), identities: [], allowMassRemoval: true, generatedAt: '2024-06-30T10:00:00.000Z' },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
for (const [dixa, dialpad] of [[2_000, 1_000], [20_000, 10_000]] as const) {
  const { input, findings } = org(dixa, dialpad, 0.1);
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  const plan = buildPlan(input);
  const buildMs = performance.now() - t;
  t = performance.now();
  const md = renderPlanMarkdown(plan, input.doc);
  const mdMs = performance.now() - t;
  const decisions: DecisionsReadResult = { file: 'bench.xlsx', sha256: '', rows: findings.map((f, i) => ({ row: i + 2, findingId: f.id, decision: 'Revoke', rawDecision: 'Revoke', reviewer: 'r@example.com', date: '2024-07-01', justification: 'bench' })) };
  t = performance.now();
  const final = applyDecisions(plan, input.doc, decisions);
  const applyMs = performance.now() - t;
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
  console.log(
    `| ${dixa + dialpad} accounts, ${findings.length} findings | ${plan.actions.length} actions | build ${buildMs.toFixed(0)} ms | markdown ${mdMs.toFixed(0)} ms (${(md.length / 1e6).toFixed(1)} MB) | decisions ${applyMs.toFixed(0)} ms (${final.plan.actions.length} actions) | heap +${heapMb.toFixed(0)} MB |`,
  );
}

/**
 * New hires: every identity entitled to both apps, half of them without a seat (MISSING_SEAT on each vendor), in a
 * company of 40 Dialpad offices. Each finding looks up its identity and its office: a linear search per finding
 * made this case quadratic (issue 19).
 */
function newHires(people: number): { input: Parameters<typeof buildPlan>[0]; findings: Finding[] } {
  const identities = Array.from({ length: people }, (_, i) => identity(`person${i}@example.com`, { department: `Office ${i % 40}` }));
  const offices = Array.from({ length: 40 }, (_, i) => group('dialpad', 'office', String(100 + i), `Office ${i}`, []));
  const findings: Finding[] = [];
  for (let i = 0; i < people; i += 2) {
    const email = `person${i}@example.com`;
    findings.push(finding('MISSING_SEAT', `dixa:identity:${email}`, { identityEmail: email }));
    findings.push(finding('MISSING_SEAT', `dialpad:identity:${email}`, { identityEmail: email }));
  }
  const snapshot = snapshotOf(vendorSnapshot('dixa', { accounts: [] }), vendorSnapshot('dialpad', { accounts: [], groups: offices }));
  return {
    findings,
    input: { doc: findingsDoc(findings), snapshot, snapshotSha256: 'x'.repeat(64), config: Config.parse({}), identities, allowMassRemoval: true, generatedAt: '2024-06-30T10:00:00.000Z' },
  };
}

for (const people of [10_000, 40_000]) {
  const { input, findings } = newHires(people);
  const t = performance.now();
  const plan = buildPlan(input);
  const ms = performance.now() - t;
  console.log(`| new hires: ${people} people, ${findings.length} MISSING_SEAT | ${plan.actions.length} actions | build ${ms.toFixed(0)} ms (${((ms * 1000) / findings.length).toFixed(1)} µs per finding) |`);
}
