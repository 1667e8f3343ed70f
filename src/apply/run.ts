import { join } from 'node:path';
import { clientRate, newRunId, refuseUnsafeStart, type CollectHttpOptions } from '../collect/collect.js';
import type { Config } from '../config/schema.js';
import { badInput } from '../errors.js';
import { VendorBudget } from '../http/budget.js';
import { createDispatcher } from '../http/dispatcher.js';
import { RateLimiter } from '../http/ratelimit.js';
import { createVendorHttp } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import { writeFileAtomic } from '../util/atomic.js';
import { stableStringify } from '../util/json.js';
import { vendorModule } from '../vendors/registry.js';
import { executePlan, overCap, type VendorRunner } from './execute.js';
import { openApplyFolder } from './folder.js';
import { JOURNAL_FILE, type JournalEntry } from './journal.js';
import { journaledHttp, type CallCounter } from './journaled-http.js';
import { loadFinalPlan } from './load-plan.js';
import { ActionResult, countOutcomes, renderResultMarkdown, RESULT_JSON, RESULT_MD, type ApplyResult } from './result.js';

export interface ApplyOptions {
  planFile: string;
  /** The apply folder (journal + result); required with execute or resume. */
  out: string | undefined;
  execute: boolean;
  resume: boolean;
  includePermanent: boolean;
  confirmManual: boolean;
  allowMassRemoval: boolean;
  baseUrls: Partial<Record<Vendor, string>>;
  tokens: Partial<Record<Vendor, string>>;
  config: Config;
  allowInsecureHttp: boolean;
  http?: CollectHttpOptions | undefined;
  now?: () => Date;
  stopRequested: () => boolean;
  onResult: (r: ActionResult) => void;
  onWait?: (vendor: Vendor, ms: number, why: string) => void;
}

export interface ApplyRun {
  result: ApplyResult;
  /** The apply folder, when one was written. */
  dir: string | null;
  counter: CallCounter;
}

/** What a journal says about a resumed run: the final outcomes to carry over, and calls sent without an outcome. */
function fromJournal(entries: JournalEntry[]): { carried: Map<string, ActionResult>; inFlight: Set<string> } {
  const carried = new Map<string, ActionResult>();
  const open = new Set<string>();
  for (const e of entries) {
    const id = typeof e.actionId === 'string' ? e.actionId : null;
    if (!id) continue;
    if (e.type === 'request' && e.method !== 'GET') open.add(id);
    if (e.type === 'outcome') {
      open.delete(id);
      const parsed = ActionResult.safeParse(e.result);
      if (e.final === true && parsed.success) carried.set(id, parsed.data);
      else carried.delete(id);
    }
  }
  return { carried, inFlight: open };
}

export async function runApply(o: ApplyOptions): Promise<ApplyRun> {
  const now = o.now ?? (() => new Date());
  const loaded = await loadFinalPlan(o.planFile);
  const { plan } = loaded;
  const over = overCap(plan, o.includePermanent);
  if (over.length > 0 && plan.allowMassRemoval !== true && !o.allowMassRemoval) {
    throw badInput(`--plan ${o.planFile}: ${over.join('; ')}`, 'check the plan; --allow-mass-removal lets apply go over the cap');
  }
  if ((o.execute || o.resume) && !o.out) throw badInput(`--out is required with ${o.resume ? '--resume' : '--execute'}: the journal and the result are written there`);
  const vendors = [...new Set(plan.actions.filter((a) => a.call !== null && vendorModule(a.vendor).apply).map((a) => a.vendor))].sort();
  refuseUnsafeStart({ vendors, tokens: o.tokens, baseUrls: o.baseUrls, config: o.config, allowInsecureHttp: o.allowInsecureHttp });

  const startedAt = now().toISOString();
  const applyId = newRunId(startedAt);
  const folder = o.out ? await openApplyFolder(o.out, { resume: o.resume, planFile: o.planFile, applyId }) : null;
  const journal = folder?.journal ?? null;
  const previous = folder?.previous?.entries ?? [];
  const firstStart = previous.find((e) => e.type === 'start');
  if (o.resume) {
    if (!firstStart) throw badInput(`--out ${o.out ?? ''}: the journal has no start entry; nothing to resume`);
    if (firstStart.planSha256 !== loaded.sha256) throw badInput(`--out ${o.out ?? ''}: the journal is of another plan (SHA-256 ${String(firstStart.planSha256).slice(0, 12)}...)`, 'resume with the same --plan');
    if (firstStart.mode !== (o.execute ? 'execute' : 'dry-run')) throw badInput(`--out ${o.out ?? ''}: the journal is of a ${String(firstStart.mode)} run; resume it with the same mode`);
  }
  const id = typeof firstStart?.applyId === 'string' ? firstStart.applyId : applyId;
  const resumed = previous.filter((e) => e.type === 'start').length;
  const { carried, inFlight } = fromJournal(previous);
  await journal?.append({
    type: 'start',
    applyId: id,
    mode: o.execute ? 'execute' : 'dry-run',
    planFile: o.planFile,
    planSha256: loaded.sha256,
    runId: plan.runId,
    includePermanent: o.includePermanent,
    confirmManual: o.confirmManual,
    allowMassRemoval: o.allowMassRemoval,
    tornTailDropped: folder?.previous?.tornTail ?? false,
    inFlight: [...inFlight].sort(),
  });

  const counter: CallCounter = { attempts: 0, writes: 0 };
  let current = '';
  const dispatcher = createDispatcher({ connections: 4, ...o.http?.dispatcher });
  const runners: Partial<Record<Vendor, VendorRunner>> = {};
  for (const vendor of vendors) {
    const mod = vendorModule(vendor);
    const token = o.tokens[vendor] as string;
    const limits = o.config.http;
    const http = createVendorHttp({
      label: mod.label,
      baseUrl: (o.baseUrls[vendor] ?? mod.baseUrl(o.config)).replace(/\/+$/, ''),
      authorization: mod.authorization(token),
      tokenEnv: mod.tokenEnv,
      urlFlag: mod.urlFlag,
      documentedBaseUrl: mod.documentedBaseUrl,
      dispatcher,
      limiter: new RateLimiter({
        ...clientRate(mod.rateLimit(o.config)),
        ...(o.http?.throttlePauseMs !== undefined ? { pauseMs: o.http.throttlePauseMs } : {}),
        ...(o.http?.throttlePauseCapMs !== undefined ? { pauseCapMs: o.http.throttlePauseCapMs } : {}),
      }),
      secrets: [token],
      retry: { maxRetryAfterMs: limits.maxRetryAfterSeconds * 1000, ...o.http?.retry },
      maxResponseBytes: limits.maxResponseBytes,
      budget: new VendorBudget({ maxRequests: limits.perVendor.maxRequests, maxBytes: limits.perVendor.maxBytes, maxMs: limits.perVendor.maxSeconds * 1000 }),
      ...(o.onWait ? { onWait: (ms: number, why: string) => o.onWait?.(vendor, ms, why) } : {}),
    });
    runners[vendor] = { http: journaledHttp(http, journal, vendor, () => current, counter), apply: mod.apply };
  }

  try {
    const summary = await executePlan({
      plan,
      execute: o.execute,
      includePermanent: o.includePermanent,
      confirmManual: o.confirmManual,
      allowMassRemoval: o.allowMassRemoval || plan.allowMassRemoval === true,
      today: now().toISOString().slice(0, 10),
      vendors: runners,
      missing: {},
      journal,
      carried,
      inFlight,
      setCurrent: (actionId) => {
        current = actionId;
      },
      stopRequested: o.stopRequested,
      onResult: o.onResult,
    });
    const complete = !summary.interrupted && summary.stoppedVendors.length === 0 && summary.results.every((r) => r.outcome !== 'failed');
    const end = await journal?.append({ type: 'end', complete, interrupted: summary.interrupted, counts: countOutcomes(summary.results), httpRequests: counter.attempts });
    const result: ApplyResult = {
      schemaVersion: 1,
      kind: 'access-audit-apply-result',
      mode: o.execute ? 'execute' : 'dry-run',
      applyId: id,
      plan: { file: o.planFile, sha256: loaded.sha256, runId: plan.runId, snapshotSha256: plan.snapshotSha256 },
      startedAt: typeof firstStart?.at === 'string' ? firstStart.at : startedAt,
      finishedAt: now().toISOString(),
      resumed,
      complete,
      interrupted: summary.interrupted,
      stoppedVendors: summary.stoppedVendors,
      counts: countOutcomes(summary.results),
      actions: summary.results,
      journal: end ? { file: JOURNAL_FILE, entries: end.seq, lastHash: end.hash } : null,
    };
    if (folder) {
      await writeFileAtomic(join(folder.dir, RESULT_JSON), stableStringify(result));
      await writeFileAtomic(join(folder.dir, RESULT_MD), renderResultMarkdown(result));
    }
    return { result, dir: folder?.dir ?? null, counter };
  } finally {
    await journal?.close();
    await dispatcher.close();
  }
}
