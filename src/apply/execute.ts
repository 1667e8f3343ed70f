import { isDeepStrictEqual } from 'node:util';
import { HttpFailure } from '../http/failure.js';
import type { VendorHttp } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import type { PlanAction, RemediationPlan } from '../model/plan.js';
import type { Journal } from './journal.js';
import type { ActionResult, Outcome, SkipCode } from './result.js';
import { accountsOf, type Observation, type VendorApply } from './vendor.js';

/** HTTP failures after which nothing more is sent to that vendor (the token, its rights, or the vendor itself). */
const STOPS_VENDOR: ReadonlySet<string> = new Set(['auth', 'forbidden', 'server', 'throttled', 'budget', 'dns', 'refused', 'wrong-host']);

export interface VendorRunner {
  http: VendorHttp;
  apply: VendorApply | undefined;
}

export interface ExecuteOptions {
  plan: RemediationPlan;
  execute: boolean;
  includePermanent: boolean;
  confirmManual: boolean;
  allowMassRemoval: boolean;
  /** YYYY-MM-DD: a permanent delete waits until its notBefore. */
  today: string;
  vendors: Partial<Record<Vendor, VendorRunner>>;
  /** Why a vendor of the plan has no client (no token given): its actions are skipped. */
  missing: Partial<Record<Vendor, string>>;
  journal: Journal | null;
  /** Final outcomes read back from the journal (--resume): never repeated. */
  carried: Map<string, ActionResult>;
  /** Actions whose call was sent but whose outcome the journal does not have: re-read, never blindly re-sent. */
  inFlight: ReadonlySet<string>;
  /** Set by the action loop so the HTTP wrapper journals under the right action. */
  setCurrent(actionId: string): void;
  stopRequested(): boolean;
  onResult(r: ActionResult): void;
}

export interface ExecuteSummary {
  results: ActionResult[];
  stoppedVendors: Array<{ vendor: Vendor; reason: string }>;
  interrupted: boolean;
}

/** Outcomes that end an action for good: --resume carries them over. Manual steps and failures are looked at again. */
export function isFinal(r: ActionResult): boolean {
  // A failed action is looked at again: its live read decides, so nothing is sent twice.
  return r.outcome === 'done' || (r.outcome === 'skipped' && (r.code === 'drift' || r.code === 'call_mismatch'));
}

/**
 * Carries out (or, without execute, checks) the plan's actions in the plan's order: each one re-checked live first
 * (drift: skipped with its dependents), sent once, confirmed by a read after. A vendor that refuses the token or
 * keeps failing is stopped; Ctrl-C stops after the current call.
 */
export async function executePlan(o: ExecuteOptions): Promise<ExecuteSummary> {
  const results = new Map<string, ActionResult>();
  const stopped = new Map<Vendor, string>();
  const touched = new Map<Vendor, Set<string>>();
  let interrupted = false;
  const finish = async (a: PlanAction, outcome: Outcome, code: SkipCode | null, reason: string): Promise<ActionResult> => {
    const r: ActionResult = {
      actionId: a.id,
      order: a.order,
      vendor: a.vendor,
      kind: a.kind,
      title: a.title,
      accountId: a.accountId,
      accountIds: accountsOf(a),
      findingIds: a.findingIds,
      outcome,
      code,
      reason,
      call: a.call ? { method: a.call.method, path: a.call.path } : null,
      at: new Date().toISOString(),
    };
    results.set(a.id, r);
    await o.journal?.append({ type: 'outcome', actionId: a.id, vendor: a.vendor, outcome, code, final: isFinal(r), result: r });
    o.onResult(r);
    return r;
  };
  const satisfied = (id: string): boolean => {
    const r = results.get(id);
    if (!r) return false;
    if (r.outcome === 'done' || r.outcome === 'planned') return true;
    if (r.outcome === 'manual') return o.confirmManual;
    return false;
  };

  const ordered = [...o.plan.actions].sort((a, b) => a.order - b.order);
  for (const a of ordered) {
    o.setCurrent(a.id);
    const carried = o.carried.get(a.id);
    if (carried) {
      results.set(a.id, carried);
      o.onResult(carried);
      continue;
    }
    const runner = o.vendors[a.vendor];
    const mod = runner?.apply;
    const expected = mod?.callFor(a) ?? null;
    if (a.call === null || !mod?.kinds.has(a.kind) || expected === null) {
      await finish(a, 'manual', null, a.call === null ? 'a step for a person in the vendor UI' : 'apply does not carry out this kind of action: do it by hand');
      continue;
    }
    if (!isDeepStrictEqual(expected, a.call)) {
      await finish(a, 'skipped', 'call_mismatch', `the plan's call ${a.call.method} ${a.call.path} is not the call this action makes (${expected.method} ${expected.path}): not sent`);
      continue;
    }
    const unmet = a.dependsOn.filter((d) => !satisfied(d));
    if (unmet.length > 0) {
      // Waiting on a person (a manual step, or an action that waits on one) is not a problem to report; anything else is.
      const blockingId = unmet.find((d) => {
        const r = results.get(d);
        return !r || (r.outcome !== 'manual' && r.code !== 'manual_pending');
      });
      const blocking = blockingId === undefined ? undefined : results.get(blockingId);
      if (blockingId === undefined) {
        await finish(a, 'skipped', 'manual_pending', `waits for the manual step ${unmet.join(', ')} (once done, run again with --confirm-manual)`);
      } else {
        await finish(a, 'skipped', 'dependency', `depends on ${blockingId}, which ${blocking ? `was ${blocking.outcome}${blocking.code ? ` (${blocking.code})` : ''}` : 'did not run'}`);
      }
      continue;
    }
    if (a.blockedBy && a.blockedBy.length > 0) {
      await finish(a, 'skipped', 'blocked', `blocked by ${a.blockedBy.join(', ')}`);
      continue;
    }
    if (mod.permanentKinds.has(a.kind) && !o.includePermanent) {
      await finish(a, 'skipped', 'permanent', 'a permanent delete: run only with --include-permanent');
      continue;
    }
    const notBefore = a.precondition.expect.notBefore;
    if (a.phase === 'after_retention' && !(typeof notBefore === 'string' && notBefore <= o.today)) {
      await finish(a, 'skipped', 'retention', `the retention period is not over (not before ${typeof notBefore === 'string' ? notBefore : 'an unknown date'})`);
      continue;
    }
    const stop = stopped.get(a.vendor);
    if (!runner || stop !== undefined) {
      await finish(a, 'skipped', runner ? 'vendor_stopped' : 'no_token', stop ?? o.missing[a.vendor] ?? 'no client for this vendor');
      continue;
    }
    if (o.stopRequested()) {
      interrupted = true;
      break;
    }
    if (a.destructive && !o.allowMassRemoval) {
      const cap = o.plan.perVendor[a.vendor]?.cap ?? 0;
      const set = touched.get(a.vendor) ?? new Set<string>();
      const after = new Set([...set, ...accountsOf(a)]);
      if (after.size > cap) {
        await finish(a, 'skipped', 'cap', `would bring the accounts changed to ${after.size}, over the plan's cap of ${cap}`);
        continue;
      }
    }

    const stopVendor = (err: HttpFailure): void => {
      stopped.set(a.vendor, runner.http.redact(err.message));
    };
    let before: Observation;
    try {
      before = await mod.observe(runner.http, a);
    } catch (err) {
      if (err instanceof HttpFailure && STOPS_VENDOR.has(err.kind)) {
        stopVendor(err);
        await finish(a, 'skipped', 'vendor_stopped', runner.http.redact(err.message));
      } else await finish(a, 'failed', null, `the live check failed: ${runner.http.redact(err instanceof Error ? err.message : String(err))}`);
      continue;
    }
    await o.journal?.append({ type: 'observed', actionId: a.id, when: 'before', state: before.state, detail: before.detail, resumedInFlight: o.inFlight.has(a.id) });
    if (before.state === 'done') {
      await finish(a, 'done', 'already_done', o.inFlight.has(a.id) ? `the call sent before the interruption took effect: ${before.detail}` : `already so: ${before.detail}`);
      continue;
    }
    if (before.state === 'drift') {
      await finish(a, 'skipped', 'drift', before.detail);
      continue;
    }
    if (before.state === 'manual') {
      await finish(a, 'manual', null, before.detail);
      continue;
    }
    if (!o.execute) {
      await finish(a, 'planned', null, before.detail);
      continue;
    }
    if (a.destructive) {
      const set = touched.get(a.vendor) ?? new Set<string>();
      for (const id of accountsOf(a)) set.add(id);
      touched.set(a.vendor, set);
    }
    let sendError: string | null = null;
    try {
      await runner.http.send(a.call.method as 'POST' | 'PUT' | 'PATCH' | 'DELETE', a.call.path, a.call.body);
    } catch (err) {
      if (!(err instanceof HttpFailure)) throw err;
      sendError = runner.http.redact(err.message);
      if (STOPS_VENDOR.has(err.kind)) stopVendor(err);
    }
    // Whatever the answer was (an error may come after the vendor acted), the state decides.
    let after: Observation;
    try {
      after = await mod.observe(runner.http, a);
    } catch (err) {
      if (err instanceof HttpFailure && STOPS_VENDOR.has(err.kind)) stopVendor(err);
      await finish(a, 'failed', 'sent', `sent${sendError ? ` (${sendError})` : ''}, but the confirming read failed: ${runner.http.redact(err instanceof Error ? err.message : String(err))}; --resume re-reads it`);
      continue;
    }
    await o.journal?.append({ type: 'observed', actionId: a.id, when: 'after', state: after.state, detail: after.detail });
    if (after.state === 'done') await finish(a, 'done', null, `confirmed: ${after.detail}`);
    else await finish(a, 'failed', 'sent', `${sendError ?? 'the vendor accepted the call'}, but a read after it shows: ${after.detail}`);
  }
  if (interrupted) {
    for (const a of ordered) if (!results.has(a.id)) await finish(a, 'skipped', 'interrupted', 'not started: the run was interrupted (Ctrl-C)');
  }
  const ordered2 = ordered.map((a) => results.get(a.id)).filter((r): r is ActionResult => r !== undefined);
  return { results: ordered2, stoppedVendors: [...stopped.entries()].map(([vendor, reason]) => ({ vendor, reason })), interrupted };
}

/**
 * The destructive cap again, at apply time: accounts that would lose access per vendor (batch members counted one
 * by one), against the cap the plan was built with. Returns one line per vendor over it.
 */
export function overCap(plan: RemediationPlan, includePermanent: boolean): string[] {
  const affected = new Map<string, Set<string>>();
  for (const a of plan.actions) {
    if (!a.destructive || a.call === null) continue;
    if (a.phase === 'after_retention' && !includePermanent) continue;
    const set = affected.get(a.vendor) ?? new Set<string>();
    for (const id of accountsOf(a)) set.add(id);
    affected.set(a.vendor, set);
  }
  const lines: string[] = [];
  for (const [vendor, set] of affected) {
    const cap = plan.perVendor[vendor]?.cap;
    if (cap === undefined) lines.push(`${vendor}: the plan states no destructive cap for this vendor`);
    else if (set.size > cap) lines.push(`${vendor}: ${set.size} accounts would lose access, over the cap of ${cap}`);
  }
  return lines;
}
