import { describe, expect, it } from 'vitest';
import { acct, audit, entitleAll, person, snap } from './helpers.js';
import { ACCOUNT_RULES } from '../../src/audit/notEvaluated.js';

describe('not evaluated: never "zero findings"', () => {
  it('a vendor absent from the snapshot: every account rule for it is not evaluated, with the reason', () => {
    const r = audit({ snapshot: snap({ dixa: { accounts: [acct('dixa', 'a', 'a@example.com')] } }), identities: [person('a@example.com')], assignments: entitleAll(['a@example.com']) });
    const dialpad = r.notEvaluated.filter((n) => n.vendor === 'dialpad');
    expect(dialpad.map((n) => n.rule).sort()).toEqual([...ACCOUNT_RULES].sort());
    expect(dialpad.every((n) => n.reason.includes('Dialpad is not in the snapshot'))).toBe(true);
    expect(r.notEvaluated.filter((n) => n.vendor === 'dixa')).toEqual([]);
    expect(r.findings.filter((f) => f.vendor === 'dialpad')).toEqual([]);
  });

  it('a vendor with no entitlement source and an incomplete snapshot gets one entry per rule with both reasons', () => {
    const r = audit({ snapshot: snap({ dixa: { accounts: [], complete: false, incompleteReasons: ['agents: 401'] }, dialpad: { accounts: [] } }), identities: [] });
    const ms = r.notEvaluated.find((n) => n.rule === 'MISSING_SEAT' && n.vendor === 'dixa')!;
    expect(ms.reason).toContain('agents: 401');
    expect(ms.reason).toContain('no assignments export');
    expect(r.notEvaluated.filter((n) => n.rule === 'MISSING_SEAT' && n.vendor === 'dixa')).toHaveLength(1);
    expect(r.notEvaluated.map((n) => `${n.rule}:${n.vendor}`)).toEqual([
      'MISSING_SEAT:dialpad',
      'MISSING_SEAT:dixa',
      'ORPHANED_ACCOUNT:dixa',
      'REVOCATION_NOT_DONE:null',
      'SEAT_SHORTFALL:dialpad',
      'UNENTITLED_ACCOUNT:dialpad',
      'UNENTITLED_ACCOUNT:dixa',
    ]);
  });
});
