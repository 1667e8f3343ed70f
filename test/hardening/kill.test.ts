import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/collect/collect.js';
import { loadConfig } from '../../src/config/load.js';
import { DEMO_AS_OF } from '../../src/demo/constants.js';
import { loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { generateOrg, writeOrg } from '../../src/demo/generate.js';
import { Prng } from '../../src/demo/prng.js';
import { FAST_HTTP } from '../collect/helpers.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { runCliKilled } from '../helpers/kill.js';
import { demoAuditArgs, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, hashTree, removeTempDirs, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';

/**
 * Issue 9, kill test: SIGKILL at seeded random points while `snapshot` collects and while `audit` writes its
 * reports. The kill points are drawn inside the window in which the command writes: from the moment its staging
 * folder appears to the end of an uninterrupted control run of the same command (so every point is a real
 * "mid-write" kill, not a kill before start-up). KILL_SEED=<n> replays another set of points.
 *
 * "Looks complete" (what must never be left behind at the path a user named):
 *  - a snapshot folder looks complete when it has a manifest.json: `verify` and `audit` then trust it. So after a
 *    kill the --out path must either not exist (verify and audit exit 3 with one line) or be a finalized,
 *    intact snapshot (verify exit 0). The partial dot-folder left beside it must be refused too (verify 3 or 1,
 *    audit 3), since someone will find it and try.
 *  - a report folder looks complete when it has findings.json or run.json (the files a reader or a tool opens).
 *    So after a kill the --out path must be either the previous report byte for byte, or a complete new report:
 *    run.json present and listing every other file of the folder with its SHA-256, each matching, nothing more
 *    and nothing less. It may be absent only while the swap is under way, and then the previous report is intact
 *    in the `.<name>.old-*` folder beside it. Nothing else but dot-folders (`.<name>.staging-*`) is left beside it.
 */

const SEED = Number(process.env.KILL_SEED ?? 20261123);
const POINTS = 5;
const ENV = { DIXA_API_TOKEN: HARD_DIXA_TOKEN, DIALPAD_API_TOKEN: HARD_DIALPAD_TOKEN };

let base: string;
let fx: DemoFixture;
let sims: DemoSims;
let configPath: string;
beforeAll(async () => {
  base = tempDir('aa-kill-');
  // A bigger organisation than the committed demo: a wider window to land in.
  await writeOrg(generateOrg({ seed: 9, people: 2000, asOf: DEMO_AS_OF }), join(base, 'org'));
  fx = await loadDemoFixture(join(base, 'org'));
  sims = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN }, fixture: fx });
  configPath = await writeFastConfig(base, fx.paths.config);
}, 60_000);
afterAll(async () => {
  await sims?.close();
  removeTempDirs();
});

function oneLine(stderr: string): string[] {
  return stderr.trim().split('\n');
}

describe(`SIGKILL during snapshot (seed ${SEED})`, () => {
  it('leaves no folder that verify or audit would take for a snapshot', async () => {
    // Paced at 40 requests/s: the collection lasts about a second and a half, a window wide enough to land in.
    const paced = await writeFastConfig(base, fx.paths.config, { perSecond: 40, burst: 4 }, 'paced.config.json');
    const args = (out: string) => ['snapshot', '--quiet', '--config', paced, '--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url, '--out', out];
    const marker = /^\.snap\.partial-/;
    const control = await runCliKilled(args(join(base, 'snap-control', 'snap')), { env: ENV, watchDir: join(base, 'snap-control'), marker });
    expect(control.code, control.stderr).toBe(0);
    const window = control.afterMarkerMs ?? 0;
    expect(window).toBeGreaterThan(0);

    const prng = new Prng(SEED);
    let midRun = 0;
    for (let i = 0; i < POINTS; i++) {
      const parent = join(base, `snap-kill-${i}`);
      const out = join(parent, 'snap');
      // Inside the first 70% of the window: the end of it is the final rename and the process exit.
      const at = Math.round(prng.next() * 0.7 * window);
      const run = await runCliKilled(args(out), { env: ENV, watchDir: parent, marker, killAfterMs: at });
      const where = `point ${i} (${at} ms of ${Math.round(window)} ms into writing)`;
      const entries = readdirSync(parent);
      expect(entries.every((n) => n === 'snap' || marker.test(n)), `${where}: ${entries.join(', ')}`).toBe(true);
      if (run.signal !== 'SIGKILL' || existsSync(out)) {
        // Finished (or killed after the final rename): then it is a whole snapshot.
        const verify = await runMain(['verify', out]);
        expect(verify.code, `${where}: ${verify.stderr}`).toBe(0);
        continue;
      }
      midRun++;
      // The first point through the binary, the others through main() in this process (same code, no start-up).
      const cli = midRun === 1 ? (a: string[]) => runCli(a) : (a: string[]) => runMain(a);
      const verify = await cli(['verify', out]);
      expect(verify.code, where).toBe(3);
      expect(oneLine(verify.stderr), where).toEqual([expect.stringMatching(/no such folder|not a finalized access-audit snapshot/)]);
      const audit = await cli(['audit', '--snapshot', out, ...(await demoAuditArgs(configPath, fx)), '--out', join(parent, 'reports')]);
      expect(audit.code, where).toBe(3);
      expect(oneLine(audit.stderr), where).toHaveLength(1);
      for (const partial of entries.filter((n) => marker.test(n))) {
        const dir = join(parent, partial);
        const v = await cli(['verify', dir]);
        expect([1, 3], `${where}: verify ${partial}: ${v.stderr}`).toContain(v.code);
        const a = await cli(['audit', '--snapshot', dir, ...(await demoAuditArgs(configPath, fx)), '--out', join(parent, 'reports')]);
        expect(a.code, `${where}: audit ${partial}: ${a.stderr}`).toBe(3);
        expect(oneLine(a.stderr), where).toEqual([expect.stringMatching(/^access-audit: .*(not a finalized access-audit snapshot|does not match the hash)/)]);
      }
      expect(existsSync(join(parent, 'reports')), where).toBe(false);
    }
    // The points really landed while the snapshot was being written.
    expect(midRun).toBeGreaterThanOrEqual(2);
  }, 90_000);
});

/** run.json present and listing exactly the other files of the folder, each with its SHA-256. */
function expectCompleteReport(dir: string, where: string): void {
  const files = hashTree(dir);
  expect(Object.keys(files), where).toContain('run.json');
  const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { outputs: Record<string, string> };
  const { 'run.json': _run, ...others } = files;
  expect(others, where).toEqual(run.outputs);
  expect(Object.keys(run.outputs), where).toContain('findings.json');
  expect(JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')), where).toHaveProperty('summary.complete', true);
}

describe(`SIGKILL while audit writes its reports (seed ${SEED})`, () => {
  it('leaves the previous report untouched or a complete new one, never a folder that only looks complete', async () => {
    const snapshot = join(base, 'stored-snapshot');
    const config = await loadConfig(configPath);
    const collected = await collectSnapshot({
      outDir: snapshot,
      vendors: ['dixa', 'dialpad'],
      baseUrls: { dixa: sims.dixa.url, dialpad: sims.dialpad.url },
      tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN },
      config,
      http: FAST_HTTP,
    });
    expect(collected.complete).toBe(true);

    const parent = join(base, 'reports');
    const out = join(parent, 'q4');
    const args = ['audit', '--quiet', '--snapshot', snapshot, ...(await demoAuditArgs(configPath, fx)), '--out', out];
    const marker = /^\.q4\.staging-/;
    // The control run writes the "previous" report and measures how long writing takes.
    const control = await runCliKilled(args, { watchDir: parent, marker });
    expect(control.code, control.stderr).toBe(1);
    expectCompleteReport(out, 'control');
    const window = control.afterMarkerMs ?? 0;
    expect(window).toBeGreaterThan(0);

    const prng = new Prng(SEED + 1);
    let duringWrite = 0;
    for (let i = 0; i < POINTS; i++) {
      const before = hashTree(out);
      const at = Math.round(prng.next() * 0.7 * window);
      const where = `point ${i} (${at} ms of ${Math.round(window)} ms into writing)`;
      const run = await runCliKilled(args, { watchDir: parent, marker, killAfterMs: at });
      const entries = readdirSync(parent);
      expect(entries.filter((n) => !n.startsWith('.')), where).toEqual(entries.includes('q4') ? ['q4'] : []);
      if (run.signal === 'SIGKILL' && entries.some((n) => marker.test(n))) duringWrite++;
      if (!existsSync(out)) {
        // Killed between the two renames of the swap: the previous report is whole in .q4.old-*; put it back.
        const old = entries.find((n) => n.startsWith('.q4.old-'));
        expect(old, where).toBeDefined();
        expect(hashTree(join(parent, old as string)), where).toEqual(before);
        renameSync(join(parent, old as string), out);
        continue;
      }
      const now = hashTree(out);
      if (JSON.stringify(now) === JSON.stringify(before)) continue;
      expectCompleteReport(out, where);
    }
    expect(duringWrite).toBeGreaterThanOrEqual(2);

    // A first report (no previous one at that path): killed, the path is absent or a complete report.
    for (let i = 0; i < 2; i++) {
      const fresh = join(base, `first-report-${i}`);
      const at = Math.round(prng.next() * 0.7 * window);
      const where = `first report, point ${i} (${at} ms of ${Math.round(window)} ms into writing)`;
      const firstArgs = args.map((a) => (a === out ? join(fresh, 'q4') : a));
      const run = await runCliKilled(firstArgs, { watchDir: fresh, marker, killAfterMs: at });
      const entries = readdirSync(fresh);
      expect(entries.filter((n) => !n.startsWith('.')), where).toEqual(entries.includes('q4') ? ['q4'] : []);
      if (existsSync(join(fresh, 'q4'))) expectCompleteReport(join(fresh, 'q4'), where);
      else expect(run.signal, where).toBe('SIGKILL');
    }

    // Leftover staging folders do not disturb the next run.
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(1);
    expectCompleteReport(out, 'after the kills');
  }, 90_000);
});
