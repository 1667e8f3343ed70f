import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, group, number, person, snap } from '../helpers.js';

describe('DEACTIVATED_STILL_ASSIGNED', () => {
  it('Dixa: an end user (downgraded agent) still in teams and queues, every one in evidence', () => {
    const s = snap({
      dixa: {
        accounts: [acct('dixa', 'e1', 'old@example.com', { status: 'deactivated', rawStatus: 'end-user' }), acct('dixa', 'e2', 'clean@example.com', { status: 'deactivated', rawStatus: 'end-user' })],
        groups: [group('dixa', 'team', 't1', 'Tier 1', ['e1', 'x']), group('dixa', 'team', 't2', 'Tier 2', ['e1']), group('dixa', 'queue', 'q1', 'Billing', ['e1'])],
      },
    });
    const r = audit({ snapshot: s, identities: [person('old@example.com', { status: 'deprovisioned' })] });
    const [f, ...rest] = byRule(r, 'DEACTIVATED_STILL_ASSIGNED');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ accountId: 'e1', severity: 'medium' });
    expect(f!.evidence['teams']).toEqual(['t1', 't2']);
    expect(f!.evidence['queues']).toEqual(['q1']);
    expect(f!.title).toContain('2 teams, 1 queue');
  });

  it('Dialpad: a suspended user holding a call-center seat and numbers (own list and /numbers), but an office or license is not held', () => {
    const s = snap({
      dialpad: {
        accounts: [
          acct('dialpad', '1', 'sus@example.com', {
            status: 'suspended',
            rawStatus: 'suspended',
            license: 'talk',
            officeId: 'o1',
            phoneNumbers: ['+15550001'],
            memberships: [{ kind: 'callcenter', id: 'cc1', name: 'Support', role: 'operator' }, { kind: 'office', id: 'o1', name: 'HQ', role: null }],
          }),
          acct('dialpad', '2', 'lic@example.com', { status: 'suspended', license: 'talk', officeId: 'o1', memberships: [{ kind: 'office', id: 'o1', name: 'HQ', role: null }] }),
        ],
        groups: [group('dialpad', 'callcenter', 'cc1', 'Support', ['1']), group('dialpad', 'office', 'o1', 'HQ', ['1', '2'])],
        numbers: [number('+15550001', '1'), number('+15550002', '1'), number('+15550003', '1', { targetType: 'office' })],
      },
    });
    const r = audit({ snapshot: s, identities: [person('sus@example.com', { status: 'suspended' }), person('lic@example.com', { status: 'suspended' })] });
    const found = byRule(r, 'DEACTIVATED_STILL_ASSIGNED');
    expect(found.map((f) => f.accountId)).toEqual(['1']);
    expect(found[0]!.evidence['callCenters']).toEqual(['cc1']);
    expect(found[0]!.evidence['phoneNumbers']).toEqual(['+15550001', '+15550002']);
  });

  it('an active account in teams fires nothing', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'a', 'a@example.com')], groups: [group('dixa', 'team', 't', 'T', ['a'])] } });
    expect(byRule(audit({ snapshot: s, identities: [person('a@example.com')] }), 'DEACTIVATED_STILL_ASSIGNED')).toEqual([]);
  });
});
