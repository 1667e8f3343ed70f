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
    if (ctx.expiredExceptions.length === 0) return out;
    // One pass over the findings for all expired exceptions: what each would still cover.
    const expiredIndex = indexExceptions(ctx.expiredExceptions, ctx.opts);
    const wouldCover = new Map<string, string[]>();
    for (const d of earlier) {
      for (const e of coveringExceptions(d, expiredIndex, ctx.index, ctx.opts)) {
        const list = wouldCover.get(e.id);
        if (list === undefined) wouldCover.set(e.id, [d.finding.id]);
        else list.push(d.finding.id);
      }
    }
    for (const e of [...ctx.expiredExceptions].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const uncovered = (wouldCover.get(e.id) ?? []).sort();
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
