import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { findingId } from '../findings.js';
import { coveringExceptions, exceptionEvidence, indexExceptions } from '../suppress.js';

export const exceptionExpired: Rule = {
  meta: {
    code: 'EXCEPTION_EXPIRED',
    defaultSeverity: 'medium',
    title: 'Exception past its expiry',
    rationale: 'An approved exception is time-boxed; once expired, what it covered is reported again and the approval must be renewed or the access removed.',
    remediation: 'Renew the exception with a new expiry and approver, or fix what it covered.',
  },
  phase: 2,
  evaluate(ctx, earlier) {
    const out: Draft[] = [];
    for (const e of [...ctx.expiredExceptions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const alone = indexExceptions([e], ctx.opts);
      const uncovered = earlier.filter((d) => coveringExceptions(d, alone, ctx.index, ctx.opts).length > 0).map((d) => d.finding.id).sort();
      const subject = `exception:${e.id}`;
      const vendor = 'vendor' in e.scope ? e.scope.vendor : null;
      const finding: Finding = {
        id: findingId('EXCEPTION_EXPIRED', subject),
        rule: 'EXCEPTION_EXPIRED',
        severity: 'medium',
        vendor,
        accountId: 'accountId' in e.scope ? e.scope.accountId : null,
        accountEmail: 'email' in e.scope ? e.scope.email : null,
        identityId: null,
        identityEmail: 'identityEmail' in e.scope ? e.scope.identityEmail : null,
        subject,
        title: `Exception ${e.id} (${e.kind}, approved by ${e.approver}) expired on ${e.expires ?? '?'}; ${uncovered.length} finding(s) it covered are reported again`,
        evidence: { exception: exceptionEvidence(e), expiredOn: e.expires ?? null, asOf: ctx.asOf.toISOString(), noLongerSuppressed: uncovered },
        suppressed: false,
        exception: null,
      };
      out.push({ finding, vendor, account: null, identityIdx: null });
    }
    return out;
  },
};
