import { Config } from '../../src/config/schema.js';
import type { Account, Finding, FindingsDocument, Group, Identity, NormalizedSnapshot, PhoneNumber, RuleCode, SeatPool, Severity, Vendor, VendorSnapshot } from '../../src/model/index.js';
import { FindingsDocument as FindingsDocumentSchema, NormalizedSnapshot as NormalizedSnapshotSchema } from '../../src/model/index.js';
import { sha256, stableId } from '../../src/util/hash.js';
import { stableStringify } from '../../src/util/json.js';
import type { PlanInput } from '../../src/plan/build.js';

/** A deterministic uuid-shaped id (Dixa ids are uuids; the spec's path parameters say format uuid). */
export function uuid(n: number): string {
  const hex = sha256(`dixa-${n}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function account(vendor: Vendor, id: string, over: Partial<Account> = {}): Account {
  const local = over.displayName?.toLowerCase().replace(/\s+/g, '.') ?? `user.${id.slice(0, 6)}`;
  return {
    vendor,
    id,
    emails: [`${local}@example.com`],
    displayName: `User ${id.slice(0, 6)}`,
    status: 'active',
    rawStatus: vendor === 'dixa' ? 'seen' : 'active',
    roles: vendor === 'dixa' ? ['Agent'] : [],
    isAdmin: false,
    createdAt: '2024-01-02T10:00:00Z',
    lastSeen: '2024-06-01T10:00:00Z',
    firstLogin: null,
    license: vendor === 'dialpad' ? 'talk' : null,
    officeId: null,
    phoneNumbers: [],
    memberships: [],
    ...over,
  };
}

export function group(vendor: Vendor, kind: Group['kind'], id: string, name: string, memberIds: string[], officeId: string | null = null): Group {
  return { vendor, kind, id, name, memberIds, officeId };
}

export function vendorSnapshot(vendor: Vendor, parts: { accounts: Account[]; groups?: Group[]; seatPools?: SeatPool[]; numbers?: PhoneNumber[]; complete?: boolean; incompleteReasons?: string[] }): VendorSnapshot {
  return {
    vendor,
    baseUrl: vendor === 'dixa' ? 'https://dev.dixa.io' : 'https://dialpad.com',
    startedAt: '2024-06-30T09:00:00Z',
    finishedAt: '2024-06-30T09:05:00Z',
    org: { id: `${vendor}-org`, name: 'Example Co' },
    complete: parts.complete ?? true,
    incompleteReasons: parts.incompleteReasons ?? [],
    listings: [],
    accounts: parts.accounts,
    groups: parts.groups ?? [],
    seatPools: parts.seatPools ?? [],
    numbers: parts.numbers ?? [],
    invalidRecords: [],
  };
}

export function snapshotOf(dixa: VendorSnapshot | undefined, dialpad: VendorSnapshot | undefined): NormalizedSnapshot {
  return NormalizedSnapshotSchema.parse({
    schemaVersion: 1,
    runId: 'run-2024-06-30',
    toolVersion: '0.1.0',
    startedAt: '2024-06-30T09:00:00Z',
    finishedAt: '2024-06-30T09:05:00Z',
    vendors: { ...(dixa ? { dixa } : {}), ...(dialpad ? { dialpad } : {}) },
  });
}

const DEFAULT_SEVERITY: Record<RuleCode, Severity> = {
  ORPHANED_ACCOUNT: 'high',
  TERMINATED_STILL_ACTIVE: 'critical',
  DEACTIVATED_STILL_ASSIGNED: 'medium',
  MISSING_SEAT: 'medium',
  UNENTITLED_ACCOUNT: 'medium',
  UNACCEPTED_INVITE: 'low',
  AMBIGUOUS_OWNER: 'medium',
  DUPLICATE_ACCOUNT: 'medium',
  PRIVILEGED_ACCOUNT: 'info',
  SEAT_SHORTFALL: 'low',
  EXCEPTION_EXPIRED: 'medium',
  DATA_QUALITY: 'low',
  INACTIVE_ACCOUNT: 'low',
  REVOCATION_NOT_DONE: 'high',
};

/** A finding as docs/rules.md defines it: id = F- + 16 hex of SHA-256 of rule U+001F subject. */
export function finding(rule: RuleCode, subject: string, over: Partial<Finding> = {}): Finding {
  const [vendor, second, third] = subject.split(':');
  const isVendor = vendor === 'dixa' || vendor === 'dialpad';
  const accountId = isVendor && second !== 'identity' && second !== 'office' ? subject.slice(subject.indexOf(':') + 1) : null;
  return {
    id: stableId('F', rule, subject),
    rule,
    severity: DEFAULT_SEVERITY[rule],
    vendor: isVendor ? (vendor as Vendor) : null,
    accountId,
    accountEmail: null,
    identityId: null,
    identityEmail: second === 'identity' ? (third ?? null) : null,
    subject,
    title: `${rule} ${subject}`,
    evidence: {},
    suppressed: false,
    exception: null,
    ...over,
  };
}

export function findingsDoc(findings: Finding[]): FindingsDocument {
  return FindingsDocumentSchema.parse({
    schemaVersion: 1,
    run: {
      id: 'run-2024-06-30',
      toolVersion: '0.1.0',
      startedAt: '2024-06-30T09:10:00Z',
      finishedAt: '2024-06-30T09:10:05Z',
      command: 'audit',
      vendors: ['dixa', 'dialpad'],
      inputs: [],
      snapshotDir: 'snapshots/q2',
      snapshotSha256: null,
      failOn: 'high',
    },
    summary: {
      total: findings.length,
      unsuppressed: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      byRule: {},
      bySeverity: {},
      byVendor: {},
      identities: 0,
      accounts: {},
      owners: {},
      complete: true,
    },
    notEvaluated: [],
    findings,
  });
}

export function identity(email: string, over: Partial<Identity> = {}): Identity {
  return {
    id: `00u${sha256(email).slice(0, 12)}`,
    primaryEmail: email,
    emails: [email],
    login: email,
    displayName: email.split('@')[0]!.split('.').map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' '),
    status: 'active',
    rawStatus: 'ACTIVE',
    condition: null,
    format: 'okta-password-health',
    source: { file: 'okta.csv', row: 2 },
    employeeId: null,
    department: null,
    manager: null,
    lastLogin: null,
    groups: [],
    ...over,
  };
}

/** Ordinary accounts with no finding, so the organisation has a realistic size for the cap. */
function filler(vendor: Vendor, n: number, from: number): Account[] {
  return Array.from({ length: n }, (_, i) =>
    vendor === 'dixa'
      ? account('dixa', uuid(from + i), { displayName: `Agent ${from + i}` })
      : account('dialpad', String(5_000_000_000_000 + from + i), { displayName: `Caller ${from + i}`, officeId: '4800000000001' }),
  );
}

// Dixa ids
export const Q_SUPPORT = uuid(9001);
export const Q_BILLING = uuid(9002);
export const T_TIER1 = uuid(9101);
export const DX_GONE = uuid(1); // orphaned, active, queues support+billing, team tier1
export const DX_LEFT = uuid(2); // terminated, admin, queue support
export const DX_ENDUSER = uuid(3); // downgraded end user still in queue support and team tier1
export const DX_INVITE = uuid(4); // old unaccepted invite
export const DX_UNENTITLED = uuid(5); // unentitled, queue billing
export const DX_SERVICE = uuid(6); // orphaned but excepted (service account)
export const DX_DUP_A = uuid(7);
export const DX_AMBIG = uuid(8);

// Dialpad ids (int64 sent as strings)
export const OFFICE_HQ = '4800000000001';
export const OFFICE_SALES = '4800000000002';
export const CC_SUPPORT = '6100000000001';
export const DP_LEFT = '5100000000001'; // terminated, active, call center + 2 numbers
export const DP_SUSPENDED = '5100000000002'; // suspended, still operator + number
export const DP_PENDING = '5100000000003'; // old pending invite
export const DP_ADMIN = '5100000000004'; // privileged, high

export interface Scenario {
  input: PlanInput;
  f: Record<string, Finding>;
}

/** The organisation most tests plan against: every playbook once, both vendors complete. */
export function scenario(opts: { dixaComplete?: boolean; dialpadComplete?: boolean; invites?: 'cancel' | 'resend'; allowMassRemoval?: boolean; capPercent?: number } = {}): Scenario {
  const dixaAccounts: Account[] = [
    account('dixa', DX_GONE, {
      displayName: 'Gina Gone',
      memberships: [
        { kind: 'queue', id: Q_SUPPORT, name: 'Support', role: '1' },
        { kind: 'queue', id: Q_BILLING, name: 'Billing', role: '2' },
        { kind: 'team', id: T_TIER1, name: 'Tier 1', role: null },
      ],
    }),
    account('dixa', DX_LEFT, { displayName: 'Leo Left', roles: ['Agent', 'Administrator'], isAdmin: true, memberships: [{ kind: 'queue', id: Q_SUPPORT, name: 'Support', role: '1' }] }),
    account('dixa', DX_ENDUSER, { displayName: 'Erin Enduser', status: 'deactivated', rawStatus: 'end-user', roles: [], lastSeen: null, memberships: [] }),
    account('dixa', DX_INVITE, { displayName: 'Ivy Invite', status: 'invited', rawStatus: 'never-seen', lastSeen: null, createdAt: '2024-03-01T08:00:00Z' }),
    account('dixa', DX_UNENTITLED, { displayName: 'Uma Unentitled', memberships: [{ kind: 'queue', id: Q_BILLING, name: 'Billing', role: null }] }),
    account('dixa', DX_SERVICE, { displayName: 'Helpdesk Bot' }),
    account('dixa', DX_DUP_A, { displayName: 'Dana Double' }),
    account('dixa', DX_AMBIG, { displayName: 'Sam Shared' }),
    ...filler('dixa', 32, 100),
  ];
  const dixa = vendorSnapshot('dixa', {
    accounts: dixaAccounts,
    groups: [
      group('dixa', 'queue', Q_SUPPORT, 'Support', [DX_GONE, DX_LEFT, DX_ENDUSER, uuid(100)]),
      group('dixa', 'queue', Q_BILLING, 'Billing', [DX_GONE, DX_UNENTITLED]),
      group('dixa', 'team', T_TIER1, 'Tier 1', [DX_GONE, DX_ENDUSER, uuid(101)]),
    ],
    complete: opts.dixaComplete ?? true,
    incompleteReasons: opts.dixaComplete === false ? ['GET /v1/agents: 503 after 5 retries on page 3'] : [],
  });
  const dialpadAccounts: Account[] = [
    account('dialpad', DP_LEFT, {
      displayName: 'Lars Left',
      officeId: OFFICE_HQ,
      phoneNumbers: ['+14155550101'],
      memberships: [{ kind: 'callcenter', id: CC_SUPPORT, name: 'Support Line', role: 'operator' }],
    }),
    account('dialpad', DP_SUSPENDED, { displayName: 'Sue Suspended', status: 'suspended', rawStatus: 'suspended', officeId: OFFICE_HQ, phoneNumbers: ['+14155550103'] }),
    account('dialpad', DP_PENDING, { displayName: 'Pat Pending', status: 'invited', rawStatus: 'pending', officeId: OFFICE_HQ, lastSeen: null, createdAt: '2024-02-01T00:00:00' }),
    account('dialpad', DP_ADMIN, { displayName: 'Ada Admin', isAdmin: true, officeId: OFFICE_HQ }),
    ...filler('dialpad', 26, 200),
  ];
  const dialpad = vendorSnapshot('dialpad', {
    accounts: dialpadAccounts,
    groups: [
      group('dialpad', 'office', OFFICE_HQ, 'Headquarters', []),
      group('dialpad', 'office', OFFICE_SALES, 'Sales', []),
      group('dialpad', 'callcenter', CC_SUPPORT, 'Support Line', [DP_LEFT, DP_SUSPENDED], OFFICE_HQ),
    ],
    seatPools: [
      { vendor: 'dialpad', scopeId: OFFICE_HQ, scopeName: 'Headquarters', available: { talk_lines: 3, contact_center_lines: 0 } },
      { vendor: 'dialpad', scopeId: OFFICE_SALES, scopeName: 'Sales', available: { talk_lines: 0 } },
    ],
    numbers: [
      { vendor: 'dialpad', number: '+14155550102', status: 'user', targetType: 'user', targetId: DP_LEFT, officeId: OFFICE_HQ },
      { vendor: 'dialpad', number: '+14155550103', status: 'user', targetType: 'user', targetId: DP_SUSPENDED, officeId: OFFICE_HQ },
    ],
    complete: opts.dialpadComplete ?? true,
    incompleteReasons: opts.dialpadComplete === false ? ['GET /api/v2/numbers: 403 (not an admin key)'] : [],
  });
  const f = {
    dxGone: finding('ORPHANED_ACCOUNT', `dixa:${DX_GONE}`, { accountEmail: 'gina.gone@example.com' }),
    dxLeft: finding('TERMINATED_STILL_ACTIVE', `dixa:${DX_LEFT}`, { accountEmail: 'leo.left@example.com', identityEmail: 'leo.left@example.com' }),
    dxLeftAdmin: finding('PRIVILEGED_ACCOUNT', `dixa:${DX_LEFT}`, { severity: 'high', accountEmail: 'leo.left@example.com', identityEmail: 'leo.left@example.com' }),
    dxEndUser: finding('DEACTIVATED_STILL_ASSIGNED', `dixa:${DX_ENDUSER}`),
    dxInvite: finding('UNACCEPTED_INVITE', `dixa:${DX_INVITE}`, { accountEmail: 'ivy.invite@example.com' }),
    dxUnentitled: finding('UNENTITLED_ACCOUNT', `dixa:${DX_UNENTITLED}`, { accountEmail: 'uma.unentitled@example.com', identityEmail: 'uma.unentitled@example.com' }),
    dxService: finding('ORPHANED_ACCOUNT', `dixa:${DX_SERVICE}`, { suppressed: true, exception: 'EX-helpdesk-bot' }),
    dxDup: finding('DUPLICATE_ACCOUNT', `dixa:${DX_DUP_A}`, { identityEmail: 'dana.double@example.com' }),
    dxAmbig: finding('AMBIGUOUS_OWNER', `dixa:${DX_AMBIG}`),
    dxMissing: finding('MISSING_SEAT', 'dixa:identity:carol.new@example.com'),
    dpLeft: finding('TERMINATED_STILL_ACTIVE', `dialpad:${DP_LEFT}`, { accountEmail: 'lars.left@example.com', identityEmail: 'lars.left@example.com' }),
    dpSuspended: finding('DEACTIVATED_STILL_ASSIGNED', `dialpad:${DP_SUSPENDED}`),
    dpPending: finding('UNACCEPTED_INVITE', `dialpad:${DP_PENDING}`),
    dpAdmin: finding('PRIVILEGED_ACCOUNT', `dialpad:${DP_ADMIN}`, { severity: 'high', accountEmail: 'ada.admin@example.com', identityEmail: 'ada.admin@example.com' }),
    dpMissingSales: finding('MISSING_SEAT', 'dialpad:identity:sally.sales@example.com'),
    dpMissingHq: finding('MISSING_SEAT', 'dialpad:identity:hank.hq@example.com'),
    dpShortfall: finding('SEAT_SHORTFALL', `dialpad:office:${OFFICE_SALES}`),
    expired: finding('EXCEPTION_EXPIRED', 'exception:EX-old-contractor'),
    dq: finding('DATA_QUALITY', 'idp:okta.csv:row:17:no_email'),
  };
  const identities = [
    identity('carol.new@example.com', { displayName: 'Carol New' }),
    identity('sally.sales@example.com', { displayName: 'Sally Sales', department: 'sales' }),
    identity('hank.hq@example.com', { displayName: 'Hank Hq' }),
    identity('leo.left@example.com', { status: 'deprovisioned', rawStatus: 'DEPROVISIONED' }),
  ];
  const config = Config.parse({ plan: { invites: opts.invites ?? 'cancel', dialpadDefaultOfficeId: OFFICE_HQ, destructiveCapPercent: opts.capPercent ?? 10 } });
  const snapshot = snapshotOf(dixa, dialpad);
  return {
    f,
    input: {
      doc: findingsDoc(Object.values(f)),
      snapshot,
      snapshotSha256: sha256(stableStringify(snapshot)),
      config,
      identities,
      allowMassRemoval: opts.allowMassRemoval ?? false,
      generatedAt: '2024-06-30T10:00:00.000Z',
    },
  };
}

/** Many leavers in one Dixa queue (batching) in an organisation large enough for the cap. */
export function bigQueueScenario(leavers: number, orgSize: number, allowMassRemoval = false): Scenario {
  const queue = uuid(9500);
  const gone = Array.from({ length: leavers }, (_, i) => uuid(3000 + i));
  const accounts = [
    ...gone.map((id, i) => account('dixa', id, { displayName: `Leaver ${i}`, memberships: [{ kind: 'queue', id: queue, name: 'Inbound', role: null }] })),
    ...filler('dixa', orgSize - leavers, 4000),
  ];
  const dixa = vendorSnapshot('dixa', { accounts, groups: [group('dixa', 'queue', queue, 'Inbound', gone)] });
  const findings = gone.map((id) => finding('ORPHANED_ACCOUNT', `dixa:${id}`));
  const snapshot = snapshotOf(dixa, undefined);
  return {
    f: Object.fromEntries(findings.map((x, i) => [`gone${i}`, x])),
    input: {
      doc: findingsDoc(findings),
      snapshot,
      snapshotSha256: sha256(stableStringify(snapshot)),
      config: Config.parse({}),
      identities: [],
      allowMassRemoval,
      generatedAt: '2024-06-30T10:00:00.000Z',
    },
  };
}
