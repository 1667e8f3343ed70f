import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, accountLabel } from '../findings.js';
import { heldResources } from '../resources.js';

export const deactivatedStillAssigned: Rule = {
  meta: {
    code: 'DEACTIVATED_STILL_ASSIGNED',
    defaultSeverity: 'medium',
    title: 'Deactivated account still holds resources',
    rationale: 'A deactivated or suspended account that still sits in teams, queues or call centers, or holds phone numbers, skews routing and keeps numbers out of use; re-activation would restore it all.',
    remediation: 'Remove the account from the teams, queues and call centers listed and unassign its numbers.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('DEACTIVATED_STILL_ASSIGNED', view.vendor)) continue;
      for (let pos = 0; pos < view.accounts.length; pos++) {
        const account = view.accounts[pos]!;
        if (account.status !== 'deactivated' && account.status !== 'suspended') continue;
        const held = heldResources(account, view);
        if (held.length === 0) continue;
        const counts = new Map<string, number>();
        for (const r of held) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
        const words: Record<string, [string, string]> = {
          team: ['team', 'teams'],
          queue: ['queue', 'queues'],
          callcenter: ['call center', 'call centers'],
          number: ['phone number', 'phone numbers'],
        };
        const list = [...counts].map(([k, n]) => `${n} ${(words[k] ?? [k, k])[n === 1 ? 0 : 1]}`).join(', ');
        out.push(
          accountFinding(ctx, view, pos, {
            rule: 'DEACTIVATED_STILL_ASSIGNED',
            severity: 'medium',
            title: `${accountLabel(account)} is ${account.status} (${account.rawStatus}) but still holds ${list}`,
            evidence: {
              heldResources: held,
              teams: held.filter((r) => r.kind === 'team').map((r) => r.id),
              queues: held.filter((r) => r.kind === 'queue').map((r) => r.id),
              callCenters: held.filter((r) => r.kind === 'callcenter').map((r) => r.id),
              phoneNumbers: held.filter((r) => r.kind === 'number').map((r) => r.id),
            },
          }),
        );
      }
    }
    return out;
  },
};
