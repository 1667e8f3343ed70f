import type { z } from 'zod';
import type { Config } from '../config/schema.js';
import { HttpFailure } from '../http/failure.js';
import { UnsafePathSegmentError } from '../http/path.js';
import type { RequestPriority } from '../http/ratelimit.js';
import type { JsonResponse, VendorHttp } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import type { RuleCode } from '../model/finding.js';
import type { ListingStats, VendorSnapshot } from '../model/snapshot.js';
import { safeSegment } from '../snapshot/paths.js';
import type { SnapshotWriter } from '../snapshot/writer.js';
import { parseJsonKeepingIntegers } from '../util/json-lossless.js';
import { ListingTracker } from './listing.js';
import type { ProgressSink } from './progress.js';

/** One line of raw/<vendor>/requests.json: which request produced which raw file. */
export interface RequestLogEntry {
  file: string | null;
  url: string;
  status: number | null;
  retries: number;
  throttled: number;
  error: string | null;
  note: string | null;
}

export type InvalidRecord = VendorSnapshot['invalidRecords'][number];

/** A response as a collector sees it: ids read as written, and the raw file its records are reported against. */
export interface VendorResponse extends JsonResponse {
  /** Relative to the snapshot folder, e.g. raw/dialpad/users/0001.json. */
  file: string;
}

/** Where a batch of records came from, for the report of a record that cannot be used. */
export interface RecordSource {
  /** Raw file the records are in. */
  file: string;
  /** Index of the first record within that file's list. */
  offset?: number;
  /** Names the fan-out call ("call center 12"). */
  within?: string;
}

/**
 * What a vendor collector gets: its HTTP client, the snapshot writer for raw files, listing trackers and limits.
 * Every request goes through `fetch`, so counting, raw files and the request log live in one place.
 */
export class VendorCollectContext {
  readonly vendor: Vendor;
  readonly http: VendorHttp;
  readonly config: Config;
  readonly concurrency: number;
  readonly maxPages: number;
  readonly progress: ProgressSink;
  readonly invalidRecords: InvalidRecord[] = [];
  /** Per listing, the rules whose evidence a record of it carries (VendorModule.rulesFedBy). */
  private readonly rulesFedBy: Readonly<Record<string, readonly RuleCode[]>>;
  private readonly writer: SnapshotWriter;
  private readonly listings: ListingTracker[] = [];
  private readonly rawNames = new Set<string>();
  private readonly log: RequestLogEntry[] = [];

  constructor(opts: {
    vendor: Vendor;
    http: VendorHttp;
    config: Config;
    concurrency: number;
    maxPages: number;
    writer: SnapshotWriter;
    progress: ProgressSink;
    rulesFedBy?: Readonly<Record<string, readonly RuleCode[]>>;
  }) {
    this.vendor = opts.vendor;
    this.rulesFedBy = opts.rulesFedBy ?? {};
    this.http = opts.http;
    this.config = opts.config;
    this.concurrency = opts.concurrency;
    this.maxPages = opts.maxPages;
    this.writer = opts.writer;
    this.progress = opts.progress;
  }

  listing(name: string, endpoint: string): ListingTracker {
    const t = new ListingTracker(name, endpoint);
    this.listings.push(t);
    return t;
  }

  /**
   * GET one URL for a listing; the body, exactly as received, goes to raw/<vendor>/<listing>/<file>.json.
   * Failures are logged and rethrown as HttpFailure (the collector decides what the listing makes of them).
   * The JSON is read again from the bytes so that int64 ids beyond 2^53 keep their digits (util/json-lossless.ts).
   */
  async fetch(listing: ListingTracker, url: string, file: string, opts: { accept?: number[]; priority?: RequestPriority } = {}): Promise<VendorResponse> {
    const rel = `raw/${this.vendor}/${listing.name}/${safeSegment(file)}.json`;
    listing.requests += 1;
    try {
      const res = await this.http.getJson(url, opts);
      listing.retries += res.retries;
      listing.throttled += res.throttled;
      let path = rel;
      // Case-insensitively unique: a snapshot copied to macOS or Windows must not merge two raw files.
      for (let n = 2; this.writer.has(path) || this.rawNames.has(path.toLowerCase()); n++) path = rel.replace(/\.json$/, `.${n}.json`);
      this.rawNames.add(path.toLowerCase());
      // Raw files are the bytes as received, unless a vendor echoed the token: then it is blanked and the request
      // log says so (the token never reaches disk).
      const stored = this.http.redactBytes(res.bytes);
      await this.writer.write(path, stored);
      listing.files.push(path);
      const echoed = stored !== res.bytes;
      const note = echoed ? 'the response contained the token; it was replaced with [redacted] in the raw file and the data' : null;
      this.log.push({ file: path, url: this.http.redact(res.url), status: res.status, retries: res.retries, throttled: res.throttled, error: null, note });
      const json = readLossless(res.bytes, res.json);
      return echoed ? { ...res, file: path, bytes: stored, json: this.http.redactJson(json) } : { ...res, file: path, json };
    } catch (err) {
      const failure = err instanceof HttpFailure ? err : null;
      if (failure) {
        listing.retries += failure.retries;
        listing.throttled += failure.throttled;
        this.log.push({ file: null, url: this.http.redact(failure.url), status: failure.status, retries: failure.retries, throttled: failure.throttled, error: failure.message, note: null });
      }
      throw err;
    } finally {
      this.progress.requestDone(this.vendor);
    }
  }

  /**
   * Parses each record. One that cannot be used (no id of its own, or a field of a type the document does not allow)
   * is counted and reported with its raw file and index; it leaves its listing complete and makes partial only the
   * rules its listing feeds (invalidRecords[].feeds), never the whole vendor.
   */
  parseRecords<T>(listing: ListingTracker, schema: z.ZodType<T>, records: readonly unknown[], source: RecordSource): T[] {
    const out: T[] = [];
    const offset = source.offset ?? 0;
    records.forEach((record, i) => {
      const parsed = schema.safeParse(record);
      if (parsed.success) {
        out.push(parsed.data);
        return;
      }
      const issue = parsed.error.issues[0];
      const problem = `${source.within ? `in ${source.within}: ` : ''}${issue ? `${issue.path.join('.') || '(record)'}: ${issue.message}` : 'invalid'}`;
      this.invalidRecords.push({ listing: listing.name, index: offset + i, file: source.file, problem, feeds: [...(this.rulesFedBy[listing.name] ?? [])] });
      listing.unusable += 1;
    });
    return out;
  }

  /** Records an HttpFailure (or an id that cannot be put in a path) on the listing. Programming errors are rethrown. */
  failed(listing: ListingTracker, err: unknown): void {
    if (err instanceof HttpFailure) {
      listing.fail(err.message);
      return;
    }
    if (err instanceof UnsafePathSegmentError) {
      listing.fail(`${this.http.label} ${listing.name}: ${err.message}`);
      return;
    }
    throw err;
  }

  /** A path built from vendor ids (apiPath), or null with the listing failed when an id would change the path. */
  path(listing: ListingTracker, build: () => string): string | null {
    try {
      return build();
    } catch (err) {
      this.failed(listing, err);
      return null;
    }
  }

  /** Progress after each page of a listing, so a long one is visibly alive. */
  pageRead(listing: ListingTracker): void {
    this.progress.pageRead(this.vendor, listing.name, listing.pages, listing.items);
  }

  listingStats(): ListingStats[] {
    return this.listings.map((l) => l.toStats());
  }

  requestLog(): RequestLogEntry[] {
    return [...this.log].sort((a, b) => (a.file ?? '~').localeCompare(b.file ?? '~') || a.url.localeCompare(b.url));
  }
}

/** The body read with ids as written; JSON.parse's reading when the lossless reader refuses what JSON.parse took. */
function readLossless(bytes: Buffer, parsed: unknown): unknown {
  try {
    return parseJsonKeepingIntegers(bytes.toString('utf8'));
  } catch {
    return parsed;
  }
}
