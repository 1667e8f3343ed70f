import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, exceptionsOf, snap } from '../helpers.js';

describe('EXCEPTION_EXPIRED', () => {
  const s = snap({ dixa: { accounts: [acct('dixa', 'svc', 'svc@example.com'), acct('dixa', 'bg', 'bg@example.com', { isAdmin: true })] } });
  const exceptions = exceptionsOf([
    { id: 'OLD', kind: 'service', scope: { vendor: 'dixa', accountId: 'svc' }, rules: ['ORPHANED_ACCOUNT'], reason: 'bot', approver: 'cto', expires: '2025-06-29' },
    { id: 'TODAY', kind: 'break-glass', scope: { vendor: 'dixa', accountId: 'bg' }, rules: ['*'], reason: 'emergency admin', approver: 'ciso', expires: '2025-06-30' },
  ]);

  it('an exception that expired before as-of covers nothing and raises EXCEPTION_EXPIRED (medium); one expiring on the as-of day still applies', () => {
    const r = audit({ snapshot: s, exceptions });
    const [expired, ...rest] = byRule(r, 'EXCEPTION_EXPIRED');
    expect(rest).toEqual([]);
    expect(expired).toMatchObject({ subject: 'exception:OLD', severity: 'medium', suppressed: false, vendor: 'dixa' });
    const orphan = r.findings.find((f) => f.rule === 'ORPHANED_ACCOUNT' && f.accountId === 'svc')!;
    expect(orphan.suppressed).toBe(false);
    expect(expired!.evidence['noLongerSuppressed']).toEqual([orphan.id]);
    // The break-glass account, excluded through the exception valid through 2025-06-30, stays suppressed.
    expect(r.findings.filter((f) => f.accountId === 'bg').map((f) => [f.rule, f.suppressed, f.exception])).toEqual([
      ['ORPHANED_ACCOUNT', true, 'TODAY'],
      ['PRIVILEGED_ACCOUNT', true, 'TODAY'],
    ]);
    expect(r.unusedExceptions).toEqual([]);
  });

  it('the next day the second one expires too', () => {
    const r = audit({ snapshot: s, exceptions, asOf: new Date('2025-07-01T00:00:00Z') });
    expect(byRule(r, 'EXCEPTION_EXPIRED').map((f) => f.subject)).toEqual(expect.arrayContaining(['exception:OLD', 'exception:TODAY']));
    expect(r.findings.filter((f) => f.suppressed)).toEqual([]);
  });
});
