import { describe, expect, it } from 'vitest';
import { acct, assign, assignmentsFile, audit, byRule, cfg, person, snap } from '../helpers.js';

describe('PRIVILEGED_ACCOUNT', () => {
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'a1', 'admin@example.com', { isAdmin: true, roles: ['Agent', 'Administrator'] }),
        acct('dixa', 'a2', 'rogue@example.com', { isAdmin: true, roles: ['Admin'] }),
        acct('dixa', 'a3', 'ex@example.com', { isAdmin: true, status: 'deactivated' }),
        acct('dixa', 'a4', 'nobody@example.com', { isAdmin: true }),
      ],
    },
    dialpad: { accounts: [acct('dialpad', '1', 'admin@example.com', { isAdmin: true, status: 'suspended' })] },
  });
  const ids = [person('admin@example.com', { groups: ['IT-Admins'] }), person('rogue@example.com'), person('ex@example.com')];

  it('info for every non-deactivated admin when no adminGroups are configured', () => {
    const found = byRule(audit({ snapshot: s, identities: ids }), 'PRIVILEGED_ACCOUNT');
    expect(found.map((f) => `${f.vendor}:${f.accountId}:${f.severity}`).sort()).toEqual(['dialpad:1:info', 'dixa:a1:info', 'dixa:a2:info', 'dixa:a4:info']);
  });

  it('high when adminGroups is configured and the owner is unmatched or in none of them (groups from IdP or assignments)', () => {
    const assignments = assignmentsFile([assign('rogue@example.com', null, 'Helpdesk')]);
    const found = byRule(audit({ snapshot: s, identities: ids, assignments, config: cfg({ adminGroups: ['it-admins'] }) }), 'PRIVILEGED_ACCOUNT');
    expect(found.map((f) => `${f.vendor}:${f.accountId}:${f.severity}`).sort()).toEqual(['dialpad:1:info', 'dixa:a1:info', 'dixa:a2:high', 'dixa:a4:high']);
    expect(found.find((f) => f.accountId === 'a2')!.evidence['ownerGroups']).toEqual(['Helpdesk']);
  });
});
