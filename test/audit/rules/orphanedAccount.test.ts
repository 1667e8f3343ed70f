import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, exceptionsOf, person, snap } from '../helpers.js';
import { findingId } from '../../../src/audit/findings.js';

describe('ORPHANED_ACCOUNT', () => {
  it('fires on a live unmatched account (high), critical when admin, never on a deactivated one', () => {
    const s = snap({
      dixa: {
        accounts: [
          acct('dixa', 'a1', 'ghost@example.com'),
          acct('dixa', 'a2', 'boss@example.com', { isAdmin: true, roles: ['Administrator'] }),
          acct('dixa', 'a3', 'gone@example.com', { status: 'deactivated', rawStatus: 'end-user' }),
          acct('dixa', 'a4', 'sus@example.com', { status: 'suspended' }),
          acct('dixa', 'a5', 'owned@example.com'),
        ],
      },
    });
    const r = audit({ snapshot: s, identities: [person('owned@example.com')] });
    const found = byRule(r, 'ORPHANED_ACCOUNT');
    expect(Object.fromEntries(found.map((f) => [f.accountId, f.severity]))).toEqual({ a1: 'high', a2: 'critical', a4: 'high' });
    expect(found[0]!.accountId).toBe('a2');
    const f = found.find((x) => x.accountId === 'a2')!;
    expect(f.id).toBe(findingId('ORPHANED_ACCOUNT', 'dixa:a2'));
    expect(f.subject).toBe('dixa:a2');
    expect(f.title).toBe('Dixa account boss@example.com (id a2) is an active administrator account with no owner in the IdP');
    expect(found.find((x) => x.accountId === 'a4')!.title).toContain('is a suspended account');
    expect(f.evidence['account']).toMatchObject({ id: 'a2', isAdmin: true, roles: ['Administrator'] });
  });

  it('an ambiguous account is AMBIGUOUS_OWNER, not orphaned', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'shared@example.com')] } });
    const ids = [person('x@example.com', { emails: ['x@example.com', 'shared@example.com'] }), person('y@example.com', { emails: ['y@example.com', 'shared@example.com'] })];
    const r = audit({ snapshot: s, identities: ids });
    expect(byRule(r, 'ORPHANED_ACCOUNT')).toEqual([]);
    expect(byRule(r, 'AMBIGUOUS_OWNER').map((f) => f.accountId)).toEqual(['a1']);
  });

  it('an excluded (service) account is emitted suppressed with the excluding exception', () => {
    const s = snap({ dialpad: { accounts: [acct('dialpad', '9', 'ivr@example.com')] } });
    const exceptions = exceptionsOf([{ id: 'SVC-1', kind: 'service', scope: { vendor: 'dialpad', accountId: '9' }, rules: ['PRIVILEGED_ACCOUNT'], reason: 'IVR', approver: 'it' }]);
    const r = audit({ snapshot: s, exceptions });
    const [f] = byRule(r, 'ORPHANED_ACCOUNT');
    expect(f).toMatchObject({ accountId: '9', suppressed: true, exception: 'SVC-1' });
    expect(r.unusedExceptions).toEqual([]);
  });

  it('is not evaluated for an incomplete vendor, and says so', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'ghost@example.com')], complete: false, incompleteReasons: ['agents: HTTP 500 on page 3'] } });
    const r = audit({ snapshot: s });
    expect(byRule(r, 'ORPHANED_ACCOUNT')).toEqual([]);
    const ne = r.notEvaluated.find((n) => n.rule === 'ORPHANED_ACCOUNT' && n.vendor === 'dixa');
    expect(ne?.reason).toContain('agents: HTTP 500 on page 3');
  });
});
