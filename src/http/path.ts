/**
 * An id that cannot be put in a request path as it is. `.` and `..` would be dot segments: URL parsers (WHATWG URL,
 * undici, RFC 3986 servers) remove them, and they do the same with `%2E` / `%2E%2E`, so encoding cannot save them.
 * Empty would collapse two segments. The record is treated as invalid rather than turned into another request.
 */
export class UnsafePathSegmentError extends Error {
  readonly id: string;
  constructor(id: string) {
    super(`id ${JSON.stringify(id)} cannot be used in a request path (it would change the path); the record is treated as invalid`);
    this.name = 'UnsafePathSegmentError';
    this.id = id;
  }
}

/** True for ids that no encoding keeps from changing the path. */
export function isUnsafePathSegment(id: string): boolean {
  return id === '' || id === '.' || id === '..';
}

/** One path segment from a vendor's id: percent-encoded (`/ ? # %` and the rest), dot segments refused. */
export function pathSegment(id: string): string {
  if (isUnsafePathSegment(id)) throw new UnsafePathSegmentError(id);
  return encodeURIComponent(id);
}

/**
 * The one way an API path is built from ids, for collectors and the plan's call builders alike:
 * apiPath`/v1/teams/${teamId}/agents`. Throws UnsafePathSegmentError for an id that would change the path.
 */
export function apiPath(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0] ?? '';
  ids.forEach((id, i) => {
    out += pathSegment(id) + (strings[i + 1] ?? '');
  });
  return out;
}

/** apiPath, or null when an id cannot be addressed (the plan then proposes a manual step instead of a call). */
export function apiPathOrNull(strings: TemplateStringsArray, ...ids: string[]): string | null {
  return ids.some(isUnsafePathSegment) ? null : apiPath(strings, ...ids);
}
