import { describe, expect, it } from 'vitest';
import { acct, assign, assignmentsFile, audit, cfg, group, number, person, seatPool, snap } from './helpers.js';

/** The clean look-alikes of docs/rules.md: each resembles a finding and must produce none. */
describe('clean look-alikes produce nothing', () => {
  const ids = [
    person('ok@example.com'),
    person('Case.Diff@Example.com'),
    person('locked@example.com', { rawStatus: 'LOCKED_OUT', condition: 'locked_out' }),
    person('expired@example.com', { rawStatus: 'PASSWORD_EXPIRED', condition: 'password_expired' }),
    person('young@example.com'),
    person('staged@example.com', { status: 'staged', rawStatus: 'STAGED' }),
    person('left@example.com', { status: 'deprovisioned', rawStatus: 'DEPROVISIONED' }),
    person('paused@example.com', { status: 'suspended', rawStatus: 'SUSPENDED' }),
    person('admin@example.com', { groups: ['IT Admins'] }),
    person('acq@example.com', { emails: ['acq@example.com'] }),
  ];
  const entitled = ['ok@example.com', 'case.diff@example.com', 'locked@example.com', 'expired@example.com', 'young@example.com', 'staged@example.com', 'admin@example.com', 'acq@example.com'];
  const assignments = assignmentsFile(entitled.flatMap((e) => [assign(e, 'Dixa'), assign(e, 'Dialpad')]));
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'd-ok', 'ok@example.com'),
        acct('dixa', 'd-case', ' case.diff@EXAMPLE.com'),
        acct('dixa', 'd-locked', 'locked@example.com'),
        acct('dixa', 'd-expired', 'expired@example.com'),
        // A young invite (within the threshold) is a seat and fires nothing.
        acct('dixa', 'd-young', 'young@example.com', { status: 'invited', rawStatus: 'never-seen', createdAt: '2025-06-25T08:00:00Z' }),
        // A downgraded agent (end user) that holds nothing.
        acct('dixa', 'd-left', 'left@example.com', { status: 'deactivated', rawStatus: 'end-user' }),
        // An admin in the admin group: info only (PRIVILEGED_ACCOUNT info is expected, asserted below).
        acct('dixa', 'd-admin', 'admin@example.com', { isAdmin: true, roles: ['Administrator'] }),
        acct('dixa', 'd-acq', 'acq@oldco.io'),
      ],
      // A member id that resolves to no account is not an account.
      groups: [group('dixa', 'team', 't1', 'Tier 1', ['d-ok', 'd-case', 'unresolved-id'])],
    },
    dialpad: {
      accounts: [
        acct('dialpad', '1', 'ok@example.com', { officeId: 'o1', memberships: [{ kind: 'office', id: 'o1', name: 'HQ', role: null }] }),
        acct('dialpad', '2', 'case.diff@example.com'),
        acct('dialpad', '3', 'locked@example.com'),
        acct('dialpad', '4', 'expired@example.com'),
        acct('dialpad', '5', 'young@example.com', { status: 'invited', rawStatus: 'pending', createdAt: '2025-06-29T10:00:00' }),
        // Suspended, with a license and an office only: neither is a held resource.
        acct('dialpad', '6', 'paused@example.com', { status: 'suspended', rawStatus: 'suspended', license: 'talk', officeId: 'o1', memberships: [{ kind: 'office', id: 'o1', name: 'HQ', role: null }] }),
        acct('dialpad', '7', 'admin@example.com'),
        acct('dialpad', '8', 'acq@example.com'),
        acct('dialpad', '9', 'left@example.com', { status: 'deactivated', rawStatus: 'deleted' }),
      ],
      groups: [group('dialpad', 'office', 'o1', 'HQ', ['1', '6'])],
      seatPools: [seatPool('o1', 'HQ', 0)],
      numbers: [number('+15550100', '1'), number('+15550101', null, { status: 'available' })],
    },
  });

  it('only the admin review (info) remains', () => {
    const r = audit({ snapshot: s, identities: ids, assignments, config: cfg({ adminGroups: ['it admins'], correlation: { domainAliases: { 'oldco.io': 'example.com' } } }) });
    expect(r.findings.map((f) => `${f.rule} ${f.subject} ${f.severity}`)).toEqual(['PRIVILEGED_ACCOUNT dixa:d-admin info']);
    // Only the remediation check, which needs a previous review's decisions.
    expect(r.notEvaluated.map((n) => n.rule)).toEqual(['REVOCATION_NOT_DONE']);
    expect(r.correlations.filter((c) => c.owner.state !== 'matched')).toEqual([]);
  });
});
