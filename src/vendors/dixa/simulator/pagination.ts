/**
 * Dixa's pageKey is "Base64 encoded form of pagination query parameters"; the spec's one example decodes to
 * `pageLimit=50&page=1` (shared/research/dixa.md section 4). We encode the same way, plus the filters, so a next
 * link alone reproduces the query.
 */
export interface DixaPageKey {
  page: number;
  pageLimit: number;
  filters: Record<string, string>;
}

export function encodePageKey(k: DixaPageKey): string {
  const p = new URLSearchParams({ pageLimit: String(k.pageLimit), page: String(k.page), ...k.filters });
  return Buffer.from(p.toString(), 'utf8').toString('base64');
}

/** undefined when the key is not one we issued (the API answers 400). */
export function decodePageKey(key: string): DixaPageKey | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return undefined;
  const p = new URLSearchParams(Buffer.from(key, 'base64').toString('utf8'));
  const page = Number(p.get('page'));
  const pageLimit = Number(p.get('pageLimit'));
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(pageLimit) || pageLimit < 1) return undefined;
  p.delete('page');
  p.delete('pageLimit');
  return { page, pageLimit, filters: Object.fromEntries(p) };
}

/** Root-relative link, as in the spec's only example (`/<api-version>/...?pageKey=...`). */
export function pageLink(path: string, k: DixaPageKey): string {
  return `${path}?pageKey=${encodeURIComponent(encodePageKey(k))}&pageLimit=${k.pageLimit}`;
}
