import { isUnsafePathSegment } from '../http/path.js';

/**
 * The risk line of a step whose id cannot be put in a request path (src/http/path.ts): the step stays in the plan,
 * with no call, as a manual one; proposing the call would address another resource (`DELETE /v1/teams/../agents`).
 */
export function unsafeIdRisk(...ids: string[]): string[] {
  const bad = ids.filter(isUnsafePathSegment);
  if (bad.length === 0) return [];
  return [`Manual step: the id ${bad.map((id) => JSON.stringify(id)).join(', ')} cannot be put in a request path (it would address another resource); do this in the vendor's admin console.`];
}
