import { request, type Dispatcher } from 'undici';
import { TOOL_VERSION } from '../version.js';
import { fullJitterDelay, retryAfterMs, type BackoffPolicy } from './backoff.js';
import { unlimitedBudget, type VendorBudget } from './budget.js';
import { systemClock, type Clock } from './clock.js';
import { DNS_CODES, errorCode, HttpFailure, isRetryableCode, TIMEOUT_CODES } from './failure.js';
import type { RateLimiter, RequestPriority } from './ratelimit.js';
import { redact, secretForms } from './redact.js';

export interface RetryPolicy {
  /** Attempts for network errors, timeouts and 5xx (first try included). */
  maxAttempts: number;
  backoff: BackoffPolicy;
  /** 429s one request may meet before it gives up (the limiter slows down between them). */
  maxThrottled: number;
  /** 2xx bodies that are not JSON (malformed or truncated) before giving up. */
  maxMalformed: number;
  /** Hard ceiling for one attempt, headers and body together: a trickling body cannot hang the run. */
  requestTimeoutMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with the server's wish in the message. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  backoff: { baseMs: 500, capMs: 15_000 },
  maxThrottled: 10,
  maxMalformed: 3,
  requestTimeoutMs: 120_000,
  maxRetryAfterMs: 60_000,
};

/** One response body past this is not read further (config http.maxResponseBytes). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Enough of an error body for the vendor's message; the rest is not read. */
const ERROR_BODY_BYTES = 64 * 1024;
/** Waits at least this long are announced (progress on stderr), so a pause never looks like a hang. */
const ANNOUNCED_WAIT_MS = 2000;

export interface VendorHttpOptions {
  /** Human name for messages: "Dixa", "Dialpad". */
  label: string;
  baseUrl: string;
  /** Full Authorization header value (Dixa: the raw token; Dialpad: "Bearer <key>"). Never printed. */
  authorization: string;
  /** Where the token comes from, named in auth messages. */
  tokenEnv: string;
  /** The flag that sets the base URL, named in host messages. */
  urlFlag: string;
  /** "https://dev.dixa.io": named when the host looks wrong. */
  documentedBaseUrl: string;
  dispatcher: Dispatcher;
  limiter: RateLimiter;
  retry?: Partial<RetryPolicy>;
  /** Extra strings to keep out of messages (the token itself is always included). */
  secrets?: string[];
  clock?: Clock;
  random?: () => number;
  /** Bytes one response may have (default DEFAULT_MAX_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  /** The vendor's run-wide budget (default: none). */
  budget?: VendorBudget;
  /** Told about each long wait (a server's Retry-After) before it starts. */
  onWait?: (ms: number, why: string) => void;
}

export interface JsonResponse {
  url: string;
  status: number;
  /** The body exactly as received. */
  bytes: Buffer;
  json: unknown;
  /** Re-sends after network errors, timeouts, 5xx and bad bodies. */
  retries: number;
  /** 429s met on the way. */
  throttled: number;
}

export interface VendorHttp {
  readonly label: string;
  readonly baseUrl: string;
  /** Absolute URL for a path or link; refuses another origin so the token never travels elsewhere. */
  resolve(pathOrUrl: string): string;
  /** GET and parse JSON. Statuses in `accept` (e.g. 404 for an end-user lookup) come back instead of failing. */
  getJson(pathOrUrl: string, opts?: { accept?: number[]; priority?: RequestPriority }): Promise<JsonResponse>;
  /** Set once a 401 was seen: later requests fail at once instead of hammering the vendor with a dead token. */
  readonly authFailure: HttpFailure | null;
  redact(text: string): string;
  /** The same bytes when no form of the token is in them, else a redacted copy. */
  redactBytes(bytes: Buffer): Buffer;
  /** Parsed JSON with every string (and key) redacted. */
  redactJson(value: unknown): unknown;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' };

/**
 * Where a request goes: a gateway prefix in the base URL (https://gateway.example/dixa) stays in front of every
 * root-relative path (our own paths, and a server's links, which carry the prefix already or not at all).
 */
export function requestUrl(base: URL, pathOrUrl: string): URL {
  const prefix = base.pathname.replace(/\/+$/, '');
  const rooted = pathOrUrl.startsWith('/') && !pathOrUrl.startsWith('//') && prefix !== '' && pathOrUrl !== prefix && !pathOrUrl.startsWith(`${prefix}/`) && !pathOrUrl.startsWith(`${prefix}?`);
  return new URL(rooted ? `${prefix}${pathOrUrl}` : pathOrUrl, base);
}

export function createVendorHttp(opts: VendorHttpOptions): VendorHttp {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const secrets = [opts.authorization, opts.authorization.replace(/^Bearer\s+/i, ''), ...(opts.secrets ?? [])].filter((s) => s.length > 0);
  const base = new URL(opts.baseUrl);
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const budget = opts.budget ?? unlimitedBudget(clock);
  let authFailure: HttpFailure | null = null;
  const forms = secrets.flatMap((x) => secretForms(x));
  const clean = (text: string): string => redact(text, secrets);
  const fail = (kind: ConstructorParameters<typeof HttpFailure>[0], url: string, what: string, status?: number): HttpFailure =>
    new HttpFailure(kind, clean(`${opts.label}: GET ${url}: ${what}`), { status: status ?? null, url: clean(url) });

  function resolve(pathOrUrl: string): string {
    let url: URL;
    try {
      url = requestUrl(base, pathOrUrl);
    } catch {
      throw fail('pagination', base.href, `malformed link ${JSON.stringify(pathOrUrl.slice(0, 200))}; not followed`);
    }
    if (url.origin !== base.origin) {
      throw fail('schema', url.href, `link points to another origin than ${base.origin}; not followed (the token is only sent to ${base.origin})`);
    }
    return url.href;
  }

  async function getJson(pathOrUrl: string, getOpts: { accept?: number[]; priority?: RequestPriority } = {}): Promise<JsonResponse> {
    const url = resolve(pathOrUrl);
    if (authFailure) throw fail('auth', url, `not sent: the token was refused earlier in this run (${authFailure.status ?? 401}); check ${opts.tokenEnv}`, authFailure.status ?? 401);
    const counts = { retries: 0, throttled: 0 };
    try {
      return await attemptAll(url, getOpts, counts);
    } catch (err) {
      if (err instanceof HttpFailure) {
        err.retries = counts.retries;
        err.throttled = counts.throttled;
      }
      throw err;
    }
  }

  async function attemptAll(url: string, getOpts: { accept?: number[]; priority?: RequestPriority }, counts: { retries: number; throttled: number }): Promise<JsonResponse> {
    let attempts = 0;
    let malformed = 0;
    for (;;) {
      attempts += 1;
      await opts.limiter.acquire(getOpts.priority ?? 'normal');
      const spent = budget.takeRequest();
      if (spent !== null) throw fail('budget', url, spent);
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method: 'GET',
          dispatcher: opts.dispatcher,
          headers: { authorization: opts.authorization, accept: 'application/json', 'user-agent': `access-audit/${TOOL_VERSION}` },
          // The wall-time budget also bounds the request in flight.
          signal: AbortSignal.timeout(Math.max(1, Math.ceil(Math.min(policy.requestTimeoutMs, budget.remainingMs())))),
        });
      } catch (err) {
        const code = errorCode(err);
        if (isRetryableCode(code) && attempts < policy.maxAttempts) {
          counts.retries += 1;
          await clock.sleep(fullJitterDelay(counts.retries - 1, policy.backoff, random));
          continue;
        }
        throw networkFailure(url, code, attempts, err);
      }

      const status = res.statusCode;
      const contentType = headerValue(res.headers['content-type']);
      if (status >= 200 && status < 300) {
        let bytes: Buffer;
        try {
          const read = await readBody(res, maxBytes, budget);
          if ('refused' in read) throw fail(read.kind, url, read.refused, status);
          bytes = read.bytes;
        } catch (err) {
          if (err instanceof HttpFailure) throw err;
          // A body cut short (reset, truncated, too slow between chunks): the same request again.
          const code = errorCode(err);
          if (attempts < policy.maxAttempts && (isRetryableCode(code) || code === 'UNKNOWN')) {
            counts.retries += 1;
            await clock.sleep(fullJitterDelay(counts.retries - 1, policy.backoff, random));
            continue;
          }
          throw networkFailure(url, code, attempts, err);
        }
        if (looksLikeHtml(contentType, bytes)) {
          throw fail('wrong-host', url, `answered ${status} with an HTML page, not JSON: wrong host? The ${opts.label} API is ${opts.documentedBaseUrl} (${opts.urlFlag})`, status);
        }
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch (err) {
          malformed += 1;
          if (malformed < policy.maxMalformed) {
            counts.retries += 1;
            await clock.sleep(fullJitterDelay(counts.retries - 1, policy.backoff, random));
            continue;
          }
          throw fail('malformed', url, `response is not valid JSON after ${malformed} tries (${(err as Error).message}, ${bytes.length} bytes)`, status);
        }
        opts.limiter.onSuccess();
        return { url, status, bytes, json, retries: counts.retries, throttled: counts.throttled };
      }

      const accepted = getOpts.accept?.includes(status) ?? false;
      const read = await readBody(res, accepted ? maxBytes : ERROR_BODY_BYTES, budget).catch(() => ({ bytes: Buffer.alloc(0) }));
      if ('refused' in read && (accepted || read.kind === 'budget')) throw fail(read.kind, url, read.refused, status);
      // An error body cut at ERROR_BODY_BYTES still names the vendor's message when it comes first; otherwise none.
      const text = 'refused' in read ? '' : read.bytes.toString('utf8');
      if (accepted) {
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // An accepted error status with a non-JSON body is still an answer.
        }
        opts.limiter.onSuccess();
        return { url, status, bytes: Buffer.from(text, 'utf8'), json, retries: counts.retries, throttled: counts.throttled };
      }
      if (status === 429) {
        counts.throttled += 1;
        const wait = retryAfterMs(res.headers['retry-after']);
        if (counts.throttled > policy.maxThrottled) {
          throw fail('throttled', url, `still 429 Too Many Requests after ${counts.throttled} tries; lower vendors.${opts.label.toLowerCase()}.rateLimit.perSecond in the config`, 429);
        }
        if (wait !== null && wait > policy.maxRetryAfterMs) {
          throw fail('throttled', url, `429 Too Many Requests with Retry-After ${Math.round(wait / 1000)} s, longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s we wait (http.maxRetryAfterSeconds); try again later`, 429);
        }
        if (wait !== null) announceWait(url, wait, 'answered 429 with Retry-After');
        opts.limiter.onThrottled(wait);
        // A 429 is bounded by maxThrottled, not by the attempts kept for errors.
        attempts -= 1;
        continue;
      }
      if (status >= 500) {
        const wait = retryAfterMs(res.headers['retry-after']);
        if (attempts < policy.maxAttempts && (wait === null || wait <= policy.maxRetryAfterMs)) {
          counts.retries += 1;
          if (wait !== null) {
            announceWait(url, wait, `answered ${status} with Retry-After`);
            opts.limiter.pauseFor(wait);
          }
          else await clock.sleep(fullJitterDelay(counts.retries - 1, policy.backoff, random));
          continue;
        }
        throw fail('server', url, `answered ${status}${vendorMessage(clean(text))} after ${attempts} tries: the ${opts.label} API is failing; try again later`, status);
      }
      if (looksLikeHtml(contentType, Buffer.from(text.slice(0, 64)))) {
        throw fail('wrong-host', url, `answered ${status} with an HTML page, not JSON: wrong host? The ${opts.label} API is ${opts.documentedBaseUrl} (${opts.urlFlag})`, status);
      }
      if (status === 401) {
        authFailure = fail('auth', url, `answered 401 Unauthorized${vendorMessage(clean(text))}: the token was refused (wrong, expired or revoked); check ${opts.tokenEnv}`, 401);
        throw authFailure;
      }
      if (status === 403) {
        throw fail('forbidden', url, `answered 403 Forbidden${vendorMessage(clean(text))}: the token may not read this; use a token of an administrator (${opts.tokenEnv})`, 403);
      }
      if (status === 404) {
        throw fail('not-found', url, `answered 404 Not Found${vendorMessage(clean(text))}: wrong host or path? The ${opts.label} API is ${opts.documentedBaseUrl} (${opts.urlFlag})`, 404);
      }
      throw fail('client', url, `answered ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}${vendorMessage(clean(text))}`, status);
    }
  }

  /** A server-requested wait: refused when it would outlast the wall-time budget, announced when long. */
  function announceWait(url: string, ms: number, why: string): void {
    const refused = budget.refuseWait(ms, why);
    if (refused !== null) throw fail('budget', url, refused);
    if (ms >= ANNOUNCED_WAIT_MS) opts.onWait?.(ms, why);
  }

  function networkFailure(url: string, code: string, attempts: number, err: unknown): HttpFailure {
    const host = new URL(url).host;
    const tries = attempts > 1 ? ` after ${attempts} tries` : '';
    if (DNS_CODES.has(code)) {
      return fail('dns', url, `cannot resolve host ${new URL(url).hostname} (${code})${tries}: check ${opts.urlFlag} (the ${opts.label} API is ${opts.documentedBaseUrl}) and your DNS or proxy`);
    }
    if (code === 'ECONNREFUSED') {
      return fail('refused', url, `connection refused by ${host} (ECONNREFUSED)${tries}: is ${opts.urlFlag} right and the server up?`);
    }
    if (TIMEOUT_CODES.has(code)) {
      const what =
        code === 'UND_ERR_HEADERS_TIMEOUT' ? 'no response headers in time' : code === 'UND_ERR_BODY_TIMEOUT' ? 'the response body stalled' : code === 'UND_ERR_CONNECT_TIMEOUT' ? 'could not connect in time' : 'the request took too long';
      return fail('timeout', url, `${what} (${code})${tries}; the ${opts.label} API is slow or unreachable, try again later`);
    }
    const detail = err instanceof Error ? err.message : String(err);
    return fail('network', url, `connection failed (${code}: ${detail})${tries}`);
  }

  return {
    label: opts.label,
    baseUrl: base.href.replace(/\/$/, ''),
    resolve,
    getJson,
    get authFailure() {
      return authFailure;
    },
    redact: clean,
    redactBytes: (bytes) => {
      if (!forms.some((f) => bytes.includes(f))) return bytes;
      return Buffer.from(clean(bytes.toString('utf8')), 'utf8');
    },
    redactJson: (value) => redactDeep(value, clean),
  };
}

/**
 * A redacted copy of parsed JSON. Iterative, with an explicit stack: a vendor echoing the token inside JSON nested
 * a hundred thousand levels deep (JSON.parse takes that) must not overflow the call stack.
 */
export function redactDeep(value: unknown, clean: (s: string) => string): unknown {
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return new Array<unknown>(v.length);
    if (v && typeof v === 'object') return {};
    return v;
  };
  const root = copy(value);
  const stack: Array<{ from: unknown; to: unknown }> = [{ from: value, to: root }];
  for (let job = stack.pop(); job !== undefined; job = stack.pop()) {
    const { from, to } = job;
    if (Array.isArray(from)) {
      const out = to as unknown[];
      from.forEach((v, i) => {
        out[i] = copy(v);
        if (v && typeof v === 'object') stack.push({ from: v, to: out[i] });
      });
    } else if (from && typeof from === 'object') {
      const out = to as Record<string, unknown>;
      for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
        const c = copy(v);
        Object.defineProperty(out, clean(k), { value: c, enumerable: true, writable: true, configurable: true });
        if (v && typeof v === 'object') stack.push({ from: v, to: c });
      }
    }
  }
  return root;
}

type BodyRead = { bytes: Buffer } | { refused: string; kind: 'too-large' | 'budget' };

/**
 * The body, counted as it streams: past `cap` bytes (or the vendor's byte budget) the stream is destroyed, which
 * aborts the request, so neither a huge nor an endless body is ever held in memory.
 */
async function readBody(res: Dispatcher.ResponseData, cap: number, budget: VendorBudget): Promise<BodyRead> {
  const tooLarge = (): BodyRead => ({ kind: 'too-large', refused: `response body larger than ${cap} bytes (http.maxResponseBytes); not read further, the listing is incomplete` });
  const declared = Number(headerValue(res.headers['content-length']) ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    res.body.destroy();
    return tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    const spent = budget.addBytes(chunk.length);
    if (spent !== null) {
      res.body.destroy();
      return { kind: 'budget', refused: spent };
    }
    if (total > cap) {
      res.body.destroy();
      return tooLarge();
    }
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, total) };
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

function looksLikeHtml(contentType: string | null, bytes: Buffer): boolean {
  if (contentType && /text\/html|application\/xhtml/i.test(contentType)) return true;
  const head = bytes.subarray(0, 64).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/**
 * The vendor's own words, for the message: Dixa `{"message"}`, Dialpad `{"error": {"message"}}`. Callers pass the
 * body already redacted: the message is cut to 120 characters here, and a token cut in half would no longer be
 * recognised by the redaction of the whole line afterwards (a gateway quoting the Authorization header it got).
 */
function vendorMessage(text: string): string {
  let msg: unknown = null;
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } | string };
    msg = body.message ?? (typeof body.error === 'object' ? body.error?.message : body.error) ?? null;
  } catch {
    msg = null;
  }
  if (typeof msg !== 'string' || msg.trim() === '') return '';
  const one = msg.replace(/\s+/g, ' ').trim();
  return ` ("${one.length > 120 ? one.slice(0, 117) + '...' : one}")`;
}
