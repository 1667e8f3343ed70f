import { z } from 'zod';
import { Vendor } from './common.js';

export const HttpCall = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Path relative to the vendor's base URL, e.g. /v1/agents/{id} or /api/v2/users/{id}. */
  path: z.string(),
  body: z.unknown().optional(),
});
export type HttpCall = z.infer<typeof HttpCall>;

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
    z.object({ accounts: z.number().int(), destructiveActions: z.number().int(), cap: z.number().int(), blocked: z.boolean() }),
  ),
  actions: z.array(PlanAction),
});
export type RemediationPlan = z.infer<typeof RemediationPlan>;
