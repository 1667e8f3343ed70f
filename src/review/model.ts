import { z } from 'zod';
import { Severity, Vendor } from '../model/common.js';
import { PlanAction } from '../model/plan.js';

/**
 * The review campaign (docs/campaign.md): one review row per account in scope, a reviewer per row, and the tasks for
 * findings that have no account. Written as review-campaign.json by the audit; `plan --decisions` reads it back to
 * check the workbooks against it. One vocabulary everywhere: Keep / Revoke / Exception are decisions, Keep / Revoke /
 * Review are recommendations.
 */
export const REVIEW_DECISIONS = ['Keep', 'Revoke', 'Exception'] as const;
export const ReviewDecision = z.enum(REVIEW_DECISIONS);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

export const Recommendation = z.enum(['Keep', 'Revoke', 'Review']);
export type Recommendation = z.infer<typeof Recommendation>;

/** Which link of the reviewer chain assigned the row (null: none could). */
export const AssignedBy = z.enum(['privileged', 'manager', 'app_owner', 'default']);
export type AssignedBy = z.infer<typeof AssignedBy>;

export const ReviewFindingRef = z.object({ id: z.string(), rule: z.string(), severity: Severity, suppressed: z.boolean() });
export type ReviewFindingRef = z.infer<typeof ReviewFindingRef>;

export const PreviousDecision = z.object({ decision: z.string().nullable(), reviewer: z.string().nullable(), date: z.string().nullable() });
export type PreviousDecision = z.infer<typeof PreviousDecision>;

export const ReviewRow = z.object({
  /** R- + 16 hex of SHA-256 of vendor and account id: stable across quarters. */
  reviewId: z.string(),
  vendor: Vendor,
  accountId: z.string(),
  accountEmail: z.string().nullable(),
  displayName: z.string(),
  accountStatus: z.string(),
  admin: z.boolean(),
  roles: z.array(z.string()),
  holds: z.string(),
  createdAt: z.string().nullable(),
  lastSeen: z.string().nullable(),
  firstLogin: z.string().nullable(),
  ownerState: z.string(),
  ownerIdentityId: z.string().nullable(),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  /** Every email of the owner (normalized): a reviewer named by any of them reviews their own account. */
  ownerEmails: z.array(z.string()),
  ownerStatus: z.string().nullable(),
  ownerDepartment: z.string().nullable(),
  findings: z.array(ReviewFindingRef),
  recommendation: Recommendation,
  recommendationReason: z.string(),
  reviewer: z.string().nullable(),
  reviewerName: z.string().nullable(),
  assignedBy: AssignedBy.nullable(),
  /** Why the chain moved past each earlier candidate, in order. */
  chainNotes: z.array(z.string()),
  previous: PreviousDecision.nullable(),
});
export type ReviewRow = z.infer<typeof ReviewRow>;

/** A finding with no account (MISSING_SEAT, SEAT_SHORTFALL, DATA_QUALITY, EXCEPTION_EXPIRED): decided on the Findings sheet. */
export const FindingTask = z.object({
  findingId: z.string(),
  rule: z.string(),
  severity: Severity,
  vendor: Vendor.nullable(),
  title: z.string(),
  identityEmail: z.string().nullable(),
  reviewer: z.string().nullable(),
  reviewerName: z.string().nullable(),
  assignedBy: AssignedBy.nullable(),
  chainNotes: z.array(z.string()),
});
export type FindingTask = z.infer<typeof FindingTask>;

export const ReviewerSummary = z.object({ reviewer: z.string(), name: z.string(), rows: z.number().int(), findingTasks: z.number().int() });
export type ReviewerSummary = z.infer<typeof ReviewerSummary>;

export const Campaign = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  snapshotSha256: z.string().nullable(),
  generatedAt: z.string(),
  dueDate: z.string(),
  rows: z.array(ReviewRow),
  findingTasks: z.array(FindingTask),
  reviewers: z.array(ReviewerSummary),
  /** Review ids and finding ids no chain could assign: the campaign cannot close while any is listed. */
  unassigned: z.array(z.string()),
  /** What a Revoke on each review row does (actions whose findingIds name the review id). */
  onRevoke: z.array(PlanAction),
});
export type Campaign = z.infer<typeof Campaign>;

export const CAMPAIGN_JSON = 'review-campaign.json';
export const CAMPAIGN_DIR = 'campaign';
export const CAMPAIGN_MANIFEST = 'campaign-manifest.json';
