import type { AccountActivity } from '../../model/account.js';
import type { DialpadUser } from './api.js';
import type { DialpadUserDevice } from './devices.js';

export const DIALPAD_SIGNALS = {
  firstLogin: 'users.date_first_login',
  deviceRegistered: 'userdevices.date_registered',
} as const;

/** Dialpad times come without a zone (research/dialpad.md): read as UTC. */
function epoch(text: string | null | undefined): number | null {
  if (!text || text.trim() === '') return null;
  const t = text.trim();
  const ms = Date.parse(/([zZ]|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function later(a: string | null | undefined, b: string | null | undefined): string | null {
  const ea = epoch(a);
  const eb = epoch(b);
  if (ea === null) return eb === null ? null : (b ?? null);
  if (eb === null) return a ?? null;
  return eb > ea ? (b ?? null) : (a ?? null);
}

/**
 * What Dialpad says about one user's use (research/dialpad.md section 2: no last-login field exists).
 * - date_first_login null: never signed in, counted from the later of date_added and date_active (a re-activated
 *   user gets a fresh start), unless a device registered anyway (then that registration is the last use).
 * - Otherwise the latest device date_registered (desktop and desk phones refresh it about hourly) is the last use,
 *   but only when every device of the user reports one: mobile apps always leave it blank, so a user with a mobile
 *   device may be using it today, and no device at all says nothing either. Both are `unknown`, never inactive.
 * `devices` is null when the company-wide device listing was not read.
 */
export function dialpadActivity(user: DialpadUser, devices: readonly DialpadUserDevice[] | null): AccountActivity {
  const since = later(user.date_added, user.date_active);
  let latest: string | null = null;
  let latestMs = -Infinity;
  const blank: string[] = [];
  for (const d of devices ?? []) {
    const ms = epoch(d.date_registered);
    if (ms === null) blank.push(d.type ?? 'unknown type');
    else if (ms > latestMs) {
      latestMs = ms;
      latest = d.date_registered ?? null;
    }
  }
  const firstLogin = user.date_first_login && epoch(user.date_first_login) !== null ? user.date_first_login : null;
  if (firstLogin === null) {
    if (latest !== null) return { state: 'used', lastUsedAt: latest, signal: DIALPAD_SIGNALS.deviceRegistered, since, note: 'date_first_login is empty but a device registered' };
    return { state: 'never', lastUsedAt: null, signal: DIALPAD_SIGNALS.firstLogin, since, note: null };
  }
  // The first sign-in is a use too: the later of it and the latest registration.
  const firstMs = epoch(firstLogin) as number;
  const last = latest !== null && latestMs >= firstMs ? { at: latest, signal: DIALPAD_SIGNALS.deviceRegistered } : { at: firstLogin, signal: DIALPAD_SIGNALS.firstLogin };
  if (devices === null) {
    return { state: 'unknown', lastUsedAt: last.at, signal: last.signal, since, note: 'the device listing was not read; date_first_login only dates the first sign-in' };
  }
  if (blank.length > 0) {
    const kinds = [...new Set(blank)].sort().join(', ');
    return { state: 'unknown', lastUsedAt: last.at, signal: last.signal, since, note: `${blank.length} device(s) (${kinds}) never report a registration date (mobile apps): a blank date is not evidence of inactivity` };
  }
  if (latest === null) {
    return { state: 'unknown', lastUsedAt: last.at, signal: last.signal, since, note: 'no registered device; date_first_login only dates the first sign-in' };
  }
  return { state: 'used', lastUsedAt: last.at, signal: last.signal, since, note: null };
}
