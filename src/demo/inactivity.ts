import type { DialpadDeviceRaw, DialpadUserRaw } from '../vendors/dialpad/simulator/state.js';
import type { OrgBuilder, Person } from './generate.js';
import type { Prng } from './prng.js';

/**
 * Planted INACTIVE_ACCOUNT cases and their look-alikes (docs/rules.md "INACTIVE_ACCOUNT"), on both vendors, plus the
 * devices of everyone else. Each case declares the findings it must produce, or the subjects that must produce none.
 */
export const INACTIVE_DAYS = 90;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Dialpad: no zone, seconds ('2021-06-20T19:18:00'); Dixa presence: no zone, milliseconds. */
const noZone = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const noZoneMs = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
const vendorEmail = (p: Person): string => p.row.primaryEmail.toLowerCase();

/** The user addDialpadUser just added. */
function lastUser(b: OrgBuilder, id: string): DialpadUserRaw {
  const u = b.users[b.users.length - 1];
  if (u?.id !== id) throw new Error(`Dialpad user ${id} is not the last one added`);
  return u;
}

/** Sets the agent's presence lastSeen (addAgent picks a recent one). */
function seenAgo(b: OrgBuilder, agentId: string, days: number): void {
  const p = b.presence[b.presence.length - 1];
  if (p?.userId !== agentId) throw new Error(`no presence entry was just added for ${agentId}`);
  p.lastSeen = noZoneMs(b.asOfMs - days * DAY - b.rng.int(1, 20) * HOUR);
}

/** An active Dialpad user who never signed in: no date_first_login (date_active too, unless given). */
function neverSignedIn(u: DialpadUserRaw, activeMs: number | null): void {
  delete u.date_first_login;
  if (activeMs === null) delete u.date_active;
  else u.date_active = noZone(activeMs);
}

function device(b: OrgBuilder, userId: string, type: string, registeredMs: number | null, createdMs: number): DialpadDeviceRaw {
  const seq = b.devices.length + 1;
  const mobile = type === 'iphone' || type === 'ipad' || type === 'android';
  const d: DialpadDeviceRaw = {
    id: `${userId.slice(0, 6)}${String(seq).padStart(10, '0')}`,
    user_id: userId,
    type,
    display_name: mobile ? (type === 'android' ? 'Android phone' : 'iPhone') : type === 'web' ? 'Dialpad web app' : 'Dialpad desktop app',
    app_version: mobile ? '24.3.1' : '2410.2.0',
    date_created: noZone(createdMs),
    date_updated: noZone(registeredMs ?? createdMs),
  };
  // "mobile devices (iphone, ipad, android) ... this field will always be blank" (spec): left out.
  if (!mobile && registeredMs !== null) d.date_registered = noZone(registeredMs);
  b.devices.push(d);
  return d;
}

export function plantInactivityCases(b: OrgBuilder, c: number): void {
  const acct = (vendor: 'dixa' | 'dialpad', id: string): string => `${vendor}:${id}`;
  const agent = (p: Person, createdDaysAgo: number, seen: boolean): string =>
    b.addAgent({ first: p.row.firstName, last: p.row.lastName, email: vendorEmail(p), seen, createdDaysAgo, teams: 1, queues: 1 });
  const dialpadUser = (p: Person, addedDaysAgo: number): string =>
    b.addDialpadUser({ first: p.row.firstName, last: p.row.lastName, emails: [vendorEmail(p)], state: 'active', office: p.officeName, addedDaysAgo, numbers: 1 });

  // --- Dixa ------------------------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id = agent(p, b.rng.int(400, 900), true);
    const days = b.rng.int(120, 400);
    seenAgo(b, id, days);
    b.expect('INACTIVE_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: `Dixa agent last seen about ${days} days before as-of (presence lastSeen), threshold ${INACTIVE_DAYS}` });
  }
  {
    // Never signed in: a Dixa agent without lastSeen is an unaccepted invite; it is a never-used seat in the waste.
    const p = b.newPerson({ department: 'Customer success', dixa: true });
    const id = agent(p, b.rng.int(150, 300), false);
    b.expect('UNACCEPTED_INVITE', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'Dixa agent never seen in months: an old invite (a never-used seat in the licence waste), not INACTIVE_ACCOUNT' });
  }
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id = agent(p, b.rng.int(400, 900), true);
    seenAgo(b, id, 1);
    b.lookAlike(acct('dixa', id), 'Dixa agent created long ago and seen yesterday: in use');
  }
  {
    const p = b.newPerson({ department: 'Sales', dixa: true });
    const id = agent(p, b.rng.int(400, 900), true);
    seenAgo(b, id, INACTIVE_DAYS - 5);
    b.lookAlike(acct('dixa', id), `Dixa agent last seen ${INACTIVE_DAYS - 5} days ago: within the ${INACTIVE_DAYS}-day threshold`);
  }

  // --- Dialpad ---------------------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const id = dialpadUser(p, b.rng.int(500, 1200));
    const days = b.rng.int(150, 300);
    device(b, id, 'native', b.asOfMs - days * DAY - b.rng.int(1, 20) * HOUR, b.asOfMs - 450 * DAY);
    b.expect('INACTIVE_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: `Dialpad desktop app last registered about ${days} days before as-of (userdevices date_registered), no mobile device` });
  }
  {
    const p = b.newPerson({ department: 'Support', dialpad: true });
    const id = dialpadUser(p, b.rng.int(120, 400));
    neverSignedIn(lastUser(b, id), null);
    b.expect('INACTIVE_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'active Dialpad user provisioned months ago who never signed in (no date_first_login)' });
  }
  {
    // Accepted risk: a seasonal worker's seat is kept on purpose; the finding stands, suppressed.
    const p = b.newPerson({ department: 'Customer success', dialpad: true });
    const id = dialpadUser(p, b.rng.int(500, 1200));
    device(b, id, 'native', b.asOfMs - b.rng.int(180, 250) * DAY, b.asOfMs - 400 * DAY);
    const exc = b.addException({
      kind: 'accepted-risk',
      scope: { vendor: 'dialpad', accountId: id },
      rules: ['INACTIVE_ACCOUNT'],
      reason: 'Seasonal support agent: the seat is kept for the peak season',
      approver: `cs.lead@${b.company.domain}`,
      expires: b.dateOnly(b.asOfMs + 120 * DAY),
    });
    b.expect('INACTIVE_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, exception: exc, why: `inactive Dialpad user kept for the season by ${exc}: suppressed` });
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const id = dialpadUser(p, b.rng.int(500, 1200));
    device(b, id, 'iphone', null, b.asOfMs - 300 * DAY);
    if (c % 2 === 0) device(b, id, 'android', null, b.asOfMs - 200 * DAY);
    b.lookAlike(acct('dialpad', id), 'mobile-only Dialpad user: the app leaves date_registered blank, which is no evidence of inactivity');
  }
  {
    const p = b.newPerson({ department: 'Support', dialpad: true });
    const id = dialpadUser(p, b.rng.int(500, 1200));
    device(b, id, 'native', b.asOfMs - b.rng.int(200, 300) * DAY, b.asOfMs - 500 * DAY);
    device(b, id, 'iphone', null, b.asOfMs - 100 * DAY);
    b.lookAlike(acct('dialpad', id), 'old desktop registration but a mobile device too: the phone may be in use today, so not inactive');
  }
  {
    const p = b.newPerson({ department: 'Support', dialpad: true });
    const id = dialpadUser(p, b.rng.int(20, INACTIVE_DAYS - 20));
    neverSignedIn(lastUser(b, id), null);
    b.lookAlike(acct('dialpad', id), `Dialpad user provisioned within ${INACTIVE_DAYS} days who has not signed in yet: too young to call unused`);
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const id = dialpadUser(p, b.rng.int(400, 800));
    neverSignedIn(lastUser(b, id), b.asOfMs - b.rng.int(10, 40) * DAY);
    b.lookAlike(acct('dialpad', id), 'Dialpad user added long ago but activated again recently (date_active), not signed in since: the clock starts at activation');
  }
}

/**
 * Devices of the users no case planted any for: a desktop app registered within the last days and often a phone
 * (blank date). Drawn from `rng`, a stream of their own, so adding them leaves the rest of the organisation as it was.
 */
export function addBaselineDevices(b: OrgBuilder, rng: Prng): void {
  const planted = new Set(b.devices.map((d) => d.user_id));
  for (const u of [...b.users].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    if (planted.has(u.id) || !u.date_first_login || u.state !== 'active') continue;
    const first = Date.parse(`${u.date_first_login}Z`);
    const desktop = rng.chance(0.75);
    if (desktop) device(b, u.id, rng.chance(0.8) ? 'native' : 'web', b.asOfMs - rng.int(1, 72) * HOUR, first);
    if (!desktop || rng.chance(0.4)) device(b, u.id, rng.chance(0.6) ? 'iphone' : 'android', null, first + rng.int(1, 30) * DAY);
  }
}
