import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, accountLabel } from '../findings.js';
import { MS_PER_DAY, parseVendorTime, wholeDays } from '../time.js';

export const unacceptedInvite: Rule = {
  meta: {
    code: 'UNACCEPTED_INVITE',
    defaultSeverity: 'low',
    title: 'Old invite never accepted',
    rationale: 'A pending invite can still be accepted by whoever holds the mailbox link, and may hold a license; one older than the threshold is unlikely to be wanted.',
    remediation: 'Cancel the invite (or resend it if the person still needs access).',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    const maxDays = ctx.config.thresholds.inviteMaxAgeDays;
    const asOf = ctx.asOf.getTime();
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('UNACCEPTED_INVITE', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        if (account.status !== 'invited') continue;
        const created = parseVendorTime(account.createdAt);
        // Without a creation time the age is unknown: never guessed into "old".
        if (created === null || asOf - created <= maxDays * MS_PER_DAY) continue;
        const age = wholeDays(created, asOf);
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'UNACCEPTED_INVITE',
            severity: 'low',
            title: `${accountLabel(account)} was invited ${age} days ago and never accepted`,
            evidence: { invitedAt: account.createdAt, inviteAgeDays: age, thresholdDays: maxDays, asOf: ctx.asOf.toISOString() },
          }),
        );
      }
    }
    return out;
  },
};
