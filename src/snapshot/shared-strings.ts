import type { Account, Group, PhoneNumber } from '../model/account.js';
import type { StringPool } from '../util/string-pool.js';

/**
 * The fields of a snapshot record that repeat across records (vendor, statuses, license, office, team and queue
 * names, roles, activity signal), pointed at one copy each. Values are unchanged; ids, emails, names and dates are
 * left alone (one per record, nothing to share).
 */
export function shareAccountStrings(a: Account, pool: StringPool): void {
  a.vendor = pool.share(a.vendor);
  a.status = pool.share(a.status);
  a.rawStatus = pool.share(a.rawStatus);
  a.license = pool.shareOrNull(a.license);
  a.officeId = pool.shareOrNull(a.officeId);
  for (let i = 0; i < a.roles.length; i++) a.roles[i] = pool.share(a.roles[i] as string);
  for (const m of a.memberships) {
    m.kind = pool.share(m.kind);
    // A number membership's id is the number itself: one per account.
    if (m.kind !== 'number') m.id = pool.share(m.id);
    m.name = pool.shareOrNull(m.name);
    m.role = pool.shareOrNull(m.role);
  }
  if (a.activity) {
    a.activity.state = pool.share(a.activity.state);
    a.activity.signal = pool.shareOrNull(a.activity.signal);
    a.activity.note = pool.shareOrNull(a.activity.note);
  }
}

export function shareGroupStrings(g: Group, pool: StringPool): void {
  g.vendor = pool.share(g.vendor);
  g.kind = pool.share(g.kind);
  g.officeId = pool.shareOrNull(g.officeId);
}

export function sharePhoneNumberStrings(n: PhoneNumber, pool: StringPool): void {
  n.vendor = pool.share(n.vendor);
  n.status = pool.share(n.status);
  n.targetType = pool.shareOrNull(n.targetType);
  n.officeId = pool.shareOrNull(n.officeId);
}
