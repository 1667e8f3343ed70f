import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { AuditError, ExitCode } from '../errors.js';
import { createDispatcher, type DispatcherOptions } from '../http/dispatcher.js';
import { RateLimiter } from '../http/ratelimit.js';
import { createVendorHttp, type RetryPolicy } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import type { NormalizedSnapshot, SnapshotManifest, VendorSnapshot } from '../model/snapshot.js';
import { SnapshotWriter } from '../snapshot/writer.js';
import { stableStringify } from '../util/json.js';
import { vendorModule } from '../vendors/registry.js';
import { TOOL_VERSION } from '../version.js';
import { VendorCollectContext } from './context.js';
import { httpProfileFromEnv } from './http-profile.js';
import { silentProgress, type ProgressSink } from './progress.js';

/** HTTP knobs that are not user configuration: tests shorten them, the CLI keeps the defaults. */
export interface CollectHttpOptions {
  dispatcher?: Partial<DispatcherOptions>;
  retry?: Partial<RetryPolicy>;
  /** First pause after a 429 (doubled with jitter on each further one in a row). */
  throttlePauseMs?: number;
  throttlePauseCapMs?: number;
  /** A listing with more pages than this ends with an error (loop guard). */
  maxPages?: number;
}

export interface CollectOptions {
  outDir: string;
  vendors: Vendor[];
  baseUrls: Partial<Record<Vendor, string>>;
  tokens: Partial<Record<Vendor, string>>;
  config: Config;
  progress?: ProgressSink;
  http?: CollectHttpOptions;
}

export interface CollectResult {
  dir: string;
  snapshot: NormalizedSnapshot;
  manifest: SnapshotManifest;
  /** SHA-256 of manifest.json. */
  sha256: string;
  complete: boolean;
  /** One line per failed listing. */
  failures: string[];
}

function utcNow(): string {
  return new Date().toISOString();
}

function newRunId(startedAt: string): string {
  return `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Collects the vendors into a snapshot folder (raw responses, normalized.json, manifest.json), atomically. A vendor
 * that cannot be read completely is marked incomplete with one line per failed listing; the others go on.
 */
export async function collectSnapshot(options: CollectOptions): Promise<CollectResult> {
  const http = options.http ?? httpProfileFromEnv();
  const opts: CollectOptions = { ...options, vendors: [...new Set(options.vendors)], ...(http ? { http } : {}) };
  for (const vendor of opts.vendors) {
    const mod = vendorModule(vendor);
    if (!opts.tokens[vendor]) throw new AuditError(`${mod.tokenEnv} is not set`, { exitCode: ExitCode.BAD_INPUT, hint: `export ${mod.tokenEnv}=... or leave ${vendor} out of --vendors` });
  }
  const progress = opts.progress ?? silentProgress;
  const writer = await SnapshotWriter.create(opts.outDir);
  // Enough sockets per origin for everything a collector has in flight (four listings, two fan-outs at
  // `concurrency`): a request waiting for a socket after it took its rate token reaches the vendor late, and
  // the next one then looks like a burst to the vendor's bucket.
  const inFlight = Math.max(...opts.vendors.map((v) => 4 + 2 * vendorModule(v).concurrency(opts.config)), 8);
  const dispatcher = createDispatcher({ connections: inFlight, ...opts.http?.dispatcher });
  const startedAt = utcNow();
  const runId = newRunId(startedAt);
  try {
    const results = await Promise.all(opts.vendors.map((vendor) => collectVendor(vendor, opts, writer, dispatcher, progress)));
    const finishedAt = utcNow();
    const vendors: NormalizedSnapshot['vendors'] = {};
    const manifestVendors: SnapshotManifest['vendors'] = {};
    for (const v of results) {
      vendors[v.vendor] = v;
      manifestVendors[v.vendor] = {
        baseUrl: v.baseUrl,
        complete: v.complete,
        incompleteReasons: v.incompleteReasons,
        listings: v.listings,
        ...(v.activitySignals ? { activitySignals: v.activitySignals } : {}),
      };
    }
    const snapshot: NormalizedSnapshot = { schemaVersion: 1, runId, toolVersion: TOOL_VERSION, startedAt, finishedAt, vendors };
    const finalized = await writer.finalize(snapshot, { schemaVersion: 1, kind: 'access-audit-snapshot', toolVersion: TOOL_VERSION, runId, startedAt, finishedAt, vendors: manifestVendors });
    const failures = results.flatMap((v) => v.incompleteReasons);
    return { dir: finalized.dir, snapshot, manifest: finalized.manifest, sha256: finalized.sha256, complete: failures.length === 0, failures };
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    progress.stop();
    await dispatcher.close();
  }
}

/**
 * The client's bucket, a little inside the vendor's: a request that left on time can arrive early relative to the
 * one before it (the first one was slow on the wire), and the server counts arrivals. One token of the documented
 * burst is kept as slack for that; with a burst of 1 there is none to keep, so the rate gives 5% instead.
 */
export function clientRate(documented: { perSecond: number; burst: number }): { perSecond: number; burst: number } {
  if (documented.burst >= 2) return { perSecond: documented.perSecond, burst: documented.burst - 1 };
  return { perSecond: documented.perSecond * 0.95, burst: 1 };
}

async function collectVendor(
  vendor: Vendor,
  opts: CollectOptions,
  writer: SnapshotWriter,
  dispatcher: ReturnType<typeof createDispatcher>,
  progress: ProgressSink,
): Promise<VendorSnapshot> {
  const mod = vendorModule(vendor);
  const baseUrl = (opts.baseUrls[vendor] ?? mod.baseUrl(opts.config)).replace(/\/+$/, '');
  const token = opts.tokens[vendor] as string;
  const limiter = new RateLimiter({
    ...clientRate(mod.rateLimit(opts.config)),
    ...(opts.http?.throttlePauseMs !== undefined ? { pauseMs: opts.http.throttlePauseMs } : {}),
    ...(opts.http?.throttlePauseCapMs !== undefined ? { pauseCapMs: opts.http.throttlePauseCapMs } : {}),
  });
  const http = createVendorHttp({
    label: mod.label,
    baseUrl,
    authorization: mod.authorization(token),
    tokenEnv: mod.tokenEnv,
    urlFlag: mod.urlFlag,
    documentedBaseUrl: mod.documentedBaseUrl,
    dispatcher,
    limiter,
    secrets: [token],
    ...(opts.http?.retry ? { retry: opts.http.retry } : {}),
  });
  const ctx = new VendorCollectContext({
    vendor,
    http,
    config: opts.config,
    concurrency: mod.concurrency(opts.config),
    maxPages: opts.http?.maxPages ?? 10_000,
    writer,
    progress,
  });
  const startedAt = utcNow();
  progress.vendorStarted(vendor);
  const collected = await mod.collect(ctx);
  const listings = ctx.listingStats();
  await writer.write(`raw/${vendor}/requests.json`, stableStringify(ctx.requestLog()));
  // "Dixa team-members: GET <url>: answered 503 ...": the listing, then the request's own line without the repeated vendor.
  const incompleteReasons = listings
    .filter((l) => !l.complete)
    .map((l) => `${mod.label} ${l.name}: ${(l.reason ?? `${l.endpoint} incomplete`).replace(new RegExp(`^${mod.label}( ${l.name})?: `), '')}`);
  const complete = incompleteReasons.length === 0;
  progress.vendorDone(vendor, complete);
  return {
    vendor,
    baseUrl,
    startedAt,
    finishedAt: utcNow(),
    org: collected.org,
    complete,
    incompleteReasons,
    listings,
    accounts: collected.accounts,
    groups: collected.groups,
    seatPools: collected.seatPools,
    numbers: collected.numbers,
    ...(collected.activitySignals ? { activitySignals: collected.activitySignals } : {}),
    // Fan-out calls finish in any order; the snapshot must not depend on it.
    invalidRecords: [...ctx.invalidRecords].sort((a, b) => a.listing.localeCompare(b.listing) || a.index - b.index || a.problem.localeCompare(b.problem)),
  };
}
