/**
 * A realistic report input built in memory: a small organisation (Dixa agents, teams, queues; Dialpad users,
 * offices, call centers), its IdP identities, correlations in every owner state, a FindingsDocument with every rule
 * code (some suppressed, some hostile), a remediation plan, and the diff against a previous run.
 * The audit engine is built elsewhere; these are the canonical types it produces (src/model).
 */
import {
  RULE_CODES,
  SEVERITY_RANK,
  type Account,
  type Correlation,
  type Finding,
  type FindingsDocument,
  type Group,
  type Identity,
  type NormalizedSnapshot,
  type PlanAction,
  type RemediationPlan,
  type RuleCode,
  type Severity,
  type SnapshotManifest,
  type Vendor,
  type VendorSnapshot,
} from '../../src/model/index.js';
import { sha256, stableId } from '../../src/util/hash.js';
import type { ReportInput } from '../../src/report/write.js';

/** Values that must come out inert in CSV, XLSX and HTML. */
export const HOSTILE = [
  "=cmd|' /C calc'!A0",
  '+1+1',
  '@SUM(1)',
  '-2+3',
  ' =1+1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
] as const;

export const FIXTURE_RUN_ID = 'run-2025-06-30T09-00-00Z-7f3a';
const STARTED = '2025-06-30T09:00:00.000Z';
const FINISHED = '2025-06-30T09:02:41.512Z';

export interface FixtureOptions {
  outDir: string;
  /** Put the hostile strings into names, emails and titles (default true). */
  hostile?: boolean;
  /** Mark findings new/persisting and add resolved ones, as with --previous (default true). */
  previous?: boolean;
  /** Mark the Dialpad snapshot incomplete (its users listing cut short), as a failed collect would. */
  incompleteDialpad?: boolean;
  /** Extra generated Dixa agents and Dialpad users, each an orphan with a finding (benchmarks). */
  extraAccountsPerVendor?: number;
}

function identity(id: string, name: string, email: string | null, status: Identity['status'], groups: string[], row: number, extra: Partial<Identity> = {}): Identity {
  return {
    id,
    primaryEmail: email,
    emails: email ? [email, ...(extra.emails ?? [])] : [],
    login: email,
    displayName: name,
    status,
    rawStatus: status === 'active' ? 'ACTIVE' : status === 'deprovisioned' ? 'DEPROVISIONED' : status === 'suspended' ? 'SUSPENDED' : 'STAGED',
    condition: null,
    format: 'okta-rockstar-users',
    source: { file: 'okta-users.csv', row },
    employeeId: null,
    department: extra.department ?? 'Support',
    manager: null,
    lastLogin: '2025-06-20T08:00:00.000Z',
    groups,
  };
}

function dixaAgent(id: string, name: string, emails: string[], status: Account['status'], memberships: Account['memberships'], extra: Partial<Account> = {}): Account {
  return {
    vendor: 'dixa',
    id,
    emails,
    displayName: name,
    status,
    rawStatus: status === 'invited' ? 'never-seen' : status === 'deactivated' ? 'end-user' : 'seen',
    roles: extra.roles ?? ['Agent'],
    isAdmin: extra.isAdmin ?? false,
    createdAt: extra.createdAt ?? '2024-02-01T10:00:00Z',
    lastSeen: status === 'active' ? '2025-06-29T16:12:00' : null,
    firstLogin: null,
    license: null,
    officeId: null,
    phoneNumbers: extra.phoneNumbers ?? [],
    memberships,
  };
}

function dialpadUser(id: string, name: string, emails: string[], status: Account['status'], memberships: Account['memberships'], extra: Partial<Account> = {}): Account {
  const raw: Record<Account['status'], string> = { active: 'active', invited: 'pending', suspended: 'suspended', deactivated: 'deleted', unknown: 'frozen' };
  return {
    vendor: 'dialpad',
    id,
    emails,
    displayName: name,
    status,
    rawStatus: raw[status],
    roles: extra.roles ?? [],
    isAdmin: extra.isAdmin ?? false,
    createdAt: extra.createdAt ?? '2023-11-14T09:30:00',
    lastSeen: status === 'active' ? '2025-06-28T12:00:00' : null,
    firstLogin: status === 'invited' ? null : '2023-11-15T08:00:00',
    license: 'talk',
    officeId: extra.officeId ?? '5100000000000001',
    phoneNumbers: extra.phoneNumbers ?? [],
    memberships,
  };
}

const team = (id: string, name: string) => ({ kind: 'team' as const, id, name, role: null });
const queue = (id: string, name: string, priority: number) => ({ kind: 'queue' as const, id, name, role: String(priority) });
const callcenter = (id: string, name: string) => ({ kind: 'callcenter' as const, id, name, role: 'operator' });

interface FindingSpec {
  rule: RuleCode;
  severity: Severity;
  vendor: Vendor | null;
  subject: string;
  accountId?: string | null;
  accountEmail?: string | null;
  identityId?: string | null;
  identityEmail?: string | null;
  title: string;
  evidence?: Record<string, unknown>;
  exception?: string | null;
}

/** As the audit records it (src/audit/suppress.ts exceptionEvidence). */
const EXCEPTIONS: Record<string, Record<string, unknown>> = {
  'EXC-api-bot': { id: 'EXC-api-bot', kind: 'service', scope: { vendor: 'dixa', email: 'api-bot@acme.test' }, rules: ['*'], reason: 'Integration account for the order system (ticket SEC-1142)', approver: 'ciso@acme.test', expires: null },
  'EXC-hana-leave': { id: 'EXC-hana-leave', kind: 'accepted-risk', scope: { identityEmail: 'hana@acme.test' }, rules: ['TERMINATED_STILL_ACTIVE'], reason: 'Parental leave; account kept for return on 2025-09-01', approver: 'hr-lead@acme.test', expires: '2025-09-01' },
};

function finding(s: FindingSpec): Finding {
  const applied = s.exception ? EXCEPTIONS[s.exception] : undefined;
  return {
    id: stableId('F', s.rule, s.subject),
    rule: s.rule,
    severity: s.severity,
    vendor: s.vendor,
    accountId: s.accountId ?? null,
    accountEmail: s.accountEmail ?? null,
    identityId: s.identityId ?? null,
    identityEmail: s.identityEmail ?? null,
    subject: s.subject,
    title: s.title,
    evidence: { ...(s.evidence ?? {}), ...(applied ? { exceptionApplied: applied } : {}) },
    suppressed: Boolean(s.exception),
    exception: s.exception ?? null,
  };
}

function sortFindings(list: Finding[]): Finding[] {
  const vendorRank = (v: Vendor | null): string => v ?? '\uffff';
  return list.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.rule.localeCompare(b.rule) ||
      vendorRank(a.vendor).localeCompare(vendorRank(b.vendor)) ||
      a.id.localeCompare(b.id),
  );
}

function summarize(findings: Finding[], identities: number, dixa: number, dialpad: number, correlations: Correlation[], resolved: number | undefined): FindingsDocument['summary'] {
  const byRule: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  const byVendor: Record<string, number> = {};
  const owners: Record<string, number> = {};
  for (const f of findings) {
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byVendor[f.vendor ?? 'none'] = (byVendor[f.vendor ?? 'none'] ?? 0) + 1;
  }
  for (const c of correlations) owners[c.owner.state] = (owners[c.owner.state] ?? 0) + 1;
  const suppressed = findings.filter((f) => f.suppressed).length;
  return {
    total: findings.length,
    unsuppressed: findings.length - suppressed,
    suppressed,
    byRule,
    bySeverity,
    byVendor,
    identities,
    accounts: { dixa, dialpad },
    owners,
    complete: true,
    ...(resolved === undefined ? {} : { resolved }),
  };
}

export function buildReportInput(opts: FixtureOptions): ReportInput {
  const hostile = opts.hostile ?? true;
  const previous = opts.previous ?? true;

  const identities: Identity[] = [
    identity('00u1alice', 'Alice Andersen', 'alice@acme.test', 'active', ['Dixa Agents', 'Dialpad Users'], 2),
    identity('00u2bob', 'Bob Berg', 'bob@acme.test', 'deprovisioned', ['Dixa Agents', 'Dialpad Users'], 3),
    identity('00u3carol', 'Carol Christensen', 'carol@acme.test', 'active', ['Dixa Agents', 'Dialpad Users'], 4, { department: 'Copenhagen' }),
    identity('00u4dan', 'Dan Dahl', 'dan@acme.test', 'active', ['Dixa Agents'], 5),
    identity('00u5erin', 'Erin Eriksen', 'erin@acme.test', 'active', ['Dixa Agents'], 6, { emails: ['erin@oldco.test'] }),
    identity('00u6frank', 'Frank Frost', 'frank@acme.test', 'active', ['Dixa Agents'], 7, { emails: ['support@acme.test'] }),
    identity('00u7frank', 'Frank Frost', 'frank.frost@acme.test', 'active', ['Dixa Agents'], 8, { emails: ['support@acme.test'] }),
    identity('00u8grace', 'Grace Gram', 'grace@acme.test', 'active', ['Dialpad Users'], 9),
    identity('00u9hana', 'Hana Holm', 'hana@acme.test', 'suspended', ['Dialpad Users'], 10),
    identity('00uAstaged', 'Ivan Iversen', 'ivan@acme.test', 'staged', [], 11),
  ];

  const T_TIER1 = 'c0ffee00-0000-4000-8000-000000000001';
  const T_BILLING = 'c0ffee00-0000-4000-8000-000000000002';
  const Q_EN = 'ba5e0000-0000-4000-8000-000000000001';
  const Q_VIP = 'ba5e0000-0000-4000-8000-000000000002';
  const CC_SALES = '6200000000000001';
  const CC_SUPPORT = '6200000000000002';
  const OFFICE_CPH = '5100000000000001';
  const OFFICE_AAR = '5100000000000002';

  const dixa: Account[] = [
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000001', 'Alice Andersen', ['alice@acme.test'], 'active', [team(T_TIER1, 'Tier 1'), queue(Q_EN, 'English', 1)]),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000002', 'Bob Berg', ['bob@acme.test'], 'active', [team(T_BILLING, 'Billing'), queue(Q_VIP, 'VIP', 2)]),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000003', 'Carol Christensen', ['carol@acme.test'], 'invited', [], { createdAt: '2025-04-02T10:00:00Z' }),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000004', 'Dan Dahl', ['dan@acme.test'], 'active', [queue(Q_EN, 'English', 3)]),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000005', 'Erin Eriksen', ['erin@acme.test'], 'active', [team(T_TIER1, 'Tier 1')]),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000006', 'Erin E. (old)', ['erin@oldco.test'], 'active', []),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000007', 'Support Frank', ['support@acme.test'], 'active', [queue(Q_VIP, 'VIP', 1)]),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000008', 'Ghost Agent', ['ghost@acme.test'], 'active', [team(T_TIER1, 'Tier 1')], { roles: ['Agent', 'Administrator'], isAdmin: true }),
    dixaAgent('a1a1a1a1-0000-4000-8000-000000000009', 'API Bot', ['api-bot@acme.test'], 'active', [], { roles: ['Agent'] }),
    dixaAgent('a1a1a1a1-0000-4000-8000-00000000000a', 'Old Leaver', ['leaver@acme.test'], 'deactivated', [queue(Q_EN, 'English', 5)]),
  ];
  const dialpad: Account[] = [
    dialpadUser('4800000000000001', 'Alice Andersen', ['alice@acme.test'], 'active', [callcenter(CC_SUPPORT, 'Support Line')], { phoneNumbers: ['+4535550101'] }),
    dialpadUser('4800000000000002', 'Bob Berg', ['bob@acme.test'], 'suspended', [callcenter(CC_SALES, 'Sales Line')], { phoneNumbers: ['+4535550102'] }),
    dialpadUser('4800000000000004', 'Dan Dahl', ['dan@acme.test'], 'active', [], { officeId: OFFICE_AAR }),
    dialpadUser('4800000000000008', 'Grace Gram', ['grace@acme.test'], 'active', [], { isAdmin: true, roles: ['admin'] }),
    dialpadUser('4800000000000009', 'Hana Holm', ['hana@acme.test'], 'active', [callcenter(CC_SUPPORT, 'Support Line')]),
    dialpadUser('4800000000000010', 'Root Admin', ['root@acme.test'], 'active', [], { isAdmin: true, roles: ['super_admin'] }),
  ];

  const correlations: Correlation[] = [];
  const match = (vendor: Vendor, accountId: string, identityId: string, rule: 'primary_email' | 'any_email' | 'domain_alias', key: string): void => {
    correlations.push({ vendor, accountId, owner: { state: 'matched', identityId, rule, key } });
  };
  const d = (n: number): string => dixa[n]?.id ?? '';
  const p = (n: number): string => dialpad[n]?.id ?? '';
  match('dixa', d(0), '00u1alice', 'primary_email', 'alice@acme.test');
  match('dixa', d(1), '00u2bob', 'primary_email', 'bob@acme.test');
  match('dixa', d(2), '00u3carol', 'primary_email', 'carol@acme.test');
  match('dixa', d(3), '00u4dan', 'primary_email', 'dan@acme.test');
  match('dixa', d(4), '00u5erin', 'primary_email', 'erin@acme.test');
  match('dixa', d(5), '00u5erin', 'any_email', 'erin@oldco.test');
  correlations.push({ vendor: 'dixa', accountId: d(6), owner: { state: 'ambiguous', candidates: ['00u6frank', '00u7frank'], key: 'support@acme.test' } });
  correlations.push({ vendor: 'dixa', accountId: d(7), owner: { state: 'unmatched', suggestions: [] } });
  correlations.push({ vendor: 'dixa', accountId: d(8), owner: { state: 'excluded', exceptionId: 'EXC-api-bot', reason: 'Integration account for the order system (ticket SEC-1142)' } });
  correlations.push({ vendor: 'dixa', accountId: d(9), owner: { state: 'unmatched', suggestions: ['00u2bob'] } });
  match('dialpad', p(0), '00u1alice', 'primary_email', 'alice@acme.test');
  match('dialpad', p(1), '00u2bob', 'primary_email', 'bob@acme.test');
  match('dialpad', p(2), '00u4dan', 'primary_email', 'dan@acme.test');
  match('dialpad', p(3), '00u8grace', 'primary_email', 'grace@acme.test');
  match('dialpad', p(4), '00u9hana', 'primary_email', 'hana@acme.test');
  correlations.push({ vendor: 'dialpad', accountId: p(5), owner: { state: 'unmatched', suggestions: [] } });

  const specs: FindingSpec[] = [
    { rule: 'ORPHANED_ACCOUNT', severity: 'critical', vendor: 'dixa', subject: `dixa:${d(7)}`, accountId: d(7), accountEmail: 'ghost@acme.test', title: 'Dixa agent Ghost Agent (ghost@acme.test) has no owner in the IdP and is an administrator', evidence: { status: 'active', roles: ['Agent', 'Administrator'], teams: ['Tier 1'] } },
    { rule: 'ORPHANED_ACCOUNT', severity: 'critical', vendor: 'dialpad', subject: `dialpad:${p(5)}`, accountId: p(5), accountEmail: 'root@acme.test', title: 'Dialpad user Root Admin (root@acme.test) has no owner in the IdP and is an administrator', evidence: { state: 'active', isAdmin: true } },
    { rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor: 'dixa', subject: `dixa:${d(8)}`, accountId: d(8), accountEmail: 'api-bot@acme.test', title: 'Dixa agent API Bot (api-bot@acme.test) has no owner in the IdP', exception: 'EXC-api-bot' },
    { rule: 'TERMINATED_STILL_ACTIVE', severity: 'critical', vendor: 'dixa', subject: `dixa:${d(1)}`, accountId: d(1), accountEmail: 'bob@acme.test', identityId: '00u2bob', identityEmail: 'bob@acme.test', title: 'Bob Berg left (DEPROVISIONED) but the Dixa agent is active', evidence: { identityStatus: 'deprovisioned', accountStatus: 'active', lastSeen: '2025-06-29T16:12:00' } },
    { rule: 'DEACTIVATED_STILL_ASSIGNED', severity: 'medium', vendor: 'dialpad', subject: `dialpad:${p(1)}`, accountId: p(1), accountEmail: 'bob@acme.test', identityId: '00u2bob', identityEmail: 'bob@acme.test', title: 'Suspended Dialpad user Bob Berg still holds 1 call-center seat and 1 number', evidence: { callcenters: ['Sales Line'], numbers: ['+4535550102'] } },
    { rule: 'DEACTIVATED_STILL_ASSIGNED', severity: 'medium', vendor: 'dixa', subject: `dixa:${d(9)}`, accountId: d(9), accountEmail: 'leaver@acme.test', title: 'Downgraded Dixa agent Old Leaver is still a member of queue English', evidence: { queues: ['English'] } },
    { rule: 'MISSING_SEAT', severity: 'medium', vendor: 'dialpad', subject: 'dialpad:identity:carol@acme.test', identityId: '00u3carol', identityEmail: 'carol@acme.test', title: 'Carol Christensen is entitled to Dialpad but has no account', evidence: { entitledBy: 'group Dialpad Users', office: 'Copenhagen' } },
    { rule: 'UNENTITLED_ACCOUNT', severity: 'medium', vendor: 'dialpad', subject: `dialpad:${p(2)}`, accountId: p(2), accountEmail: 'dan@acme.test', identityId: '00u4dan', identityEmail: 'dan@acme.test', title: 'Dan Dahl has a Dialpad account but is not entitled to Dialpad in the IdP' },
    { rule: 'UNACCEPTED_INVITE', severity: 'low', vendor: 'dixa', subject: `dixa:${d(2)}`, accountId: d(2), accountEmail: 'carol@acme.test', identityId: '00u3carol', identityEmail: 'carol@acme.test', title: 'Dixa invite for Carol Christensen not accepted for 89 days', evidence: { createdAt: '2025-04-02T10:00:00Z', ageDays: 89, thresholdDays: 14 } },
    { rule: 'AMBIGUOUS_OWNER', severity: 'medium', vendor: 'dixa', subject: `dixa:${d(6)}`, accountId: d(6), accountEmail: 'support@acme.test', title: 'Dixa agent support@acme.test matches 2 identities', evidence: { candidates: ['00u6frank', '00u7frank'] } },
    { rule: 'DUPLICATE_ACCOUNT', severity: 'medium', vendor: 'dixa', subject: `dixa:${d(4)}`, accountId: d(4), accountEmail: 'erin@acme.test', identityId: '00u5erin', identityEmail: 'erin@acme.test', title: 'Erin Eriksen owns 2 Dixa agents' },
    { rule: 'DUPLICATE_ACCOUNT', severity: 'medium', vendor: 'dixa', subject: `dixa:${d(5)}`, accountId: d(5), accountEmail: 'erin@oldco.test', identityId: '00u5erin', identityEmail: 'erin@acme.test', title: 'Erin Eriksen owns 2 Dixa agents' },
    { rule: 'PRIVILEGED_ACCOUNT', severity: 'info', vendor: 'dialpad', subject: `dialpad:${p(3)}`, accountId: p(3), accountEmail: 'grace@acme.test', identityId: '00u8grace', identityEmail: 'grace@acme.test', title: 'Grace Gram is a Dialpad administrator' },
    { rule: 'PRIVILEGED_ACCOUNT', severity: 'high', vendor: 'dialpad', subject: `dialpad:${p(5)}`, accountId: p(5), accountEmail: 'root@acme.test', title: 'Root Admin is a Dialpad super admin with no owner' },
    { rule: 'SEAT_SHORTFALL', severity: 'low', vendor: 'dialpad', subject: `dialpad:office:${OFFICE_CPH}`, title: 'Office Copenhagen has 0 talk lines available for 1 missing seat', evidence: { available: 0, needed: 1 } },
    { rule: 'EXCEPTION_EXPIRED', severity: 'medium', vendor: null, subject: 'exception:EXC-contractor-2024', title: 'Exception EXC-contractor-2024 expired on 2025-03-31', evidence: { expires: '2025-03-31', approver: 'ciso@acme.test' } },
    { rule: 'DATA_QUALITY', severity: 'low', vendor: null, subject: 'idp:okta-users.csv:row:12:no_email', title: 'okta-users.csv row 12: no usable email', evidence: { kind: 'no_email', row: 12 } },
    { rule: 'TERMINATED_STILL_ACTIVE', severity: 'critical', vendor: 'dialpad', subject: `dialpad:${p(4)}`, accountId: p(4), accountEmail: 'hana@acme.test', identityId: '00u9hana', identityEmail: 'hana@acme.test', title: 'Hana Holm is suspended in the IdP but the Dialpad user is active', exception: 'EXC-hana-leave' },
  ];

  if (hostile) {
    HOSTILE.forEach((h, i) => {
      const id = `evil0000-0000-4000-8000-00000000000${i}`;
      dixa.push(dixaAgent(id, h, [h], 'active', [team(T_TIER1, 'Tier 1')]));
      correlations.push({ vendor: 'dixa', accountId: id, owner: { state: 'unmatched', suggestions: [] } });
      specs.push({ rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor: 'dixa', subject: `dixa:${id}`, accountId: id, accountEmail: h, title: h, evidence: { displayName: h } });
    });
    identities.push(identity('00uEVIL', HOSTILE[5], 'evil@acme.test', 'active', ['Dixa Agents'], 13));
  }

  const extra = opts.extraAccountsPerVendor ?? 0;
  for (let i = 0; i < extra; i++) {
    const n = String(i).padStart(7, '0');
    const did = `b0000000-0000-4000-8000-00000${n}`;
    dixa.push(dixaAgent(did, `Generated Agent ${n}`, [`agent${n}@acme.test`], 'active', [team(T_TIER1, 'Tier 1')]));
    correlations.push({ vendor: 'dixa', accountId: did, owner: { state: 'unmatched', suggestions: [] } });
    specs.push({ rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor: 'dixa', subject: `dixa:${did}`, accountId: did, accountEmail: `agent${n}@acme.test`, title: `Dixa agent Generated Agent ${n} (agent${n}@acme.test) has no owner in the IdP`, evidence: { status: 'active', teams: ['Tier 1'] } });
    const pid = `49${n.padStart(14, '0')}`;
    dialpad.push(dialpadUser(pid, `Generated User ${n}`, [`user${n}@acme.test`], 'active', [], { officeId: i % 2 ? OFFICE_CPH : OFFICE_AAR }));
    correlations.push({ vendor: 'dialpad', accountId: pid, owner: { state: 'unmatched', suggestions: [] } });
    specs.push({ rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor: 'dialpad', subject: `dialpad:${pid}`, accountId: pid, accountEmail: `user${n}@acme.test`, title: `Dialpad user Generated User ${n} (user${n}@acme.test) has no owner in the IdP`, evidence: { state: 'active' } });
  }

  const findings = sortFindings(specs.map(finding));
  let resolved: Finding[] | undefined;
  if (previous) {
    findings.forEach((f, i) => (f.diff = i % 3 === 0 ? 'new' : 'persisting'));
    resolved = [
      finding({ rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor: 'dixa', subject: 'dixa:gone-0001', accountId: 'gone-0001', accountEmail: 'former@acme.test', title: 'Dixa agent Former Employee (former@acme.test) had no owner' }),
      finding({ rule: 'UNACCEPTED_INVITE', severity: 'low', vendor: 'dialpad', subject: 'dialpad:4800000000000099', accountId: '4800000000000099', accountEmail: 'newbie@acme.test', title: 'Dialpad invite for newbie@acme.test was not accepted' }),
    ];
  }

  const groupOf = (vendor: Vendor, kind: Group['kind'], id: string, name: string, members: Account[], unresolved: string[] = [], officeId: string | null = null): Group => ({
    vendor,
    kind,
    id,
    name,
    memberIds: [...members.filter((a) => a.memberships.some((m) => m.kind === kind && m.id === id)).map((a) => a.id), ...unresolved],
    officeId,
  });
  const offices: Group[] = [
    { vendor: 'dialpad', kind: 'office', id: OFFICE_CPH, name: 'Copenhagen', memberIds: dialpad.filter((u) => u.officeId === OFFICE_CPH).map((u) => u.id), officeId: null },
    { vendor: 'dialpad', kind: 'office', id: OFFICE_AAR, name: 'Aarhus', memberIds: dialpad.filter((u) => u.officeId === OFFICE_AAR).map((u) => u.id), officeId: null },
  ];

  const listing = (name: string, endpoint: string, items: number, files: string[]) => ({ name, endpoint, requests: Math.max(1, Math.ceil(items / 100)), pages: Math.max(1, Math.ceil(items / 100)), items, retries: 0, throttled: name === 'agents' ? 1 : 0, errors: [], complete: true, reason: null, files });
  const dixaSnap: VendorSnapshot = {
    vendor: 'dixa',
    baseUrl: 'https://dev.dixa.io',
    startedAt: STARTED,
    finishedAt: '2025-06-30T09:01:12.044Z',
    org: { id: 'org-acme', name: 'Acme Support' },
    complete: true,
    incompleteReasons: [],
    listings: [
      listing('agents', 'GET /v1/agents', dixa.length, ['dixa/agents-0001.json']),
      listing('presence', 'GET /v1/agents/presence', dixa.length, ['dixa/presence.json']),
      listing('teams', 'GET /v1/teams', 2, ['dixa/teams.json']),
      listing('queues', 'GET /v1/queues', 2, ['dixa/queues.json']),
    ],
    accounts: dixa,
    groups: [
      groupOf('dixa', 'team', T_TIER1, 'Tier 1', dixa),
      groupOf('dixa', 'team', T_BILLING, 'Billing', dixa),
      groupOf('dixa', 'queue', Q_EN, 'English', dixa, ['deadbeef-0000-4000-8000-00000000dead']),
      groupOf('dixa', 'queue', Q_VIP, 'VIP', dixa),
    ],
    seatPools: [],
    numbers: [],
    invalidRecords: [],
  };
  const dialpadSnap: VendorSnapshot = {
    vendor: 'dialpad',
    baseUrl: 'https://dialpad.com',
    startedAt: '2025-06-30T09:01:12.100Z',
    finishedAt: '2025-06-30T09:02:30.901Z',
    org: { id: '5100000000000000', name: 'Acme' },
    complete: true,
    incompleteReasons: [],
    listings: [
      listing('users', 'GET /api/v2/users?state=all', dialpad.length, ['dialpad/users-0001.json']),
      listing('offices', 'GET /api/v2/offices', 2, ['dialpad/offices.json']),
      listing('callcenters', 'GET /api/v2/callcenters', 2, ['dialpad/callcenters.json']),
      { ...listing('numbers', 'GET /api/v2/numbers', 2, ['dialpad/numbers.json']), reason: 'admin key: numbers listed' },
    ],
    accounts: dialpad,
    groups: [
      ...offices,
      groupOf('dialpad', 'callcenter', CC_SALES, 'Sales Line', dialpad, [], OFFICE_CPH),
      groupOf('dialpad', 'callcenter', CC_SUPPORT, 'Support Line', dialpad, ['4800000000000777'], OFFICE_CPH),
    ],
    seatPools: [
      { vendor: 'dialpad', scopeId: OFFICE_CPH, scopeName: 'Copenhagen', available: { talk_lines: 0, contact_center_lines: 3 } },
      { vendor: 'dialpad', scopeId: OFFICE_AAR, scopeName: 'Aarhus', available: { talk_lines: 4, contact_center_lines: 0 } },
    ],
    numbers: [
      { vendor: 'dialpad', number: '+4535550101', status: 'assigned', targetType: 'user', targetId: '4800000000000001', officeId: OFFICE_CPH },
      { vendor: 'dialpad', number: '+4535550102', status: 'assigned', targetType: 'user', targetId: '4800000000000002', officeId: OFFICE_CPH },
    ],
    invalidRecords: [],
  };
  if (opts.incompleteDialpad) {
    const users = dialpadSnap.listings[0];
    if (users) Object.assign(users, { complete: false, reason: 'HTTP 503 on page 3 after 5 retries', errors: ['GET /api/v2/users?state=all&cursor=c3: 503'] });
    dialpadSnap.complete = false;
    dialpadSnap.incompleteReasons = ['users: HTTP 503 on page 3 after 5 retries'];
  }
  const snapshot: NormalizedSnapshot = { schemaVersion: 1, runId: FIXTURE_RUN_ID, toolVersion: '0.1.0', startedAt: STARTED, finishedAt: '2025-06-30T09:02:30.950Z', vendors: { dixa: dixaSnap, dialpad: dialpadSnap } };

  const files: SnapshotManifest['files'] = {};
  for (const vs of [dixaSnap, dialpadSnap]) for (const l of vs.listings) for (const f of l.files) files[f] = { sha256: sha256(f), bytes: 1000 + f.length };
  files['normalized.json'] = { sha256: sha256('normalized'), bytes: 48213 };
  const manifest: SnapshotManifest = {
    schemaVersion: 1,
    kind: 'access-audit-snapshot',
    toolVersion: '0.1.0',
    runId: FIXTURE_RUN_ID,
    startedAt: STARTED,
    finishedAt: snapshot.finishedAt,
    finalized: true,
    vendors: Object.fromEntries([dixaSnap, dialpadSnap].map((v) => [v.vendor, { baseUrl: v.baseUrl, complete: v.complete, incompleteReasons: v.incompleteReasons, listings: v.listings }])),
    files,
  };

  const snapshotSha = sha256('manifest');
  const action = (order: number, f: Finding | undefined, kind: string, title: string, call: PlanAction['call'], destructive: boolean, dependsOn: string[] = []): PlanAction => ({
    id: stableId('A', kind, f?.subject),
    order,
    findingIds: f ? [f.id] : [],
    vendor: f?.vendor ?? 'dixa',
    accountId: f?.accountId ?? null,
    kind,
    title,
    call,
    dependsOn,
    destructive,
    reversible: !destructive,
    approvalRequired: destructive,
    risk: destructive ? ['conversations assigned to the agent must be reassigned first'] : [],
    precondition: { expect: { status: 'active' }, snapshotSha256: snapshotSha },
    phase: 'now',
  });
  const byRule = (rule: RuleCode, vendor: Vendor): Finding | undefined => findings.find((f) => f.rule === rule && f.vendor === vendor && !f.suppressed);
  const removeQueue = action(1, byRule('TERMINATED_STILL_ACTIVE', 'dixa'), 'remove_queue_members', 'Remove Bob Berg from queue VIP', { method: 'DELETE', path: `/v1/queues/${Q_VIP}/members`, body: { agentIds: [d(1)] } }, false);
  const plan: RemediationPlan = {
    schemaVersion: 1,
    status: 'ready',
    blockedReasons: [],
    generatedAt: FINISHED,
    runId: FIXTURE_RUN_ID,
    snapshotSha256: snapshotSha,
    perVendor: { dixa: { accounts: dixa.length, destructiveActions: 2, cap: 2, blocked: false }, dialpad: { accounts: dialpad.length, destructiveActions: 1, cap: 1, blocked: false } },
    actions: [
      removeQueue,
      action(2, byRule('TERMINATED_STILL_ACTIVE', 'dixa'), 'downgrade_agent', 'Downgrade Bob Berg to end user', { method: 'DELETE', path: `/v1/agents/${d(1)}` }, true, [removeQueue.id]),
      action(3, byRule('DEACTIVATED_STILL_ASSIGNED', 'dialpad'), 'remove_callcenter_operator', 'Remove Bob Berg from call center Sales Line', { method: 'DELETE', path: `/api/v2/callcenters/${CC_SALES}/operators`, body: { user_id: p(1) } }, false),
      action(4, byRule('ORPHANED_ACCOUNT', 'dixa'), 'reassign_conversations', 'Reassign open conversations of Ghost Agent (manual)', null, false),
    ],
  };

  const notEvaluated: FindingsDocument['notEvaluated'] = [{ rule: 'UNENTITLED_ACCOUNT', vendor: 'dixa', reason: 'no entitlement group for Dixa in the IdP export and no assignments export' }];
  if (opts.incompleteDialpad) {
    for (const rule of ['ORPHANED_ACCOUNT', 'MISSING_SEAT', 'SEAT_SHORTFALL'] as const) notEvaluated.push({ rule, vendor: 'dialpad', reason: 'the Dialpad snapshot is incomplete (users: HTTP 503 on page 3 after 5 retries)' });
  }

  const doc: FindingsDocument = {
    schemaVersion: 1,
    run: {
      id: FIXTURE_RUN_ID,
      toolVersion: '0.1.0',
      startedAt: STARTED,
      finishedAt: FINISHED,
      command: 'run',
      vendors: ['dixa', 'dialpad'],
      inputs: [
        { role: 'idp', path: 'okta-users.csv', sha256: sha256('okta-users.csv') },
        { role: 'assignments', path: 'okta-assignments.csv', sha256: sha256('okta-assignments.csv') },
        { role: 'exceptions', path: 'exceptions.json', sha256: sha256('exceptions.json') },
      ],
      snapshotDir: 'snapshots/2025-06-30T09-00-00Z',
      snapshotSha256: snapshotSha,
      failOn: 'high',
    },
    summary: summarize(findings, identities.length, dixa.length, dialpad.length, correlations, resolved?.length),
    notEvaluated,
    findings,
    ...(resolved ? { resolved } : {}),
    unusedExceptions: ['EXC-unused-2025'],
  };

  return { outDir: opts.outDir, doc, snapshot, manifest, identities, correlations, plan };
}

/** Every rule code appears in the fixture (guards the fixture itself). */
export function rulesIn(doc: FindingsDocument): Set<RuleCode> {
  return new Set(doc.findings.map((f) => f.rule).filter((r) => RULE_CODES.includes(r)));
}
