import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';

/** Deterministic uuid-shaped ids: prefix nibble and a counter. */
export function uuidOf(prefix: string, n: number): string {
  return `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export const DIXA_TOKEN = 'dixa-test-token-1';
export const DIALPAD_TOKEN = 'dialpad-test-key-1';
export const DIALPAD_NON_ADMIN_TOKEN = 'dialpad-user-key-2';

/** A small Dixa organisation: `agentCount` agents, 2 teams (one naming an end user and an unknown id), 2 queues. */
export function sampleDixaState(agentCount = 7): DixaState {
  const agents = Array.from({ length: agentCount }, (_, i) => ({
    id: uuidOf('a', i + 1),
    createdAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
    displayName: `Agent ${i + 1}`,
    email: `agent${i + 1}@example.org`,
    additionalEmails: [],
    additionalPhoneNumbers: [],
    middleNames: [],
    roles: i === 0 ? ['Administrator'] : ['Agent'],
    ...(i % 3 === 0 ? { phoneNumber: `+4512345${String(i).padStart(3, '0')}`, firstName: 'First', lastName: `Last${i}` } : {}),
  }));
  const endUser = {
    id: uuidOf('e', 1),
    createdAt: '2023-05-01T10:00:00Z',
    displayName: 'Former Agent',
    email: 'former@example.org',
    phoneNumber: '+4599999999',
  };
  return {
    organization: { id: uuidOf('0', 1), name: 'Example Org', subdomain: 'example-org', status: 'Active' },
    agents,
    presence: agents.map((a, i) => ({
      userId: a.id,
      requestTime: '2024-06-01T12:00:00.000',
      ...(i % 2 === 0 ? { lastSeen: '2024-05-30T08:00:00.000', presenceStatus: 'Working' as const } : {}),
      connectionStatus: i === 0 ? ('Online' as const) : ('Offline' as const),
      ...(i === 0 ? { activeChannels: ['Email'] } : {}),
    })),
    teams: [
      { id: uuidOf('7', 1), name: 'Support', memberIds: [agents[0]?.id ?? '', agents[1]?.id ?? '', endUser.id, uuidOf('f', 99)] },
      { id: uuidOf('7', 2), name: 'Sales', memberIds: agents.slice(2, 4).map((a) => a.id) },
    ],
    queues: [
      {
        queue: {
          id: uuidOf('9', 1),
          name: 'Main queue',
          isDefault: true,
          organizationId: uuidOf('0', 1),
          queueThresholds: { SlaPercentage: 10 },
          slaCalculationMethod: 'AbandonedIgnored',
          doNotOfferTimeouts: {},
          isDoNotOfferEnabled: false,
          offeringAlgorithm: 'AllAtOnce',
        },
        members: [
          { agentId: agents[0]?.id ?? '', priority: 1 },
          { agentId: agents[1]?.id ?? '', priority: 2 },
          { agentId: endUser.id },
        ],
      },
      {
        queue: {
          id: uuidOf('9', 2),
          name: 'VIP',
          isDefault: false,
          organizationId: uuidOf('0', 1),
          queueThresholds: {},
          slaCalculationMethod: 'AbandonedIgnored',
          doNotOfferTimeouts: { Email: 30 },
          isDoNotOfferEnabled: true,
        },
        members: [],
      },
    ],
    endUsers: [endUser],
  };
}

const STATES = ['active', 'active', 'suspended', 'pending', 'active', 'deleted', 'cancelled'] as const;

/** A small Dialpad company: `userCount` users over 2 offices, 1 call center, numbers for every other user. */
export function sampleDialpadState(userCount = 9): DialpadState {
  const officeA = '5000000000000001';
  const officeB = '5000000000000002';
  const users = Array.from({ length: userCount }, (_, i) => {
    const id = String(6000000000000001 + i);
    const office = i % 2 === 0 ? officeA : officeB;
    return {
      id,
      company_id: '4000000000000001',
      office_id: office,
      emails: [`user${i + 1}@example.com`],
      first_name: `User`,
      last_name: `${i + 1}`,
      display_name: `User ${i + 1}`,
      ...(i % 2 === 0 ? { phone_numbers: [`+1415555${String(1000 + i)}`] } : {}),
      license: i < 3 ? 'agents' : 'talk',
      state: STATES[i % STATES.length] ?? 'active',
      is_admin: i === 0,
      is_super_admin: i === 0,
      ...(i === 0 ? { admin_office_ids: [officeA] } : {}),
      group_details: i < 3 ? [{ group_id: '7000000000000001', group_type: 'callcenter', role: i === 0 ? ('admin' as const) : ('operator' as const) }] : [],
      date_added: '2023-01-01T10:00:00',
      ...(i % 3 !== 0 ? { date_active: '2023-01-02T10:00:00', date_first_login: '2023-01-02T10:05:00' } : {}),
      timezone: 'US/Pacific',
      language: 'en',
      country: 'us',
      do_not_disturb: false,
    };
  });
  return {
    company: { id: '4000000000000001', name: 'Example Co', domain: 'example.com', country: 'us', account_type: 'pro', admin_email: 'admin@example.com', office_count: '2', state: 'active' },
    users,
    offices: [
      { id: officeA, office_id: officeA, name: 'HQ', state: 'active', is_primary_office: true, country: 'us', timezone: 'US/Pacific', phone_numbers: ['+14155550000'] },
      { id: officeB, office_id: officeB, name: 'Branch', state: 'active', is_primary_office: false, country: 'us', timezone: 'US/Eastern' },
    ],
    availableLicenses: {
      [officeA]: { talk_lines: '2', sell_lines: '0', contact_center_lines: '1', room_lines: '0', fax_lines: '0' },
      [officeB]: { talk_lines: '0', contact_center_lines: '0' },
    },
    callcenters: [{ id: '7000000000000001', name: 'Support Line', office_id: officeA, state: 'active' }],
    operators: { '7000000000000001': { userIds: users.slice(0, 3).map((u) => u.id), roomIds: [] } },
    numbers: [
      ...users.filter((u) => u.phone_numbers).map((u) => ({
        number: u.phone_numbers?.[0] ?? '',
        status: 'user',
        target_type: 'user',
        target_id: u.id,
        type: 'local',
        area_code: '415',
        company_id: '4000000000000001',
        office_id: u.office_id,
      })),
      { number: '+14155559999', status: 'available', type: 'local', area_code: '415', company_id: '4000000000000001', office_id: officeA },
    ],
    // A desktop app (date_registered refreshed about hourly) and a phone (mobile: always blank) per signed-in user.
    devices: users.filter((u) => u.date_first_login).flatMap((u, i) => [
      { id: `dev-${u.id}-1`, user_id: u.id, type: 'native', display_name: 'Dialpad for Mac', app_version: '2400.1.0', date_created: '2023-01-02T10:05:00', date_registered: `2024-05-${String((i % 28) + 1).padStart(2, '0')}T08:00:00`, date_updated: '2024-05-01T08:00:00' },
      { id: `dev-${u.id}-2`, user_id: u.id, type: 'iphone', display_name: 'iPhone', app_version: '24.1', date_created: '2023-01-03T10:05:00' },
    ]),
  };
}
