import type { VendorHttp } from '../http/vendor-http.js';
import type { HttpCall, PlanAction } from '../model/plan.js';

/**
 * What a live read says about one plan action:
 * - pending: the state is what the plan expected and the effect is not there yet: the call may be sent;
 * - done: the effect is already there (an earlier apply, or someone in the vendor's UI): nothing to send;
 * - drift: the state differs from what the plan expected: the action is skipped, never acted on a guess;
 * - manual: the state is as planned but the API call cannot change it (the vendor would refuse it): a person must.
 */
export interface Observation {
  state: 'pending' | 'done' | 'drift' | 'manual';
  detail: string;
}

/**
 * A vendor's part of `apply` (optional member of VendorModule): which plan action kinds it can carry out, the one
 * call each kind makes (rebuilt from the action's ids, so a plan can never make apply call anything else), and the
 * live reads that check an action before its call and confirm it after.
 */
export interface VendorApply {
  kinds: ReadonlySet<string>;
  /** Kinds that delete for good: never run without --include-permanent. */
  permanentKinds: ReadonlySet<string>;
  /** The call this action must make, or null when its ids cannot make one. */
  callFor(action: PlanAction): HttpCall | null;
  observe(http: VendorHttp, action: PlanAction): Promise<Observation>;
}

export const pending = (detail: string): Observation => ({ state: 'pending', detail });
export const done = (detail: string): Observation => ({ state: 'done', detail });
export const drift = (detail: string): Observation => ({ state: 'drift', detail });
export const manual = (detail: string): Observation => ({ state: 'manual', detail });

/** Strings of an expectation (expect.roles, expect.agentIds), or null when the plan gave none. */
export function stringList(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** The account ids a batched action covers (its members), else the action's own account. */
export function accountsOf(action: PlanAction): string[] {
  if (action.members && action.members.length > 0) return action.members.map((m) => m.accountId);
  return action.accountId ? [action.accountId] : [];
}
