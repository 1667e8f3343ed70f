import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, person, snap } from '../helpers.js';

describe('DUPLICATE_ACCOUNT', () => {
  it('one identity with two live accounts in one vendor: one finding on each; deactivated or other-vendor accounts do not count', () => {
    const ids = [person('max@example.com', { emails: ['max@example.com', 'max.m@example.com'] }), person('one@example.com')];
    const s = snap({
      dixa: {
        accounts: [
          acct('dixa', 'd1', 'max@example.com'),
          acct('dixa', 'd2', 'max.m@example.com', { status: 'invited', createdAt: '2025-06-29T00:00:00Z' }),
          acct('dixa', 'd3', 'MAX@example.com', { status: 'deactivated' }),
          acct('dixa', 'd4', 'one@example.com'),
          acct('dixa', 'd5', 'one@example.com', { status: 'suspended' }),
        ],
      },
      dialpad: { accounts: [acct('dialpad', 'p1', 'max@example.com')] },
    });
    const found = byRule(audit({ snapshot: s, identities: ids }), 'DUPLICATE_ACCOUNT');
    expect(found.map((f) => f.accountId).sort()).toEqual(['d1', 'd2']);
    expect(found.find((f) => f.accountId === 'd1')!.evidence['otherAccountIds']).toEqual(['d2']);
    expect(found.every((f) => f.identityEmail === 'max@example.com')).toBe(true);
  });
});
