import { LosslessNumber, stringify as stringifyLossless } from 'lossless-json';
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { FaultInjector, isWrite, type FaultSpec } from './faults.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { SIM_TRUNCATE_HEADER } from './serve.js';
import type { RateLimitOptions, SimOptions, SimStats } from './types.js';

/** An answer a route gives with the vendor's error body (thrown from a route, rendered by the vendor adapter). */
export class SimHttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** What differs between vendors in the request pipeline. */
export interface VendorAdapter {
  origin: string;
  /** The API key the request presents, or undefined when it presents none in the vendor's scheme. */
  credential(request: Request, url: URL): string | undefined;
  errorBody(status: number, message: string): unknown;
  unauthorizedMessage: string;
  /** A token that authenticates but may not make this call (the forbidden fault). */
  forbiddenMessage: string;
  rateLimitedMessage: string;
  serverErrorMessage: string;
  /** Dixa limits per token, Dialpad per company. */
  rateLimitKey(token: string): string;
  defaultRateLimit: RateLimitOptions;
  /** Query parameters that carry a page position (a request with one follows a next link). */
  pageTokenParams: string[];
  /** Catch-all for unknown paths. */
  notFoundMessage: string;
  /** Keys whose values the document types as int64: sent as bare JSON numbers under SimOptions.int64AsNumbers. */
  int64Keys?: readonly string[];
}

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  token: string;
  /** A pagination-loop fault is active: the route must hand back the page position it was given. */
  paginationLoop: boolean;
}

export interface RouteResult {
  status: number;
  /** JSON body; undefined sends no body. */
  json?: unknown;
}

export type Resolver = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/**
 * The request pipeline every simulated endpoint shares: count, authenticate, rate-limit, inject faults, resolve,
 * render. One instance per running simulator (no module-level state).
 */
export class SimulatorCore {
  readonly stats: SimStats = { requests: 0, throttled: 0, byPath: {} };
  readonly #adapter: VendorAdapter;
  readonly #tokens: Set<string>;
  readonly #revoked = new Set<string>();
  readonly #limiter: TokenBucketLimiter | undefined;
  readonly #faults: FaultInjector;
  #writes = 0;

  readonly #int64Keys: ReadonlySet<string> | null;

  constructor(adapter: VendorAdapter, opts: SimOptions) {
    this.#int64Keys = opts.int64AsNumbers && adapter.int64Keys ? new Set(adapter.int64Keys) : null;
    this.#adapter = adapter;
    this.#tokens = new Set([...opts.tokens, ...(opts.nonAdminTokens ?? [])]);
    this.#limiter = opts.rateLimit === false ? undefined : new TokenBucketLimiter(opts.rateLimit ?? adapter.defaultRateLimit);
    this.#faults = new FaultInjector(opts.faults ?? []);
  }

  setFaults(faults: FaultSpec[]): void {
    this.#faults.set(faults);
  }

  /**
   * How many requests that may change state (any method but GET and HEAD) have reached the routes: listings cache
   * what they computed for a listing's first page and serve its later pages from it while this number stands.
   */
  get writes(): number {
    return this.#writes;
  }

  revokeToken(token: string): void {
    this.#revoked.add(token);
  }

  /**
   * State changed outside the routes (a test's drift hook): counted like a write, so no listing is served from what
   * it cached before the change.
   */
  noteChange(): void {
    this.#writes += 1;
  }

  route(method: Method, pattern: string, resolver: Resolver): RequestHandler {
    return http[method](`${this.#adapter.origin}${pattern}`, async ({ request, params }) =>
      this.#handle(request, flatParams(params), resolver),
    );
  }

  /** Unknown paths under the origin: the vendor's 404 rather than the adapter's 501. */
  fallback(): RequestHandler {
    return http.all(`${this.#adapter.origin}/*`, async ({ request }) =>
      this.#handle(request, {}, () => {
        throw new SimHttpError(404, this.#adapter.notFoundMessage);
      }),
    );
  }

  async #handle(request: Request, params: Record<string, string>, resolver: Resolver): Promise<Response> {
    const a = this.#adapter;
    const url = new URL(request.url);
    if (isWrite(request.method)) this.#writes += 1;
    this.stats.requests += 1;
    this.stats.byPath[url.pathname] = (this.stats.byPath[url.pathname] ?? 0) + 1;

    const token = a.credential(request, url);
    if (token === undefined || !this.#tokens.has(token) || this.#revoked.has(token)) {
      return this.#json(401, a.errorBody(401, a.unauthorizedMessage));
    }
    if (this.#limiter && !this.#limiter.take(a.rateLimitKey(token))) {
      this.stats.throttled += 1;
      return this.#json(429, a.errorBody(429, a.rateLimitedMessage));
    }

    const hasPageToken = a.pageTokenParams.some((p) => url.searchParams.has(p));
    const fault = this.#faults.pick(request.method, url.pathname, hasPageToken);
    const afterEffect = fault?.afterEffect === true && (fault.kind === 'server-error' || fault.kind === 'connection-reset' || fault.kind === 'slow-headers');
    switch (afterEffect ? undefined : fault?.kind) {
      case 'token-revoked':
        this.#revoked.add(token);
        return this.#json(401, a.errorBody(401, a.unauthorizedMessage));
      case 'forbidden':
        return this.#json(403, a.errorBody(403, a.forbiddenMessage));
      case 'server-error':
        return this.#serverError(fault);
      case 'rate-limit': {
        this.stats.throttled += 1;
        const after = fault?.retryAfterSeconds;
        return this.#json(429, a.errorBody(429, a.rateLimitedMessage), undefined, after === undefined ? {} : { 'retry-after': String(after) });
      }
      case 'connection-reset':
        return HttpResponse.error();
      case 'slow-headers':
        await delay(fault?.delayMs ?? 1000);
        break;
      default:
        break;
    }

    let result: RouteResult;
    try {
      result = await resolver({ request, url, params, token, paginationLoop: fault?.kind === 'pagination-loop' });
    } catch (err) {
      if (!(err instanceof SimHttpError)) throw err;
      result = { status: err.status, json: a.errorBody(err.status, err.message) };
    }
    if (afterEffect && fault) {
      // The call took effect; the client learns it late, or never.
      if (fault.kind === 'slow-headers') await delay(fault.delayMs ?? 1000);
      else return fault.kind === 'connection-reset' ? HttpResponse.error() : this.#serverError(fault);
    }
    if (result.status === 429) this.stats.throttled += 1;
    if (result.json === undefined) return new HttpResponse(null, { status: result.status });
    return this.#json(result.status, result.json, fault);
  }

  #serverError(fault: FaultSpec | undefined): Response {
    const status = fault?.status ?? 500;
    return this.#json(status, this.#adapter.errorBody(status, this.#adapter.serverErrorMessage));
  }

  #json(status: number, body: unknown, fault?: FaultSpec, extraHeaders: Record<string, string> = {}): Response {
    let text = this.#int64Keys ? int64Json(body, this.#int64Keys) : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
    if (fault?.kind === 'malformed-json') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    const bytes = Buffer.from(text, 'utf8');
    headers['content-length'] = String(bytes.length);
    if (fault?.kind === 'truncated-body') {
      headers[SIM_TRUNCATE_HEADER] = String(Math.min(fault.truncateAfterBytes ?? Math.floor(bytes.length / 2), bytes.length - 1));
    }
    if (fault?.kind === 'slow-body') {
      return new HttpResponse(slowStream(bytes, fault.chunkBytes ?? 16, fault.delayMs ?? 50), { status, headers });
    }
    return new HttpResponse(text, { status, headers });
  }
}

function slowStream(bytes: Uint8Array, chunk: number, ms: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset > 0) await delay(ms);
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
      if (offset >= bytes.length) controller.close();
    },
  });
}

function flatParams(params: Record<string, string | readonly string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Reads a JSON request body; a body that does not parse is the vendor's 400. */
export async function readJson(request: Request, badMessage: string): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw new SimHttpError(400, badMessage);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimHttpError(400, badMessage);
  }
}

/**
 * JSON with the int64 values (digit strings under the given keys, alone or in arrays) written as bare numbers, digits
 * as they are: 9007199254740993 stays ...993 on the wire, as a vendor that follows its document would send it.
 */
function int64Json(body: unknown, keys: ReadonlySet<string>): string {
  const asNumber = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+$/.test(v) ? new LosslessNumber(v) : v);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = keys.has(k) ? (Array.isArray(x) ? x.map(asNumber) : asNumber(x)) : walk(x);
    return out;
  };
  return stringifyLossless(walk(body)) ?? 'null';
}
