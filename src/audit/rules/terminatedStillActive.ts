import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, personLabel, vendorName } from '../findings.js';

export const terminatedStillActive: Rule = {
  meta: {
    code: 'TERMINATED_STILL_ACTIVE',
    defaultSeverity: 'critical',
    title: 'Suspended or departed person still has access',
    rationale: 'The IdP says the person must not have access (suspended or deprovisioned) but the vendor account can still be used: the classic leaver gap.',
    remediation: 'Deactivate the account now (Dixa: downgrade the agent; Dialpad: suspend the user), after reassigning open work.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('TERMINATED_STILL_ACTIVE', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        const owner = view.owners[pos]!;
        if (owner.identityIdx === null) continue;
        if (account.status !== 'active' && account.status !== 'invited') continue;
        const identity = ctx.index.identities[owner.identityIdx]!;
        if (identity.status !== 'suspended' && identity.status !== 'deprovisioned') continue;
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'TERMINATED_STILL_ACTIVE',
            severity: 'critical',
            title: `${personLabel(identity)} is ${identity.status} in the IdP (${identity.rawStatus}) but still has an ${account.status} ${vendorName(view.vendor)} account (id ${account.id})`,
          }),
        );
      }
    }
    return out;
  },
};
