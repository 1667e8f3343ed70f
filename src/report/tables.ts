import type { Account, Finding, Group, Vendor } from '../model/index.js';
import { fileName } from '../util/file-name.js';
import { evidenceText, joinList, type CellValue } from './cells.js';
import { licenceWasteCells, licenceWasteRows } from './licence-waste.js';
import { accountKey, groupKey, ownerText, type ReportContext } from './context.js';

/**
 * One tabular view (a sheet and, for inventories, a CSV), defined once so the workbook and the CSV files can
 * never disagree on columns or rows. Rows are produced lazily: a million-row table never exists as cell arrays.
 */
export interface Table {
  sheet: string;
  csv: string | null;
  /** `left` aligns a mixed text/number column (Overview values); other columns keep Excel's defaults (no per-cell styles). */
  columns: ReadonlyArray<TableColumn>;
  count: number;
  rows(): Iterable<CellValue[]>;
}

/**
 * `date`: the column holds ISO timestamps (`datetime`) or days (`date`); the workbook writes them as typed date
 * cells with an ISO number format, the CSV as the ISO text.
 */
export type DateKind = 'datetime' | 'date';

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left';
  date?: DateKind;
  /** A cell the reviewer fills in: highlighted in the workbook. */
  input?: boolean;
}

interface Col<R> {
  header: string;
  width: number;
  date?: DateKind;
  value: (row: R) => CellValue;
  /** A cell the reviewer fills in: highlighted in the workbook. */
  input?: boolean;
}

function table<R>(sheet: string, csv: string | null, source: readonly R[], cols: ReadonlyArray<Col<R>>): Table {
  return {
    sheet,
    csv,
    columns: cols.map(({ header, width, date, input }) => ({ header, width, ...(date ? { date } : {}), ...(input ? { input } : {}) })),
    count: source.length,
    *rows() {
      const values = cols.map((c) => c.value);
      for (const r of source) {
        const row: CellValue[] = new Array<CellValue>(values.length);
        for (let i = 0; i < values.length; i++) row[i] = (values[i] as (row: R) => CellValue)(r);
        yield row;
      }
    },
  };
}

/** Reviewer columns: the plan command reads these back by title (contract). */
export const REVIEW_COLUMNS = ['Decision', 'Reviewer', 'Date', 'Justification'] as const;
export const DECISIONS = ['Keep', 'Revoke', 'Exception'] as const;

function findingCols(ctx: ReportContext): Col<Finding>[] {
  return [
    { header: 'Finding ID', width: 20, value: (f) => f.id },
    { header: 'Rule', width: 28, value: (f) => f.rule },
    { header: 'Severity', width: 10, value: (f) => f.severity },
    { header: 'Vendor', width: 9, value: (f) => f.vendor },
    { header: 'Account ID', width: 22, value: (f) => f.accountId },
    { header: 'Account Email', width: 30, value: (f) => f.accountEmail },
    { header: 'Identity Email', width: 30, value: (f) => f.identityEmail },
    { header: 'Title', width: 60, value: (f) => f.title },
    { header: 'Identity ID', width: 20, value: (f) => f.identityId },
    { header: 'Subject', width: 30, value: (f) => f.subject },
    { header: 'Owner', width: 11, value: (f) => (f.vendor && f.accountId ? ownerText(ctx, f.vendor, f.accountId).state : null) },
    { header: 'Suppressed', width: 11, value: (f) => f.suppressed },
    { header: 'Exception', width: 16, value: (f) => f.exception },
    { header: 'Change', width: 11, value: (f) => f.diff ?? null },
    { header: 'Evidence', width: 60, value: (f) => evidenceText(f.evidence) },
  ];
}

/** findings.csv and the Findings sheet: every finding in findings.json order. */
export function findingsTable(ctx: ReportContext, withReviewColumns: boolean): Table {
  return findingsTableOf(ctx, ctx.input.doc.findings, withReviewColumns);
}

/**
 * The Findings sheet over some findings (a reviewer's workbook holds only theirs). With a campaign, `Decide On` says
 * where each finding is decided: on its account's review row, or here (findings without an account).
 */
export function findingsTableOf(ctx: ReportContext, findings: readonly Finding[], withReviewColumns: boolean): Table {
  const cols = findingCols(ctx);
  if (withReviewColumns) {
    const campaign = ctx.input.campaign;
    if (campaign) {
      const rowOf = new Map<string, string>();
      for (const r of campaign.rows) for (const f of r.findings) rowOf.set(f.id, r.reviewId);
      const taskOf = new Map(campaign.findingTasks.map((t) => [t.findingId, t]));
      cols.push(
        { header: 'Decide On', width: 26, value: (f) => { const r = rowOf.get(f.id); return r ? `Review sheet, ${r}` : f.suppressed ? 'nothing to decide (suppressed)' : 'this row'; } },
        { header: 'Assigned Reviewer', width: 28, value: (f) => { const t = taskOf.get(f.id); return t ? (t.reviewer ?? 'UNASSIGNED') : null; } },
      );
    }
    cols.push(
      { header: 'Decision', width: 12, value: () => null, input: true },
      { header: 'Reviewer', width: 20, value: () => null, input: true },
      { header: 'Date', width: 12, date: 'date', value: () => null, input: true },
      { header: 'Justification', width: 40, value: () => null, input: true },
    );
  }
  return table('Findings', 'findings.csv', findings, cols);
}

function accountsOf(ctx: ReportContext, vendor: Vendor): Account[] {
  return ctx.snapshotByVendor.get(vendor)?.accounts ?? [];
}
function groupsOf(ctx: ReportContext, vendor: Vendor, kind: Group['kind']): Group[] {
  return (ctx.snapshotByVendor.get(vendor)?.groups ?? []).filter((g) => g.kind === kind);
}
function membershipNames(a: Account, kind: string): string {
  return joinList(a.memberships.filter((m) => m.kind === kind).map((m) => m.name ?? m.id));
}

function ownerCols(ctx: ReportContext): Col<Account>[] {
  // Three columns read the same owner: compute it once per row (columns are evaluated in order).
  let lastAccount: Account | null = null;
  let lastOwner = { state: '', identity: '', detail: '' };
  const owner = (a: Account): typeof lastOwner => {
    if (a !== lastAccount) {
      lastAccount = a;
      lastOwner = ownerText(ctx, a.vendor, a.id);
    }
    return lastOwner;
  };
  return [
    { header: 'Owner State', width: 11, value: (a) => owner(a).state },
    { header: 'Owner Email', width: 30, value: (a) => owner(a).identity },
    { header: 'Match', width: 30, value: (a) => owner(a).detail },
    { header: 'Findings', width: 30, value: (a) => joinList(ctx.rulesByAccount.get(accountKey(a.vendor, a.id)) ?? []) },
  ];
}

export function dixaAgentsTable(ctx: ReportContext): Table {
  return table('Dixa Agents', 'dixa-agents.csv', accountsOf(ctx, 'dixa'), [
    { header: 'Agent ID', width: 38, value: (a) => a.id },
    { header: 'Display Name', width: 24, value: (a) => a.displayName },
    { header: 'Email', width: 30, value: (a) => a.emails[0] ?? null },
    { header: 'Additional Emails', width: 30, value: (a) => joinList(a.emails.slice(1)) },
    { header: 'Status', width: 11, value: (a) => a.status },
    { header: 'Raw Status', width: 12, value: (a) => a.rawStatus },
    { header: 'Roles', width: 20, value: (a) => joinList(a.roles) },
    { header: 'Admin', width: 7, value: (a) => a.isAdmin },
    { header: 'Created', width: 21, date: 'datetime', value: (a) => a.createdAt },
    { header: 'Last Seen', width: 21, date: 'datetime', value: (a) => a.lastSeen },
    { header: 'Phone', width: 16, value: (a) => joinList(a.phoneNumbers) },
    { header: 'Teams', width: 24, value: (a) => membershipNames(a, 'team') },
    { header: 'Queues', width: 24, value: (a) => membershipNames(a, 'queue') },
    ...ownerCols(ctx),
  ]);
}

function groupTable(ctx: ReportContext, sheet: string, csv: string, vendor: Vendor, kind: Group['kind']): Table {
  const groups = groupsOf(ctx, vendor, kind);
  const accounts = new Map(accountsOf(ctx, vendor).map((a) => [a.id, a]));
  return table(sheet, csv, groups, [
    { header: 'ID', width: 38, value: (g) => g.id },
    { header: 'Name', width: 28, value: (g) => g.name },
    ...(kind === 'callcenter' ? [{ header: 'Office', width: 20, value: (g: Group) => (g.officeId ? (ctx.groupName.get(groupKey({ vendor, kind: 'office', id: g.officeId })) ?? g.officeId) : null) }] : []),
    { header: 'Members', width: 9, value: (g) => g.memberIds.length },
    {
      header: 'Inactive Members',
      width: 9,
      value: (g) => g.memberIds.filter((id) => {
        const s = accounts.get(id)?.status;
        return s === 'deactivated' || s === 'suspended';
      }).length,
    },
    { header: 'Member Names', width: 50, value: (g) => joinList(g.memberIds.map((id) => accounts.get(id)?.displayName)) },
    { header: 'Member Emails', width: 50, value: (g) => joinList(g.memberIds.map((id) => accounts.get(id)?.emails[0])) },
    { header: 'Unresolved Member IDs', width: 30, value: (g) => joinList(g.memberIds.filter((id) => !accounts.has(id))) },
  ]);
}

export const dixaTeamsTable = (ctx: ReportContext): Table => groupTable(ctx, 'Dixa Teams', 'dixa-teams.csv', 'dixa', 'team');
export const dixaQueuesTable = (ctx: ReportContext): Table => groupTable(ctx, 'Dixa Queues', 'dixa-queues.csv', 'dixa', 'queue');
export const dialpadCallCentersTable = (ctx: ReportContext): Table =>
  groupTable(ctx, 'Dialpad Call Centers', 'dialpad-callcenters.csv', 'dialpad', 'callcenter');

export function dialpadUsersTable(ctx: ReportContext): Table {
  const officeName = (id: string | null): string | null => (id ? (ctx.groupName.get(groupKey({ vendor: 'dialpad', kind: 'office', id })) ?? id) : null);
  return table('Dialpad Users', 'dialpad-users.csv', accountsOf(ctx, 'dialpad'), [
    { header: 'User ID', width: 18, value: (a) => a.id },
    { header: 'Display Name', width: 24, value: (a) => a.displayName },
    { header: 'Email', width: 30, value: (a) => a.emails[0] ?? null },
    { header: 'Other Emails', width: 30, value: (a) => joinList(a.emails.slice(1)) },
    { header: 'Status', width: 11, value: (a) => a.status },
    { header: 'Raw State', width: 11, value: (a) => a.rawStatus },
    { header: 'License', width: 14, value: (a) => a.license },
    { header: 'Office', width: 20, value: (a) => officeName(a.officeId) },
    { header: 'Admin', width: 7, value: (a) => a.isAdmin },
    { header: 'Roles', width: 20, value: (a) => joinList(a.roles) },
    { header: 'Date Added', width: 21, date: 'datetime', value: (a) => a.createdAt },
    { header: 'First Login', width: 21, date: 'datetime', value: (a) => a.firstLogin },
    { header: 'Last Active', width: 21, date: 'datetime', value: (a) => a.lastSeen },
    { header: 'Phone Numbers', width: 18, value: (a) => joinList(a.phoneNumbers) },
    { header: 'Call Centers', width: 24, value: (a) => membershipNames(a, 'callcenter') },
    ...ownerCols(ctx),
  ]);
}

export function dialpadOfficesTable(ctx: ReportContext): Table {
  const snap = ctx.snapshotByVendor.get('dialpad');
  const pools = new Map((snap?.seatPools ?? []).map((p) => [p.scopeId, p]));
  // Counted once: a filter over every user per office (and per rendering: CSV and workbook) grew with offices x users.
  const users = new Map<string, number>();
  const activeUsers = new Map<string, number>();
  const numbers = new Map<string, number>();
  const bump = (m: Map<string, number>, id: string | null): void => {
    if (id !== null) m.set(id, (m.get(id) ?? 0) + 1);
  };
  for (const u of accountsOf(ctx, 'dialpad')) {
    bump(users, u.officeId);
    if (u.status === 'active') bump(activeUsers, u.officeId);
  }
  for (const n of snap?.numbers ?? []) bump(numbers, n.officeId);
  return table('Dialpad Offices', 'dialpad-offices.csv', groupsOf(ctx, 'dialpad', 'office'), [
    { header: 'Office ID', width: 18, value: (g) => g.id },
    { header: 'Name', width: 28, value: (g) => g.name },
    { header: 'Users', width: 9, value: (g) => users.get(g.id) ?? 0 },
    { header: 'Active Users', width: 9, value: (g) => activeUsers.get(g.id) ?? 0 },
    { header: 'Available Talk Lines', width: 12, value: (g) => pools.get(g.id)?.available.talk_lines ?? null },
    {
      header: 'Available Licenses',
      width: 40,
      value: (g) => {
        const p = pools.get(g.id);
        return p ? joinList(Object.keys(p.available).sort().map((k) => `${k}: ${p.available[k]}`)) : null;
      },
    },
    { header: 'Numbers', width: 9, value: (g) => numbers.get(g.id) ?? 0 },
  ]);
}

export function identitiesTable(ctx: ReportContext): Table {
  // Six columns read the person's accounts: split them by vendor once per row (columns are evaluated in order).
  let lastIdentity: string | null = null;
  const byVendor = new Map<Vendor, Account[]>();
  const side = (identityId: string, vendor: Vendor, pick: (a: Account) => string | null): string => {
    if (identityId !== lastIdentity) {
      lastIdentity = identityId;
      byVendor.clear();
      for (const a of ctx.accountsByIdentity.get(identityId) ?? []) {
        const list = byVendor.get(a.vendor);
        if (list) list.push(a);
        else byVendor.set(a.vendor, [a]);
      }
    }
    return joinList((byVendor.get(vendor) ?? []).map(pick));
  };
  return table('Identities', 'identities.csv', ctx.input.identities, [
    { header: 'Identity ID', width: 22, value: (i) => i.id },
    { header: 'Display Name', width: 24, value: (i) => i.displayName },
    { header: 'Primary Email', width: 30, value: (i) => i.primaryEmail },
    { header: 'Other Emails', width: 30, value: (i) => joinList(i.emails.filter((e) => e !== i.primaryEmail)) },
    { header: 'IdP Status', width: 12, value: (i) => i.status },
    { header: 'Raw Status', width: 14, value: (i) => i.rawStatus },
    { header: 'Department', width: 16, value: (i) => i.department },
    { header: 'Groups', width: 24, value: (i) => joinList(i.groups) },
    { header: 'Source', width: 24, value: (i) => `${fileName(i.source.file)}:${i.source.row}` },
    { header: 'Dixa Agent ID', width: 38, value: (i) => side(i.id, 'dixa', (a) => a.id) },
    { header: 'Dixa Email', width: 30, value: (i) => side(i.id, 'dixa', (a) => a.emails[0] ?? null) },
    { header: 'Dixa Status', width: 11, value: (i) => side(i.id, 'dixa', (a) => a.status) },
    { header: 'Dialpad User ID', width: 18, value: (i) => side(i.id, 'dialpad', (a) => a.id) },
    { header: 'Dialpad Email', width: 30, value: (i) => side(i.id, 'dialpad', (a) => a.emails[0] ?? null) },
    { header: 'Dialpad Status', width: 11, value: (i) => side(i.id, 'dialpad', (a) => a.status) },
  ]);
}

/** The inventory tables in workbook order; each also becomes a CSV. */
export function inventoryTables(ctx: ReportContext): Table[] {
  return [
    identitiesTable(ctx),
    dixaAgentsTable(ctx),
    dixaTeamsTable(ctx),
    dixaQueuesTable(ctx),
    dialpadUsersTable(ctx),
    dialpadOfficesTable(ctx),
    dialpadCallCentersTable(ctx),
  ];
}

/** The exception the audit applied to a finding (`evidence.exceptionApplied`, src/audit/suppress.ts). */
function appliedException(f: Finding): { kind: string | null; reason: string | null; approver: string | null; expires: string | null } {
  const e = f.evidence.exceptionApplied;
  const field = (k: string): string | null => {
    const v = e && typeof e === 'object' ? (e as Record<string, unknown>)[k] : undefined;
    return typeof v === 'string' ? v : null;
  };
  return { kind: field('kind'), reason: field('reason'), approver: field('approver'), expires: field('expires') };
}

export function suppressedTable(ctx: ReportContext): Table {
  interface Row {
    kind: string;
    finding: Finding | null;
    vendor: Vendor | null;
    accountId: string | null;
    email: string | null;
    exception: string | null;
    exceptionKind: string | null;
    reason: string | null;
    approver: string | null;
    expires: string | null;
  }
  const rows: Row[] = [];
  for (const f of ctx.input.doc.findings) {
    if (!f.suppressed) continue;
    const applied = appliedException(f);
    const declared = f.exception ? ctx.exceptionById.get(f.exception) : undefined;
    rows.push({
      kind: 'suppressed finding',
      finding: f,
      vendor: f.vendor,
      accountId: f.accountId,
      email: f.accountEmail ?? f.identityEmail,
      exception: f.exception,
      exceptionKind: applied.kind ?? declared?.kind ?? null,
      reason: applied.reason ?? declared?.reason ?? (f.exception ? (ctx.exceptionReason.get(f.exception) ?? null) : null),
      approver: applied.approver ?? declared?.approver ?? null,
      expires: applied.expires ?? declared?.expires ?? null,
    });
  }
  for (const vs of ctx.vendorSnapshots) {
    for (const a of vs.accounts) {
      const o = ctx.correlationByAccount.get(accountKey(a.vendor, a.id))?.owner;
      if (o?.state !== 'excluded') continue;
      // Excluding kinds (service, shared, break-glass) show kind, approver and expiry like every other exception.
      const e = ctx.exceptionById.get(o.exceptionId);
      rows.push({ kind: 'excluded account', finding: null, vendor: a.vendor, accountId: a.id, email: a.emails[0] ?? null, exception: o.exceptionId, exceptionKind: e?.kind ?? null, reason: e?.reason ?? o.reason, approver: e?.approver ?? null, expires: e?.expires ?? null });
    }
  }
  return table('Suppressed & Excluded', null, rows, [
    { header: 'Kind', width: 18, value: (r) => r.kind },
    { header: 'Finding ID', width: 20, value: (r) => r.finding?.id ?? null },
    { header: 'Rule', width: 28, value: (r) => r.finding?.rule ?? null },
    { header: 'Severity', width: 10, value: (r) => r.finding?.severity ?? null },
    { header: 'Vendor', width: 9, value: (r) => r.vendor },
    { header: 'Account ID', width: 22, value: (r) => r.accountId },
    { header: 'Email', width: 30, value: (r) => r.email },
    { header: 'Title', width: 50, value: (r) => r.finding?.title ?? null },
    { header: 'Exception', width: 16, value: (r) => r.exception },
    { header: 'Exception Kind', width: 14, value: (r) => r.exceptionKind },
    { header: 'Reason', width: 50, value: (r) => r.reason },
    { header: 'Approver', width: 24, value: (r) => r.approver },
    { header: 'Expires', width: 12, date: 'date', value: (r) => r.expires },
  ]);
}

export function ambiguousTable(ctx: ReportContext): Table {
  const accounts = new Map<string, Account>();
  for (const vs of ctx.vendorSnapshots) for (const a of vs.accounts) accounts.set(accountKey(a.vendor, a.id), a);
  const findingFor = new Map<string, string>();
  for (const f of ctx.input.doc.findings) if (f.rule === 'AMBIGUOUS_OWNER' && f.vendor && f.accountId) findingFor.set(accountKey(f.vendor, f.accountId), f.id);
  const rows = ctx.input.correlations.filter((c) => c.owner.state === 'ambiguous');
  const candidates = (ids: string[]): string =>
    joinList(ids.map((id) => {
      const i = ctx.identityById.get(id);
      return i ? `${i.displayName} <${i.primaryEmail ?? id}> (${i.status})` : id;
    }));
  return table('Ambiguous', null, rows, [
    { header: 'Vendor', width: 9, value: (c) => c.vendor },
    { header: 'Account ID', width: 22, value: (c) => c.accountId },
    { header: 'Account Email', width: 30, value: (c) => accounts.get(accountKey(c.vendor, c.accountId))?.emails[0] ?? null },
    { header: 'Display Name', width: 24, value: (c) => accounts.get(accountKey(c.vendor, c.accountId))?.displayName ?? null },
    { header: 'Matched On', width: 30, value: (c) => (c.owner.state === 'ambiguous' ? c.owner.key : null) },
    { header: 'Candidates', width: 70, value: (c) => (c.owner.state === 'ambiguous' ? candidates(c.owner.candidates) : null) },
    { header: 'Finding ID', width: 20, value: (c) => findingFor.get(accountKey(c.vendor, c.accountId)) ?? null },
  ]);
}

export function planTable(ctx: ReportContext): Table {
  const actions = ctx.input.plan?.actions ?? [];
  return table('Remediation Plan', null, actions, [
    { header: 'Order', width: 7, value: (a) => a.order },
    { header: 'Action ID', width: 20, value: (a) => a.id },
    { header: 'Vendor', width: 9, value: (a) => a.vendor },
    { header: 'Account ID', width: 22, value: (a) => a.accountId },
    { header: 'Kind', width: 22, value: (a) => a.kind },
    { header: 'Title', width: 50, value: (a) => a.title },
    { header: 'Phase', width: 14, value: (a) => a.phase },
    { header: 'Call', width: 40, value: (a) => (a.call ? `${a.call.method} ${a.call.path}` : 'manual') },
    { header: 'Body', width: 30, value: (a) => (a.call?.body === undefined ? null : JSON.stringify(a.call.body)) },
    { header: 'Destructive', width: 11, value: (a) => a.destructive },
    { header: 'Reversible', width: 11, value: (a) => a.reversible },
    { header: 'Approval Required', width: 11, value: (a) => a.approvalRequired },
    { header: 'Depends On', width: 20, value: (a) => joinList(a.dependsOn) },
    { header: 'Risk', width: 40, value: (a) => joinList(a.risk) },
    { header: 'Precondition', width: 40, value: (a) => JSON.stringify(a.precondition.expect) },
    { header: 'Finding IDs', width: 24, value: (a) => joinList(a.findingIds) },
  ]);
}

export function diffTable(ctx: ReportContext): Table {
  const rows: Array<{ change: string; f: Finding }> = [];
  for (const f of ctx.input.doc.findings) rows.push({ change: f.diff ?? 'new', f });
  for (const f of ctx.input.doc.resolved ?? []) rows.push({ change: 'resolved', f });
  const order: Record<string, number> = { new: 0, resolved: 1, persisting: 2 };
  rows.sort((a, b) => (order[a.change] ?? 3) - (order[b.change] ?? 3));
  return table('Diff', null, rows, [
    { header: 'Change', width: 11, value: (r) => r.change },
    { header: 'Finding ID', width: 20, value: (r) => r.f.id },
    { header: 'Rule', width: 28, value: (r) => r.f.rule },
    { header: 'Severity', width: 10, value: (r) => r.f.severity },
    { header: 'Vendor', width: 9, value: (r) => r.f.vendor },
    { header: 'Account ID', width: 22, value: (r) => r.f.accountId },
    { header: 'Account Email', width: 30, value: (r) => r.f.accountEmail },
    { header: 'Identity Email', width: 30, value: (r) => r.f.identityEmail },
    { header: 'Title', width: 60, value: (r) => r.f.title },
  ]);
}

export function evidenceTable(ctx: ReportContext): Table {
  interface Row { section: string; source: string; item: string; sha256: string | null; bytes: number | null; detail: string }
  const rows: Row[] = [];
  const m = ctx.input.manifest;
  for (const input of ctx.input.doc.run.inputs) rows.push({ section: 'run input', source: input.role, item: fileName(input.path), sha256: input.sha256, bytes: null, detail: '' });
  if (ctx.input.doc.run.snapshotSha256) {
    rows.push({ section: 'snapshot', source: 'manifest.json', item: ctx.input.doc.run.snapshotDir === null ? '' : fileName(ctx.input.doc.run.snapshotDir), sha256: ctx.input.doc.run.snapshotSha256, bytes: null, detail: '' });
  }
  if (m) {
    for (const vendor of Object.keys(m.vendors).sort()) {
      const v = m.vendors[vendor];
      if (!v) continue;
      for (const l of v.listings) {
        rows.push({
          section: 'listing',
          source: vendor,
          item: `${l.name} ${l.endpoint}`,
          sha256: null,
          bytes: null,
          detail: `${l.complete ? 'complete' : 'INCOMPLETE'}; ${l.items} items, ${l.pages} pages, ${l.requests} requests, ${l.retries} retries, ${l.throttled} throttled${l.reason ? `; ${l.reason}` : ''}${l.errors.length ? `; errors: ${l.errors.join(' | ')}` : ''}`,
        });
      }
    }
    for (const path of Object.keys(m.files).sort()) {
      const f = m.files[path];
      if (f) rows.push({ section: 'file', source: path.split('/')[0] ?? '', item: path, sha256: f.sha256, bytes: f.bytes, detail: '' });
    }
  } else {
    rows.push({ section: 'manifest', source: '', item: 'no manifest', sha256: null, bytes: null, detail: 'the snapshot has no finalized manifest.json: treat it as incomplete' });
  }
  return table('Evidence', null, rows, [
    { header: 'Section', width: 12, value: (r) => r.section },
    { header: 'Source', width: 16, value: (r) => r.source },
    { header: 'Item', width: 50, value: (r) => r.item },
    { header: 'SHA-256', width: 66, value: (r) => r.sha256 },
    { header: 'Bytes', width: 11, value: (r) => r.bytes },
    { header: 'Detail', width: 70, value: (r) => r.detail },
  ]);
}

/** Licence waste (docs/rules.md): seats held by leavers, never-used and inactive accounts, per vendor and office. */
export function licenceWasteTable(ctx: ReportContext): Table | null {
  const waste = ctx.input.doc.licenceWaste;
  if (!waste) return null;
  const rows = licenceWasteRows(waste);
  return {
    sheet: 'Licence Waste',
    csv: null,
    columns: [
      { header: 'Vendor', width: 10 },
      { header: 'Scope', width: 24 },
      { header: 'Office ID', width: 20 },
      { header: 'Leaver Seats', width: 13 },
      { header: 'Never-used Seats', width: 16 },
      { header: 'Inactive Seats', width: 14 },
      { header: 'Seats', width: 8 },
      { header: 'Monthly Cost', width: 14 },
      { header: 'Currency', width: 10 },
      { header: 'Seats Not Priced', width: 16 },
    ],
    count: rows.length,
    *rows() {
      for (const r of rows) yield licenceWasteCells(waste, r);
    },
  };
}
