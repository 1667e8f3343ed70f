import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acct, audit, cfg, entitleAll, exceptionsOf, group, person, seatPool, snap } from './helpers.js';
import { stableStringify } from '../../src/util/json.js';
import { compareFindings } from '../../src/audit/findings.js';
import type { Account } from '../../src/model/account.js';
import type { Identity } from '../../src/model/identity.js';

const users = ['ann', 'bob', 'cy', 'dee', 'eve', 'fox'];
const domains = ['example.com', 'oldco.io'];
const email = fc.tuple(fc.constantFrom(...users), fc.constantFrom(...domains), fc.boolean()).map(([u, d, upper]) => (upper ? `${u}@${d}`.toUpperCase() : `${u}@${d}`));
const identityArb = fc.record({
  email: email,
  alias: fc.option(email, { nil: null }),
  status: fc.constantFrom('active', 'active', 'suspended', 'deprovisioned', 'staged', 'unknown'),
  dept: fc.constantFrom('Support', 'Sales', null),
});
const accountArb = fc.record({
  vendor: fc.constantFrom('dixa' as const, 'dialpad' as const),
  email: email,
  status: fc.constantFrom('active', 'invited', 'suspended', 'deactivated', 'unknown'),
  admin: fc.boolean(),
  created: fc.constantFrom('2025-01-01T00:00:00Z', '2025-06-29T00:00:00', null),
  inTeam: fc.boolean(),
});

function build(idRows: Array<{ email: string; alias: string | null; status: string; dept: string | null }>, accRows: Array<{ vendor: 'dixa' | 'dialpad'; email: string; status: string; admin: boolean; created: string | null; inTeam: boolean }>) {
  const identities: Identity[] = idRows.map((r, i) =>
    person(r.email, { id: `id${i}`, emails: r.alias ? [r.email, r.alias] : [r.email], status: r.status as Identity['status'], department: r.dept, source: { file: '/x/idp.csv', row: i + 2 } }),
  );
  const accounts: Account[] = accRows.map((r, i) => acct(r.vendor, `${r.vendor}-${i}`, r.email, { status: r.status as Account['status'], isAdmin: r.admin, createdAt: r.created }));
  const members = accounts.filter((_, i) => accRows[i]!.inTeam).map((a) => a.id);
  return { identities, accounts, members };
}

describe('determinism and invariants', () => {
  it('same inputs give deep-equal results and byte-identical JSON; account order does not matter', () => {
    fc.assert(
      fc.property(fc.array(identityArb, { maxLength: 8 }), fc.array(accountArb, { maxLength: 10 }), fc.boolean(), (idRows, accRows, aliasDomain) => {
        const { identities, accounts, members } = build(idRows, accRows);
        const mk = (list: Account[]) =>
          snap({
            dixa: { accounts: list.filter((a) => a.vendor === 'dixa'), groups: [group('dixa', 'team', 't1', 'Team', members.filter((m) => m.startsWith('dixa')))] },
            dialpad: {
              accounts: list.filter((a) => a.vendor === 'dialpad'),
              groups: [group('dialpad', 'callcenter', 'cc', 'CC', members.filter((m) => m.startsWith('dialpad'))), group('dialpad', 'office', 'o1', 'Support', [])],
              seatPools: [seatPool('o1', 'Support', 1)],
            },
          });
        const config = cfg({ correlation: { domainAliases: aliasDomain ? { 'oldco.io': 'example.com' } : {} }, adminGroups: ['Admins'] });
        const exceptions = exceptionsOf([
          { id: 'E1', kind: 'service', scope: { vendor: 'dixa', email: 'bob@example.com' }, rules: ['*'], reason: 'svc', approver: 'x' },
          { id: 'E2', kind: 'accepted-risk', scope: { identityEmail: 'cy@example.com' }, rules: ['MISSING_SEAT', 'UNENTITLED_ACCOUNT'], reason: 'r', approver: 'x', expires: '2025-01-01' },
        ]);
        const assignments = entitleAll(['ann@example.com', 'cy@example.com', 'dee@oldco.io']);
        const input = { identities, assignments, config, exceptions };
        const a = audit({ ...input, snapshot: mk(accounts) });
        const b = audit({ ...input, snapshot: mk(accounts) });
        const c = audit({ ...input, snapshot: mk([...accounts].reverse()) });
        expect(b).toEqual(a);
        expect(stableStringify(b.findings)).toBe(stableStringify(a.findings));
        expect(JSON.stringify(c.findings)).toBe(JSON.stringify(a.findings));
        expect(c.correlations).toEqual(a.correlations);
        // Invariants: one owner state per account; unique ids; sorted; suppressed ones name their exception.
        expect(a.correlations).toHaveLength(new Set(accounts.map((x) => `${x.vendor}:${x.id}`)).size);
        expect(new Set(a.findings.map((f) => f.id)).size).toBe(a.findings.length);
        expect([...a.findings].sort(compareFindings)).toEqual(a.findings);
        for (const f of a.findings) expect(f.suppressed).toBe(f.exception !== null);
      }),
      { numRuns: 150, seed: 20250630 },
    );
  });
});
