import type { Rule } from './types.js';
import { accountFinding, accountLabel } from '../findings.js';

export const orphanedAccount: Rule = {
  meta: {
    code: 'ORPHANED_ACCOUNT',
    defaultSeverity: 'high',
    title: 'Account with no owner in the IdP',
    rationale: 'An account nobody in the identity provider owns is not removed when someone leaves: access that outlives the person (SOC 2 CC6.2, ISO 27001 A.5.18).',
    remediation: 'Find the owner and fix the address in the IdP or the vendor, or deactivate the account; declare service, shared and break-glass accounts as exceptions.',
  },
  phase: 1,
  evaluate(ctx) {
    const out = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('ORPHANED_ACCOUNT', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        const owner = view.owners[pos]!.owner;
        if (account.status === 'deactivated') continue;
        if (owner.state !== 'unmatched' && owner.state !== 'excluded') continue;
        const severity = account.isAdmin ? 'critical' : 'high';
        const what = `${/^[aeiou]/.test(account.status) ? 'an' : 'a'} ${account.status}${account.isAdmin ? ' administrator' : ''} account`;
        const title =
          owner.state === 'unmatched'
            ? `${accountLabel(account)} is ${what} with no owner in the IdP`
            : `${accountLabel(account)} is ${what} with no personal owner, declared by exception ${owner.exceptionId}`;
        const draft = accountFinding(ctx, view, pos, { rule: 'ORPHANED_ACCOUNT', severity, title });
        if (owner.state === 'excluded') {
          // The exclusion is the exception's whole point: the missing owner is by design, so it is shown suppressed.
          draft.finding.suppressed = true;
          draft.finding.exception = owner.exceptionId;
          draft.finding.evidence['exceptionApplied'] = owner.exceptionId;
        }
        out.push(draft);
      }
    }
    return out;
  },
};
