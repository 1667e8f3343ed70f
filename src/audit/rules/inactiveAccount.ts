import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import type { Account } from '../../model/account.js';
import { accountFinding, accountLabel } from '../findings.js';
import { MS_PER_DAY, parseVendorTime, wholeDays } from '../time.js';

/**
 * Seats nobody uses (docs/rules.md "INACTIVE_ACCOUNT"). The vendor normalizer says what is known about use
 * (Account.activity); this rule only weighs it against the threshold. No usable signal is never "inactive".
 */
export const inactiveAccount: Rule = {
  meta: {
    code: 'INACTIVE_ACCOUNT',
    defaultSeverity: 'low',
    title: 'Active account not used for longer than the threshold',
    rationale: 'An account nobody uses is a paid seat and a dormant credential: the least watched accounts are the easiest to misuse.',
    remediation: 'Confirm with the owner; remove or suspend the account to free the seat (the person can be given access again when needed).',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    const days = ctx.config.thresholds.inactiveDays;
    const asOf = ctx.asOf.getTime();
    const limit = days * MS_PER_DAY;
    const asOfText = ctx.asOf.toISOString();
    // Built only for an account that gets a finding: most active accounts are in use.
    const base = (activity: NonNullable<Account['activity']>): Record<string, unknown> => ({ signal: activity.signal, thresholdDays: days, asOf: asOfText, activityNote: activity.note });
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('INACTIVE_ACCOUNT', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        const activity = account.activity;
        // Invited accounts are UNACCEPTED_INVITE's; deactivated and suspended ones hold no seat to use.
        if (account.status !== 'active' || !activity) continue;
        if (activity.state === 'used') {
          const last = parseVendorTime(activity.lastUsedAt);
          if (last === null || asOf - last <= limit) continue;
          const idle = wholeDays(last, asOf);
          out.push(
            accountFinding(ctx, view, pos, {
              rule: 'INACTIVE_ACCOUNT',
              severity: 'low',
              title: `${accountLabel(account)} was last used ${idle} days ago (${activity.signal ?? 'activity'} ${activity.lastUsedAt})`,
              evidence: { kind: 'inactive', lastUsedAt: activity.lastUsedAt, daysSinceLastUse: idle, ...base(activity) },
            }),
          );
        } else if (activity.state === 'never') {
          const since = parseVendorTime(activity.since ?? account.createdAt);
          // Without a creation time the age is unknown: never guessed into "old".
          if (since === null || asOf - since <= limit) continue;
          const age = wholeDays(since, asOf);
          out.push(
            accountFinding(ctx, view, pos, {
              rule: 'INACTIVE_ACCOUNT',
              severity: 'low',
              title: `${accountLabel(account)} never signed in since it was created ${age} days ago`,
              evidence: { kind: 'never-signed-in', lastUsedAt: null, createdOrActivatedAt: activity.since ?? account.createdAt, daysSinceCreated: age, ...base(activity) },
            }),
          );
        }
      }
    }
    return out;
  },
};
