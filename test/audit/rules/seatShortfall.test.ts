import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, cfg, entitleAll, exceptionsOf, group, person, seatPool, snap } from '../helpers.js';

describe('SEAT_SHORTFALL', () => {
  const people = [
    person('s1@example.com', { department: 'support' }),
    person('s2@example.com', { department: 'Support' }),
    person('s3@example.com', { department: 'SUPPORT' }),
    person('x1@example.com', { department: 'Marketing' }),
    person('ok@example.com', { department: 'Sales' }),
  ];
  const dialpad = {
    accounts: [acct('dialpad', '1', 'ok@example.com')],
    groups: [group('dialpad', 'office', 'o-sup', 'Support', []), group('dialpad', 'office', 'o-hq', 'HQ', []), group('dialpad', 'office', 'o-sales', 'Sales', [])],
    seatPools: [seatPool('o-sup', 'Support', 2), seatPool('o-hq', 'HQ', 1), seatPool('o-sales', 'Sales', 0)],
  };
  const assignments = entitleAll(people.map((p) => p.primaryEmail!));

  it('fires for an office (matched by department, case-insensitive) whose talk_lines are fewer than the missing seats', () => {
    const r = audit({ snapshot: snap({ dialpad }), identities: people, assignments, config: cfg({ plan: { dialpadDefaultOfficeId: 'o-hq' } }) });
    const found = byRule(r, 'SEAT_SHORTFALL');
    expect(found.map((f) => f.subject)).toEqual(['dialpad:office:o-sup']);
    expect(found[0]!.evidence).toMatchObject({ available: 2, needed: 3, shortfall: 1, office: { id: 'o-sup', name: 'Support' } });
    // Marketing has no office: it goes to the default office, which has one line for one person.
    const x1 = byRule(r, 'MISSING_SEAT').find((f) => f.identityEmail === 'x1@example.com')!;
    expect(x1.evidence['office']).toEqual({ id: 'o-hq', name: 'HQ', chosenBy: 'default_office' });
  });

  it('a missing seat suppressed by an exception needs no license', () => {
    const exceptions = exceptionsOf([{ id: 'E1', kind: 'accepted-risk', scope: { identityEmail: 's3@example.com' }, rules: ['MISSING_SEAT'], reason: 'on leave', approver: 'hr' }]);
    const r = audit({ snapshot: snap({ dialpad }), identities: people, assignments, exceptions, config: cfg({ plan: { dialpadDefaultOfficeId: 'o-hq' } }) });
    expect(byRule(r, 'SEAT_SHORTFALL')).toEqual([]);
  });

  it('without a department match, a default office or a known primary office, the seat is unplaced and the rule says it could not speak for it', () => {
    const r = audit({ snapshot: snap({ dialpad }), identities: [people[3]!], assignments });
    expect(byRule(r, 'SEAT_SHORTFALL')).toEqual([]);
    expect(r.notEvaluated.find((n) => n.rule === 'SEAT_SHORTFALL')?.reason).toContain('match no office');
  });

  it('not evaluated when MISSING_SEAT is not (no entitlements; incomplete Dialpad snapshot)', () => {
    const r1 = audit({ snapshot: snap({ dialpad }), identities: people });
    expect(r1.notEvaluated.find((n) => n.rule === 'SEAT_SHORTFALL')?.reason).toContain('MISSING_SEAT is not evaluated');
    const r2 = audit({ snapshot: snap({ dialpad: { ...dialpad, complete: false, incompleteReasons: ['offices: 503'] } }), identities: people, assignments });
    expect(byRule(r2, 'SEAT_SHORTFALL')).toEqual([]);
    expect(r2.notEvaluated.find((n) => n.rule === 'SEAT_SHORTFALL')?.reason).toContain('offices: 503');
  });
});

describe('SEAT_SHORTFALL office placement', () => {
  it('a department matching no office goes to the primary office (Group.primary, Dialpad is_primary_office)', () => {
    const hq = { ...group('dialpad', 'office', 'o-hq', 'Headquarters', []), primary: true };
    const dialpad = { accounts: [], groups: [hq, group('dialpad', 'office', 'o-b', 'Berlin', [])], seatPools: [seatPool('o-hq', 'Headquarters', 1), seatPool('o-b', 'Berlin', 5)] };
    const people = [person('a@example.com', { department: 'Finance' }), person('b@example.com', { department: null })];
    const r = audit({ snapshot: snap({ dialpad }), identities: people, assignments: entitleAll(['a@example.com', 'b@example.com']) });
    expect(byRule(r, 'MISSING_SEAT').map((f) => f.evidence['office'])).toEqual([
      { id: 'o-hq', name: 'Headquarters', chosenBy: 'primary_office' },
      { id: 'o-hq', name: 'Headquarters', chosenBy: 'primary_office' },
    ]);
    expect(byRule(r, 'SEAT_SHORTFALL').map((f) => [f.subject, f.evidence['needed'], f.evidence['available']])).toEqual([['dialpad:office:o-hq', 2, 1]]);
  });
});
