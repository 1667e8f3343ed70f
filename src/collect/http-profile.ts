import { AuditError, ExitCode } from '../errors.js';
import type { CollectHttpOptions } from './collect.js';

/** The environment variable read here and nowhere else. TEST-ONLY: never set it for a real review. */
export const HTTP_PROFILE_ENV = 'ACCESS_AUDIT_HTTP_PROFILE';

/**
 * TEST-ONLY. Short timeouts and backoffs so the fault tests can drive the built CLI (a child process, where no
 * `http` option can be passed) through slow headers, resets and refused connections in seconds. The defaults
 * (src/http/dispatcher.ts, src/http/vendor-http.ts) are what a real run uses; this profile would give up on a
 * merely slow vendor, so it is never documented for users.
 */
const PROFILES: Record<string, CollectHttpOptions> = {
  fast: {
    dispatcher: { headersTimeoutMs: 400, bodyTimeoutMs: 400, connectTimeoutMs: 500 },
    retry: { maxAttempts: 4, backoff: { baseMs: 5, capMs: 40 }, maxThrottled: 8, maxMalformed: 3, requestTimeoutMs: 5000 },
    throttlePauseMs: 10,
    throttlePauseCapMs: 50,
    maxPages: 1000,
  },
};

/** The HTTP options of ACCESS_AUDIT_HTTP_PROFILE (test-only), or undefined for the defaults when it is unset. */
export function httpProfileFromEnv(env: NodeJS.ProcessEnv = process.env): CollectHttpOptions | undefined {
  const name = env[HTTP_PROFILE_ENV]?.trim();
  if (!name) return undefined;
  const profile = PROFILES[name];
  if (!profile) throw new AuditError(`${HTTP_PROFILE_ENV}: unknown profile "${name}"`, { exitCode: ExitCode.BAD_INPUT, hint: `unset it (it is for tests only) or use ${Object.keys(PROFILES).join(', ')}` });
  return profile;
}
