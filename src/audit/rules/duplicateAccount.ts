import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import { accountFinding, personLabel, vendorName } from '../findings.js';

export const duplicateAccount: Rule = {
  meta: {
    code: 'DUPLICATE_ACCOUNT',
    defaultSeverity: 'medium',
    title: 'Person holds several accounts in one vendor',
    rationale: 'A second live account is paid for, escapes reviews of the first, and is easily forgotten when the person leaves.',
    remediation: 'Keep one account, move the work of the others to it and deactivate them.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    for (const view of ctx.vendors) {
      if (!ctx.isEvaluated('DUPLICATE_ACCOUNT', view.vendor)) continue;
      // Only people owning two or more accounts can hold two live ones: they are picked out before anything is sorted.
      const owners: number[] = [];
      for (const [idx, positions] of view.ownedBy) if (positions.length > 1) owners.push(idx);
      for (const idx of Int32Array.from(owners).sort()) {
        const positions = view.ownedBy.get(idx) as number[];
        const live = positions.filter((p) => view.accounts[p]!.status === 'active' || view.accounts[p]!.status === 'invited');
        if (live.length < 2) continue;
        const identity = ctx.index.identities[idx]!;
        const all = live.map((p) => {
          const a = view.accounts[p]!;
          return { id: a.id, emails: a.emails, status: a.status, matchKey: view.owners[p]!.owner.state === 'matched' ? (view.owners[p]!.owner as { key: string }).key : null };
        });
        for (const p of live) {
          const account = view.accounts[p]!;
          out.push(
            accountFinding(ctx, view, p, {
              rule: 'DUPLICATE_ACCOUNT',
              severity: 'medium',
              title: `${personLabel(identity)} holds ${live.length} live ${vendorName(view.vendor)} accounts; this is ${account.id}`,
              evidence: { accountsOfIdentity: all, otherAccountIds: all.filter((a) => a.id !== account.id).map((a) => a.id) },
            }),
          );
        }
      }
    }
    return out;
  },
};
