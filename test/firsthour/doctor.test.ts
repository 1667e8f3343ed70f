import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { checkBaseUrl, checkClock } from '../../src/doctor/vendor-checks.js';
import { VENDORS, type Vendor } from '../../src/model/common.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { vendorModule } from '../../src/vendors/registry.js';
import { runCli } from '../helpers/cli.js';

let cwd: string;
let fx: DemoFixture;
const sims = {} as Record<Vendor, RunningSimulator>;
let cleanIdp: string;
let exceptions: string;

/** Every file and folder under dir, recursively: the doctor must leave this unchanged. */
async function tree(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-doctor-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  for (const v of VENDORS) sims[v] = await vendorModule(v).startDemoSimulator(fx);
  // The demo export plants rows without email and unknown statuses; its first rows are clean.
  const lines = (await readFile(fx.paths.idpUsers, 'utf8')).split('\n');
  cleanIdp = join(cwd, 'okta-clean.csv');
  await writeFile(cleanIdp, lines.slice(0, 11).join('\n') + '\n');
  exceptions = join(cwd, 'exceptions.json');
  await writeFile(
    exceptions,
    JSON.stringify({ exceptions: [{ id: 'E1', kind: 'service', scope: { vendor: 'dixa', email: 'bot@example.com' }, rules: ['*'], reason: 'r', approver: 'a', expires: '2099-12-31' }] }),
  );
  await mkdir(join(cwd, 'work'));
});
afterAll(async () => {
  for (const v of VENDORS) await sims[v]?.close();
  await rm(cwd, { recursive: true, force: true });
});

function args(extra: string[] = []): string[] {
  return ['doctor', ...VENDORS.flatMap((v) => [vendorModule(v).urlFlag, sims[v].url]), '--idp', cleanIdp, '--assignments', fx.paths.assignments, '--exceptions', exceptions, ...extra];
}
const demoTokens = (): Record<string, string> => Object.fromEntries(VENDORS.map((v) => [vendorModule(v).tokenEnv, vendorModule(v).demoToken]));

describe('access-audit doctor', () => {
  it('passes every check against the simulators, one ✓ line each, with GET requests only and nothing written', async () => {
    const work = join(cwd, 'work');
    const before = await tree(work);
    const counts = VENDORS.map((v) => sims[v].server.requests.length);
    const r = await runCli(args(), { cwd: work, env: demoTokens() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^All \d+ checks passed\.$/);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^✓ /);
    for (const name of ['Config', 'Dixa token accepted', 'Dialpad company-admin key', 'Clock vs Dixa', 'IdP export', 'Assignments export', 'Exceptions', 'Output folder', 'Snapshot folder']) {
      expect(r.stdout).toContain(`✓ ${name}`);
    }
    expect(r.stdout).toMatch(/IdP export: .*10 people \(.*0 rows without email/);
    for (const [i, v] of VENDORS.entries()) {
      const sent = sims[v].server.requests.slice(counts[i]);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.every((q) => q.method === 'GET')).toBe(true);
    }
    expect(await tree(work)).toEqual(before);
    for (const v of VENDORS) expect(r.stdout + r.stderr).not.toContain(vendorModule(v).demoToken);
  });

  it('--json: the same checks as data, ok false and exit 1 when one fails', async () => {
    const r = await runCli(args(['--json']), { cwd: join(cwd, 'work'), env: { ...demoTokens(), DIXA_API_TOKEN: 'an-integrations-api-token' } });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; checks: { check: string; ok: boolean; detail: string; fix: string | null }[] };
    expect(json.ok).toBe(false);
    const dixa = json.checks.find((c) => c.check === 'Dixa token accepted')!;
    expect(dixa).toMatchObject({ ok: false, detail: expect.stringMatching(/401/) as unknown as string });
    expect(dixa.fix).toMatch(/"Dixa API" \(not "Integrations API"\)/);
    expect(json.checks.find((c) => c.check === 'Dialpad token accepted')?.ok).toBe(true);
    expect(r.stdout).not.toContain('an-integrations-api-token');
  });

  it('a Dialpad key that is not a company-admin key fails the kind check with the fix', async () => {
    const key = 'plain-user-key';
    const dialpad = await startDialpadSimulator(fx.dialpad, { tokens: [key], nonAdminTokens: [key] });
    try {
      const r = await runCli(['doctor', '--vendors', 'dialpad', '--dialpad-url', dialpad.url, '--idp', cleanIdp], { cwd: join(cwd, 'work'), env: { DIALPAD_API_TOKEN: key } });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✓ Dialpad token accepted/);
      expect(r.stdout).toMatch(/✗ Dialpad company-admin key: GET \/api\/v2\/company: 403\. Fix: .*company-admin/);
      expect(r.stdout).not.toMatch(/Dixa/);
    } finally {
      await dialpad.close();
    }
  });

  it('names a missing token, rows without email, expired exceptions and an unsafe output folder, each with its fix', async () => {
    const stale = join(cwd, 'stale.json');
    await writeFile(stale, JSON.stringify({ exceptions: [{ id: 'OLD', kind: 'shared', scope: { identityEmail: 'a@example.com' }, rules: ['*'], reason: 'r', approver: 'a', expires: '2020-01-31' }] }));
    const foreign = join(cwd, 'someone-elses');
    await mkdir(foreign);
    await writeFile(join(foreign, 'notes.txt'), 'mine');
    const r = await runCli(
      ['doctor', '--vendors', 'dixa', '--dixa-url', sims.dixa.url, '--idp', fx.paths.idpUsers, '--exceptions', stale, '--out', foreign],
      { cwd: join(cwd, 'work'), env: { DIXA_API_TOKEN: '' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ Dixa token: DIXA_API_TOKEN is not set\. Fix: export DIXA_API_TOKEN=/);
    expect(r.stdout).toMatch(/✗ IdP export: .*\d+ people.*2 unknown.*2 rows without email\. Fix: /);
    expect(r.stdout).toMatch(/✗ Exceptions: .*1 expired: OLD \(2020-01-31\)\. Fix: renew/);
    expect(r.stdout).toMatch(/✗ Output folder: .*someone-elses: folder is not empty and is not an earlier access-audit output.*Fix: choose a new or empty folder/);
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('checks base URLs: https, no path the requests would drop', () => {
    const dixa = vendorModule('dixa');
    expect(checkBaseUrl(dixa, 'https://dev.dixa.io').ok).toBe(true);
    expect(checkBaseUrl(dixa, 'http://dev.dixa.io')).toMatchObject({ ok: false, detail: expect.stringMatching(/not https/) as unknown as string });
    // A gateway prefix is kept in front of every request (as the client does) and shown; /v1 is already the API's own.
    expect(checkBaseUrl(dixa, 'https://gw.example/dixa')).toMatchObject({ ok: true, detail: expect.stringMatching(/path \/dixa kept in front of every request, e\.g\. \/dixa\/v1\//) as unknown as string });
    expect(checkBaseUrl(dixa, 'http://gw.example', true).ok).toBe(true);
    expect(checkBaseUrl(dixa, 'https://user:pw@dev.dixa.io').ok).toBe(false);
    expect(checkBaseUrl(dixa, 'http://127.0.0.1:8101').ok).toBe(true);
  });

  it('compares the clock with the vendor Date header', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(checkClock('Dixa', 'Tue, 01 Dec 2026 12:00:30 GMT', now).ok).toBe(true);
    const off = checkClock('Dixa', 'Tue, 01 Dec 2026 11:50:00 GMT', now);
    expect(off).toMatchObject({ ok: false, detail: 'this machine is 600 s ahead of Dixa' });
    expect(off.fix).toMatch(/NTP/);
  });
});
