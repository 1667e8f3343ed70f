import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { collectSnapshot, type CollectHttpOptions, type CollectResult } from '../../src/collect/collect.js';
import { Config } from '../../src/config/schema.js';
import { secretForms } from '../../src/http/redact.js';
import type { Vendor } from '../../src/model/common.js';
import { tempDir } from '../helpers/pipeline.js';

/** Distinctive tokens: any leak shows up in a scan of files, messages and logs. */
export const DIXA_TOKEN = 'dxa_Q7mK2vP9-rT4wZ8nL1cX6-secret';
export const DIALPAD_TOKEN = 'dpd_H3sJ8kF2-yB5mN9qW4eR7-secret';
export const DIALPAD_USER_TOKEN = 'dpd_userkey_A1b2C3d4E5f6-secret';

/** Short timeouts and backoffs: every fault resolves in well under a second per request. */
export const FAST_HTTP: CollectHttpOptions = {
  dispatcher: { headersTimeoutMs: 400, bodyTimeoutMs: 400, connectTimeoutMs: 500 },
  retry: { maxAttempts: 4, backoff: { baseMs: 5, capMs: 40 }, maxThrottled: 8, maxMalformed: 3, requestTimeoutMs: 5000 },
  throttlePauseMs: 10,
  throttlePauseCapMs: 50,
  maxPages: 1000,
};

export function tempOut(): string {
  return join(tempDir('aa-collect-'), 'snapshot');
}

export function testConfig(overrides: { dixaPageLimit?: number; dialpadPageLimit?: number } = {}): Config {
  return Config.parse({
    vendors: {
      // Simulators run without a rate limit in most tests; the limiter still runs, fast.
      dixa: { pageLimit: overrides.dixaPageLimit ?? 100, rateLimit: { perSecond: 500, burst: 50 } },
      dialpad: { pageLimit: overrides.dialpadPageLimit ?? 100, rateLimit: { perSecond: 500, burst: 50 } },
    },
  });
}

export async function collect(opts: {
  vendors: Vendor[];
  baseUrls: Partial<Record<Vendor, string>>;
  tokens?: Partial<Record<Vendor, string>>;
  config?: Config;
  http?: CollectHttpOptions;
}): Promise<CollectResult> {
  return collectSnapshot({
    outDir: tempOut(),
    vendors: opts.vendors,
    baseUrls: opts.baseUrls,
    tokens: opts.tokens ?? { dixa: DIXA_TOKEN, dialpad: DIALPAD_TOKEN },
    config: opts.config ?? testConfig(),
    http: opts.http ?? FAST_HTTP,
  });
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** No form of any token (raw, URL-encoded, base64, base64 of "bearer:<t>" / "Bearer <t>") in any file or text. */
export function expectNoSecrets(dir: string | null, texts: string[] = [], secrets = [DIXA_TOKEN, DIALPAD_TOKEN, DIALPAD_USER_TOKEN]): void {
  const forms = secrets.flatMap((s) => secretForms(s));
  const haystacks = [...texts.map((t, i) => ({ name: `text ${i}`, body: t }))];
  if (dir) for (const f of filesUnder(dir)) haystacks.push({ name: f, body: readFileSync(f).toString('latin1') });
  expect(haystacks.length).toBeGreaterThan(0);
  for (const h of haystacks) for (const form of forms) if (h.body.includes(form)) throw new Error(`secret form ${form.slice(0, 6)}... found in ${h.name}`);
}
