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
});
export type RemediationCheck = z.infer<typeof RemediationCheck>;

export const RemediationReport = z.object({
  /** The previous review these decisions came from (its run id and folder name). */
  previousRunId: z.string().nullable(),
  remediationDays: z.number().int(),
  checks: z.array(RemediationCheck),
});
export type RemediationReport = z.infer<typeof RemediationReport>;
