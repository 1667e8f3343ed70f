import type { NormalizedSnapshot } from '../../src/model/index.js';
import type { DialpadState, DialpadUserRaw } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';

/** The Dixa organisation the snapshot describes, in the wire shapes the simulator serves. */
export function dixaStateFrom(snapshot: NormalizedSnapshot): DixaState {
  const vs = snapshot.vendors.dixa!;
  const agents = vs.accounts.filter((a) => a.status !== 'deactivated');
  const person = (a: (typeof vs.accounts)[number]) => ({
    id: a.id,
    createdAt: a.createdAt ?? '2024-01-01T00:00:00Z',
    displayName: a.displayName,
    email: a.emails[0] ?? `${a.id}@example.com`,
    additionalEmails: a.emails.slice(1),
    additionalPhoneNumbers: [],
    middleNames: [],
  });
  return {
    organization: { id: '00000000-0000-4000-8000-000000000001', name: 'Example Co', subdomain: 'example', status: 'Active' },
    agents: agents.map((a) => ({ ...person(a), roles: a.roles })),
    presence: agents.map((a) => ({
      userId: a.id,
      requestTime: '2024-06-30T09:00:00.000',
      ...(a.status === 'active' ? { lastSeen: (a.lastSeen ?? '2024-06-01T00:00:00Z').replace(/Z$/, '') } : {}),
      connectionStatus: 'Offline' as const,
    })),
    teams: vs.groups.filter((g) => g.kind === 'team').map((g) => ({ id: g.id, name: g.name, memberIds: [...g.memberIds] })),
    queues: vs.groups
      .filter((g) => g.kind === 'queue')
      .map((g) => ({
        queue: {
          id: g.id,
          name: g.name,
          isDefault: false,
          organizationId: '00000000-0000-4000-8000-000000000001',
          queueThresholds: {},
          slaCalculationMethod: 'AbandonedIgnored',
          doNotOfferTimeouts: {},
          isDoNotOfferEnabled: false,
        },
        members: g.memberIds.map((agentId) => ({ agentId, priority: 1 })),
      })),
    endUsers: vs.accounts.filter((a) => a.status === 'deactivated').map(person),
  };
}

const DIALPAD_STATE: Record<string, string> = { active: 'active', invited: 'pending', suspended: 'suspended', deactivated: 'deleted' };

/** The Dialpad company the snapshot describes, in the wire shapes the simulator serves (int64 ids as strings). */
export function dialpadStateFrom(snapshot: NormalizedSnapshot): DialpadState {
  const vs = snapshot.vendors.dialpad!;
  const numbersOf = new Map<string, Set<string>>();
  for (const a of vs.accounts) numbersOf.set(a.id, new Set(a.phoneNumbers));
  for (const n of vs.numbers) if (n.targetType === 'user' && n.targetId) numbersOf.get(n.targetId)?.add(n.number);
  const callcenters = vs.groups.filter((g) => g.kind === 'callcenter');
  const users: DialpadUserRaw[] = vs.accounts.map((a) => {
    const [first, ...rest] = a.displayName.split(' ');
    return {
      id: a.id,
      company_id: '4500000000000001',
      ...(a.officeId ? { office_id: a.officeId } : {}),
      emails: a.emails,
      first_name: first ?? '',
      last_name: rest.join(' '),
      display_name: a.displayName,
      phone_numbers: [...(numbersOf.get(a.id) ?? [])],
      license: a.license ?? 'talk',
      state: DIALPAD_STATE[a.status] ?? a.rawStatus,
      is_admin: a.isAdmin,
      is_super_admin: a.isAdmin,
      group_details: callcenters.filter((c) => c.memberIds.includes(a.id)).map((c) => ({ group_id: c.id, group_type: 'callcenter', role: 'operator' as const })),
      date_added: (a.createdAt ?? '2024-01-01T00:00:00').replace(/Z$/, ''),
    };
  });
  const numbers = new Map<string, DialpadState['numbers'][number]>();
  for (const n of vs.numbers) numbers.set(n.number, { number: n.number, status: n.status, ...(n.targetType ? { target_type: n.targetType } : {}), ...(n.targetId ? { target_id: n.targetId } : {}), ...(n.officeId ? { office_id: n.officeId } : {}) });
  for (const u of users) for (const num of u.phone_numbers ?? []) if (!numbers.has(num)) numbers.set(num, { number: num, status: 'user', target_type: 'user', target_id: u.id });
  return {
    company: { id: '4500000000000001', name: 'Example Co' },
    users,
    offices: vs.groups.filter((g) => g.kind === 'office').map((g) => ({ id: g.id, office_id: g.id, name: g.name, state: 'active' })),
    availableLicenses: Object.fromEntries(vs.seatPools.map((p) => [p.scopeId, Object.fromEntries(Object.entries(p.available).map(([k, v]) => [k, String(v)]))])),
    callcenters: callcenters.map((c) => ({ id: c.id, name: c.name, ...(c.officeId ? { office_id: c.officeId } : {}), state: 'active' })),
    operators: Object.fromEntries(callcenters.map((c) => [c.id, { userIds: [...c.memberIds], roomIds: [] }])),
    numbers: [...numbers.values()],
  };
}
