import { describe, expect, it } from 'vitest';
import type { PreviousDecision } from '../../../src/model/remediation.js';
import { acct, audit, byRule, exceptionsOf, group, number, person, snap } from '../helpers.js';

const asOf = new Date('2026-10-01T00:00:00Z');

function revoke(vendor: 'dixa' | 'dialpad', accountId: string, date: string | null, decision: PreviousDecision['decision'] = 'Revoke'): PreviousDecision {
  return { findingId: `F-${accountId}`, rule: 'TERMINATED_STILL_ACTIVE', vendor, accountId, accountEmail: `${accountId}@example.com`, decision, reviewer: 'rev@example.com', date, justification: 'left', source: 'decisions-log.json' };
}

const s = snap({
  dixa: {
    accounts: [
      acct('dixa', 'active', 'active@example.com'),
      acct('dixa', 'down', 'down@example.com', { status: 'deactivated', rawStatus: 'end-user' }),
      acct('dixa', 'down-clean', 'down-clean@example.com', { status: 'deactivated', rawStatus: 'end-user' }),
      acct('dixa', 'recent', 'recent@example.com'),
    ],
    groups: [group('dixa', 'team', 't1', 'Tier 1', ['down', 'gone-but-listed'])],
  },
  dialpad: {
    accounts: [acct('dialpad', 'sus', 'sus@example.com', { status: 'suspended', rawStatus: 'suspended' })],
    numbers: [number('+15550001', 'sus')],
    complete: false,
    incompleteReasons: ['users: 500'],
  },
});
const decisions = [
  revoke('dixa', 'active', '2026-09-01'),
  revoke('dixa', 'down', '2026-09-01'),
  revoke('dixa', 'down-clean', '2026-09-01'),
  revoke('dixa', 'gone', '2026-09-01'),
  revoke('dixa', 'gone-but-listed', '2026-09-01'),
  revoke('dixa', 'recent', '2026-09-25'),
  revoke('dialpad', 'sus', '2026-09-01'),
];

describe('proof of remediation and REVOCATION_NOT_DONE', () => {
  const r = audit({ snapshot: s, identities: [person('x@example.com')], previousDecisions: decisions, asOf });
  const status = Object.fromEntries((r.remediation?.checks ?? []).map((c) => [`${c.vendor}:${c.accountId}`, c.status]));

  it('tells done, partly done, not done and unknown apart', () => {
    expect(status).toEqual({
      'dixa:active': 'not_done',
      'dixa:down': 'partly_done',
      'dixa:down-clean': 'done',
      'dixa:gone': 'done',
      'dixa:gone-but-listed': 'partly_done',
      'dixa:recent': 'not_done',
      'dialpad:sus': 'unknown',
    });
    const down = r.remediation?.checks.find((c) => c.accountId === 'down');
    expect(down?.held).toEqual(['team Tier 1']);
    expect(down?.dueBy).toBe('2026-09-15');
  });

  it('raises REVOCATION_NOT_DONE (high) only past review.remediationDays, never for unknown', () => {
    const found = byRule(r, 'REVOCATION_NOT_DONE');
    expect(found.map((f) => f.subject).sort()).toEqual(['dixa:active', 'dixa:down', 'dixa:gone-but-listed']);
    expect(found.every((f) => f.severity === 'high')).toBe(true);
    expect(found.find((f) => f.accountId === 'down')?.evidence).toMatchObject({ status: 'partly_done', held: ['team Tier 1'], dueBy: '2026-09-15' });
    expect(r.notEvaluated.find((n) => n.rule === 'REVOCATION_NOT_DONE')).toMatchObject({ vendor: 'dialpad' });
  });

  it('honours review.remediationDays from the config', async () => {
    const { cfg } = await import('../helpers.js');
    const late = audit({ snapshot: s, identities: [person('x@example.com')], previousDecisions: decisions, asOf, config: cfg({ review: { remediationDays: 3 } }) });
    expect(byRule(late, 'REVOCATION_NOT_DONE').map((f) => f.accountId).sort()).toEqual(['active', 'down', 'gone-but-listed', 'recent']);
  });

  it('checks Exception decisions in force, expired or missing', () => {
    const exceptions = exceptionsOf([
      { id: 'EX-ok', kind: 'accepted-risk', scope: { vendor: 'dixa', accountId: 'active' }, rules: ['*'], reason: 'r', approver: 'a', expires: '2027-01-01' },
      { id: 'EX-old', kind: 'accepted-risk', scope: { vendor: 'dixa', email: 'down@example.com' }, rules: ['*'], reason: 'r', approver: 'a', expires: '2026-01-01' },
    ]);
    const ex = audit({
      snapshot: s,
      identities: [person('x@example.com')],
      exceptions,
      asOf,
      previousDecisions: [revoke('dixa', 'active', '2026-09-01', 'Exception'), revoke('dixa', 'down', '2026-09-01', 'Exception'), revoke('dixa', 'recent', '2026-09-01', 'Exception')],
    });
    expect((ex.remediation?.checks ?? []).map((c) => `${c.accountId} ${c.status} ${c.exceptionId ?? '-'}`)).toEqual(['active in_force EX-ok', 'down expired EX-old', 'recent missing -']);
    expect(byRule(ex, 'REVOCATION_NOT_DONE')).toEqual([]);
  });

  it('without previous decisions the rule is not evaluated (never zero findings)', () => {
    const none = audit({ snapshot: s, identities: [person('x@example.com')], asOf });
    expect(none.remediation).toBeNull();
    expect(none.notEvaluated.find((n) => n.rule === 'REVOCATION_NOT_DONE' && n.vendor === null)?.reason).toMatch(/--previous/);
  });
});
