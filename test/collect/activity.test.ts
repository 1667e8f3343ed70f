import { describe, expect, it } from 'vitest';
import { DialpadUser } from '../../src/vendors/dialpad/api.js';
import { dialpadActivity } from '../../src/vendors/dialpad/activity.js';
import { DialpadUserDevice } from '../../src/vendors/dialpad/devices.js';
import { normalizeDixa } from '../../src/vendors/dixa/normalize.js';

const user = (p: Record<string, unknown>) => DialpadUser.parse({ id: '5001', state: 'active', date_added: '2024-01-01T09:00:00', ...p });
const dev = (type: string, date_registered?: string) => DialpadUserDevice.parse({ id: `d-${type}-${date_registered ?? 'blank'}`, user_id: '5001', type, ...(date_registered ? { date_registered } : {}) });

describe('Dialpad activity (docs/rules.md "Activity signals")', () => {
  const signedIn = { date_active: '2024-01-01T10:00:00', date_first_login: '2024-01-01T10:05:00' };

  it('desktop registrations only: used at the latest one', () => {
    expect(dialpadActivity(user(signedIn), [dev('native', '2024-09-01T08:00:00'), dev('polycom', '2025-01-02T08:00:00')])).toMatchObject({
      state: 'used',
      lastUsedAt: '2025-01-02T08:00:00',
      signal: 'userdevices.date_registered',
    });
  });

  it('a mobile device (blank date) beside an old desktop one: unknown, with the reason', () => {
    const a = dialpadActivity(user(signedIn), [dev('native', '2024-02-01T08:00:00'), dev('android')]);
    expect(a).toMatchObject({ state: 'unknown', lastUsedAt: '2024-02-01T08:00:00' });
    expect(a.note).toMatch(/android.*not evidence of inactivity/);
  });

  it('no device, or the listing not read: unknown; date_first_login alone only dates the first sign-in', () => {
    expect(dialpadActivity(user(signedIn), [])).toMatchObject({ state: 'unknown', note: expect.stringContaining('no registered device') });
    expect(dialpadActivity(user(signedIn), null)).toMatchObject({ state: 'unknown', note: expect.stringContaining('not read') });
  });

  it('never signed in: counted from the later of date_added and date_active; a registered device overrides it', () => {
    expect(dialpadActivity(user({}), [])).toMatchObject({ state: 'never', signal: 'users.date_first_login', since: '2024-01-01T09:00:00' });
    expect(dialpadActivity(user({ date_active: '2025-03-01T00:00:00' }), null)).toMatchObject({ state: 'never', since: '2025-03-01T00:00:00' });
    expect(dialpadActivity(user({}), [dev('web', '2025-02-01T00:00:00')])).toMatchObject({ state: 'used', lastUsedAt: '2025-02-01T00:00:00' });
  });

  it('a first sign-in later than every registration is the last known use', () => {
    expect(dialpadActivity(user({ date_first_login: '2025-05-01T00:00:00' }), [dev('native', '2025-01-01T00:00:00')])).toMatchObject({
      state: 'used',
      lastUsedAt: '2025-05-01T00:00:00',
      signal: 'users.date_first_login',
    });
  });
});

describe('Dixa activity', () => {
  const agents = [
    { id: 'a1', email: 'a1@example.com', createdAt: '2024-01-01T00:00:00Z' },
    { id: 'a2', email: 'a2@example.com', createdAt: '2024-01-01T00:00:00Z' },
  ];
  it('presence lastSeen is the last use; none is never; presence not read is no signal at all', () => {
    const read = normalizeDixa({ agents, presence: [{ userId: 'a1', lastSeen: '2025-01-01T10:00:00.000' }] as never, presenceRead: true, teams: [], queues: [], endUsers: new Map() });
    expect(read.activitySignals).toEqual(['presence.lastSeen']);
    expect(read.accounts.map((a) => a.activity?.state)).toEqual(['used', 'never']);
    const unread = normalizeDixa({ agents, presence: [], presenceRead: false, teams: [], queues: [], endUsers: new Map() });
    expect(unread.activitySignals).toEqual([]);
    expect(unread.accounts.map((a) => a.activity?.state)).toEqual(['unknown', 'unknown']);
  });
});
