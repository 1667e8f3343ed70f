import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadAnswerKey } from '../../src/demo/answer-key.js';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import type { FindingsDocument } from '../../src/model/finding.js';
import { compareWithAnswerKey } from '../../src/pipeline/answer-key-check.js';
import { startDemoSimulators, type DemoSimulators } from '../../src/pipeline/demo.js';
import { sha256File } from '../../src/util/hash.js';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';

/**
 * Issue 8 acceptance: the built CLI as a child process, against the simulators with the demo organisation, checked
 * against the answer key, with each exit code 0-4 and a message for every kind of bad input.
 */
const OUTPUTS = ['findings.json', 'findings.csv', 'access-review.xlsx', 'remediation-plan.json', 'remediation-plan.md', 'summary.html', 'run.json'];
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };

let cwd: string;
let fx: DemoFixture;
let demo: CliResult;

function stderrLines(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l.trim() !== '');
}

async function readDoc(dir: string): Promise<FindingsDocument> {
  return JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8')) as FindingsDocument;
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-e2e-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  demo = await runCli(['run', '--demo'], { cwd, env: NO_TOKENS });
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('run --demo (npm start)', () => {
  it('exits 0, prints the summary, where the files are, and the answer-key check', async () => {
    expect(demo.code, demo.stderr).toBe(0);
    // The answer key's size, not a copy of it: the demo grows as cases are planted.
    const expected = (await loadAnswerKey(fx.paths.answerKey)).expected.length;
    expect(demo.stderr).toMatch(new RegExp(`Findings: ${expected}\\b`));
    expect(demo.stderr).toMatch(/precision 100\.0%, recall 100\.0%/);
    expect(demo.stderr).toContain(join('reports', 'demo', 'summary.html'));
  });

  it('fits on one screen: at most 40 lines (issue 16)', () => {
    // The progress lines are not written without a terminal; what remains is what a first-time user reads.
    const lines = (demo.stdout + demo.stderr).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    // Screen rows at 110 columns: a long line wraps.
    expect(lines.reduce((rows, l) => rows + Math.max(1, Math.ceil(l.length / 110)), 0)).toBeLessThanOrEqual(40);
  });

  it('writes every output file of DESIGN.md section 6 and a verifiable snapshot', async () => {
    const files = await readdir(join(cwd, 'reports', 'demo'));
    for (const f of OUTPUTS) expect(files).toContain(f);
    // No temporary file left; the one hidden file is the marker proving the folder is ours (README "The output folder rule").
    expect(files.filter((f) => f.startsWith('.'))).toEqual(['.access-audit-output.json']);
    const verify = await runCli(['verify', join(cwd, 'snapshots', 'demo')], { cwd });
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });

  it('produces exactly the answer key', async () => {
    const key = await loadAnswerKey(fx.paths.answerKey);
    const cmp = compareWithAnswerKey(await readDoc(join(cwd, 'reports', 'demo')), key.expected);
    expect({ missing: cmp.missing, unexpected: cmp.unexpected, mismatched: cmp.mismatched }).toEqual({ missing: [], unexpected: [], mismatched: [] });
  });

  it('run.json names every input and hashes every output', async () => {
    const out = join(cwd, 'reports', 'demo');
    const run = JSON.parse(await readFile(join(out, 'run.json'), 'utf8')) as { exitCode: number; outputs: Record<string, string>; run: { inputs: Array<{ role: string; path: string; sha256: string }> } };
    expect(run.exitCode).toBe(0);
    for (const f of OUTPUTS.filter((f) => f !== 'run.json')) expect(run.outputs[f]).toBe(await sha256File(join(out, f)));
    const roles = run.run.inputs.map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['snapshot-manifest', 'idp', 'assignments', 'config', 'exceptions']));
    for (const i of run.run.inputs.filter((i) => i.role !== 'snapshot-manifest')) expect(i.sha256).toBe(await sha256File(i.path));
  });
});

describe('offline re-run and diff', () => {
  it('audit --snapshot re-runs the review offline with identical findings, and --json prints the result', async () => {
    const r = await runCli(
      ['audit', '--snapshot', 'snapshots/demo', '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config, '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', 'reports/rerun', '--fail-on', 'none', '--json'],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as { exitCode: number; summary: { total: number } };
    expect(printed).toMatchObject({ exitCode: 0, summary: { total: (await loadAnswerKey(fx.paths.answerKey)).expected.length } });
    const a = await readDoc(join(cwd, 'reports', 'demo'));
    const b = await readDoc(join(cwd, 'reports', 'rerun'));
    expect(b.findings).toEqual(a.findings);
    expect(b.notEvaluated).toEqual(a.notEvaluated);
  });

  it('--previous marks every finding persisting and resolves nothing when nothing changed', async () => {
    const r = await runCli(
      ['audit', '--snapshot', 'snapshots/demo', '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config, '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', 'reports/diff', '--previous', 'reports/demo', '--fail-on', 'none', '-q'],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const doc = await readDoc(join(cwd, 'reports', 'diff'));
    expect(new Set(doc.findings.map((f) => f.diff))).toEqual(new Set(['persisting']));
    expect(doc.resolved).toEqual([]);
  });

  it('--vendors dixa leaves Dialpad out of the review entirely (issue 16)', async () => {
    const r = await runCli(['run', '--demo', '--vendors', 'dixa', '--out', 'reports/dixa-only', '--snapshot-dir', 'snapshots/dixa-only', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = await readDoc(join(cwd, 'reports', 'dixa-only'));
    // No Dialpad finding of any rule (not even EXCEPTION_EXPIRED of a Dialpad-scoped exception), no Dialpad "not evaluated".
    expect(doc.findings.filter((f) => f.vendor === 'dialpad')).toEqual([]);
    expect(doc.notEvaluated.filter((n) => n.vendor === 'dialpad')).toEqual([]);
    expect(doc.findings.filter((f) => f.vendor === 'dixa').length).toBeGreaterThan(10);
    // The summary counts only the reviewed vendor: a Dialpad 0 would read as "reviewed, nothing found".
    expect(Object.keys(doc.summary.byVendor).sort()).toEqual(['dixa', 'none']);
    expect(Object.keys(doc.summary.accounts)).toEqual(['dixa']);
    // The demo's exceptions file does hold expired Dialpad exceptions: the full run reports them.
    const full = await readDoc(join(cwd, 'reports', 'demo'));
    expect(full.findings.some((f) => f.vendor === 'dialpad' && f.rule === 'EXCEPTION_EXPIRED')).toBe(true);
    const json = JSON.parse(r.stdout) as { notEvaluated: { vendor: string | null }[]; plan: { status: string; actions: number } };
    expect(json.notEvaluated.filter((n) => n.vendor === 'dialpad')).toEqual([]);
    expect(['ready', 'blocked', 'empty']).toContain(json.plan.status);
    const plan = JSON.parse(await readFile(join(cwd, 'reports', 'dixa-only', 'remediation-plan.json'), 'utf8')) as { status: string; actions: unknown[] };
    expect(json.plan).toMatchObject({ status: plan.status, actions: plan.actions.length });
  });
});

describe('exit codes', () => {
  it('1: findings at or above --fail-on', async () => {
    const r = await runCli(['run', '--demo', '--fail-on', 'high', '--out', 'reports/fail-high', '-q'], { cwd });
    expect(r.code).toBe(1);
    const run = JSON.parse(await readFile(join(cwd, 'reports', 'fail-high', 'run.json'), 'utf8')) as { exitCode: number };
    expect(run.exitCode).toBe(1);
  });

  it('0: nothing at or above --fail-on critical once every critical finding is suppressed', async () => {
    const doc = await readDoc(join(cwd, 'reports', 'demo'));
    const critical = doc.findings.filter((f) => f.severity === 'critical' && !f.suppressed);
    expect(critical.length).toBeGreaterThan(0);
    const exceptions = JSON.parse(await readFile(fx.paths.exceptions, 'utf8')) as { exceptions: unknown[] };
    for (const f of critical) {
      exceptions.exceptions.push({ id: `EX-${f.id}`, kind: 'accepted-risk', scope: { vendor: f.vendor, accountId: f.accountId }, rules: [f.rule], reason: 'e2e', approver: 'ciso@example.com' });
    }
    const path = join(cwd, 'exceptions-critical.json');
    await writeFile(path, JSON.stringify(exceptions));
    const r = await runCli(['run', '--demo', '--fail-on', 'critical', '--exceptions', path, '--out', 'reports/fail-critical', '-q'], { cwd });
    expect(r.code, r.stderr).toBe(0);
  });

  describe('2: a source was incomplete', () => {
    let sims: DemoSimulators;
    beforeAll(async () => {
      sims = await startDemoSimulators(fx);
    });
    afterAll(async () => {
      await sims.close();
    });

    it('a wrong Dixa token: Dixa incomplete, one line naming it, Dialpad audited, Dixa orphan/missing-seat rules not evaluated', async () => {
      const r = await runCli(
        ['run', '--dixa-url', sims.urls.dixa, '--dialpad-url', sims.urls.dialpad, '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config, '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', 'reports/incomplete', '--snapshot-dir', 'snapshots/incomplete', '-q'],
        { cwd, env: { DIXA_API_TOKEN: 'not-the-demo-token', DIALPAD_API_TOKEN: sims.tokens.dialpad } },
      );
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/Dixa.*401/i);
      const doc = await readDoc(join(cwd, 'reports', 'incomplete'));
      expect(doc.summary.complete).toBe(false);
      const ne = doc.notEvaluated.filter((n) => n.vendor === 'dixa').map((n) => n.rule);
      expect(ne).toEqual(expect.arrayContaining(['ORPHANED_ACCOUNT', 'MISSING_SEAT']));
      expect(doc.findings.filter((f) => f.vendor === 'dixa' && (f.rule === 'ORPHANED_ACCOUNT' || f.rule === 'MISSING_SEAT'))).toEqual([]);
      expect(doc.findings.filter((f) => f.vendor === 'dialpad').length).toBeGreaterThan(10);
    });
  });

  it('4: an unexpected internal error prints one line and no stack', async () => {
    const r = await runCli(['run', '--demo'], { cwd, env: { ACCESS_AUDIT_SELFTEST_CRASH: '1' } });
    expect(r.code).toBe(4);
    expect(stderrLines(r)).toEqual([
      'access-audit: internal error: self-test crash requested by ACCESS_AUDIT_SELFTEST_CRASH=1',
      'access-audit: this is a bug; re-run with --verbose and report it',
    ]);
    const verbose = await runCli(['run', '--demo', '--verbose'], { cwd, env: { ACCESS_AUDIT_SELFTEST_CRASH: '1' } });
    expect(verbose.code).toBe(4);
    expect(verbose.stderr).toMatch(/at .*main\.js/);
  });
});

describe('3: bad input, one line naming the flag, file, variable or JSON path', () => {
  let badConfig: string;
  let unknownKey: string;
  let notJson: string;
  let badExceptions: string;
  let notSnapshot: string;
  beforeAll(async () => {
    badConfig = join(cwd, 'bad-value.json');
    await writeFile(badConfig, JSON.stringify({ thresholds: { inviteMaxAgeDays: 0 } }));
    unknownKey = join(cwd, 'unknown-key.json');
    await writeFile(unknownKey, JSON.stringify({ vendors: { dixa: { rateLimt: { perSecond: 5 } } } }));
    notJson = join(cwd, 'not-json.json');
    await writeFile(notJson, '{ "failOn": ');
    badExceptions = join(cwd, 'bad-exceptions.json');
    await writeFile(badExceptions, JSON.stringify({ exceptions: [{ id: 'E1', kind: 'bogus' }] }));
    notSnapshot = join(cwd, 'not-a-snapshot');
    await mkdir(notSnapshot, { recursive: true });
  });

  const idp = () => fx.paths.idpUsers;
  const tokens = { DIXA_API_TOKEN: 't1-not-used', DIALPAD_API_TOKEN: 't2-not-used' };
  const cases: Array<[string, () => string[], Record<string, string | undefined>, RegExp]> = [
    ['an unknown flag', () => ['run', '--demo', '--frobnicate'], {}, /Unknown argument: frobnicate/],
    ['an unknown command', () => ['rnu'], {}, /unknown command "rnu"\. Did you mean run\?/],
    ['a missing --idp', () => ['run'], tokens, /--idp is required/],
    ['a missing Dixa token', () => ['run', '--idp', idp()], { ...NO_TOKENS }, /DIXA_API_TOKEN is not set/],
    ['a missing Dialpad token', () => ['run', '--idp', idp(), '--vendors', 'dialpad'], { ...NO_TOKENS }, /DIALPAD_API_TOKEN is not set/],
    ['a missing IdP file', () => ['run', '--idp', join(cwd, 'nope.csv')], tokens, /--idp .*nope\.csv: cannot read \(ENOENT\)/],
    ['a missing assignments file', () => ['run', '--idp', idp(), '--assignments', join(cwd, 'nope2.csv')], tokens, /--assignments .*nope2\.csv: cannot read \(ENOENT\)/],
    ['a folder given as the IdP file', () => ['run', '--idp', cwd], tokens, /--idp .*: not a file/],
    ['a missing config file', () => ['run', '--demo', '--config', join(cwd, 'nope.json')], {}, /--config .*nope\.json: cannot read \(ENOENT\)/],
    ['a bad config value', () => ['run', '--demo', '--config', badConfig], {}, /\$\.thresholds\.inviteMaxAgeDays/],
    ['an unknown config key', () => ['run', '--demo', '--config', unknownKey], {}, /\$\.vendors\.dixa: unknown key "rateLimt"/],
    ['a config that is not JSON', () => ['run', '--demo', '--config', notJson], {}, /not valid JSON/],
    ['a bad exceptions file', () => ['run', '--demo', '--exceptions', badExceptions], {}, /bad-exceptions\.json: \$\.exceptions\[0\]/],
    ['an unknown vendor', () => ['run', '--demo', '--vendors', 'slack'], {}, /--vendors: unknown vendor "slack"/],
    ['an unknown --fail-on', () => ['run', '--demo', '--fail-on', 'severe'], {}, /Invalid values: Argument: fail-on, Given: "severe", Choices: "critical"/],
    ['a bad --as-of', () => ['run', '--demo', '--as-of', 'last tuesday'], {}, /--as-of: "last tuesday" is not a date/],
    ['a bad --dixa-url', () => ['run', '--idp', idp(), '--dixa-url', 'dev.dixa.io'], tokens, /--dixa-url: not a URL/],
    ['a --previous that is not a folder', () => ['run', '--demo', '--previous', join(cwd, 'nope-dir')], {}, /--previous .*nope-dir: no such folder/],
    ['an audit of a folder that is not a snapshot', () => ['audit', '--snapshot', notSnapshot, '--idp', idp(), '--out', join(cwd, 'o')], {}, /not-a-snapshot/],
    ['an audit without --snapshot', () => ['audit', '--idp', idp(), '--out', join(cwd, 'o')], {}, /Missing required argument: snapshot/],
    ['verify of a folder that is not a snapshot', () => ['verify', notSnapshot], {}, /not-a-snapshot/],
    ['idp of a missing file', () => ['idp', join(cwd, 'nope.csv')], {}, /nope\.csv/],
    ['init over an existing file', () => ['init', '--out', badConfig], {}, /already exists/],
  ];

  it.each(cases)('%s', async (_name, args, env, message) => {
    const r = await runCli(args(), { cwd, env });
    expect(r.code, r.stderr).toBe(3);
    const lines = stderrLines(r);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('init and simulate', () => {
  it('init writes a config that loads and a JSON Schema for editors', async () => {
    const r = await runCli(['init', '--out', join(cwd, 'init', 'access-audit.config.json')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const config = await loadConfig(join(cwd, 'init', 'access-audit.config.json'));
    expect(config.thresholds.inviteMaxAgeDays).toBe(14);
    const schema = JSON.parse(await readFile(join(cwd, 'init', 'access-audit.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['vendors', 'idp', 'entitlements', 'correlation', 'thresholds', 'plan']));
  });

  it('simulate serves both APIs for curl with the demo tokens until interrupted', async () => {
    const child = spawn(process.execPath, [CLI, 'simulate'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const urls = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const found = [...out.matchAll(/simulator:\s+(http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] ?? '');
        if (found.length === 2) resolve(found);
      });
      child.on('exit', () => reject(new Error(`simulate exited early: ${out}`)));
    });
    const dixa = await request(`${urls[0]}/v1/agents?pageLimit=5`, { headers: { authorization: fx.dixa === undefined ? '' : (await import('../../src/demo/constants.js')).DEMO_DIXA_TOKEN } });
    expect(dixa.statusCode).toBe(200);
    expect(((await dixa.body.json()) as { data: unknown[] }).data).toHaveLength(5);
    const dialpad = await request(`${urls[1]}/api/v2/users?state=all`, { headers: { authorization: `Bearer ${(await import('../../src/demo/constants.js')).DEMO_DIALPAD_TOKEN}` } });
    expect(dialpad.statusCode).toBe(200);
    await dialpad.body.dump();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
