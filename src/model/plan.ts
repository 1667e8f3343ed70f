import { z } from 'zod';
import { Vendor } from './common.js';

export const HttpCall = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Path relative to the vendor's base URL, e.g. /v1/agents/{id} or /api/v2/users/{id}. */
  path: z.string(),
  body: z.unknown().optional(),
});
export type HttpCall = z.infer<typeof HttpCall>;

/** One account inside a batched call (queue/team removals): lets a reviewer's decisions re-batch the call. */
export const PlanMember = z.object({
  accountId: z.string(),
  displayName: z.string().nullable(),
  status: z.string(),
  findingIds: z.array(z.string()),
  /**
   * The risks that hold for this member (the action's risk is the union over its members): when reviewer decisions
   * drop members, the re-batched action's risk is recomputed from the members left. Absent in plans of older versions.
   */
  risk: z.array(z.string()).optional(),
});
export type PlanMember = z.infer<typeof PlanMember>;

export const PlanGroupRef = z.object({ kind: z.string(), id: z.string(), name: z.string().nullable() });
export type PlanGroupRef = z.infer<typeof PlanGroupRef>;

export const PlanAction = z.object({
  id: z.string(),
  order: z.number().int().nonnegative(),
  findingIds: z.array(z.string()),
  vendor: Vendor,
  accountId: z.string().nullable(),
  /** e.g. remove_queue_members, downgrade_agent, suspend_user, reassign_conversations (manual). */
  kind: z.string(),
  title: z.string(),
  /** null for a manual step a person must do in the vendor's UI. */
  call: HttpCall.nullable(),
  dependsOn: z.array(z.string()),
  destructive: z.boolean(),
  reversible: z.boolean(),
  approvalRequired: z.boolean(),
  risk: z.array(z.string()),
  precondition: z.object({ expect: z.record(z.string(), z.unknown()), snapshotSha256: z.string() }),
  /** 'now' for the cleanup; 'after_retention' for permanent deletes scheduled after the retention period. */
  phase: z.enum(['now', 'after_retention']).default('now'),
  /** Batched calls: the accounts the call covers, each with the findings it answers. */
  members: z.array(PlanMember).optional(),
  /** The team/queue/call center/office the action works on. */
  group: PlanGroupRef.optional(),
  /** Finding ids (e.g. SEAT_SHORTFALL) that block this action until resolved; a subject (dialpad:office:<id>) when no finding names it. */
  blockedBy: z.array(z.string()).optional(),
});
export type PlanAction = z.infer<typeof PlanAction>;

export const RemediationPlan = z.object({
  schemaVersion: z.literal(1),
  status: z.enum(['ready', 'blocked', 'empty']),
  blockedReasons: z.array(z.string()),
  generatedAt: z.string(),
  runId: z.string(),
  snapshotSha256: z.string(),
  perVendor: z.record(
    z.string(),
    z.object({
      accounts: z.number().int(),
      destructiveActions: z.number().int(),
      cap: z.number().int(),
      blocked: z.boolean(),
      /** Accounts that would lose access (the cap counts these, not calls). */
      accountsAffected: z.number().int().optional(),
      complete: z.boolean().optional(),
      incompleteReason: z.string().nullable().optional(),
    }),
  ),
  actions: z.array(PlanAction),
  /** 'proposed' (from findings) or 'decisions' (from reviewer decisions in the workbook). */
  source: z.enum(['proposed', 'decisions']).optional(),
  capPercent: z.number().optional(),
  allowMassRemoval: z.boolean().optional(),
  /** Actions a reviewer's Revoke decision releases (review findings: unentitled, duplicate, ambiguous, privileged). */
  onRevoke: z.array(PlanAction).optional(),
  /** Findings that get no action, with the reason (suppressed, vendor snapshot incomplete, no vendor action). */
  notActioned: z.array(z.object({ findingId: z.string(), rule: z.string(), vendor: z.string().nullable(), reason: z.string() })).optional(),
  notes: z.array(z.string()).optional(),
});
export type RemediationPlan = z.infer<typeof RemediationPlan>;
