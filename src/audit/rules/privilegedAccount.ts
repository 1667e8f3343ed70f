import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, accountLabel } from '../findings.js';

export const privilegedAccount: Rule = {
  meta: {
    code: 'PRIVILEGED_ACCOUNT',
    defaultSeverity: 'info',
    title: 'Administrator account',
    rationale: 'Administrators can change routing, export data and create accounts; every one of them should be reviewed, and one whose owner is not in an admin group is unexplained privilege.',
    remediation: 'Confirm the person needs admin rights; remove the admin role otherwise, or add them to the admin group in the IdP.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    const adminGroups = new Set(ctx.config.adminGroups.map((g) => g.normalize('NFC').trim().toLowerCase()));
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('PRIVILEGED_ACCOUNT', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        if (!account.isAdmin || account.status === 'deactivated') continue;
        const owner = view.owners[pos]!;
        const groups = owner.identityIdx === null ? [] : (ctx.entitlements.groupsOf.get(owner.identityIdx) ?? []);
        const inAdminGroups = groups.filter((g) => adminGroups.has(g.normalize('NFC').trim().toLowerCase()));
        // No single owner (unmatched, ambiguous, excluded) is "in none of them" as much as an owner outside them.
        const high = adminGroups.size > 0 && inAdminGroups.length === 0;
        const why = adminGroups.size === 0 ? '' : high ? (owner.identityIdx === null ? `; its owner is ${owner.owner.state}` : '; its owner is in no admin group') : '';
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'PRIVILEGED_ACCOUNT',
            severity: high ? 'high' : 'info',
            title: `${accountLabel(account)} has administrator rights (${account.roles.join(', ') || 'admin flag'})${why}`,
            evidence: { roles: account.roles, adminGroupsConfigured: ctx.config.adminGroups, ownerAdminGroups: inAdminGroups, ownerGroups: groups },
          }),
        );
      }
    }
    return out;
  },
};
