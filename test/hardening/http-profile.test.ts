import { describe, expect, it } from 'vitest';
import { HTTP_PROFILE_ENV, httpProfileFromEnv } from '../../src/collect/http-profile.js';
import { DEFAULT_DISPATCHER_OPTIONS } from '../../src/http/dispatcher.js';
import { runCli } from '../helpers/cli.js';

describe('ACCESS_AUDIT_HTTP_PROFILE (test-only knob)', () => {
  it('is off unless set: a real run keeps the default timeouts', () => {
    expect(httpProfileFromEnv({})).toBeUndefined();
    expect(httpProfileFromEnv({ [HTTP_PROFILE_ENV]: ' ' })).toBeUndefined();
    const fast = httpProfileFromEnv({ [HTTP_PROFILE_ENV]: 'fast' });
    expect(fast?.dispatcher?.headersTimeoutMs).toBeLessThan(DEFAULT_DISPATCHER_OPTIONS.headersTimeoutMs);
  });

  it('an unknown profile is a usage error (exit 3, one line), not silently the defaults', async () => {
    const res = await runCli(['snapshot', '--vendors', 'dixa', '--out', '/nonexistent-aa-profile/snap', '--dixa-url', 'http://127.0.0.1:9'], {
      env: { DIXA_API_TOKEN: 'dxa_profile-test-token', [HTTP_PROFILE_ENV]: 'turbo' },
    });
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^access-audit: ACCESS_AUDIT_HTTP_PROFILE: unknown profile "turbo"/)]);
  });
});
