import { describe, expect, it } from 'vitest';
import type { AccountActivity } from '../../../src/model/account.js';
import { acct, audit, byRule, cfg, entitleAll, exceptionsOf, person, snap } from '../helpers.js';

const used = (at: string, signal = 'presence.lastSeen'): AccountActivity => ({ state: 'used', lastUsedAt: at, signal, since: '2023-01-01T00:00:00Z', note: null });
const never = (since: string | null): AccountActivity => ({ state: 'never', lastUsedAt: null, signal: 'users.date_first_login', since, note: null });
const unknown = (note: string, at: string | null = null): AccountActivity => ({ state: 'unknown', lastUsedAt: at, signal: at ? 'users.date_first_login' : null, since: '2020-01-01T00:00:00', note });

describe('INACTIVE_ACCOUNT', () => {
  // As of 2025-06-30T12:00Z: 90 days earlier is 2025-04-01T12:00Z.
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'stale', 'stale@example.com', { activity: used('2025-02-01T08:00:00.000') }),
        acct('dixa', 'edge', 'edge@example.com', { activity: used('2025-04-01T12:00:00.000') }),
        acct('dixa', 'yesterday', 'y@example.com', { activity: used('2025-06-29T09:00:00.000') }),
        acct('dixa', 'invited', 'inv@example.com', { status: 'invited', createdAt: '2024-01-01T00:00:00Z', activity: never('2024-01-01T00:00:00Z') }),
        acct('dixa', 'gone', 'gone@example.com', { status: 'deactivated', activity: used('2024-01-01T00:00:00.000') }),
        acct('dixa', 'nosignal', 'n@example.com', {}),
      ],
    },
    dialpad: {
      accounts: [
        acct('dialpad', '1', 'desk@example.com', { license: 'talk', activity: used('2025-01-10T10:00:00', 'userdevices.date_registered') }),
        acct('dialpad', '2', 'never@example.com', { createdAt: '2025-01-01T00:00:00', activity: never('2025-01-01T00:00:00') }),
        acct('dialpad', '3', 'young@example.com', { createdAt: '2025-05-01T00:00:00', activity: never('2025-05-01T00:00:00') }),
        acct('dialpad', '4', 'mobile@example.com', { activity: unknown('1 device(s) (iphone) never report a registration date', '2021-01-01T00:00:00') }),
        acct('dialpad', '5', 'reactivated@example.com', { createdAt: '2023-01-01T00:00:00', activity: never('2025-06-01T00:00:00') }),
        acct('dialpad', '6', 'nodate@example.com', { createdAt: null, activity: never(null) }),
      ],
    },
  });

  it('flags an active account unused past the threshold, or never signed in since long before it; evidence names signal and date', () => {
    const found = byRule(audit({ snapshot: s }), 'INACTIVE_ACCOUNT');
    expect(found.map((f) => `${f.vendor}:${f.accountId}`).sort()).toEqual(['dialpad:1', 'dialpad:2', 'dixa:stale']);
    const stale = found.find((f) => f.accountId === 'stale')!;
    expect(stale.severity).toBe('low');
    expect(stale.evidence).toMatchObject({ kind: 'inactive', signal: 'presence.lastSeen', lastUsedAt: '2025-02-01T08:00:00.000', daysSinceLastUse: 149, thresholdDays: 90 });
    expect(stale.title).toContain('149 days');
    const desk = found.find((f) => f.accountId === '1')!;
    expect(desk.evidence).toMatchObject({ kind: 'inactive', signal: 'userdevices.date_registered', lastUsedAt: '2025-01-10T10:00:00' });
    const neverUsed = found.find((f) => f.accountId === '2')!;
    expect(neverUsed.evidence).toMatchObject({ kind: 'never-signed-in', signal: 'users.date_first_login', lastUsedAt: null, createdOrActivatedAt: '2025-01-01T00:00:00', daysSinceCreated: 180 });
  });

  it('no usable signal (mobile-only, no creation date, no activity at all), an invite, a deactivated account, a recent re-activation: nothing', () => {
    const keys = byRule(audit({ snapshot: s }), 'INACTIVE_ACCOUNT').map((f) => f.accountId);
    for (const id of ['4', '6', 'nosignal', 'invited', 'gone', '5', 'edge', 'yesterday', '3']) expect(keys).not.toContain(id);
  });

  it('follows thresholds.inactiveDays', () => {
    const r = audit({ snapshot: s, config: cfg({ thresholds: { inactiveDays: 30 } }) });
    expect(byRule(r, 'INACTIVE_ACCOUNT').map((f) => `${f.vendor}:${f.accountId}`).sort()).toEqual(['dialpad:1', 'dialpad:2', 'dialpad:3', 'dixa:edge', 'dixa:stale']);
  });

  it('is suppressible by an exception like every rule', () => {
    const exceptions = exceptionsOf([
      { id: 'EXC-1', kind: 'accepted-risk', scope: { vendor: 'dixa', accountId: 'stale' }, rules: ['INACTIVE_ACCOUNT'], reason: 'seasonal', approver: 'cs@example.com' },
    ]);
    const stale = byRule(audit({ snapshot: s, exceptions }), 'INACTIVE_ACCOUNT').find((f) => f.accountId === 'stale')!;
    expect(stale).toMatchObject({ suppressed: true, exception: 'EXC-1' });
  });

  it('is not evaluated, with the reason, for a vendor whose snapshot carries no activity signal', () => {
    const bare = snap({
      dixa: { accounts: [acct('dixa', 'stale', 'stale@example.com', { activity: used('2025-02-01T08:00:00.000') })], activitySignals: [] },
      dialpad: { accounts: [acct('dialpad', '1', 'desk@example.com', { activity: used('2025-01-10T10:00:00') })] },
    });
    delete (bare.vendors.dialpad as { activitySignals?: string[] }).activitySignals;
    const r = audit({ snapshot: bare });
    expect(byRule(r, 'INACTIVE_ACCOUNT')).toEqual([]);
    const ne = r.notEvaluated.filter((n) => n.rule === 'INACTIVE_ACCOUNT');
    expect(ne.map((n) => n.vendor)).toEqual(['dialpad', 'dixa']);
    expect(ne.find((n) => n.vendor === 'dixa')?.reason).toContain('no activity signal');
    expect(ne.find((n) => n.vendor === 'dialpad')?.reason).toContain('before activity signals were collected');
  });
});

describe('licence waste', () => {
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'stale', 'stale@example.com', { activity: used('2025-02-01T08:00:00.000') }),
        acct('dixa', 'invited', 'inv@example.com', { status: 'invited', createdAt: '2024-01-01T00:00:00Z', activity: never('2024-01-01T00:00:00Z') }),
        acct('dixa', 'fresh', 'fresh@example.com', { activity: used('2025-06-29T09:00:00.000') }),
      ],
    },
    dialpad: {
      accounts: [
        acct('dialpad', '1', 'desk@example.com', { license: 'talk', officeId: 'o1', activity: used('2025-01-10T10:00:00', 'userdevices.date_registered') }),
        acct('dialpad', '2', 'never@example.com', { license: 'agents', officeId: 'o2', createdAt: '2025-01-01T00:00:00', activity: never('2025-01-01T00:00:00') }),
        acct('dialpad', '3', 'odd@example.com', { license: 'lite', officeId: 'o1', createdAt: '2025-01-01T00:00:00', activity: never('2025-01-01T00:00:00') }),
      ],
      groups: [
        { vendor: 'dialpad', kind: 'office', id: 'o1', name: 'Berlin', memberIds: ['1', '3'], officeId: 'o1' },
        { vendor: 'dialpad', kind: 'office', id: 'o2', name: 'Support', memberIds: ['2'], officeId: 'o2' },
      ],
    },
  });
  const emails = ['stale@example.com', 'inv@example.com', 'fresh@example.com', 'desk@example.com', 'never@example.com', 'odd@example.com'];

  it('counts each wasted seat once per vendor and office, priced by licence type, unpriced types counted apart', () => {
    const identities = emails.map((e) => person(e));
    const config = cfg({ licences: { currency: 'EUR', dixa: { default: 80 }, dialpad: { talk: 20, agents: 90 } } });
    const w = audit({ snapshot: s, identities, assignments: entitleAll(emails), config }).licenceWaste;
    expect(w.currency).toBe('EUR');
    expect(w.pricedVendors).toEqual(['dixa', 'dialpad']);
    const dixa = w.totals.find((t) => t.vendor === 'dixa')!;
    expect(dixa).toMatchObject({ seats: { leaver: 0, neverUsed: 1, inactive: 1, total: 2 }, monthlyCost: 160, unpricedSeats: 0 });
    const dialpad = w.totals.find((t) => t.vendor === 'dialpad')!;
    expect(dialpad).toMatchObject({ seats: { leaver: 0, neverUsed: 2, inactive: 1, total: 3 }, monthlyCost: 110, unpricedSeats: 1 });
    expect(w.rows.map((r) => [r.scopeName, r.seats.total, r.monthlyCost])).toEqual([
      ['Berlin', 2, 20],
      ['Support', 1, 90],
    ]);
    expect(w.accounts.find((a) => a.accountId === 'stale')).toMatchObject({ category: 'inactive', lastUsedAt: '2025-02-01T08:00:00.000', monthlyPrice: 80 });
  });

  it('without prices: seats still counted, cost null; a suppressed finding is no waste', () => {
    const identities = emails.map((e) => person(e));
    const exceptions = exceptionsOf([{ id: 'EXC-1', kind: 'accepted-risk', scope: { vendor: 'dialpad', accountId: '1' }, rules: ['INACTIVE_ACCOUNT'], reason: 'seasonal', approver: 'cs@example.com' }]);
    const w = audit({ snapshot: s, identities, assignments: entitleAll(emails), exceptions }).licenceWaste;
    expect(w.pricedVendors).toEqual([]);
    expect(w.totals.find((t) => t.vendor === 'dialpad')).toMatchObject({ seats: { total: 2, inactive: 0 }, monthlyCost: null, unpricedSeats: 2 });
  });
});
