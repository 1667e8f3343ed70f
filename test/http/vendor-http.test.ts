import { createServer } from 'node:net';
import { delay, http, HttpResponse } from 'msw';
import type { Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/http/dispatcher.js';
import { HttpFailure } from '../../src/http/failure.js';
import { RateLimiter } from '../../src/http/ratelimit.js';
import { createVendorHttp, type VendorHttp } from '../../src/http/vendor-http.js';
import { SIM_TRUNCATE_HEADER, startSimulator, type SimulatorServer } from '../../src/simulator/serve.js';

const ORIGIN = 'https://dev.dixa.io';
const TOKEN = 'tok-Zq8vX3-very-distinctive-secret';

let sim: SimulatorServer;
let dispatcher: Dispatcher;
const seen: Array<{ path: string; auth: string | null }> = [];

beforeAll(async () => {
  sim = await startSimulator({
    origin: ORIGIN,
    handlers: [
      http.all(`${ORIGIN}/*`, ({ request }) => {
        seen.push({ path: new URL(request.url).pathname, auth: request.headers.get('authorization') });
        return undefined;
      }),
      http.get(`${ORIGIN}/ok`, () => HttpResponse.json({ ok: true })),
    ],
  });
  dispatcher = createDispatcher({ headersTimeoutMs: 300, bodyTimeoutMs: 300, connectTimeoutMs: 500 });
});
afterAll(async () => {
  await dispatcher.close();
  await sim.close();
});
afterEach(() => {
  sim.resetHandlers();
  seen.length = 0;
});

function client(baseUrl = sim.url, retry: { maxAttempts?: number; maxMalformed?: number; maxThrottled?: number } = {}): VendorHttp {
  return createVendorHttp({
    label: 'Dixa',
    baseUrl,
    authorization: TOKEN,
    tokenEnv: 'DIXA_API_TOKEN',
    urlFlag: '--dixa-url',
    documentedBaseUrl: ORIGIN,
    dispatcher,
    limiter: new RateLimiter({ perSecond: 1000, burst: 50, pauseMs: 5, pauseCapMs: 20 }),
    retry: { maxAttempts: 4, backoff: { baseMs: 5, capMs: 20 }, maxMalformed: 3, maxThrottled: 5, requestTimeoutMs: 3000, ...retry },
  });
}

/** A route answering the given responses in turn, then the last one forever. */
function sequence(path: string, ...answers: Array<() => Response | Promise<Response>>) {
  let i = 0;
  sim.use(
    http.get(`${ORIGIN}${path}`, () => {
      const answer = answers[Math.min(i, answers.length - 1)] as () => Response | Promise<Response>;
      i += 1;
      return answer();
    }),
  );
  return () => i;
}

async function failureOf(p: Promise<unknown>): Promise<HttpFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpFailure);
  const f = err as HttpFailure;
  expect(f.message).not.toContain(TOKEN);
  return f;
}

describe('VendorHttp over real sockets', () => {
  it('sends the raw token as Authorization and returns the bytes as received', async () => {
    const res = await client().getJson('/ok');
    expect(res.json).toEqual({ ok: true });
    expect(res.bytes.toString()).toBe('{"ok":true}');
    expect(seen[0]).toEqual({ path: '/ok', auth: TOKEN });
  });

  it('retries a 429, then succeeds, counting the throttle', async () => {
    const count = sequence('/t', () => HttpResponse.json({ message: 'Too Many Requests' }, { status: 429 }), () => HttpResponse.json({ n: 1 }));
    const res = await client().getJson('/t');
    expect(res.json).toEqual({ n: 1 });
    expect(res.throttled).toBe(1);
    expect(count()).toBe(2);
  });

  it('gives up on a 429 storm after maxThrottled', async () => {
    sequence('/t', () => HttpResponse.json({ message: 'Too Many Requests' }, { status: 429 }));
    const f = await failureOf(client().getJson('/t'));
    expect(f.kind).toBe('throttled');
    expect(f.message).toMatch(/429/);
  });

  it('honours Retry-After when a server sends one, and refuses to wait beyond maxRetryAfterMs', async () => {
    sequence('/ra', () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': '1' } }), () => HttpResponse.json({ n: 5 }));
    const limiter = new RateLimiter({ perSecond: 1000, burst: 50, pauseMs: 5 });
    const c = createVendorHttp({
      label: 'Dixa',
      baseUrl: sim.url,
      authorization: TOKEN,
      tokenEnv: 'DIXA_API_TOKEN',
      urlFlag: '--dixa-url',
      documentedBaseUrl: ORIGIN,
      dispatcher,
      limiter,
      retry: { maxRetryAfterMs: 5000 },
    });
    const before = performance.now();
    const res = await c.getJson('/ra');
    expect(res.json).toEqual({ n: 5 });
    // The queue was paused for the server's second, not for the limiter's own 5 ms.
    expect(limiter.state().pausedUntil - before).toBeGreaterThanOrEqual(1000);
    sequence('/ra2', () => HttpResponse.json({}, { status: 503, headers: { 'retry-after': '3600' } }));
    const f = await failureOf(c.getJson('/ra2'));
    expect(f.kind).toBe('server');
  });

  it('retries 5xx bursts and resets, then succeeds', async () => {
    sequence('/s', () => HttpResponse.json({ message: 'boom' }, { status: 503 }), () => HttpResponse.error(), () => HttpResponse.json({ n: 2 }));
    const res = await client().getJson('/s');
    expect(res.json).toEqual({ n: 2 });
    expect(res.retries).toBe(2);
  });

  it('reports a persistent 5xx after maxAttempts', async () => {
    const count = sequence('/s', () => HttpResponse.json({ message: 'boom' }, { status: 500 }));
    const f = await failureOf(client().getJson('/s'));
    expect(f.kind).toBe('server');
    expect(count()).toBe(4);
    expect(f.message).toMatch(/^Dixa: GET http:\/\/127\.0\.0\.1:\d+\/s: answered 500 \("boom"\) after 4 tries/);
  });

  it('retries slow headers (headers timeout), then succeeds', async () => {
    sequence(
      '/slow',
      async () => {
        await delay(1500);
        return HttpResponse.json({ late: true });
      },
      () => HttpResponse.json({ n: 3 }),
    );
    const res = await client().getJson('/slow');
    expect(res.json).toEqual({ n: 3 });
    expect(res.retries).toBe(1);
  });

  it('retries a stalled body (body timeout) and a truncated body', async () => {
    const stalled = () =>
      new HttpResponse(
        new ReadableStream({
          async start(c) {
            c.enqueue(new TextEncoder().encode('{"a":'));
            await delay(1500);
            c.enqueue(new TextEncoder().encode('1}'));
            c.close();
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const truncated = () => new HttpResponse('{"abc": [1,2,3,4,5,6,7,8]}', { headers: { 'content-type': 'application/json', [SIM_TRUNCATE_HEADER]: '6' } });
    sequence('/b', stalled, truncated, () => HttpResponse.json({ n: 4 }));
    const res = await client().getJson('/b');
    expect(res.json).toEqual({ n: 4 });
    expect(res.retries).toBe(2);
  });

  it('retries malformed JSON a bounded number of times, then reports it', async () => {
    const count = sequence('/m', () => new HttpResponse('{"data": [1, 2', { headers: { 'content-type': 'application/json' } }));
    const f = await failureOf(client().getJson('/m'));
    expect(f.kind).toBe('malformed');
    expect(count()).toBe(3);
    sequence('/m2', () => new HttpResponse('{"data": [', { headers: { 'content-type': 'application/json' } }), () => HttpResponse.json({ ok: 1 }));
    expect((await client().getJson('/m2')).json).toEqual({ ok: 1 });
  });

  it('401: one line naming vendor, URL and the variable, never the token; later requests are not sent', async () => {
    sequence('/a', () => HttpResponse.json({ message: `Unauthorized token ${TOKEN}` }, { status: 401 }));
    const c = client();
    const f = await failureOf(c.getJson('/a'));
    expect(f.kind).toBe('auth');
    expect(f.message).toMatch(/^Dixa: GET http:\/\/127\.0\.0\.1:\d+\/a: answered 401 Unauthorized .*check DIXA_API_TOKEN/);
    expect(f.message).toContain('[redacted]');
    expect(f.message).not.toContain('\n');
    const before = seen.length;
    const g = await failureOf(c.getJson('/ok'));
    expect(g.kind).toBe('auth');
    expect(seen.length).toBe(before);
  });

  it('an HTML page where JSON was expected names the wrong host and the documented one', async () => {
    sequence('/html', () => new HttpResponse('<!DOCTYPE html><html><body>Dixa app</body></html>', { headers: { 'content-type': 'text/html' } }));
    const f = await failureOf(client().getJson('/html'));
    expect(f.kind).toBe('wrong-host');
    expect(f.message).toContain('https://dev.dixa.io');
    expect(f.message).toContain('--dixa-url');
    sequence('/nf', () => new HttpResponse('<html>not found</html>', { status: 404, headers: { 'content-type': 'text/html' } }));
    expect((await failureOf(client().getJson('/nf'))).kind).toBe('wrong-host');
  });

  it('404 and 403 are reported, or returned when the caller accepts them', async () => {
    sequence('/gone', () => HttpResponse.json({ message: 'The requested resource could not be found' }, { status: 404 }));
    const res = await client().getJson('/gone', { accept: [404] });
    expect(res.status).toBe(404);
    expect((await failureOf(client().getJson('/gone'))).kind).toBe('not-found');
    sequence('/forbidden', () => HttpResponse.json({ error: { code: 403, message: 'Requires a company admin API key' } }, { status: 403 }));
    const f = await failureOf(client().getJson('/forbidden'));
    expect(f.kind).toBe('forbidden');
    expect(f.message).toContain('Requires a company admin API key');
  });

  it('DNS failure and connection refused: one line each, with the fix', async () => {
    const dns = await failureOf(client('http://no-such-host.invalid').getJson('/v1/organization'));
    expect(dns.kind).toBe('dns');
    expect(dns.message).toMatch(/cannot resolve host no-such-host\.invalid/);
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const refused = await failureOf(client(`http://127.0.0.1:${port}`, { maxAttempts: 2 }).getJson('/v1/organization'));
    expect(refused.kind).toBe('refused');
    expect(refused.message).toMatch(/connection refused by 127\.0\.0\.1:\d+ .*--dixa-url/);
  });

  it('refuses to send the token to another origin', async () => {
    await expect(client().getJson('https://evil.example/x')).rejects.toThrow(/another origin/);
  });
});
