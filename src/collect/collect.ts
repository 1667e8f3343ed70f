import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { AuditError, ExitCode } from '../errors.js';
import { VendorBudget } from '../http/budget.js';
import { createDispatcher, type DispatcherOptions } from '../http/dispatcher.js';
import { RateLimiter } from '../http/ratelimit.js';
import { createVendorHttp, type RetryPolicy } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import type { NormalizedSnapshot, SnapshotManifest, VendorSnapshot } from '../model/snapshot.js';
import type { CheckedOutputFolder } from '../output-folder/guard.js';
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
  /** A path (then a new or empty folder only) or a folder the command checked with its inputs. */
  outDir: string | CheckedOutputFolder;
  vendors: Vendor[];
  baseUrls: Partial<Record<Vendor, string>>;
  tokens: Partial<Record<Vendor, string>>;
  config: Config;
  progress?: ProgressSink;
  http?: CollectHttpOptions;
  /** --allow-insecure-http: let a token travel over plain http to a host that is not loopback. */
  allowInsecureHttp?: boolean;
}

/** Shorter than this is not a real token, and redacting it would mangle ordinary words ("Di[redacted]a"). */
export const MIN_TOKEN_LENGTH = 8;

const LOOPBACK_HOST = /^(localhost|[^.]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Tokens and base URLs checked before anything is sent or written: exit 3, one line naming the variable or flag. */
export function refuseUnsafeStart(opts: Pick<CollectOptions, 'vendors' | 'tokens' | 'baseUrls' | 'config' | 'allowInsecureHttp'>): void {
  for (const vendor of opts.vendors) {
    const mod = vendorModule(vendor);
    const token = opts.tokens[vendor];
    if (!token) throw new AuditError(`${mod.tokenEnv} is not set`, { exitCode: ExitCode.BAD_INPUT, hint: `export ${mod.tokenEnv}=... or leave ${vendor} out of --vendors` });
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new AuditError(`${mod.tokenEnv} is too short (${token.length} characters, at least ${MIN_TOKEN_LENGTH}): not a ${mod.label} token`, {
        exitCode: ExitCode.BAD_INPUT,
        hint: `export the API token from ${mod.label}'s settings`,
      });
    }
    const raw = opts.baseUrls[vendor] ?? mod.baseUrl(opts.config);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AuditError(`${mod.urlFlag}: not a URL: ${raw}`, { exitCode: ExitCode.BAD_INPUT, hint: `e.g. ${mod.documentedBaseUrl}` });
    }
    if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname) && opts.allowInsecureHttp !== true) {
      throw new AuditError(`${mod.urlFlag} ${url.origin}: plain http to a host that is not loopback would send ${mod.tokenEnv} in clear text`, {
        exitCode: ExitCode.BAD_INPUT,
        hint: `use https (${mod.documentedBaseUrl}), or pass --allow-insecure-http if the network path is trusted`,
      });
    }
  }
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

export function newRunId(startedAt: string): string {
  return `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Collects the vendors into a snapshot folder (raw responses, normalized.json, manifest.json), atomically. A vendor
 * that cannot be read completely is marked incomplete with one line per failed listing; the others go on.
 */
export async function collectSnapshot(options: CollectOptions): Promise<CollectResult> {
  const http = options.http ?? httpProfileFromEnv();
  const opts: CollectOptions = { ...options, vendors: [...new Set(options.vendors)], ...(http ? { http } : {}) };
  refuseUnsafeStart(opts);
  const progress = opts.progress ?? silentProgress;
  const startedAt = utcNow();
  const runId = newRunId(startedAt);
  const writer = await SnapshotWriter.create(opts.outDir, runId);
  // Enough sockets per origin for everything a collector has in flight (four listings, two fan-outs at
  // `concurrency`): a request waiting for a socket after it took its rate token reaches the vendor late, and
  // the next one then looks like a burst to the vendor's bucket.
  const inFlight = Math.max(...opts.vendors.map((v) => 4 + 2 * vendorModule(v).concurrency(opts.config)), 8);
  const dispatcher = createDispatcher({ connections: inFlight, ...opts.http?.dispatcher });
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
  const limits = opts.config.http;
  const budget = new VendorBudget({ maxRequests: limits.perVendor.maxRequests, maxBytes: limits.perVendor.maxBytes, maxMs: limits.perVendor.maxSeconds * 1000 });
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
    retry: { maxRetryAfterMs: limits.maxRetryAfterSeconds * 1000, ...opts.http?.retry },
    maxResponseBytes: limits.maxResponseBytes,
    budget,
    onWait: (ms, why) => progress.waiting(vendor, ms, why),
  });
  const ctx = new VendorCollectContext({
    vendor,
    http,
    config: opts.config,
    concurrency: mod.concurrency(opts.config),
    maxPages: opts.http?.maxPages ?? limits.maxPagesPerListing,
    writer,
    progress,
    rulesFedBy: mod.rulesFedBy,
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
    invalidRecords: [...ctx.invalidRecords].sort(
      (a, b) => a.listing.localeCompare(b.listing) || (a.file ?? '').localeCompare(b.file ?? '') || a.index - b.index || a.problem.localeCompare(b.problem),
    ),
  };
}
