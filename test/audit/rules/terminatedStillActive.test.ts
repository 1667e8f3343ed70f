import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, person, snap } from '../helpers.js';

describe('TERMINATED_STILL_ACTIVE', () => {
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'a1', 'sus@example.com'),
        acct('dixa', 'a2', 'left@example.com', { status: 'invited', rawStatus: 'never-seen' }),
        acct('dixa', 'a3', 'locked@example.com'),
        acct('dixa', 'a4', 'left2@example.com', { status: 'deactivated' }),
        acct('dixa', 'a5', 'staged@example.com'),
      ],
    },
  });
  const ids = [
    person('sus@example.com', { status: 'suspended', rawStatus: 'SUSPENDED' }),
    person('left@example.com', { status: 'deprovisioned', rawStatus: 'DEPROVISIONED' }),
    person('locked@example.com', { status: 'active', rawStatus: 'LOCKED_OUT', condition: 'locked_out' }),
    person('left2@example.com', { status: 'deprovisioned', rawStatus: 'DEPROVISIONED' }),
    person('staged@example.com', { status: 'staged', rawStatus: 'STAGED' }),
  ];

  it('fires (critical) when the owner is suspended or deprovisioned and the account active or invited', () => {
    const found = byRule(audit({ snapshot: s, identities: ids }), 'TERMINATED_STILL_ACTIVE');
    expect(found.map((f) => f.accountId).sort()).toEqual(['a1', 'a2']);
    expect(found.every((f) => f.severity === 'critical')).toBe(true);
    const f = found.find((x) => x.accountId === 'a2')!;
    expect(f.identityEmail).toBe('left@example.com');
    expect(f.evidence['identity']).toMatchObject({ status: 'deprovisioned', rawStatus: 'DEPROVISIONED', source: { file: 'okta-users.csv' } });
    expect(f.evidence['owner']).toMatchObject({ state: 'matched', rule: 'primary_email', key: 'left@example.com' });
    expect(f.title).toMatch(/deprovisioned.*invited Dixa account/);
  });

  it('locked out (still entitled), staged and already-deactivated accounts fire nothing', () => {
    const r = audit({ snapshot: s, identities: ids });
    expect(byRule(r, 'TERMINATED_STILL_ACTIVE').map((f) => f.accountId)).not.toEqual(expect.arrayContaining(['a3']));
    expect(r.findings.filter((f) => ['a3', 'a4', 'a5'].includes(f.accountId ?? ''))).toEqual([]);
  });

  it('is evaluated even when the vendor snapshot is incomplete (what was seen is evidence)', () => {
    const partial = snap({ dixa: { accounts: [acct('dixa', 'a1', 'sus@example.com')], complete: false, incompleteReasons: ['teams: timeout'] } });
    expect(byRule(audit({ snapshot: partial, identities: ids }), 'TERMINATED_STILL_ACTIVE')).toHaveLength(1);
  });
});
