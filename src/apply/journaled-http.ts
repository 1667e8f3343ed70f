import { HttpFailure } from '../http/failure.js';
import type { JsonResponse, VendorHttp } from '../http/vendor-http.js';
import type { Vendor } from '../model/common.js';
import { sha256 } from '../util/hash.js';
import type { Journal } from './journal.js';

/** Enough of a response body to read the vendor's answer in the journal; its hash covers the whole (redacted) body. */
const BODY_CHARS = 4096;

export interface CallCounter {
  /** HTTP requests that reached the wire, 429s and re-sends included. */
  attempts: number;
  writes: number;
}

/**
 * The vendor client with every request and its response written to the journal (synced) before the caller sees
 * the answer: a request entry is on disk before the request leaves, so a kill never hides a call. Messages,
 * bodies and URLs are redacted by the client's own redaction (every form of the token).
 */
export function journaledHttp(http: VendorHttp, journal: Journal | null, vendor: Vendor, actionId: () => string, counter: CallCounter): VendorHttp {
  const record = async (method: string, pathOrUrl: string, body: unknown, run: () => Promise<JsonResponse>): Promise<JsonResponse> => {
    const url = http.redact(http.resolve(pathOrUrl));
    const common = { vendor, actionId: actionId(), method, url };
    await journal?.append({ type: 'request', ...common, ...(body === undefined ? {} : { body: http.redactJson(body) }) });
    if (method !== 'GET') counter.writes += 1;
    try {
      const res = await run();
      counter.attempts += 1 + res.retries + res.throttled;
      const text = http.redactBytes(res.bytes).toString('utf8');
      await journal?.append({
        type: 'response',
        ...common,
        status: res.status,
        retries: res.retries,
        throttled: res.throttled,
        bodySha256: sha256(text),
        body: text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS)}...` : text,
      });
      return res;
    } catch (err) {
      const failure = err instanceof HttpFailure ? err : null;
      counter.attempts += failure ? 1 + failure.retries + failure.throttled : 1;
      await journal?.append({
        type: 'error',
        ...common,
        kind: failure?.kind ?? 'error',
        status: failure?.status ?? null,
        retries: failure?.retries ?? 0,
        throttled: failure?.throttled ?? 0,
        message: http.redact(err instanceof Error ? err.message : String(err)),
      });
      throw err;
    }
  };
  return {
    label: http.label,
    baseUrl: http.baseUrl,
    resolve: (p) => http.resolve(p),
    getJson: (p, opts) => record('GET', p, undefined, () => http.getJson(p, opts)),
    send: (method, p, body, opts) => record(method, p, body, () => http.send(method, p, body, opts)),
    get authFailure() {
      return http.authFailure;
    },
    redact: (t) => http.redact(t),
    redactBytes: (b) => http.redactBytes(b),
    redactJson: (v) => http.redactJson(v),
  };
}
