import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFixture } from '../../src/demo/fixtures.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';
import { demoAuditArgs, demoFixture, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, removeTempDirs, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';
import { filesAsText, findLeaks, leakForms, type Haystack } from '../helpers/secrets.js';

/**
 * Issue 9, secrets: every command, on its success and failure paths and with --verbose, with distinctive tokens in
 * DIXA_API_TOKEN / DIALPAD_API_TOKEN. Afterwards every file written anywhere under the test's root (the working
 * folder with its default snapshots/ and reports/, every --out, and TMPDIR) and everything printed on stdout and
 * stderr is scanned for each token in every form (test/helpers/secrets.ts), including the workbook's unzipped XML.
 */

const WRONG_DIXA = 'dxa_wr0ng-K3y/+=Qz7-secret';
/** 95 characters: the product cuts a vendor message longer than 120 at 117, inside the echoed token (raw or "Bearer <key>"). */
const ECHO_PAD = 'Invalid credentials in the Authorization header; the value received was: '.padEnd(95, '.');

let root: string;
let work: string;
let env: Record<string, string>;
let fx: DemoFixture;
let sims: DemoSims;
let config: string;
const printed: Haystack[] = [];

function record(name: string, res: CliResult): CliResult {
  printed.push({ name: `${name} stdout`, text: res.stdout }, { name: `${name} stderr`, text: res.stderr });
  return res;
}

/** The built CLI in the test's working folder, with the tokens and a TMPDIR inside the scanned root. */
async function cli(name: string, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return record(name, await runCli([...args, '--verbose'], { cwd: work, env: { ...env, ...extraEnv }, timeoutMs: 60_000 }));
}

beforeAll(async () => {
  root = tempDir('aa-secrets-');
  work = join(root, 'work');
  mkdirSync(join(root, 'tmp'), { recursive: true });
  mkdirSync(work, { recursive: true });
  env = { DIXA_API_TOKEN: HARD_DIXA_TOKEN, DIALPAD_API_TOKEN: HARD_DIALPAD_TOKEN, TMPDIR: join(root, 'tmp'), TMP: join(root, 'tmp'), TEMP: join(root, 'tmp') };
  fx = await demoFixture();
  sims = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN } });
  config = await writeFastConfig(root);
});
afterAll(async () => {
  await sims?.close();
  removeTempDirs();
});

const urls = (s: { dixa: { url: string }; dialpad: { url: string } }) => ['--dixa-url', s.dixa.url, '--dialpad-url', s.dialpad.url];

describe('no token, in any form, in any file written or any line printed', () => {
  it('the scan itself finds each form it looks for', () => {
    for (const token of [HARD_DIXA_TOKEN, HARD_DIALPAD_TOKEN]) {
      for (const form of leakForms(token)) expect(findLeaks([{ name: 'planted', text: `x ${form} y` }], [token]).length).toBeGreaterThan(0);
    }
    expect(leakForms(HARD_DIALPAD_TOKEN)).toContain(Buffer.from(`Bearer ${HARD_DIALPAD_TOKEN}`).toString('base64'));
    expect(leakForms(HARD_DIALPAD_TOKEN)).toContain(encodeURIComponent(HARD_DIALPAD_TOKEN));
  });

  it('run, snapshot, verify, audit, plan --decisions, idp, init, run --demo, simulate', async () => {
    const audit = await demoAuditArgs(config);
    // run with the default folders (snapshots/<stamp>, reports/<stamp> under the working folder).
    expect((await cli('run', ['run', ...audit, ...urls(sims)])).code).toBe(1);
    const runJson = await cli('run --json', ['run', '--json', ...audit, ...urls(sims), '--snapshot-dir', 'snap-json', '--out', 'out-json']);
    expect(runJson.code).toBe(1);
    expect(JSON.parse(runJson.stdout)).toHaveProperty('summary.complete', true);
    expect((await cli('snapshot', ['snapshot', '--config', config, ...urls(sims), '--out', 'snap'])).code).toBe(0);
    expect((await cli('verify', ['verify', 'snap'])).code).toBe(0);
    expect((await cli('verify --json', ['verify', '--json', 'snap'])).code).toBe(0);
    expect((await cli('audit', ['audit', '--snapshot', 'snap', ...audit, '--out', 'audited'])).code).toBe(1);
    expect((await cli('audit --json', ['audit', '--json', '--snapshot', 'snap', ...audit, '--out', 'audited-json'])).code).toBe(1);

    // plan --decisions on the run's own workbook, with a few decisions filled in as a reviewer would.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(work, 'audited', 'access-review.xlsx'));
    const ws = wb.getWorksheet('Findings');
    if (!ws) throw new Error('no Findings sheet');
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (h: string) => header.indexOf(h);
    expect(col('Decision')).toBeGreaterThan(0);
    for (let r = 2; r <= 6; r++) {
      const row = ws.getRow(r);
      row.getCell(col('Decision')).value = r % 2 ? 'Keep' : 'Revoke';
      if (col('Reviewer') > 0) row.getCell(col('Reviewer')).value = 'reviewer@harbourline.example';
      if (col('Justification') > 0) row.getCell(col('Justification')).value = 'quarterly review';
    }
    await wb.xlsx.writeFile(join(work, 'audited', 'decided.xlsx'));
    const plan = await cli('plan --decisions', ['plan', '--decisions', join('audited', 'decided.xlsx'), '--out', 'final-plan']);
    // Five rows decided of the whole campaign: done, but not closed (exit 1).
    expect(plan.code, plan.stderr).toBe(1);

    expect((await cli('idp', ['idp', fx.paths.idpUsers])).code).toBe(0);
    expect((await cli('idp --json', ['idp', '--json', fx.paths.idpUsers])).code).toBe(0);
    expect((await cli('init', ['init', '--out', join('init', 'access-audit.config.json')])).code).toBe(0);
    expect((await cli('run --demo', ['run', '--demo', '--snapshot-dir', 'demo-snap', '--out', 'demo-out'])).code).toBe(0);

    // simulate serves until SIGTERM: started, read, stopped.
    const sim = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'simulate', '--verbose'], { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const stop = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Ctrl-C stops')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(stop);
        resolve({ code, stdout, stderr });
      });
    });
    record('simulate', sim);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toContain('Dixa simulator:');

    // Usage errors with the tokens in the environment.
    expect((await cli('audit (bad snapshot)', ['audit', '--snapshot', 'no-such-folder', ...audit, '--out', 'x'])).code).toBe(3);
    expect((await cli('snapshot (bad url)', ['snapshot', '--dixa-url', 'ftp://x', '--out', 'bad-snap'])).code).toBe(3);
  }, 120_000);

  it('failure paths: a wrong token (401), a token revoked mid-run, a refused connection', async () => {
    const audit = await demoAuditArgs(config);
    const wrong = await cli('run (wrong token)', ['run', ...audit, ...urls(sims), '--snapshot-dir', 'snap-wrong', '--out', 'out-wrong'], { DIXA_API_TOKEN: WRONG_DIXA });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/401 Unauthorized.*DIXA_API_TOKEN/);

    const revoking = await startDemoSims({
      tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN },
      faults: { dixa: [{ kind: 'token-revoked', afterRequests: 6 }], dialpad: [{ kind: 'token-revoked', afterRequests: 4 }] },
    });
    try {
      const revoked = await cli('run (revoked)', ['run', ...audit, ...urls(revoking), '--snapshot-dir', 'snap-revoked', '--out', 'out-revoked']);
      expect(revoked.code).toBe(2);
      expect(revoked.stderr).toMatch(/DIALPAD_API_TOKEN/);
      const snap = await cli('snapshot (revoked)', ['snapshot', '--config', config, ...urls(revoking), '--out', 'snap-revoked-2']);
      expect(snap.code).toBe(2);
    } finally {
      await revoking.close();
    }
    const refused = await cli('snapshot (refused)', ['snapshot', '--config', config, '--dixa-url', 'http://127.0.0.1:9', '--dialpad-url', sims.dialpad.url, '--out', 'snap-refused'], {
      ACCESS_AUDIT_HTTP_PROFILE: 'fast',
    });
    expect(refused.code).toBe(2);
  }, 120_000);

  it('a vendor that echoes the token back, in its data and in an error message', async () => {
    const audit = await demoAuditArgs(config);
    // Data: the organisation's name, an agent's name (base64), a Dialpad user's name ("Bearer <key>") and an office name (URL-encoded).
    const dixa = structuredClone(fx.dixa) as DixaState;
    dixa.organization.name = `Harbourline ${HARD_DIXA_TOKEN}`;
    const agent = dixa.agents[0];
    if (agent) agent.displayName = `Agent ${Buffer.from(HARD_DIXA_TOKEN).toString('base64')}`;
    const dialpad = structuredClone(fx.dialpad) as DialpadState;
    const user = dialpad.users[0];
    if (user) user.display_name = `User Bearer ${HARD_DIALPAD_TOKEN}`;
    const office = dialpad.offices[0];
    if (office) office.name = `Office ${encodeURIComponent(HARD_DIALPAD_TOKEN)}`;
    const echoing = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN }, fixture: { ...fx, dixa, dialpad } });
    try {
      const res = await cli('run (echoing vendor)', ['run', ...audit, ...urls(echoing), '--snapshot-dir', 'snap-echo', '--out', 'out-echo']);
      expect(res.code).toBe(1);
    } finally {
      await echoing.close();
    }

    // The same echoing data behind a gateway that escapes every "/" as "\\/" (PHP's json_encode does by default): the
    // token's bytes on the wire are not its plain form, the parsed value is.
    const escaping = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN }, fixture: { ...fx, dixa, dialpad } });
    const proxies = await Promise.all([escaping.dixa.url, escaping.dialpad.url].map((target) => slashEscapingProxy(target)));
    try {
      const res = await cli('run (echo, slashes escaped)', ['run', ...audit, '--dixa-url', proxies[0]?.url ?? '', '--dialpad-url', proxies[1]?.url ?? '', '--snapshot-dir', 'snap-echo-escaped', '--out', 'out-echo-escaped']);
      expect(res.code, res.stderr).toBe(1);
    } finally {
      await Promise.all(proxies.map((p) => p?.close()));
      await escaping.close();
    }

    // Error message: a gateway that answers 401 quoting the Authorization header it got, the token straddling the
    // point where a long vendor message is cut for display.
    const server: Server = createServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `${ECHO_PAD}${String(req.headers.authorization)}` }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const res = await cli('snapshot (401 echoing the token)', ['snapshot', '--config', config, '--dixa-url', `http://127.0.0.1:${port}`, '--dialpad-url', `http://127.0.0.1:${port}`, '--out', 'snap-401-echo']);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/Dixa organization: .*401 Unauthorized/);
      expect(res.stderr).toMatch(/Dialpad company: .*401 Unauthorized/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 120_000);

  it('leaves no form of any token in any file under the root, or in anything printed', async () => {
    const files = await filesAsText(root);
    // The scan saw what the commands wrote: snapshots, reports (workbooks unzipped), configs.
    expect(files.some((f) => f.name.endsWith('manifest.json'))).toBe(true);
    expect(files.some((f) => f.name.includes('.xlsx!xl/worksheets/'))).toBe(true);
    expect(files.some((f) => f.name.includes(join('snap-echo', 'raw')))).toBe(true);
    expect(printed.length).toBeGreaterThan(20);
    expect(findLeaks([...files, ...printed], [HARD_DIXA_TOKEN, HARD_DIALPAD_TOKEN, WRONG_DIXA])).toEqual([]);
  });
});

/** A reverse proxy that re-sends the upstream's JSON with every "/" written as "\\/" (still the same JSON). */
async function slashEscapingProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const answer = await fetch(new URL(req.url ?? '/', upstream), { headers: { authorization: String(req.headers.authorization ?? '') } });
      const body = (await answer.text()).replace(/\//g, '\\/');
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
