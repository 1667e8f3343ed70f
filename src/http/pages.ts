import { createHash } from 'node:crypto';
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

/** A value from a vendor, quoted short enough for one line. */
function quoted(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Fresh cursors over the same items are a loop too: a page whose items are those of an earlier page (same bytes, or
 * every item's id already seen) ends the listing. Empty pages are left to maxPages and the run budget.
 */
class RepeatedItems {
  private readonly hashes = new Map<string, number>();
  private readonly ids = new Set<string>();

  /** The earlier page (1-based) this one repeats, or null. */
  check(items: readonly unknown[], index: number): number | null {
    if (items.length === 0) return null;
    const hash = hashOf(items);
    if (hash !== null) {
      const same = this.hashes.get(hash);
      if (same !== undefined) return same;
      this.hashes.set(hash, index + 1);
    }
    const ids = items.map(itemId);
    const allSeen = ids.every((id) => id !== null && this.ids.has(id));
    for (const id of ids) if (id !== null) this.ids.add(id);
    return allSeen ? 0 : null;
  }
}

/** null for items JSON.stringify cannot take (nested deeper than the call stack): the id check still applies. */
function hashOf(items: readonly unknown[]): string | null {
  try {
    return createHash('sha256').update(JSON.stringify(items)).digest('hex');
  } catch {
    return null;
  }
}

function itemId(item: unknown): string | null {
  if (!isObject(item)) return null;
  const id = item.id;
  return typeof id === 'string' || typeof id === 'number' ? `${typeof id}:${id}` : null;
}

function repeatMessage(earlier: number, index: number): string {
  const which = earlier === 0 ? 'items already listed on earlier pages' : `the items of page ${earlier}`;
  return `page ${index + 1} repeats ${which} under a new next link / cursor; stopped (a pagination loop, the listing is incomplete)`;
}

/**
 * Dixa: `{data: [...], meta: {next: "<root-relative or absolute url>"}}`, followed until `next` is absent
 * (research/dixa.md section 4). Tolerates the seed's `nextPageToken` (sent back as `pageKey`). A next link already
 * followed, a page repeating earlier items, a malformed next link, or more than maxPages pages, ends the listing
 * with an error instead of looping (or silently stopping).
 */
export async function* dixaPages(get: GetPage, firstUrl: string, opts: PagesOptions): AsyncGenerator<Page> {
  const seen = new Set<string>();
  const repeats = new RepeatedItems();
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
    const earlier = repeats.check(items, index);
    if (earlier !== null) throw pageFailure(opts, url, repeatMessage(earlier, index));
    yield { index, url, items };
    const next = nextDixaLink(body, url, opts);
    if (next === null) return;
    const resolved = opts.resolve(next);
    if (seen.has(resolved)) throw pageFailure(opts, url, `next link repeats an earlier page (${resolved}); stopped after ${index + 1} pages`);
    url = resolved;
  }
}

/** A next link is a root-relative path or an absolute http(s) URL (resolve() then refuses another origin). */
function isLinkShaped(link: string): boolean {
  if (/^\/(?![/\\])/.test(link)) return true;
  return /^https?:\/\/[^/\\]/i.test(link) && URL.canParse(link);
}

function nextDixaLink(body: Record<string, unknown>, current: string, opts: PagesOptions): string | null {
  const meta = body.meta;
  const next = isObject(meta) ? meta.next : undefined;
  if (typeof next === 'string' && next.trim() !== '') {
    if (!isLinkShaped(next.trim())) throw pageFailure(opts, current, `malformed next link ${quoted(next)} (neither a root-relative path nor a URL on the API's host); stopped, the listing is incomplete`);
    return next.trim();
  }
  if (next !== undefined && next !== null && next !== '') throw pageFailure(opts, current, `malformed next link ${quoted(next)} (not a string); stopped, the listing is incomplete`);
  // Seed variant (a vendor-comparison blog's summary): a bare token to send back as the page key.
  const token = body.nextPageToken ?? (isObject(meta) ? meta.nextPageToken : undefined);
  if (typeof token === 'string' && token !== '') {
    const u = new URL(current);
    u.searchParams.set('pageKey', token);
    return u.href;
  }
  if (token !== undefined && token !== null && token !== '') throw pageFailure(opts, current, `malformed page token ${quoted(token)} (not a string); stopped, the listing is incomplete`);
  return null;
}

/**
 * Dialpad: `{items: [...], cursor: "..."}`, the last page without cursor (research/dialpad.md section 6). `limit`
 * is sent only when given and never above 100 (above that some calls answer 400). A cursor already sent, a page
 * repeating earlier items, a cursor that is not a string, or more than maxPages pages, ends the listing with an error.
 */
export async function* dialpadPages(get: GetPage, path: string, params: Record<string, string>, opts: PagesOptions & { limit?: number }): AsyncGenerator<Page> {
  const seen = new Set<string>();
  const repeats = new RepeatedItems();
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
    const earlier = repeats.check(items, index);
    if (earlier !== null) throw pageFailure(opts, url, repeatMessage(earlier, index));
    yield { index, url, items };
    const next = body.cursor ?? body.nextPageToken;
    if (next === undefined || next === null || next === '') return;
    if (typeof next !== 'string') throw pageFailure(opts, url, `malformed cursor ${quoted(next)} (not a string); stopped, the listing is incomplete`);
    if (seen.has(next)) throw pageFailure(opts, url, `cursor repeats an earlier page; stopped after ${index + 1} pages`);
    seen.add(next);
    cursor = next;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
