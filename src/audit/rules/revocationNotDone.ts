import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import type { Finding } from '../../model/finding.js';
import type { Account } from '../../model/account.js';
import { accountEvidence, findingId, vendorName } from '../findings.js';

/**
 * A Revoke decision of the previous review that this snapshot shows not carried out (or only partly: the account
 * still holds a team, queue, seat or number) once review.remediationDays have passed since the decision.
 */
export const revocationNotDone: Rule = {
  meta: {
    code: 'REVOCATION_NOT_DONE',
    defaultSeverity: 'high',
    title: 'Revoke decision of the last review not carried out',
    rationale: 'A review is only closed when what was decided was done; an access the reviewer revoked that is still there is an unremediated exception an auditor will test.',
    remediation: 'Carry out the revoke (apply the final plan of the last review) or record why it was reversed.',
  },
  phase: 1,
  evaluate(ctx) {
    const out: Draft[] = [];
    if (!ctx.remediation || ctx.remediation.length === 0) return out;
    const accounts = new Map<string, Account>(ctx.vendors.flatMap((v) => v.accounts.map((a): [string, Account] => [`${v.vendor}:${a.id}`, a])));
    for (const c of ctx.remediation ?? []) {
      if (c.decision !== 'Revoke' || !c.overdue) continue;
      const subject = `${c.vendor}:${c.accountId}`;
      const account = accounts.get(subject) ?? null;
      const finding: Finding = {
        id: findingId('REVOCATION_NOT_DONE', subject),
        rule: 'REVOCATION_NOT_DONE',
        severity: 'high',
        vendor: c.vendor,
        accountId: c.accountId,
        accountEmail: account?.emails[0] ?? c.accountEmail,
        identityId: null,
        identityEmail: null,
        subject,
        title: `${vendorName(c.vendor)} account ${account?.emails[0] ?? c.accountEmail ?? c.accountId}: revoked by ${c.reviewer || 'the last review'} on ${c.date ?? '?'}, ${c.status === 'partly_done' ? 'partly done' : 'not done'} by ${c.dueBy ?? '?'} (${c.detail})`,
        evidence: {
          decision: { findingId: c.findingId, rule: c.rule, reviewer: c.reviewer, date: c.date, justification: c.justification, source: c.source },
          status: c.status,
          held: c.held,
          dueBy: c.dueBy,
          remediationDays: ctx.config.review.remediationDays,
          ...(account ? { account: accountEvidence(account) } : {}),
        },
        suppressed: false,
        exception: null,
      };
      out.push({ finding, vendor: c.vendor, account, identityIdx: null });
    }
    return out;
  },
};
