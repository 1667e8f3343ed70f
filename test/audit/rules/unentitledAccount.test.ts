import { describe, expect, it } from 'vitest';
import { acct, assign, assignmentsFile, audit, byRule, person, snap } from '../helpers.js';

describe('UNENTITLED_ACCOUNT', () => {
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'a1', 'granted@example.com'),
        acct('dixa', 'a2', 'byhand@example.com'),
        acct('dixa', 'a3', 'invitee@example.com', { status: 'invited', createdAt: '2025-06-29T00:00:00Z' }),
        acct('dixa', 'a4', 'off@example.com', { status: 'deactivated' }),
        acct('dixa', 'a5', 'sus@example.com'),
        acct('dixa', 'a6', 'locked@example.com'),
      ],
    },
  });
  const ids = [
    person('granted@example.com'),
    person('byhand@example.com'),
    person('invitee@example.com'),
    person('off@example.com'),
    person('sus@example.com', { status: 'suspended' }),
    person('locked@example.com', { condition: 'locked_out' }),
  ];
  const assignments = assignmentsFile([assign('granted@example.com', 'Dixa (SAML)'), assign('locked@example.com', 'dixa')]);

  it('fires on an active or invited account of an active owner the IdP does not grant', () => {
    const found = byRule(audit({ snapshot: s, identities: ids, assignments }), 'UNENTITLED_ACCOUNT');
    expect(found.map((f) => f.accountId).sort()).toEqual(['a2', 'a3']);
    expect(found[0]!.evidence['entitlementSource']).toContain('assignments in assignments.csv');
  });

  it('a suspended owner is TERMINATED_STILL_ACTIVE, not unentitled; a locked-out owner is still entitled', () => {
    const r = audit({ snapshot: s, identities: ids, assignments });
    expect(byRule(r, 'UNENTITLED_ACCOUNT').map((f) => f.accountId)).not.toContain('a5');
    expect(byRule(r, 'UNENTITLED_ACCOUNT').map((f) => f.accountId)).not.toContain('a6');
    expect(byRule(r, 'TERMINATED_STILL_ACTIVE').map((f) => f.accountId)).toEqual(['a5']);
  });

  it('not evaluated without an assignments export or configured groups', () => {
    const r = audit({ snapshot: s, identities: ids });
    expect(byRule(r, 'UNENTITLED_ACCOUNT')).toEqual([]);
    expect(r.notEvaluated.find((n) => n.rule === 'UNENTITLED_ACCOUNT' && n.vendor === 'dixa')?.reason).toMatch(/no assignments export/);
  });
});
