import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { json, startHostileDixa, type HostileRoute, type HostileServer } from './server.js';

/**
 * Issue 12 sections 3 and 4 (request path): a hostile Dixa-shaped server over real loopback HTTP, the built CLI's
 * `snapshot`. Each case ends as exit 2 (the listing incomplete, with the reason) or exit 0, never exit 4, never a
 * hang; the caps come from the config file (small here, so each case takes seconds).
 */

const TOKEN = 'dxa_h0st1le-Qw7-secret-token';
const dirs: string[] = [];
let server: HostileServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'aa-hostile-'));
  dirs.push(d);
  return d;
}

function config(dir: string, http: Record<string, unknown> = {}): string {
  const path = join(dir, 'access-audit.config.json');
  writeFileSync(path, JSON.stringify({ vendors: { dixa: { rateLimit: { perSecond: 500, burst: 50 } } }, http }));
  return path;
}

async function snapshot(route: HostileRoute, http: Record<string, unknown> = {}, opts: { prefix?: string; token?: string } = {}) {
  server = await startHostileDixa(route, opts.prefix === undefined ? {} : { prefix: opts.prefix });
  const dir = workDir();
  const out = join(dir, 'snap');
  const res = await runCli(['snapshot', '--vendors', 'dixa', '--dixa-url', server.url, '--out', out, '--config', config(dir, http)], {
    env: { DIXA_API_TOKEN: opts.token ?? TOKEN, ACCESS_AUDIT_HTTP_PROFILE: 'fast' },
    timeoutMs: 60_000,
  });
  return { ...res, out, paths: server.paths };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** An endless chunked body: writes until the client goes away. */
const endlessBody: HostileRoute = (req, res, url) => {
  if (url.pathname !== '/v1/agents') return false;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":[');
  const chunk = `${JSON.stringify('x'.repeat(64 * 1024))},`;
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  req.socket.on('close', () => res.destroy());
  pump();
  return true;
};

describe('byte cap per response', () => {
  it('an endless chunked body ends the listing incomplete at http.maxResponseBytes (exit 2), not at a timeout', async () => {
    const res = await snapshot(endlessBody, { maxResponseBytes: 1024 * 1024 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Dixa agents: .*larger than 1048576 bytes \(http\.maxResponseBytes\); not read further/);
    // Refused once, not retried: the body would be as large again.
    expect(res.paths.filter((p) => p.startsWith('/v1/agents?'))).toHaveLength(1);
  });

  it.skipIf(!existsSync('/usr/bin/time'))('at the default cap (64 MiB) an endless body stays far from buffering: the child process peaks under 400 MB RSS', async () => {
    server = await startHostileDixa(endlessBody);
    const dir = workDir();
    const args = [CLI, 'snapshot', '--vendors', 'dixa', '--dixa-url', server.url, '--out', join(dir, 'snap'), '--config', config(dir)];
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-v', process.execPath, ...args], { env: { ...process.env, DIXA_API_TOKEN: TOKEN, ACCESS_AUDIT_HTTP_PROFILE: 'fast' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/larger than 67108864 bytes/);
    const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(400 * 1024);
  });
});

describe('run budget and Retry-After', () => {
  it('a Retry-After above http.maxRetryAfterSeconds is not waited for: exit 2 naming the key', async () => {
    const res = await snapshot((_req, res, url) => (url.pathname === '/v1/agents' ? (json(res, { message: 'slow down' }, 429, { 'retry-after': '3600' }), true) : false), { maxRetryAfterSeconds: 1 });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Retry-After 3600 s, longer than the 1 s we wait \(http\.maxRetryAfterSeconds\)/);
  });

  it('a wait that would outlast the wall-time budget ends the vendor as incomplete with the reason', async () => {
    const res = await snapshot((_req, res, url) => (url.pathname === '/v1/teams' ? (json(res, {}, 503, { 'retry-after': '30' }), true) : false), { perVendor: { maxSeconds: 5 } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Dixa teams: .*run budget reached: 5 s of wall time \(http\.perVendor\.maxSeconds\)/);
  });

  it('a long wait is announced on stderr, then the listing completes', async () => {
    let asked = false;
    const res = await snapshot((_req, res, url) => {
      if (url.pathname !== '/v1/queues' || asked) return false;
      asked = true;
      json(res, { message: 'busy' }, 429, { 'retry-after': '2' });
      return true;
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/dixa: waiting 2 s \(the server answered 429 with Retry-After\)/);
  });

  it('the byte budget stops the vendor: the response that crosses it is cut, later requests are not sent (exit 2)', async () => {
    const res = await snapshot(() => false, { perVendor: { maxBytes: 60 } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/run budget reached: more than 60 response bytes \(http\.perVendor\.maxBytes\)/);
    expect(res.paths.length).toBeLessThan(6);
  });

  it('the request budget stops the vendor: every later listing incomplete with the same reason (exit 2)', async () => {
    const res = await snapshot(() => false, { perVendor: { maxRequests: 2 } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/run budget reached: 2 requests \(http\.perVendor\.maxRequests\)/);
    expect(res.paths.length).toBe(2);
  });
});

describe('pagination loops and malformed links', () => {
  it('fresh cursors over the same items are a loop: stopped at the first repeat, exit 2', async () => {
    let n = 0;
    const res = await snapshot((_req, res, url) => {
      if (url.pathname !== '/v1/agents') return false;
      n += 1;
      json(res, { data: [{ id: 'a1', email: 'a1@example.com' }, { id: 'a2', email: 'a2@example.com' }], meta: { next: `/v1/agents?pageKey=fresh-${n}` } });
      return true;
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Dixa agents: .*page 2 repeats the items of page 1 under a new next link/);
    expect(res.paths.filter((p) => p.startsWith('/v1/agents?'))).toHaveLength(2);
  });

  it('a next link that is neither a root-relative path nor a URL is reported as malformed, not as a 404', async () => {
    const res = await snapshot((_req, res, url) => {
      if (url.pathname === '/v1/agents') return (json(res, { data: [{ id: 'a1' }], meta: { next: 'javascript:alert(1)' } }), true);
      if (url.pathname === '/v1/teams') return (json(res, { data: [{ id: 't1' }], meta: { next: 42 } }), true);
      return false;
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Dixa agents: .*malformed next link "javascript:alert\(1\)"/);
    expect(res.stderr).toMatch(/Dixa teams: .*malformed next link 42 \(not a string\)/);
    expect(res.stderr).not.toMatch(/404/);
  });
});

describe('big and deep inputs never end as exit 4', () => {
  it('a page of 130,000 agents is read (exit 0)', async () => {
    const agents = Array.from({ length: 130_000 }, (_, i) => ({ id: `a${i}`, email: `agent${i}@example.com`, displayName: `Agent ${i}` }));
    const body = JSON.stringify({ data: agents });
    const res = await snapshot((_req, res, url) => (url.pathname === '/v1/agents' ? (json(res, body), true) : false));
    expect(res.stderr).not.toMatch(/internal error|RangeError/i);
    expect(res.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(res.out, 'manifest.json'), 'utf8')) as { vendors: { dixa: { listings: Array<{ name: string; items: number }> } } };
    expect(manifest.vendors.dixa.listings.find((l) => l.name === 'agents')?.items).toBe(130_000);
  });

  it('the token echoed inside JSON nested 100,000 levels deep is redacted without a stack overflow', async () => {
    const depth = 100_000;
    const nested = `${'['.repeat(depth)}${JSON.stringify(`echo ${TOKEN}`)}${']'.repeat(depth)}`;
    const res = await snapshot((_req, res, url) => (url.pathname === '/v1/teams' ? (json(res, `{"data":[],"echo":${nested}}`), true) : false));
    expect(res.stderr).not.toMatch(/internal error|RangeError/i);
    expect(res.code).toBe(0);
    const files = filesUnder(res.out);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(TOKEN);
  });
});

describe('request paths', () => {
  it('a team id ".." never becomes GET /v1/agents: the record is invalid, the listing incomplete (exit 2)', async () => {
    const res = await snapshot((_req, res, url) => (url.pathname === '/v1/teams' ? (json(res, { data: [{ id: '..', name: 'dots' }, { id: 'a/b?c#d%', name: 'slashes' }] }), true) : false));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Dixa team-members: id "\.\." cannot be used in a request path/);
    expect(res.paths).not.toContain('/v1/agents');
    expect(res.paths).toContain('/v1/teams/a%2Fb%3Fc%23d%25/agents');
  });

  it('a base URL with a path prefix keeps it for every request', async () => {
    const res = await snapshot(() => false, {}, { prefix: '/gateway/dixa' });
    expect(res.code).toBe(0);
    expect(res.paths.length).toBeGreaterThan(4);
    for (const p of res.paths) expect(p.startsWith('/gateway/dixa/v1/')).toBe(true);
  });
});

describe('refused at start (exit 3, nothing written)', () => {
  it('plain http to a host that is not loopback, unless --allow-insecure-http', async () => {
    const dir = workDir();
    const out = join(dir, 'snap');
    const refused = await runCli(['snapshot', '--vendors', 'dixa', '--dixa-url', 'http://dixa.invalid', '--out', out], { env: { DIXA_API_TOKEN: TOKEN } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/--dixa-url http:\/\/dixa\.invalid: plain http .* clear text/);
    expect(existsSync(out)).toBe(false);
    const allowed = await runCli(['snapshot', '--vendors', 'dixa', '--dixa-url', 'http://dixa.invalid', '--allow-insecure-http', '--out', out], { env: { DIXA_API_TOKEN: TOKEN, ACCESS_AUDIT_HTTP_PROFILE: 'fast' } });
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toMatch(/cannot resolve host dixa\.invalid/);
  });

  it('a token shorter than 8 characters', async () => {
    const dir = workDir();
    const out = join(dir, 'snap');
    const res = await runCli(['snapshot', '--vendors', 'dixa', '--dixa-url', 'http://127.0.0.1:9', '--out', out], { env: { DIXA_API_TOKEN: 'x' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/DIXA_API_TOKEN is too short \(1 characters, at least 8\)/);
    expect(existsSync(out)).toBe(false);
  });
});
