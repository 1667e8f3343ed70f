import type { HttpCall, PlanGroupRef, PlanMember } from '../model/plan.js';
import type { Vendor } from '../model/common.js';

/**
 * Every kind of plan action. `rank` orders a person-gone chain (manual first, then removals, then the
 * downgrade/suspend, then the permanent delete); `chain` says whether the action takes part in that chain,
 * `batch` whether one call covers several accounts.
 */
export const ACTION_KINDS = {
  reassign_conversations: { rank: 0, chain: true, cls: 0 },
  remove_queue_members: { rank: 1, chain: true, cls: 1 },
  remove_team_members: { rank: 1, chain: true, cls: 1 },
  remove_callcenter_operator: { rank: 1, chain: true, cls: 1 },
  unassign_number: { rank: 1, chain: true, cls: 1 },
  downgrade_agent: { rank: 2, chain: true, cls: 2 },
  suspend_user: { rank: 2, chain: true, cls: 2 },
  cancel_invite: { rank: 2, chain: true, cls: 2 },
  delete_user: { rank: 3, chain: true, cls: 4 },
  resend_invite: { rank: 0, chain: false, cls: 0 },
  review_entitlement: { rank: 0, chain: false, cls: 0 },
  review_duplicate: { rank: 0, chain: false, cls: 0 },
  resolve_owner: { rank: 0, chain: false, cls: 0 },
  review_admin_role: { rank: 0, chain: false, cls: 0 },
  remove_admin_role: { rank: 0, chain: false, cls: 0 },
  resolve_seat_shortfall: { rank: 0, chain: false, cls: 0 },
  create_agent: { rank: 0, chain: false, cls: 3 },
  create_user: { rank: 0, chain: false, cls: 3 },
} as const;
export type ActionKind = keyof typeof ACTION_KINDS;

/** Manual reviews: the reviewer's decision is the review, so a decision never turns them into final-plan actions. */
export const REVIEW_KINDS: ReadonlySet<string> = new Set(['review_entitlement', 'review_duplicate', 'resolve_owner', 'review_admin_role']);

export function isActionKind(kind: string): kind is ActionKind {
  return Object.hasOwn(ACTION_KINDS, kind);
}

/** Batched kinds: one call per group, several accounts per call. */
export const BATCH_LIMIT: Partial<Record<ActionKind, number>> = {
  // shared/specs/dixa-openapi-beta.yaml, DELETE /beta/queues/{queueId}/members: "Up to 10 members can be specified."
  remove_queue_members: 10,
  // DELETE /beta/teams/{teamId}/agents documents no limit; 10 keeps every call the same size as the queue calls.
  remove_team_members: 10,
};

export type Stage = 'proposed' | 'on_revoke';

/**
 * One unit of work on one account (or one batch member). Playbooks produce steps; the assembler merges
 * batch members into calls, computes dependencies and order, and applies the cap.
 */
export interface Step {
  kind: ActionKind;
  vendor: Vendor;
  /** The account the step works on (null for office-level steps). */
  accountId: string | null;
  /** What the step works on, for its stable id (account id, number, office, email...). */
  target: string;
  findingIds: string[];
  stage: Stage;
  title: string;
  call: HttpCall | null;
  destructive: boolean;
  reversible: boolean;
  approvalRequired: boolean;
  risk: string[];
  expect: Record<string, unknown>;
  phase: 'now' | 'after_retention';
  blockedBy: string[];
  group?: PlanGroupRef;
  /** Set on batched kinds: the account this step adds to the batch call. */
  member?: PlanMember;
}

/** The fields every step of an account shares (the playbooks' `base`). */
export type StepCommon = Pick<Step, 'vendor' | 'accountId' | 'findingIds' | 'stage' | 'phase' | 'blockedBy'>;
/** A step's own fields (a phase here wins over the common one). */
export type StepFields = Omit<Step, keyof StepCommon> & Partial<Pick<Step, 'phase'>>;

/**
 * The common fields, then the step's own, in one object. Not `{ ...base(), kind, ... }`: on Node 20 an object spread
 * followed by more properties gives each object its own hidden class, about 20 µs and a map in old space per step
 * (issue 19: 100k steps were 2 s of the review campaign at 30k people).
 */
export function accountStep(common: StepCommon, fields: StepFields): Step {
  return Object.assign(common, fields);
}
