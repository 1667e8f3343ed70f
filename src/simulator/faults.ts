/**
 * Faults a simulator injects on purpose, so collectors meet over real sockets what production APIs do on a bad day.
 */
export type FaultKind =
  /** `times` consecutive 5xx answers: `status`, or 500, 502, 503 in turn. */
  | 'server-error'
  /** `times` consecutive 429 answers; no Retry-After (neither vendor documents one) unless `retryAfterSeconds` is set. */
  | 'rate-limit'
  /** Wait `delayMs` before sending the status line and headers. */
  | 'slow-headers'
  /** Send the body in `chunkBytes` pieces, `delayMs` apart. */
  | 'slow-body'
  /** Destroy the socket without an answer (msw HttpResponse.error()). */
  | 'connection-reset'
  /** 403 with the vendor's error body: a token without the scope for this call. Default: from its first match on, for good. */
  | 'forbidden'
  /** 200 with a complete HTTP body that is not valid JSON. */
  | 'malformed-json'
  /** Headers (with the full content-length) and `truncateAfterBytes` of the body, then the connection closes. */
  | 'truncated-body'
  /** A list page (one requested with a pageKey or cursor) whose next link / cursor is the one just followed. */
  | 'pagination-loop'
  /** From this request on, the token this request carries gets 401 (revoked mid-run). */
  | 'token-revoked';

export interface FaultSpec {
  kind: FaultKind;
  /** Which requests: a string matches the URL path exactly, a RegExp is tested against the path. Default: all. */
  path?: RegExp | string;
  /** HTTP method, e.g. 'GET'. Default: any. */
  method?: string;
  /** Only requests that may change state (any method but GET and HEAD), e.g. "a 403 from the 3rd write on". */
  writes?: boolean;
  /** Matching requests the fault affects. Default 1; pagination-loop and token-revoked default to unlimited. */
  times?: number;
  /** Matching requests that pass untouched before the fault starts. Default 0. */
  afterRequests?: number;
  /** server-error: the status to send (default 500, 502, 503 in turn). */
  status?: number;
  /** slow-headers: delay before the headers (default 1000 ms); slow-body: delay between chunks (default 50 ms). */
  delayMs?: number;
  /** slow-body: bytes per chunk (default 16). */
  chunkBytes?: number;
  /** truncated-body: bytes of the body sent before the connection closes (default: half the body). */
  truncateAfterBytes?: number;
  /** rate-limit: a Retry-After header with this many seconds (a client must honour it when present). */
  retryAfterSeconds?: number;
  /**
   * server-error and connection-reset: the route runs first, so the write takes effect, and then its answer is lost
   * (replaced by the 5xx, or the socket is reset). What a client meets when it cannot tell whether a call was done.
   * slow-headers: the route runs first, then the answer waits `delayMs`: a window in which the call is done and the
   * client does not know it yet (kill it there to test a resume).
   */
  afterEffect?: boolean;
}

interface FaultState {
  spec: FaultSpec;
  seen: number;
  fired: number;
}

/** Picks the fault (if any) for each request; counters live per simulator, never in module state. */
export class FaultInjector {
  #faults: FaultState[] = [];

  constructor(faults: FaultSpec[] = []) {
    this.set(faults);
  }

  set(faults: FaultSpec[]): void {
    this.#faults = faults.map((spec) => ({ spec, seen: 0, fired: 0 }));
  }

  /**
   * The first active fault matching the request, counted as fired. `hasPageToken` tells whether the request
   * follows a next link (pagination loops only apply there).
   */
  pick(method: string, path: string, hasPageToken: boolean): FaultSpec | undefined {
    let chosen: FaultSpec | undefined;
    for (const f of this.#faults) {
      if (!matches(f.spec, method, path)) continue;
      if (f.spec.kind === 'pagination-loop' && !hasPageToken) continue;
      f.seen += 1;
      if (chosen) continue;
      if (f.seen <= (f.spec.afterRequests ?? 0)) continue;
      if (f.fired >= (f.spec.times ?? defaultTimes(f.spec))) continue;
      f.fired += 1;
      chosen = f.spec.kind === 'server-error' && f.spec.status === undefined ? { ...f.spec, status: SERVER_ERRORS[(f.fired - 1) % 3] } : f.spec;
    }
    return chosen;
  }
}

const SERVER_ERRORS = [500, 502, 503] as const;

function defaultTimes(spec: FaultSpec): number {
  return spec.kind === 'pagination-loop' || spec.kind === 'token-revoked' || spec.kind === 'forbidden' ? Number.POSITIVE_INFINITY : 1;
}

export function isWrite(method: string): boolean {
  const m = method.toUpperCase();
  return m !== 'GET' && m !== 'HEAD';
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.writes === true && !isWrite(method)) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string' ? spec.path === path : spec.path.test(path);
}
