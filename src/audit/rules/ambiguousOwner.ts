import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, accountLabel } from '../findings.js';

export const ambiguousOwner: Rule = {
  meta: {
    code: 'AMBIGUOUS_OWNER',
    defaultSeverity: 'medium',
    title: 'Account matches several people',
    rationale: 'Two or more identities claim the same address, so nobody can say whose access this is, and leaver processing may miss it.',
    remediation: 'Make the address unique in the IdP (remove the stale alias or duplicate user), then re-run.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('AMBIGUOUS_OWNER', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const owner = view.owners[pos]!.owner;
        if (owner.state !== 'ambiguous') continue;
        const account = view.accounts[pos]!;
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'AMBIGUOUS_OWNER',
            severity: 'medium',
            title: `${accountLabel(account)} matches ${owner.candidates.length} identities in the IdP (${owner.candidates.join(', ')}) on ${owner.key}`,
          }),
        );
      }
    }
    return out;
  },
};
