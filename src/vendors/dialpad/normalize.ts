import type { Account, AccountStatus, Group, Membership, PhoneNumber, SeatPool } from '../../model/account.js';
import { DIALPAD_SIGNALS, dialpadActivity } from './activity.js';
import type { DialpadAvailableLicenses, DialpadCallCenter, DialpadNumber, DialpadOffice, DialpadUser } from './api.js';
import type { DialpadUserDevice } from './devices.js';

/** What the Dialpad collector read, parsed. A null operator list means that call center's request failed. */
export interface DialpadCollectedData {
  users: DialpadUser[];
  offices: DialpadOffice[];
  licenses: Map<string, DialpadAvailableLicenses>;
  callcenters: Array<{ callcenter: DialpadCallCenter; operatorIds: string[] | null }>;
  /** Null when /numbers was not read (refused for a key that is not a company admin's). */
  numbers: DialpadNumber[] | null;
  /** Every device of the company; null (or absent) when the device listing was not read whole. */
  devices?: DialpadUserDevice[] | null;
}

export interface DialpadNormalized {
  accounts: Account[];
  groups: Group[];
  seatPools: SeatPool[];
  numbers: PhoneNumber[];
  /** date_first_login always; device registrations when the device listing was read. */
  activitySignals: string[];
}

/** docs/rules.md: active / pending / suspended / deleted / cancelled; anything else is unknown, never guessed. */
const STATUS: Record<string, AccountStatus> = {
  active: 'active',
  pending: 'invited',
  suspended: 'suspended',
  deleted: 'deactivated',
  cancelled: 'deactivated',
};

export function dialpadStatus(state: string | null | undefined): AccountStatus {
  if (!state) return 'unknown';
  return STATUS[state.trim().toLowerCase()] ?? 'unknown';
}

function unique(list: ReadonlyArray<string | null | undefined>): string[] {
  const out: string[] = [];
  for (const v of list) if (v && v.trim() !== '' && !out.includes(v)) out.push(v);
  return out;
}

/** Canonical accounts, groups, seat pools and numbers from a Dialpad read. Pure and deterministic. */
export function normalizeDialpad(data: DialpadCollectedData): DialpadNormalized {
  const officeNames = new Map(data.offices.map((o) => [o.id, o.name ?? null] as const));
  const operatorOf = new Map<string, Array<{ cc: DialpadCallCenter }>>();
  for (const { callcenter, operatorIds } of data.callcenters) {
    for (const id of operatorIds ?? []) {
      const list = operatorOf.get(id) ?? [];
      list.push({ cc: callcenter });
      operatorOf.set(id, list);
    }
  }
  const numbersOf = new Map<string, string[]>();
  for (const n of data.numbers ?? []) {
    if (n.target_type !== 'user' || !n.target_id) continue;
    const list = numbersOf.get(n.target_id);
    if (list) list.push(n.number);
    else numbersOf.set(n.target_id, [n.number]);
  }

  const devices = data.devices ?? null;
  const devicesOf = new Map<string, DialpadUserDevice[]>();
  for (const d of devices ?? []) {
    if (!d.user_id) continue;
    const list = devicesOf.get(d.user_id);
    if (list) list.push(d);
    else devicesOf.set(d.user_id, [d]);
  }

  const accounts: Account[] = [];
  const seen = new Set<string>();
  for (const u of data.users) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    const adminOffices = u.admin_office_ids ?? [];
    const roles: string[] = [];
    if (u.is_super_admin) roles.push('super_admin');
    if (u.is_admin) roles.push('admin');
    if (adminOffices.length > 0) roles.push('office_admin');
    const memberships: Membership[] = [];
    if (u.office_id) memberships.push({ kind: 'office', id: u.office_id, name: officeNames.get(u.office_id) ?? null, role: adminOffices.includes(u.office_id) ? 'admin' : null });
    for (const { cc } of operatorOf.get(u.id) ?? []) {
      // The operator's role in that call center is on the user: group_details {group_type: callcenter, group_id}.
      const detail = (u.group_details ?? []).find((g) => g.group_type === 'callcenter' && g.group_id === cc.id);
      memberships.push({ kind: 'callcenter', id: cc.id, name: cc.name ?? null, role: detail?.role ?? 'operator' });
    }
    const phoneNumbers = unique([...(u.phone_numbers ?? []), ...(numbersOf.get(u.id) ?? [])]);
    for (const n of phoneNumbers) memberships.push({ kind: 'number', id: n, name: null, role: null });
    const name = [u.first_name, u.last_name].filter((p) => p && p.trim() !== '').join(' ');
    accounts.push({
      vendor: 'dialpad',
      id: u.id,
      emails: unique(u.emails ?? []),
      displayName: u.display_name?.trim() || name || u.emails?.[0] || u.id,
      status: dialpadStatus(u.state),
      rawStatus: u.state ?? '',
      roles,
      isAdmin: Boolean(u.is_super_admin) || Boolean(u.is_admin) || adminOffices.length > 0,
      createdAt: u.date_added ?? null,
      lastSeen: null,
      firstLogin: u.date_first_login ?? null,
      license: u.license ?? null,
      officeId: u.office_id ?? null,
      phoneNumbers,
      memberships: memberships.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id)),
      activity: dialpadActivity(u, devices === null ? null : (devicesOf.get(u.id) ?? [])),
    });
  }

  const groups: Group[] = [];
  for (const { callcenter, operatorIds } of data.callcenters) {
    groups.push({ vendor: 'dialpad', kind: 'callcenter', id: callcenter.id, name: callcenter.name ?? callcenter.id, memberIds: operatorIds ?? [], officeId: callcenter.office_id ?? null });
  }
  // Users by office, indexed once: each office's member list was a scan of every user (offices x users).
  const usersOf = new Map<string, string[]>();
  for (const u of data.users) {
    if (u.office_id === null || u.office_id === undefined) continue;
    const list = usersOf.get(u.office_id);
    if (list) list.push(u.id);
    else usersOf.set(u.office_id, [u.id]);
  }
  for (const office of data.offices) {
    const memberIds = usersOf.get(office.id) ?? [];
    // The primary office is where docs/rules.md provisions a missing seat that matches no office by department.
    groups.push({ vendor: 'dialpad', kind: 'office', id: office.id, name: office.name ?? office.id, memberIds: [...new Set(memberIds)], officeId: office.id, primary: office.is_primary_office === true });
  }

  const seatPools: SeatPool[] = [];
  for (const office of data.offices) {
    const lic = data.licenses.get(office.id);
    if (!lic) continue;
    const available: Record<string, number> = {};
    for (const key of Object.keys(lic).sort()) {
      const v = lic[key];
      if (typeof v === 'number') available[key] = v;
    }
    seatPools.push({ vendor: 'dialpad', scopeId: office.id, scopeName: office.name ?? office.id, available });
  }

  const numbers: PhoneNumber[] = (data.numbers ?? []).map((n) => ({
    vendor: 'dialpad',
    number: n.number,
    status: n.status ?? 'unknown',
    targetType: n.target_type ?? null,
    targetId: n.target_id ?? null,
    officeId: n.office_id ?? null,
  }));

  accounts.sort((a, b) => a.id.localeCompare(b.id));
  groups.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  seatPools.sort((a, b) => a.scopeId.localeCompare(b.scopeId));
  numbers.sort((a, b) => a.number.localeCompare(b.number));
  const activitySignals = devices === null ? [DIALPAD_SIGNALS.firstLogin] : [DIALPAD_SIGNALS.firstLogin, DIALPAD_SIGNALS.deviceRegistered];
  return { accounts, groups, seatPools, numbers, activitySignals };
}
