import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { FaultInjector, type FaultSpec } from './faults.js';
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
  rateLimitedMessage: string;
  serverErrorMessage: string;
  /** Dixa limits per token, Dialpad per company. */
  rateLimitKey(token: string): string;
  defaultRateLimit: RateLimitOptions;
  /** Query parameters that carry a page position (a request with one follows a next link). */
  pageTokenParams: string[];
  /** Catch-all for unknown paths. */
  notFoundMessage: string;
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

  constructor(adapter: VendorAdapter, opts: SimOptions) {
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
    if (request.method !== 'GET' && request.method !== 'HEAD') this.#writes += 1;
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
    switch (fault?.kind) {
      case 'token-revoked':
        this.#revoked.add(token);
        return this.#json(401, a.errorBody(401, a.unauthorizedMessage));
      case 'server-error': {
        const status = fault.status ?? 500;
        return this.#json(status, a.errorBody(status, a.serverErrorMessage));
      }
      case 'rate-limit':
        this.stats.throttled += 1;
        return this.#json(429, a.errorBody(429, a.rateLimitedMessage));
      case 'connection-reset':
        return HttpResponse.error();
      case 'slow-headers':
        await delay(fault.delayMs ?? 1000);
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
    if (result.status === 429) this.stats.throttled += 1;
    if (result.json === undefined) return new HttpResponse(null, { status: result.status });
    return this.#json(result.status, result.json, fault);
  }

  #json(status: number, body: unknown, fault?: FaultSpec): Response {
    let text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
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
