/**
 * A deliberately small, independent reading of docs/rules.md, used only to check the demo answer keys: it derives the
 * findings from the written files alone (CSV exports, simulator states, config, exceptions), never from what the
 * generator meant to plant. If the generator's bookkeeping and this reading disagree, the test shows which subject.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { normalizeEmail, isUsableEmail } from '../../src/util/email.js';

export interface RefFinding {
  rule: string;
  subject: string;
  severity: string;
  suppressed: boolean;
}

type IdStatus = 'active' | 'suspended' | 'deprovisioned' | 'staged' | 'unknown';

interface RefIdentity {
  row: number;
  primary: string;
  emails: Set<string>;
  status: IdStatus;
  department: string;
  entitled: { dixa: boolean; dialpad: boolean };
}

interface RefAccount {
  vendor: 'dixa' | 'dialpad';
  id: string;
  emails: string[];
  status: 'active' | 'invited' | 'suspended' | 'deactivated' | 'unknown';
  createdMs: number | null;
  isAdmin: boolean;
  held: number;
  /** Last known use when it proves something; `never`: no sign-in at all, counted from neverSinceMs; null: no evidence. */
  lastUseMs?: number | null;
  neverSinceMs?: number | null;
}

interface RefException {
  id: string;
  kind: string;
  scope: { vendor?: string; accountId?: string; email?: string; identityEmail?: string };
  rules: string[];
  expires?: string;
}

const OKTA: Record<string, IdStatus> = {
  ACTIVE: 'active', LOCKED_OUT: 'active', PASSWORD_EXPIRED: 'active', RECOVERY: 'active', PROVISIONED: 'active',
  SUSPENDED: 'suspended', DEPROVISIONED: 'deprovisioned', STAGED: 'staged',
};
const GOOGLE: Record<string, IdStatus> = { Active: 'active', Suspended: 'suspended', Archived: 'suspended' };
const M365: Record<string, IdStatus> = { False: 'active', True: 'suspended' };

function readIdentities(csv: string): { identities: RefIdentity[]; dq: string[] } {
  const records = parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const identities: RefIdentity[] = [];
  const dq: string[] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const row = i + 2;
    let primary: string;
    let login: string;
    let secondaries: string[];
    let raw: string;
    let status: IdStatus | undefined;
    let department: string;
    if ('User Id' in r) {
      primary = r['Primary email'] ?? '';
      login = r.Username ?? '';
      secondaries = [r['Secondary email'] ?? ''];
      raw = r.Status ?? '';
      status = OKTA[raw];
      department = r.Department ?? '';
    } else if ('Email Address [Required]' in r) {
      primary = r['Email Address [Required]'] ?? '';
      login = primary;
      secondaries = [r['Work Secondary Email'] ?? '', r['Home Secondary Email'] ?? '', r['Recovery Email'] ?? ''];
      raw = r['Status [READ ONLY]'] ?? '';
      status = GOOGLE[raw];
      department = r.Department ?? '';
    } else {
      login = r['User principal name'] ?? '';
      const proxies = (r['Proxy addresses'] ?? '').split('+').filter(Boolean);
      primary = proxies.find((p) => p.startsWith('SMTP:'))?.slice(5) ?? login;
      secondaries = proxies.filter((p) => p.startsWith('smtp:')).map((p) => p.slice(5));
      raw = r['Block credential'] ?? '';
      status = M365[raw];
      department = r.Department ?? '';
    }
    const emails = new Set<string>();
    for (const e of [primary, login, ...secondaries]) if (isUsableEmail(e)) emails.add(normalizeEmail(e));
    const key = isUsableEmail(primary) ? normalizeEmail(primary) : '';
    // docs/rules.md: a DATA_QUALITY subject names the row by content (its email, else a hash of its cells).
    const about = key !== '' ? `email:${key}` : `row:${createHash('sha256').update(Object.values(r).map((c) => c.trim().normalize('NFC')).join('\u001f')).digest('hex').slice(0, 16)}`;
    if (!isUsableEmail(primary) && emails.size === 0) dq.push(`idp:idp:${about}:no_email`);
    if (key !== '') {
      if (seen.has(key) && !dq.includes(`idp:idp:${about}:duplicate_email`)) dq.push(`idp:idp:${about}:duplicate_email`);
      seen.add(key);
    }
    if (status === undefined) dq.push(`idp:idp:${about}:unknown_status`);
    identities.push({ row, primary: key, emails, status: status ?? 'unknown', department, entitled: { dixa: false, dialpad: false } });
  });
  return { identities, dq };
}

export function referenceAudit(dir: string): RefFinding[] {
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  const meta = JSON.parse(read('demo.json')) as { asOf: string };
  const asOfMs = Date.parse(meta.asOf);
  const config = JSON.parse(read('access-audit.config.json')) as {
    correlation: { domainAliases: Record<string, string> };
    entitlements: Record<'dixa' | 'dialpad', { apps: string[]; groups: string[] }>;
    adminGroups?: string[];
    thresholds: { inviteMaxAgeDays: number; inactiveDays?: number };
    plan?: { dialpadDefaultOfficeId?: string };
  };
  const dixa = JSON.parse(read('dixa-state.json')) as DixaState;
  const dialpad = JSON.parse(read('dialpad-state.json')) as DialpadState;
  const exceptions = (JSON.parse(read('exceptions.json')) as { exceptions: RefException[] }).exceptions;
  const findings: RefFinding[] = [];
  const push = (rule: string, subject: string, severity: string, suppressedBy: string | null = null): void => {
    findings.push({ rule, subject, severity, suppressed: suppressedBy !== null });
  };

  // IdP + entitlements
  const { identities, dq } = readIdentities(read('idp-users.csv'));
  for (const s of dq) push('DATA_QUALITY', s, 'low');
  const byEmail = new Map<string, RefIdentity[]>();
  for (const id of identities) for (const e of id.emails) byEmail.set(e, [...(byEmail.get(e) ?? []), id]);
  const assignments = parse(read('idp-assignments.csv'), { bom: true, columns: true }) as Array<Record<string, string>>;
  for (const a of assignments) {
    for (const vendor of ['dixa', 'dialpad'] as const) {
      if (!config.entitlements[vendor].apps.some((re) => new RegExp(re, 'i').test(a['Application name'] ?? ''))) continue;
      for (const id of byEmail.get(normalizeEmail(a.Login ?? '')) ?? []) id.entitled[vendor] = true;
    }
  }

  // Accounts
  const accounts: RefAccount[] = [];
  const lastSeen = new Map(dixa.presence.filter((p) => p.lastSeen).map((p) => [p.userId, p.lastSeen]));
  const dixaHeld = new Map<string, number>();
  for (const t of dixa.teams) for (const m of t.memberIds) dixaHeld.set(m, (dixaHeld.get(m) ?? 0) + 1);
  for (const q of dixa.queues) for (const m of q.members) dixaHeld.set(m.agentId, (dixaHeld.get(m.agentId) ?? 0) + 1);
  const agentIds = new Set(dixa.agents.map((a) => a.id));
  for (const a of dixa.agents) {
    accounts.push({
      vendor: 'dixa',
      id: a.id,
      emails: [a.email, ...(a.additionalEmails ?? [])],
      status: lastSeen.has(a.id) ? 'active' : 'invited',
      createdMs: Date.parse(a.createdAt),
      lastUseMs: lastSeen.has(a.id) ? Date.parse(`${lastSeen.get(a.id)}Z`) : null,
      isAdmin: (a.roles ?? []).some((r) => /^(administrator|admin)$/i.test(r)),
      held: dixaHeld.get(a.id) ?? 0,
    });
  }
  const endUsers = new Map(dixa.endUsers.map((e) => [e.id, e]));
  for (const [memberId, held] of dixaHeld) {
    if (agentIds.has(memberId)) continue;
    const eu = endUsers.get(memberId);
    if (!eu) continue; // unresolved member id: not an account
    accounts.push({ vendor: 'dixa', id: eu.id, emails: [eu.email ?? '', ...(eu.additionalEmails ?? [])].filter(Boolean), status: 'deactivated', createdMs: Date.parse(eu.createdAt), isAdmin: false, held });
  }
  const dialpadHeld = new Map<string, number>();
  for (const ops of Object.values(dialpad.operators)) for (const u of ops.userIds) dialpadHeld.set(u, (dialpadHeld.get(u) ?? 0) + 1);
  for (const nmb of dialpad.numbers) if (nmb.target_type === 'user' && nmb.target_id) dialpadHeld.set(nmb.target_id, (dialpadHeld.get(nmb.target_id) ?? 0) + 1);
  const STATE: Record<string, RefAccount['status']> = { active: 'active', pending: 'invited', suspended: 'suspended', deleted: 'deactivated', cancelled: 'deactivated' };
  // Dialpad use: the latest desktop registration, trusted only when no device of the user leaves the date blank.
  const devices = new Map<string, Array<{ date_registered?: string }>>();
  for (const d of dialpad.devices ?? []) devices.set(d.user_id, [...(devices.get(d.user_id) ?? []), d]);
  const zoneless = (t: string | undefined): number | null => (t ? Date.parse(`${t}Z`) : null);
  for (const u of dialpad.users) {
    const own = devices.get(u.id) ?? [];
    const dated = own.map((d) => zoneless(d.date_registered)).filter((t): t is number => t !== null);
    let lastUseMs: number | null = null;
    let neverSinceMs: number | null = null;
    if (!u.date_first_login) {
      if (dated.length > 0) lastUseMs = Math.max(...dated);
      else neverSinceMs = Math.max(zoneless(u.date_added) ?? -Infinity, zoneless(u.date_active) ?? -Infinity);
    } else if (dated.length > 0 && dated.length === own.length) {
      lastUseMs = Math.max(...dated, zoneless(u.date_first_login) ?? -Infinity);
    }
    accounts.push({
      lastUseMs,
      neverSinceMs: neverSinceMs === -Infinity ? null : neverSinceMs,
      vendor: 'dialpad',
      id: u.id,
      emails: u.emails ?? [],
      status: STATE[u.state ?? ''] ?? 'unknown',
      createdMs: u.date_added ? Date.parse(`${u.date_added}Z`) : null,
      isAdmin: Boolean(u.is_admin) || Boolean(u.is_super_admin) || (u.admin_office_ids ?? []).length > 0,
      held: (dialpadHeld.get(u.id) ?? 0) + (u.phone_numbers ?? []).length,
    });
  }

  // Exceptions
  const expired = (e: RefException): boolean => e.expires !== undefined && Date.parse(`${e.expires}T00:00:00Z`) < asOfMs;
  for (const e of exceptions) if (expired(e)) push('EXCEPTION_EXPIRED', `exception:${e.id}`, 'medium');
  const live = exceptions.filter((e) => !expired(e));
  const covers = (e: RefException, acc: RefAccount | null, identityEmail: string | null): boolean => {
    if (e.scope.identityEmail !== undefined) return identityEmail !== null && normalizeEmail(e.scope.identityEmail) === identityEmail;
    if (!acc || e.scope.vendor !== acc.vendor) return false;
    if (e.scope.accountId !== undefined) return e.scope.accountId === acc.id;
    return acc.emails.some((m) => normalizeEmail(m) === normalizeEmail(e.scope.email ?? ''));
  };
  const suppressor = (rule: string, acc: RefAccount | null, identityEmail: string | null): string | null =>
    live.find((e) => (e.rules.includes('*') || e.rules.includes(rule)) && covers(e, acc, identityEmail))?.id ?? null;

  // Correlation
  const aliasRewrite = (m: string): string => {
    const at = m.lastIndexOf('@');
    const to = config.correlation.domainAliases[m.slice(at + 1)];
    return to ? `${m.slice(0, at)}@${to}` : m;
  };
  type Owner = { state: 'matched'; identity: RefIdentity } | { state: 'unmatched' | 'ambiguous' | 'excluded' };
  const owners = new Map<RefAccount, Owner>();
  for (const acc of accounts) {
    if (live.some((e) => ['service', 'shared', 'break-glass'].includes(e.kind) && covers(e, acc, null))) {
      owners.set(acc, { state: 'excluded' });
      continue;
    }
    const norm = acc.emails.map((m) => normalizeEmail(m));
    const steps: Array<() => Set<RefIdentity>> = [
      () => new Set(identities.filter((i) => i.primary !== '' && i.primary === norm[0])),
      () => new Set(norm.flatMap((m) => byEmail.get(m) ?? [])),
      () => new Set(norm.map(aliasRewrite).flatMap((m) => byEmail.get(m) ?? [])),
    ];
    let owner: Owner = { state: 'unmatched' };
    for (const step of steps) {
      const candidates = step();
      if (candidates.size === 1) owner = { state: 'matched', identity: [...candidates][0] as RefIdentity };
      else if (candidates.size > 1) owner = { state: 'ambiguous' };
      if (candidates.size > 0) break;
    }
    owners.set(acc, owner);
  }

  // Account rules
  const seat = (s: RefAccount['status']): boolean => s === 'active' || s === 'invited';
  const owned = new Map<RefIdentity, Map<string, RefAccount[]>>();
  const adminGroups = config.adminGroups ?? [];
  for (const acc of accounts) {
    const owner = owners.get(acc) as Owner;
    const subject = `${acc.vendor}:${acc.id}`;
    const identityEmail = owner.state === 'matched' ? owner.identity.primary : null;
    const emit = (rule: string, severity: string): void => push(rule, subject, severity, suppressor(rule, acc, identityEmail));
    if (acc.status !== 'deactivated' && (owner.state === 'unmatched' || owner.state === 'excluded')) emit('ORPHANED_ACCOUNT', acc.isAdmin ? 'critical' : 'high');
    if (owner.state === 'matched' && (owner.identity.status === 'suspended' || owner.identity.status === 'deprovisioned') && seat(acc.status)) emit('TERMINATED_STILL_ACTIVE', 'critical');
    if ((acc.status === 'deactivated' || acc.status === 'suspended') && acc.held > 0) emit('DEACTIVATED_STILL_ASSIGNED', 'medium');
    if (seat(acc.status) && owner.state === 'matched' && owner.identity.status === 'active' && !owner.identity.entitled[acc.vendor]) emit('UNENTITLED_ACCOUNT', 'medium');
    if (acc.status === 'invited' && acc.createdMs !== null && asOfMs - acc.createdMs > config.thresholds.inviteMaxAgeDays * 86_400_000) emit('UNACCEPTED_INVITE', 'low');
    if (owner.state === 'ambiguous') emit('AMBIGUOUS_OWNER', 'medium');
    const idleLimit = (config.thresholds.inactiveDays ?? 90) * 86_400_000;
    if (acc.status === 'active') {
      if (acc.lastUseMs != null && asOfMs - acc.lastUseMs > idleLimit) emit('INACTIVE_ACCOUNT', 'low');
      else if (acc.lastUseMs == null && acc.neverSinceMs != null && asOfMs - acc.neverSinceMs > idleLimit) emit('INACTIVE_ACCOUNT', 'low');
    }
    // No identity of the demo exports carries groups, so with adminGroups configured every owner is in none of them.
    if (acc.isAdmin && acc.status !== 'deactivated') emit('PRIVILEGED_ACCOUNT', adminGroups.length > 0 ? 'high' : 'info');
    if (owner.state === 'matched' && seat(acc.status)) {
      const perVendor = owned.get(owner.identity) ?? new Map<string, RefAccount[]>();
      perVendor.set(acc.vendor, [...(perVendor.get(acc.vendor) ?? []), acc]);
      owned.set(owner.identity, perVendor);
    }
  }
  for (const perVendor of owned.values()) {
    for (const accs of perVendor.values()) if (accs.length > 1) for (const a of accs) push('DUPLICATE_ACCOUNT', `${a.vendor}:${a.id}`, 'medium', suppressor('DUPLICATE_ACCOUNT', a, null));
  }

  // Identity rules
  const officeByName = new Map(dialpad.offices.map((o) => [(o.name ?? '').toLowerCase(), o.id]));
  const primaryOffice = dialpad.offices.find((o) => o.is_primary_office)?.id ?? '';
  const missingPerOffice = new Map<string, number>();
  for (const id of identities) {
    if (id.status !== 'active' || id.primary === '') continue;
    for (const vendor of ['dixa', 'dialpad'] as const) {
      if (!id.entitled[vendor] || (owned.get(id)?.get(vendor)?.length ?? 0) > 0) continue;
      push('MISSING_SEAT', `${vendor}:identity:${id.primary}`, 'medium', suppressor('MISSING_SEAT', null, id.primary));
      if (vendor === 'dialpad') {
        const office = officeByName.get(id.department.toLowerCase()) ?? config.plan?.dialpadDefaultOfficeId ?? primaryOffice;
        missingPerOffice.set(office, (missingPerOffice.get(office) ?? 0) + 1);
      }
    }
  }
  for (const [office, missing] of missingPerOffice) {
    const available = Number(dialpad.availableLicenses[office]?.talk_lines ?? '0');
    if (available < missing) push('SEAT_SHORTFALL', `dialpad:office:${office}`, 'low');
  }
  return findings;
}
