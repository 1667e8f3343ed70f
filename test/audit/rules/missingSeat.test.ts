import { describe, expect, it } from 'vitest';
import { acct, assign, assignmentsFile, audit, byRule, cfg, entitleAll, idpFile, person, snap } from '../helpers.js';
import { findingId } from '../../../src/audit/findings.js';

describe('MISSING_SEAT', () => {
  const ids = [
    person('has@example.com'),
    person('Needs@Example.com', { id: 'needs' }),
    person('young@example.com'),
    person('old@example.com'),
    person('sus@example.com', { status: 'suspended' }),
    person('staged@example.com', { status: 'staged' }),
    person('locked@example.com', { condition: 'password_expired', rawStatus: 'PASSWORD_EXPIRED' }),
    person('gone@example.com'),
  ];
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'a1', 'has@example.com'),
        acct('dixa', 'a2', 'young@example.com', { status: 'invited', createdAt: '2025-06-25T00:00:00Z' }),
        acct('dixa', 'a3', 'old@example.com', { status: 'invited', createdAt: '2025-01-01T00:00:00Z' }),
        acct('dixa', 'a4', 'gone@example.com', { status: 'deactivated', rawStatus: 'end-user' }),
      ],
    },
  });
  const everyone = entitleAll(ids.map((i) => i.primaryEmail!));

  it('fires for an active entitled identity with no active or invited account (subject = normalized primary email)', () => {
    const r = audit({ snapshot: s, identities: ids, assignments: everyone });
    const found = byRule(r, 'MISSING_SEAT');
    expect(found.map((f) => f.subject).sort()).toEqual(['dixa:identity:gone@example.com', 'dixa:identity:locked@example.com', 'dixa:identity:needs@example.com']);
    const f = found.find((x) => x.identityId === 'needs')!;
    expect(f.id).toBe(findingId('MISSING_SEAT', 'dixa:identity:needs@example.com'));
    expect(f).toMatchObject({ vendor: 'dixa', accountId: null, severity: 'medium', identityEmail: 'Needs@Example.com' });
    expect(f.evidence['entitledBy']).toEqual([expect.stringContaining('app "Dixa"')]);
    const gone = found.find((x) => x.subject.endsWith('gone@example.com'))!;
    expect(gone.evidence['ownedAccounts']).toEqual([{ id: 'a4', emails: ['gone@example.com'], status: 'deactivated', rawStatus: 'end-user' }]);
  });

  it('a young invite counts as a seat; an old invite too (it is UNACCEPTED_INVITE instead)', () => {
    const r = audit({ snapshot: s, identities: ids, assignments: everyone });
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.identityEmail)).not.toContain('young@example.com');
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.identityEmail)).not.toContain('old@example.com');
    expect(byRule(r, 'UNACCEPTED_INVITE').map((f) => f.accountId)).toEqual(['a3']);
  });

  it('entitlement by IdP group column, listed in entitlements.<vendor>.groups (case-insensitive)', () => {
    const people = [person('g1@example.com', { groups: ['CS Agents'] }), person('g2@example.com', { groups: ['Sales'] })];
    const r = audit({ snapshot: snap({ dixa: { accounts: [] } }), idp: idpFile(people, { groupColumns: ['Groups'] }), config: cfg({ entitlements: { dixa: { apps: ['dixa'], groups: ['cs agents'] } } }) });
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.identityEmail)).toEqual(['g1@example.com']);
    expect(r.entitled.dixa).toEqual(['00ug1@example.com']);
  });

  it('entitlement by an assignment row group, matched to the identity by login', () => {
    const people = [person('h@example.com', { login: 'hlogin' })];
    const r = audit({
      snapshot: snap({ dialpad: { accounts: [] } }),
      idp: idpFile(people),
      assignments: assignmentsFile([assign('hlogin', null, 'Phones')]),
      config: cfg({ entitlements: { dialpad: { apps: ['dialpad'], groups: ['Phones'] } } }),
    });
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.subject)).toEqual(['dialpad:identity:h@example.com']);
  });

  it('not evaluated without entitlements: the reason is given, never zero findings', () => {
    const r = audit({ snapshot: s, identities: ids });
    expect(byRule(r, 'MISSING_SEAT')).toEqual([]);
    const ne = r.notEvaluated.filter((n) => n.rule === 'MISSING_SEAT');
    expect(ne.map((n) => n.vendor)).toEqual(['dialpad', 'dixa']);
    expect(ne[0]!.reason).toContain('Dialpad is not in the snapshot');
    expect(ne[1]!.reason).toContain('no assignments export');
  });

  it('an assignments export that names no application of a vendor says nothing about it (per-vendor)', () => {
    const r = audit({
      snapshot: snap({ dixa: { accounts: [] }, dialpad: { accounts: [] } }),
      identities: [person('p@example.com')],
      assignments: assignmentsFile([assign('p@example.com', 'Dixa')]),
    });
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.vendor)).toEqual(['dixa']);
    expect(r.notEvaluated.find((n) => n.rule === 'MISSING_SEAT' && n.vendor === 'dialpad')?.reason).toContain('names no application matching /dialpad/i');
    expect(r.notEvaluated.find((n) => n.rule === 'UNENTITLED_ACCOUNT' && n.vendor === 'dialpad')).toBeDefined();
  });

  it('not evaluated for an incomplete vendor snapshot', () => {
    const partial = snap({ dixa: { accounts: [], complete: false, incompleteReasons: ['presence: 429 after 5 retries'] } });
    const r = audit({ snapshot: partial, identities: ids, assignments: everyone });
    expect(byRule(r, 'MISSING_SEAT')).toEqual([]);
    expect(r.notEvaluated.find((n) => n.rule === 'MISSING_SEAT' && n.vendor === 'dixa')?.reason).toContain('presence: 429');
  });

  it('two IdP rows with one primary email make one finding naming both', () => {
    const dup = [person('twin@example.com', { id: 't1' }), person('twin@example.com', { id: 't2' })];
    const r = audit({ snapshot: snap({ dixa: { accounts: [] } }), identities: dup, assignments: entitleAll(['twin@example.com']) });
    const found = byRule(r, 'MISSING_SEAT');
    expect(found).toHaveLength(1);
    expect((found[0]!.evidence['otherIdentities'] as Array<{ id: string }>).map((i) => i.id)).toEqual(['t2']);
  });
});
