import { describe, expect, it } from 'vitest';
import type { Account, Group, PhoneNumber } from '../../src/model/account.js';
import { shareAccountStrings, shareGroupStrings, sharePhoneNumberStrings } from '../../src/snapshot/shared-strings.js';
import { shareAssignmentStrings, shareIdentityStrings } from '../../src/idp/shared-strings.js';
import type { Assignment, Identity } from '../../src/model/identity.js';
import { StringPool } from '../../src/util/string-pool.js';

const account = (id: string): Account => ({
  vendor: 'dixa', id, emails: [`${id}@x.example`], displayName: id, status: 'active', rawStatus: 'seen', roles: ['Agent', 'Administrator'],
  isAdmin: true, createdAt: '2024-10-07T20:35:00Z', lastSeen: null, firstLogin: null, license: null, officeId: null, phoneNumbers: ['+4535535634'],
  memberships: [{ kind: 'queue', id: 'q1', name: 'Priority', role: '3' }, { kind: 'number', id: '+4535535634', name: null, role: null }],
  activity: { state: 'used', lastUsedAt: '2026-10-17T20:08:00.000', signal: 'presence.lastSeen', since: null, note: null },
});

describe('shared strings of snapshot records and IdP rows', () => {
  it('leave every value as it was (only which copy of a text is held changes)', () => {
    const pool = new StringPool();
    for (const id of ['a1', 'a2']) {
      const a = account(id);
      shareAccountStrings(a, pool);
      expect(a).toEqual(account(id));
    }
    const g: Group = { vendor: 'dialpad', kind: 'office', id: 'o1', name: 'Sales', memberIds: ['u1'], officeId: 'o1', primary: true };
    shareGroupStrings(g, pool);
    expect(g).toEqual({ vendor: 'dialpad', kind: 'office', id: 'o1', name: 'Sales', memberIds: ['u1'], officeId: 'o1', primary: true });
    const n: PhoneNumber = { vendor: 'dialpad', number: '+1555', status: 'assigned', targetType: 'user', targetId: 'u1', officeId: null };
    sharePhoneNumberStrings(n, pool);
    expect(n).toEqual({ vendor: 'dialpad', number: '+1555', status: 'assigned', targetType: 'user', targetId: 'u1', officeId: null });
    const identity = { id: 'i1', primaryEmail: 'p@x.example', emails: ['p@x.example'], login: 'p@x.example', displayName: 'P', status: 'active', rawStatus: 'ACTIVE', condition: null, format: 'okta-rockstar-users', source: { file: 'f.csv', row: 2 }, employeeId: null, department: 'Support', manager: null, lastLogin: null, groups: [] } as Identity;
    const identityBefore = structuredClone(identity);
    shareIdentityStrings(identity, pool);
    expect(identity).toEqual(identityBefore);
    const assignment: Assignment = { subject: 'p@x.example', subjectEmails: ['p@x.example'], app: 'Dixa', group: null, rawStatus: null, format: 'okta-current-assignments', source: { file: 'a.csv', row: 3 } };
    const assignmentBefore = structuredClone(assignment);
    shareAssignmentStrings(assignment, pool);
    expect(assignment).toEqual(assignmentBefore);
    expect(pool.size).toBeGreaterThan(5);
  });
});
