import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { startDemoSimulators, type DemoSimulators } from '../../src/pipeline/demo.js';
import { runCli } from '../helpers/cli.js';

let cwd: string;
let fx: DemoFixture;
let sims: DemoSimulators;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-json-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  sims = await startDemoSimulators(fx);
});
afterAll(async () => {
  await sims.close();
  await rm(cwd, { recursive: true, force: true });
});

const tokens = (): Record<string, string> => ({ DIXA_API_TOKEN: sims.tokens.dixa, DIALPAD_API_TOKEN: sims.tokens.dialpad });

describe('--json on every command that prints a result', () => {
  it('snapshot --json prints the snapshot on stdout and nothing else there', async () => {
    const r = await runCli(['snapshot', '--vendors', 'dixa', '--dixa-url', sims.urls.dixa, '--out', 'snap', '--json'], { cwd, env: tokens() });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { exitCode: number; dir: string; manifestSha256: string; complete: boolean; vendors: Record<string, { accounts: number }> };
    expect(json).toMatchObject({ exitCode: 0, dir: expect.stringMatching(/snap$/) as unknown as string, complete: true });
    expect(json.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.vendors['dixa']!.accounts).toBeGreaterThan(0);
    expect(Object.keys(json.vendors)).toEqual(['dixa']);
  });

  it('run --json includes the plan status, and plan --json reports the final plan', async () => {
    const run = await runCli(
      ['run', '--dixa-url', sims.urls.dixa, '--dialpad-url', sims.urls.dialpad, '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config,
        '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', 'out', '--snapshot-dir', 'snap-run', '--fail-on', 'none', '--json'],
      { cwd, env: tokens() },
    );
    expect(run.code, run.stderr).toBe(0);
    const runJson = JSON.parse(run.stdout) as { plan: { status: string; actions: number; blockedReasons: string[] } };
    const proposed = JSON.parse(await readFile(join(cwd, 'out', 'remediation-plan.json'), 'utf8')) as { status: string; actions: unknown[]; blockedReasons: string[] };
    expect(runJson.plan).toEqual({ status: proposed.status, actions: proposed.actions.length, blockedReasons: proposed.blockedReasons });

    // Nobody decided anything: the campaign is open (exit 1, issue 13's contract), the final plan is empty, and JSON says both.
    const plan = await runCli(['plan', '--decisions', join('out', 'access-review.xlsx'), '--out', 'final', '--json'], { cwd });
    expect(plan.code, plan.stderr).toBe(1);
    const planJson = JSON.parse(plan.stdout) as { exitCode: number; campaign: { closed: boolean }; plan: { status: string; actions: number }; decisions: { rows: number; undecided: number }; files: string[] };
    expect(planJson.exitCode).toBe(1);
    expect(planJson.campaign.closed).toBe(false);
    expect(planJson.plan).toMatchObject({ status: 'empty', actions: 0 });
    expect(planJson.decisions.rows).toBeGreaterThan(0);
    expect(planJson.decisions.undecided).toBe(planJson.decisions.rows);
    expect(planJson.files.length).toBeGreaterThan(0);
  });

  it('verify of a folder that does not exist says "no such folder" (exit 3)', async () => {
    const r = await runCli(['verify', join(cwd, 'nonexistent')], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nonexistent: no such folder/);
    expect(r.stderr).not.toMatch(/finalized/);
  });
});
