import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollectHttpOptions, CollectResult } from '../../src/collect/collect.js';
import type { FaultSpec, RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { sampleDialpadState, sampleDixaState } from '../simulator/sample-state.js';
import { collect, DIALPAD_TOKEN, DIXA_TOKEN, expectNoSecrets, FAST_HTTP, testConfig } from './helpers.js';

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function dixaWith(faults: FaultSpec[], http: CollectHttpOptions = FAST_HTTP): Promise<{ sim: RunningSimulator; result: CollectResult }> {
  const sim = await startDixaSimulator(sampleDixaState(40), { tokens: [DIXA_TOKEN], rateLimit: false, faults });
  running.push(sim);
  const result = await collect({ vendors: ['dixa'], baseUrls: { dixa: sim.url }, config: testConfig({ dixaPageLimit: 10 }), http });
  expectNoSecrets(result.dir, result.failures);
  return { sim, result };
}

async function dialpadWith(faults: FaultSpec[]): Promise<{ sim: RunningSimulator; result: CollectResult }> {
  const sim = await startDialpadSimulator(sampleDialpadState(60), { tokens: [DIALPAD_TOKEN], rateLimit: false, faults });
  running.push(sim);
  const result = await collect({ vendors: ['dialpad'], baseUrls: { dialpad: sim.url }, config: testConfig({ dialpadPageLimit: 20 }) });
  expectNoSecrets(result.dir, result.failures);
  return { sim, result };
}

function listing(result: CollectResult, vendor: 'dixa' | 'dialpad', name: string) {
  const l = result.snapshot.vendors[vendor]?.listings.find((x) => x.name === name);
  if (!l) throw new Error(`no listing ${name}`);
  return l;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

describe('every simulator fault ends complete after retries, or incomplete with the reason', () => {
  it('5xx burst: retried to a complete snapshot', async () => {
    const { result } = await dixaWith([{ kind: 'server-error', path: '/v1/agents', times: 3 }]);
    expect(result.complete).toBe(true);
    expect(listing(result, 'dixa', 'agents').retries).toBe(3);
    expect(result.snapshot.vendors.dixa?.accounts.filter((a) => a.rawStatus !== 'end-user')).toHaveLength(40);
  });

  it('5xx that never ends on one team: only that listing is incomplete, the reason names the URL', async () => {
    const { result } = await dixaWith([{ kind: 'server-error', path: /^\/v1\/teams\/[^/]+\/agents$/, times: 100, status: 503 }]);
    expect(result.complete).toBe(false);
    expect(listing(result, 'dixa', 'team-members').complete).toBe(false);
    expect(listing(result, 'dixa', 'agents').complete).toBe(true);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^Dixa team-members: GET http:\/\/127\.0\.0\.1:\d+\/v1\/teams\/[^/]+\/agents: answered 503 .*after 4 tries/);
  });

  it('429 storm: the queue pauses and slows down, then completes', async () => {
    const { result, sim } = await dixaWith([{ kind: 'rate-limit', path: '/v1/teams', times: 5 }]);
    expect(result.complete).toBe(true);
    expect(listing(result, 'dixa', 'teams').throttled).toBe(5);
    expect(sim.stats.throttled).toBe(5);
  });

  it('slow headers and slow bodies: timed out, retried, complete', async () => {
    const { result } = await dixaWith([
      { kind: 'slow-headers', path: '/v1/agents/presence', delayMs: 1500, times: 1 },
      { kind: 'slow-body', path: '/v1/queues', delayMs: 1500, chunkBytes: 64, times: 1 },
    ]);
    expect(result.complete).toBe(true);
    expect(listing(result, 'dixa', 'presence').retries).toBe(1);
    expect(listing(result, 'dixa', 'queues').retries).toBe(1);
  });

  it('slow headers on every try: the listing ends incomplete with a timeout, no hang', async () => {
    // undici checks the headers timeout on a coarse (~0.5 s) timer, so the delay is well past it.
    const { result } = await dixaWith([{ kind: 'slow-headers', path: '/v1/agents/presence', delayMs: 1500, times: 100 }], { ...FAST_HTTP, retry: { ...FAST_HTTP.retry, maxAttempts: 2 } });
    expect(result.complete).toBe(false);
    expect(listing(result, 'dixa', 'presence').reason).toMatch(/UND_ERR_HEADERS_TIMEOUT.*after 2 tries/);
    // The retry spent on the failed request is counted too.
    expect(listing(result, 'dixa', 'presence').retries).toBe(1);
    // Without presence no agent is called invited or active: unknown, never guessed.
    const agents = result.snapshot.vendors.dixa?.accounts.filter((a) => a.rawStatus !== 'end-user') ?? [];
    expect(agents).toHaveLength(40);
    expect(new Set(agents.map((a) => `${a.status}/${a.rawStatus}`))).toEqual(new Set(['unknown/presence-not-read']));
  });

  it('connection resets and truncated bodies: retried, complete (Dialpad)', async () => {
    const { result } = await dialpadWith([
      { kind: 'connection-reset', path: '/api/v2/users', times: 2 },
      { kind: 'truncated-body', path: '/api/v2/callcenters', times: 1 },
    ]);
    expect(result.complete).toBe(true);
    expect(listing(result, 'dialpad', 'users').retries).toBe(2);
    expect(listing(result, 'dialpad', 'callcenters').retries).toBe(1);
    expect(result.snapshot.vendors.dialpad?.accounts).toHaveLength(60);
  });

  it('malformed JSON once is retried; malformed every time is reported', async () => {
    const once = await dialpadWith([{ kind: 'malformed-json', path: '/api/v2/offices', times: 1 }]);
    expect(once.result.complete).toBe(true);
    const always = await dialpadWith([{ kind: 'malformed-json', path: '/api/v2/offices', times: 100 }]);
    expect(always.result.complete).toBe(false);
    expect(always.result.failures.join('\n')).toMatch(/^Dialpad offices: GET .*not valid JSON after 3 tries/);
  });

  it('a repeating next link ends the agent listing with an error instead of looping', async () => {
    const { result, sim } = await dixaWith([{ kind: 'pagination-loop', path: '/v1/agents' }]);
    expect(result.complete).toBe(false);
    expect(listing(result, 'dixa', 'agents').reason).toMatch(/repeats an earlier page/);
    expect(sim.stats.byPath['/v1/agents']).toBe(2);
    // With the agent list incomplete, member ids are not looked up as end users (they may be unseen agents).
    expect(listing(result, 'dixa', 'endusers').requests).toBe(0);
    expect(listing(result, 'dixa', 'endusers').complete).toBe(false);
  });

  it('a repeating cursor ends the Dialpad user listing with an error', async () => {
    const { result } = await dialpadWith([{ kind: 'pagination-loop', path: '/api/v2/users' }]);
    expect(result.complete).toBe(false);
    expect(listing(result, 'dialpad', 'users').reason).toMatch(/cursor repeats/);
  });

  it('token revoked mid-run: incomplete, one line naming the variable, no request sent after the 401', async () => {
    const { result, sim } = await dixaWith([{ kind: 'token-revoked', afterRequests: 4 }]);
    expect(result.complete).toBe(false);
    const text = result.failures.join('\n');
    expect(text).toMatch(/401 Unauthorized/);
    expect(text).toMatch(/DIXA_API_TOKEN/);
    // Requests already in flight may still meet the 401; nothing is sent once it was seen.
    expect(sim.stats.requests).toBeLessThanOrEqual(4 + 1 + 4);
    for (const line of result.failures) expect(line).not.toContain('\n');
  });

  it('Dialpad: 5xx and 429 bursts on the fan-out are retried to a complete snapshot', async () => {
    const { result } = await dialpadWith([
      { kind: 'server-error', path: /^\/api\/v2\/callcenters\/[^/]+\/operators$/, times: 2 },
      { kind: 'rate-limit', path: /available_licenses$/, times: 3 },
    ]);
    expect(result.complete).toBe(true);
    expect(listing(result, 'dialpad', 'operators').retries).toBe(2);
    expect(listing(result, 'dialpad', 'licenses').throttled).toBe(3);
  });

  it('Dialpad: key revoked mid-run, incomplete with one line per failed listing naming DIALPAD_API_TOKEN', async () => {
    const { result } = await dialpadWith([{ kind: 'token-revoked', afterRequests: 3 }]);
    expect(result.complete).toBe(false);
    expect(result.failures.length).toBeGreaterThan(0);
    for (const line of result.failures) expect(line).toMatch(/^Dialpad \S+: GET .*DIALPAD_API_TOKEN/);
  });

  it('a vendor echoing the token: blanked in raw files and data, noted in the request log', async () => {
    const state = sampleDixaState(5);
    state.organization.name = `Org ${DIXA_TOKEN}`;
    const a0 = state.agents[0];
    if (a0) a0.displayName = `Agent ${Buffer.from(DIXA_TOKEN).toString('base64')}`;
    const sim = await startDixaSimulator(state, { tokens: [DIXA_TOKEN], rateLimit: false });
    running.push(sim);
    const result = await collect({ vendors: ['dixa'], baseUrls: { dixa: sim.url } });
    expect(result.complete).toBe(true);
    expectNoSecrets(result.dir, result.failures);
    expect(result.snapshot.vendors.dixa?.org?.name).toBe('Org [redacted]');
    const log = JSON.parse(readFileSync(join(result.dir, 'raw/dixa/requests.json'), 'utf8')) as Array<{ file: string; note: string | null }>;
    // The agent's name also shows in the member list of its team.
    expect(log.filter((e) => e.note !== null).map((e) => e.file)).toEqual([
      'raw/dixa/agents/0001.json',
      'raw/dixa/organization/organization.json',
      `raw/dixa/team-members/${state.teams[0]?.id}.json`,
    ]);
  });

  it('wrong token: the token check fails, one line, nothing else is requested', async () => {
    const sim = await startDixaSimulator(sampleDixaState(5), { tokens: ['another-token'], rateLimit: false });
    running.push(sim);
    const result = await collect({ vendors: ['dixa'], baseUrls: { dixa: sim.url } });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatch(/^Dixa organization: GET http:\/\/127\.0\.0\.1:\d+\/v1\/organization: answered 401 Unauthorized .*check DIXA_API_TOKEN$/);
    expect(sim.stats.requests).toBe(1);
    expectNoSecrets(result.dir, result.failures);
  });

  it('DNS failure and connection refused: vendor incomplete with the fix, the other vendor still complete', async () => {
    const dialpad = await startDialpadSimulator(sampleDialpadState(10), { tokens: [DIALPAD_TOKEN], rateLimit: false });
    running.push(dialpad);
    const dns = await collect({ vendors: ['dixa', 'dialpad'], baseUrls: { dixa: 'https://dixa-host.invalid', dialpad: dialpad.url } });
    expect(dns.snapshot.vendors.dialpad?.complete).toBe(true);
    expect(dns.snapshot.vendors.dixa?.complete).toBe(false);
    expect(dns.failures).toEqual([expect.stringMatching(/cannot resolve host dixa-host\.invalid .*--dixa-url/)]);
    const port = await freePort();
    const refused = await collect({ vendors: ['dixa'], baseUrls: { dixa: `http://127.0.0.1:${port}` } });
    expect(refused.failures).toEqual([expect.stringMatching(/connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 4 tries: is --dixa-url right/)]);
    expectNoSecrets(dns.dir, [...dns.failures, ...refused.failures]);
    expectNoSecrets(refused.dir);
  });
});
