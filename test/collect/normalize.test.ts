import { describe, expect, it } from 'vitest';
import { DialpadAvailableLicenses, DialpadUser } from '../../src/vendors/dialpad/api.js';
import { dialpadStatus, normalizeDialpad } from '../../src/vendors/dialpad/normalize.js';
import { DixaAgent } from '../../src/vendors/dixa/api.js';
import { normalizeDixa } from '../../src/vendors/dixa/normalize.js';

describe('normalizeDixa (docs/rules.md)', () => {
  const agent = (over: Record<string, unknown>) => DixaAgent.parse({ id: 'a1', createdAt: '2024-01-01T00:00:00Z', displayName: 'A', email: 'a@example.org', ...over });

  it("maps presence and the seed's active flag to status, and roles to admin case-insensitively", () => {
    const out = normalizeDixa({
      agents: [
        agent({ id: 'seen', roles: ['Agent', 'administrator'] }),
        agent({ id: 'never', roles: ['Agent'] }),
        agent({ id: 'off', active: false, lastSeen: 'x' }),
        agent({ id: 'seed-admin', role: 'ADMIN', unknownField: { kept: true } }),
        agent({ id: 'teamlead', roles: ['TeamLead', 'Administrators'] }),
      ],
      presence: [
        { userId: 'seen', lastSeen: '2024-05-30T08:00:00.000' },
        { userId: 'never', connectionStatus: 'Offline' },
        { userId: 'off', lastSeen: '2024-05-30T08:00:00.000' },
      ],
      teams: [],
      queues: [],
      endUsers: new Map(),
    });
    const byId = Object.fromEntries(out.accounts.map((a) => [a.id, a]));
    expect(byId.seen).toMatchObject({ status: 'active', rawStatus: 'seen', isAdmin: true, lastSeen: '2024-05-30T08:00:00.000' });
    expect(byId.never).toMatchObject({ status: 'invited', rawStatus: 'never-seen', isAdmin: false });
    expect(byId.off).toMatchObject({ status: 'deactivated', rawStatus: 'active:false' });
    expect(byId['seed-admin']).toMatchObject({ status: 'invited', isAdmin: true, roles: ['ADMIN'] });
    expect(byId.teamlead?.isAdmin).toBe(false);
  });

  it('end users in groups are deactivated accounts holding those groups; 404 ids stay only in memberIds', () => {
    const out = normalizeDixa({
      agents: [agent({ id: 'a1', teamIds: ['t2'] })],
      presence: [],
      teams: [
        { team: { id: 't1', name: 'Support' }, members: [{ id: 'a1' }, { id: 'eu1' }, { id: 'ghost' }] },
        { team: { id: 't2', name: 'Sales' }, members: null },
      ],
      queues: [{ queue: { id: 'q1', name: 'Main' }, members: [{ agentId: 'eu1', priority: 3 }] }],
      endUsers: new Map([
        ['eu1', { id: 'eu1', email: 'former@example.org', displayName: 'Former' }],
        ['ghost', null],
      ]),
    });
    expect(out.unresolvedMemberIds).toEqual(['ghost']);
    expect(out.accounts.map((a) => a.id)).toEqual(['a1', 'eu1']);
    expect(out.accounts[1]).toMatchObject({ status: 'deactivated', rawStatus: 'end-user', emails: ['former@example.org'] });
    expect(out.accounts[1]?.memberships).toEqual([
      { kind: 'queue', id: 'q1', name: 'Main', role: '3' },
      { kind: 'team', id: 't1', name: 'Support', role: null },
    ]);
    // The seed's teamIds add a membership the (failed) member listing could not show.
    expect(out.accounts[0]?.memberships.map((m) => m.id)).toEqual(['t1', 't2']);
    expect(out.groups.find((g) => g.id === 't1')?.memberIds).toEqual(['a1', 'eu1', 'ghost']);
  });
});

describe('normalizeDialpad (docs/rules.md)', () => {
  it('maps every documented state, and anything else to unknown', () => {
    expect(['active', 'pending', 'suspended', 'deleted', 'cancelled', 'frozen', undefined].map((s) => dialpadStatus(s))).toEqual([
      'active',
      'invited',
      'suspended',
      'deactivated',
      'deactivated',
      'unknown',
      'unknown',
    ]);
  });

  it('stores numeric ids as strings and detects admins three ways', () => {
    const users = [
      { id: 6000000000000001, state: 'active', is_super_admin: true, emails: ['a@x.com'], office_id: 5 },
      { id: '2', state: 'active', is_admin: true },
      { id: '3', state: 'suspended', admin_office_ids: [5] },
      { id: '4', state: 'pending' },
    ].map((u) => DialpadUser.parse(u));
    expect(users[0]?.id).toBe('6000000000000001');
    expect(users[0]?.office_id).toBe('5');
    const out = normalizeDialpad({
      users,
      offices: [{ id: '5', name: 'HQ' }],
      licenses: new Map([['5', DialpadAvailableLicenses.parse({ talk_lines: '4', sell_lines: 0 })]]),
      callcenters: [{ callcenter: { id: 'cc', name: 'Support' }, operatorIds: ['3'] }],
      numbers: [{ number: '+1555', status: 'user', target_type: 'user', target_id: '3' }],
    });
    expect(out.accounts.map((a) => [a.id, a.isAdmin, a.status])).toEqual([
      ['2', true, 'active'],
      ['3', true, 'suspended'],
      ['4', false, 'invited'],
      ['6000000000000001', true, 'active'],
    ]);
    // A suspended user still holding a call-center seat and a number: the held resources are memberships.
    expect(out.accounts[1]?.memberships.map((m) => `${m.kind}:${m.id}`)).toEqual(['callcenter:cc', 'number:+1555']);
    expect(out.seatPools).toEqual([{ vendor: 'dialpad', scopeId: '5', scopeName: 'HQ', available: { sell_lines: 0, talk_lines: 4 } }]);
    expect(out.groups.find((g) => g.kind === 'office')?.memberIds).toEqual(['6000000000000001']);
  });

  it('rejects records without an id or with wrong types', () => {
    expect(DialpadUser.safeParse({ state: 'active' }).success).toBe(false);
    expect(DialpadUser.safeParse({ id: '1', emails: 'a@x.com' }).success).toBe(false);
    // AvailableLicensesProto allows other properties: what is not a count is left out, the counts are kept.
    expect(DialpadAvailableLicenses.parse({ talk_lines: 'four', fax_lines: '2', note: { x: 1 } })).toEqual({ fax_lines: 2 });
  });
});
