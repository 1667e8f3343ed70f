/** Why a request finally failed; the collector decides per listing what that means. */
export type FailureKind =
  | 'auth' // 401: token missing, wrong or revoked
  | 'forbidden' // 403: token valid, permission missing
  | 'not-found'
  | 'wrong-host' // HTML (or another non-JSON page) where the API answers JSON
  | 'dns'
  | 'refused'
  | 'network' // resets, sockets closed mid-body (truncated)
  | 'timeout'
  | 'server' // 5xx after every retry
  | 'throttled' // 429 after every retry
  | 'malformed' // 2xx whose body is not JSON, after every retry
  | 'client' // another 4xx
  | 'pagination' // repeated next link / cursor / page of items, malformed next link, or too many pages
  | 'too-large' // one response body past http.maxResponseBytes (not read further)
  | 'budget' // the vendor's run budget (requests, bytes, wall time) is spent
  | 'schema'; // the envelope itself is not the documented shape

/** A request (or listing) that failed for good. The message is one line, names vendor and URL, never the token. */
export class HttpFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly url: string;
  /** Re-sends and 429s spent before giving up (for the listing's counters). */
  retries = 0;
  throttled = 0;
  constructor(kind: FailureKind, message: string, opts: { status?: number | null; url: string }) {
    super(message);
    this.name = 'HttpFailure';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.url = opts.url;
  }
}

/** The error code undici or the OS gave a failed request: on the error itself or on its cause. */
export function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const rec = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof rec.code === 'string' && rec.code !== 'ABORT_ERR') return rec.code;
    if (rec.name === 'TimeoutError') return 'REQUEST_TIMEOUT';
    if (rec.name === 'AbortError' && rec.cause === undefined) return 'REQUEST_TIMEOUT';
    e = rec.cause;
  }
  return 'UNKNOWN';
}

export const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
export const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'REQUEST_TIMEOUT']);
export const NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ECONNREFUSED',
  'EAI_AGAIN',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** A code worth sending the request again for. ENOTFOUND is not: the name will not appear in a second. */
export function isRetryableCode(code: string): boolean {
  return NETWORK_CODES.has(code) || TIMEOUT_CODES.has(code);
}
