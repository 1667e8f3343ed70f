import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, person, snap } from '../helpers.js';

describe('AMBIGUOUS_OWNER', () => {
  it('fires once per ambiguous account, with every candidate identity in evidence', () => {
    const ids = [person('kim@example.com', { id: 'K1', emails: ['kim@example.com', 'help@example.com'] }), person('lee@example.com', { id: 'L1', emails: ['lee@example.com', 'help@example.com'] })];
    const s = snap({ dialpad: { accounts: [acct('dialpad', '5', 'help@example.com'), acct('dialpad', '6', 'kim@example.com')] } });
    const found = byRule(audit({ snapshot: s, identities: ids }), 'AMBIGUOUS_OWNER');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ accountId: '5', severity: 'medium', identityId: null, subject: 'dialpad:5' });
    const owner = found[0]!.evidence['owner'] as { candidates: Array<{ id: string; status: string }> };
    expect(owner.candidates.map((c) => c.id)).toEqual(['K1', 'L1']);
    expect(found[0]!.title).toContain('K1, L1');
  });
});
