import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, personLabel, vendorName } from '../findings.js';

export const unentitledAccount: Rule = {
  meta: {
    code: 'UNENTITLED_ACCOUNT',
    defaultSeverity: 'medium',
    title: 'Account granted outside the IdP',
    rationale: 'The person is active but the IdP does not grant them the application: the account was created by hand and escapes the joiner/mover/leaver process.',
    remediation: 'Assign the application in the IdP if the access is wanted; otherwise deactivate the account.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('UNENTITLED_ACCOUNT', view.vendor)) continue;
      const grants = ctx.entitlements.perVendor[view.vendor].grants;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        const owner = view.owners[pos]!;
        if (owner.identityIdx === null) continue;
        if (account.status !== 'active' && account.status !== 'invited') continue;
        const identity = ctx.index.identities[owner.identityIdx]!;
        if (identity.status !== 'active' || grants.has(owner.identityIdx)) continue;
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'UNENTITLED_ACCOUNT',
            severity: 'medium',
            title: `${personLabel(identity)} has an ${account.status} ${vendorName(view.vendor)} account (id ${account.id}) that the IdP does not grant`,
            evidence: {
              entitlementSource: ctx.entitlements.perVendor[view.vendor].reason,
              identityGroups: ctx.entitlements.groupsOf.get(owner.identityIdx) ?? [],
              configuredApps: ctx.config.entitlements[view.vendor].apps,
              configuredGroups: ctx.config.entitlements[view.vendor].groups,
            },
          }),
        );
      }
    }
    return out;
  },
};
