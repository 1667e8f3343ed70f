import { HttpFailure } from './failure.js';

/** Sends one GET and returns the parsed JSON; the collector's function, so raw files and counters stay in one place. */
export type GetPage = (url: string) => Promise<unknown>;

export interface Page {
  /** 0-based page number. */
  index: number;
  url: string;
  items: unknown[];
}

export interface PagesOptions {
  /** Resolves a next link against the base URL (and refuses another origin). */
  resolve: (link: string) => string;
  /** A listing with more pages than this is broken, not big: it ends with an error. */
  maxPages: number;
  label: string;
}

function pageFailure(opts: PagesOptions, url: string, what: string, kind: 'pagination' | 'schema' = 'pagination'): HttpFailure {
  return new HttpFailure(kind, `${opts.label}: GET ${url}: ${what}`, { url });
}

/**
 * Dixa: `{data: [...], meta: {next: "<root-relative or absolute url>"}}`, followed until `next` is absent
 * (research/dixa.md section 4). Tolerates the seed's `nextPageToken` (sent back as `pageKey`). A next link already
 * followed, or more than maxPages pages, ends the listing with an error instead of looping.
 */
export async function* dixaPages(get: GetPage, firstUrl: string, opts: PagesOptions): AsyncGenerator<Page> {
  const seen = new Set<string>();
  let url: string | null = opts.resolve(firstUrl);
  for (let index = 0; url !== null; index++) {
    if (index >= opts.maxPages) throw pageFailure(opts, url, `more than ${opts.maxPages} pages; stopped (the listing is incomplete)`);
    seen.add(url);
    const body = await get(url);
    // `data` is optional in every Dixa list envelope of the document: absent or null is an empty page, unless the
    // body is another API's list (`items`) or error envelope.
    const foreign = !isObject(body) || (body.data == null && ('items' in body || 'error' in body));
    const items = foreign ? null : (body.data ?? []);
    if (foreign || !Array.isArray(items)) throw pageFailure(opts, url, 'response has no "data" array (not the documented list envelope)', 'schema');
    yield { index, url, items };
    const next = nextDixaLink(body, url);
    if (next === null) return;
    const resolved = opts.resolve(next);
    if (seen.has(resolved)) throw pageFailure(opts, url, `next link repeats an earlier page (${resolved}); stopped after ${index + 1} pages`);
    url = resolved;
  }
}

function nextDixaLink(body: Record<string, unknown>, current: string): string | null {
  const meta = body.meta;
  if (isObject(meta) && typeof meta.next === 'string' && meta.next.trim() !== '') return meta.next;
  // Seed variant (a vendor-comparison blog's summary): a bare token to send back as the page key.
  const token = body.nextPageToken ?? (isObject(meta) ? meta.nextPageToken : undefined);
  if (typeof token === 'string' && token !== '') {
    const u = new URL(current);
    u.searchParams.set('pageKey', token);
    return u.href;
  }
  return null;
}

/**
 * Dialpad: `{items: [...], cursor: "..."}`, the last page without cursor (research/dialpad.md section 6). `limit`
 * is sent only when given and never above 100 (above that some calls answer 400). A cursor already sent, or more
 * than maxPages pages, ends the listing with an error.
 */
export async function* dialpadPages(get: GetPage, path: string, params: Record<string, string>, opts: PagesOptions & { limit?: number }): AsyncGenerator<Page> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let index = 0; ; index++) {
    const u = new URL(opts.resolve(path));
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    if (opts.limit !== undefined) u.searchParams.set('limit', String(Math.min(100, Math.max(1, opts.limit))));
    if (cursor !== null) u.searchParams.set('cursor', cursor);
    const url = u.href;
    if (index >= opts.maxPages) throw pageFailure(opts, url, `more than ${opts.maxPages} pages; stopped (the listing is incomplete)`);
    const body = await get(url);
    if (!isObject(body)) throw pageFailure(opts, url, 'response is not a JSON object (not the documented list envelope)', 'schema');
    // `items` may be absent or null on an empty list (the SDK reads `items or []`).
    const items = body.items ?? [];
    if (!Array.isArray(items)) throw pageFailure(opts, url, '"items" is not an array', 'schema');
    yield { index, url, items };
    const next = body.cursor ?? body.nextPageToken;
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next)) throw pageFailure(opts, url, `cursor repeats an earlier page; stopped after ${index + 1} pages`);
    seen.add(next);
    cursor = next;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
