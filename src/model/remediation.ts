import { z } from 'zod';
import { Vendor } from './common.js';

/**
 * What became of last review's decisions in this snapshot (issue 14, "proof of remediation"). Revoke: done (the
 * account is gone, deactivated or downgraded and holds nothing), partly_done (still holds a team, queue, seat or
 * number), not_done, unknown (that vendor's snapshot is incomplete, or the account's status is unknown).
 * Exception: in_force (in the exceptions file, not expired), expired, missing.
 */
export const RemediationStatus = z.enum(['done', 'partly_done', 'not_done', 'unknown', 'in_force', 'expired', 'missing']);
export type RemediationStatus = z.infer<typeof RemediationStatus>;

export const PreviousDecision = z.object({
  findingId: z.string(),
  rule: z.string().nullable(),
  vendor: Vendor,
  accountId: z.string(),
  accountEmail: z.string().nullable(),
  decision: z.enum(['Revoke', 'Exception']),
  reviewer: z.string(),
  /** YYYY-MM-DD as the reviewer gave it, or null. */
  date: z.string().nullable(),
  justification: z.string(),
  source: z.enum(['decisions-log.json', 'review-record.json']),
});
export type PreviousDecision = z.infer<typeof PreviousDecision>;

/**
 * What `access-audit apply` reported for a Revoke's account (issue 18), cited from an apply-result.json given with
 * --applied. Evidence beside the status, never a substitute for it: the snapshot alone decides done or not done.
 * outcome sums the account's actions: failed if any failed, else skipped if any was skipped (a permanent delete left
 * for after the retention period does not count), else done if any was done, else manual (only steps for a person).
 */
export const AppliedCitation = z.object({
  outcome: z.enum(['done', 'skipped', 'failed', 'manual']),
  /** When the last of the account's actions reached its outcome. */
  at: z.string(),
  actionIds: z.array(z.string()),
  /** Why not done (the first such action's code and reason), or what was done. */
  reason: z.string(),
  source: z.literal('apply-result.json'),
  /** The apply result as given (--applied folder joined with apply-result.json) and the SHA-256 of its bytes. */
  path: z.string(),
  sha256: z.string(),
  applyId: z.string(),
});
export type AppliedCitation = z.infer<typeof AppliedCitation>;

export const RemediationCheck = PreviousDecision.extend({
  status: RemediationStatus,
  /** What the account still holds in this snapshot (team/queue/call center names, numbers, licence). */
  held: z.array(z.string()),
  detail: z.string(),
  /** Revoke: decision date + review.remediationDays; the day after which not done raises REVOCATION_NOT_DONE. */
  dueBy: z.string().nullable(),
  overdue: z.boolean(),
  /** Exception decisions: the exception found in force (or expired), if any. */
  exceptionId: z.string().nullable(),
  /**
   * Only with --applied: the apply outcome for this Revoke's account, or null when no apply result names it.
   * Absent without --applied (and in findings.json written before it), so older documents still read back.
   */
  applied: AppliedCitation.nullable().optional(),
});
export type RemediationCheck = z.infer<typeof RemediationCheck>;

export const RemediationReport = z.object({
  /** The previous review these decisions came from (its run id and folder name). */
  previousRunId: z.string().nullable(),
  remediationDays: z.number().int(),
  checks: z.array(RemediationCheck),
});
export type RemediationReport = z.infer<typeof RemediationReport>;
