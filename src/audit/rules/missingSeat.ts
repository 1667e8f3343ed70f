import type { Rule } from './types.js';
import type { Draft, VendorView } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { Identity } from '../../model/identity.js';
import { findingId, identityEvidence, personLabel, vendorName } from '../findings.js';
import { officePlacer } from '../offices.js';

/** Subject key of an identity: its normalized primary email (docs/rules.md), else another address, else its id. */
export function identitySubjectKey(keys: readonly string[], primary: string | null, identity: Identity): string {
  return primary ?? keys[0] ?? `id:${identity.id}`;
}

export const missingSeat: Rule = {
  meta: {
    code: 'MISSING_SEAT',
    defaultSeverity: 'medium',
    title: 'Entitled person has no account',
    rationale: 'The IdP grants the person the application but the vendor has no active or pending account for them: provisioning failed or was never done.',
    remediation: 'Provision the account (or invite the person), or remove the assignment in the IdP if it is no longer wanted.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('MISSING_SEAT', view.vendor)) continue;
      const grants = ctx.entitlements.perVendor[view.vendor].grants;
      const place = view.vendor === 'dialpad' ? officePlacer(view, ctx.config) : null;
      const ambiguousOf = candidateIndex(view);
      const bySubject = new Map<string, Draft>();
      // Identity indexes in ascending order: a typed array sorts numbers without a comparator call per comparison.
      for (const idx of Int32Array.from(grants.keys()).sort()) {
        const identity = ctx.index.identities[idx]!;
        if (identity.status !== 'active') continue;
        const owned = view.ownedBy.get(idx) ?? NONE_OWNED;
        if (owned.some((p) => view.accounts[p]!.status === 'active' || view.accounts[p]!.status === 'invited')) continue;
        const subject = `${view.vendor}:identity:${identitySubjectKey(ctx.index.keysOf(idx), ctx.index.primaryKeyOf(idx), identity)}`;
        const existing = bySubject.get(subject);
        if (existing) {
          // Two IdP rows with one primary address (a DATA_QUALITY duplicate): one finding naming both.
          (existing.finding.evidence['otherIdentities'] as unknown[]).push(identityEvidence(identity));
          continue;
        }
        const placement = place ? place(identity) : null;
        const ownedAccounts = owned.map((p) => {
          const a = view.accounts[p]!;
          return { id: a.id, emails: a.emails, status: a.status, rawStatus: a.rawStatus };
        });
        const finding: Finding = {
          id: findingId('MISSING_SEAT', subject),
          rule: 'MISSING_SEAT',
          severity: 'medium',
          vendor: view.vendor,
          accountId: null,
          accountEmail: null,
          identityId: identity.id,
          identityEmail: identity.primaryEmail ?? identity.emails[0] ?? null,
          subject,
          title: `${personLabel(identity)} is entitled to ${vendorName(view.vendor)} but has no active or invited account there`,
          evidence: {
            identity: identityEvidence(identity),
            entitledBy: grants.get(idx) ?? [],
            ownedAccounts,
            ambiguousCandidateOf: (ambiguousOf.get(idx) ?? []).sort(),
            ...(view.vendor === 'dialpad'
              ? { office: placement ? { id: placement.office.id, name: placement.office.name, chosenBy: placement.by } : null }
              : {}),
            otherIdentities: [],
          },
          suppressed: false,
          exception: null,
        };
        const draft: Draft = { finding, vendor: view.vendor, account: null, identityIdx: idx };
        bySubject.set(subject, draft);
        out.push(draft);
      }
    }
    return out;
  },
};

const NONE_OWNED: readonly number[] = [];

function candidateIndex(view: VendorView): Map<number, string[]> {
  const out = new Map<number, string[]>();
  view.owners.forEach((o, pos) => {
    for (const i of o.candidateIdx) {
      const list = out.get(i) ?? [];
      list.push(view.accounts[pos]!.id);
      out.set(i, list);
    }
  });
  return out;
}
