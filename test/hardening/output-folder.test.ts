import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { demoAuditArgs, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, removeTempDirs, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';
import { treeState } from '../helpers/tree.js';

/**
 * Issue 12 section 1: `--out` never deletes what access-audit did not write. Every refusal is exit 3 with one line
 * naming the path, and the path (and the folder around it) is the same byte for byte afterwards.
 */

// Each case runs the built CLI several times; on a loaded two-core machine one start-up takes seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const ENV = { DIXA_API_TOKEN: HARD_DIXA_TOKEN, DIALPAD_API_TOKEN: HARD_DIALPAD_TOKEN };
const MARKER = '.access-audit-output.json';

let base: string;
let sims: DemoSims;
let configPath: string;
let snapshot: string;
let auditArgs: string[];

beforeAll(async () => {
  base = tempDir('aa-outdir-');
  sims = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN } });
  configPath = await writeFastConfig(base);
  snapshot = join(base, 'snapshot');
  // Written by the CLI, so its marker names a process that is gone (a copy of it is a killed run's leftover).
  const r = await runCli(['snapshot', '--quiet', '--config', configPath, '--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url, '--out', snapshot], { env: ENV });
  expect(r.code, r.stderr).toBe(0);
  auditArgs = ['audit', '--quiet', '--snapshot', snapshot, ...(await demoAuditArgs(configPath))];
});
afterAll(async () => {
  await sims?.close();
  removeTempDirs();
});

/** A folder of someone's own files: what must survive. */
function userFolder(path: string): string {
  mkdirSync(join(path, 'sub', 'empty'), { recursive: true });
  writeFileSync(join(path, 'notes.txt'), 'my notes\n');
  writeFileSync(join(path, 'sub', 'data.csv'), 'a,b\n1,2\n');
  return path;
}

function expectRefused(r: CliResult, path: string, why: RegExp): void {
  expect(r.code, r.stderr).toBe(3);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(why);
}

/** Runs the command and checks the refusal left `watch` (the target's parent, so nothing appears beside it) as it was. */
async function refusedUnchanged(args: string[], watch: string, path: string, why: RegExp, opts: Parameters<typeof runCli>[1] = {}): Promise<void> {
  const before = treeState(watch);
  const r = await runCli(args, opts);
  expectRefused(r, path, why);
  expect(treeState(watch)).toEqual(before);
}

describe('audit --out refuses what it did not write', () => {
  it('an existing file', async () => {
    const dir = tempDir('aa-outdir-file-');
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'keep me\n');
    await refusedUnchanged([...auditArgs, '--out', file], dir, file, /exists and is not a folder/);
  });

  it('a non-empty folder without the access-audit marker', async () => {
    const dir = tempDir('aa-outdir-user-');
    const mine = userFolder(join(dir, 'Documents'));
    await refusedUnchanged([...auditArgs, '--out', mine], dir, mine, /not empty and is not an earlier access-audit output/);
  });

  it('the current folder, even an empty one', async () => {
    const cwd = tempDir('aa-outdir-cwd-');
    await refusedUnchanged([...auditArgs, '--out', '.'], cwd, '--out .', /is the current folder/, { cwd });
    userFolder(cwd);
    await refusedUnchanged([...auditArgs, '--out', '.'], cwd, '--out .', /is the current folder/, { cwd });
    // A folder containing the current folder would move it away too.
    const inner = join(cwd, 'sub');
    await refusedUnchanged([...auditArgs, '--out', '..'], cwd, '--out ..', /contains the current folder/, { cwd: inner });
  });

  it('the home folder', async () => {
    const home = userFolder(tempDir('aa-outdir-home-'));
    await refusedUnchanged([...auditArgs, '--out', home], home, home, /is your home folder/, { env: { HOME: home } });
  });

  it('the filesystem root, leaving nothing behind in it', async () => {
    const before = readdirSync('/').sort();
    const r = await runCli([...auditArgs, '--out', '/']);
    expectRefused(r, '--out /', /is the filesystem root/);
    expect(readdirSync('/').sort()).toEqual(before);
  });

  it('the snapshot being read, and any folder inside it', async () => {
    await refusedUnchanged([...auditArgs, '--out', snapshot], base, snapshot, /is --snapshot/);
    await refusedUnchanged([...auditArgs, '--out', join(snapshot, 'reports')], base, join(snapshot, 'reports'), /is inside --snapshot/);
  });

  it("an input file's folder (the IdP export's, the config's)", async () => {
    const dir = tempDir('aa-outdir-inputs-');
    const inputs = userFolder(join(dir, 'inputs'));
    const args = auditArgs.slice();
    const idp = join(inputs, 'okta.csv');
    cpSync(args[args.indexOf('--idp') + 1] as string, idp);
    args[args.indexOf('--idp') + 1] = idp;
    await refusedUnchanged([...args, '--out', inputs], dir, inputs, /is the folder of --idp/);
    const config = join(inputs, 'access-audit.config.json');
    cpSync(configPath, config);
    const withConfig = auditArgs.map((a) => (a === configPath ? config : a));
    await refusedUnchanged([...withConfig, '--out', inputs], dir, inputs, /is the folder of --config/);
  });

  it("an empty --out (an unset $OUT), which today fell back to 'reports'", async () => {
    const cwd = tempDir('aa-outdir-empty-');
    userFolder(join(cwd, 'reports'));
    const before = treeState(cwd);
    const r = await runCli([...auditArgs, '--out', ''], { cwd });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^access-audit: --out: empty path/)]);
    expect(treeState(cwd)).toEqual(before);
  });

  it('a symbolic link, to a user folder or even to an earlier report: never followed, never replaced', async () => {
    const dir = tempDir('aa-outdir-link-');
    const mine = userFolder(join(dir, 'mine'));
    symlinkSync(mine, join(dir, 'link'));
    await refusedUnchanged([...auditArgs, '--out', join(dir, 'link')], dir, join(dir, 'link'), /is a symbolic link/);
    const report = join(dir, 'report');
    const first = await runCli([...auditArgs, '--out', report]);
    expect(first.code, first.stderr).toBe(1);
    symlinkSync(report, join(dir, 'report-link'));
    await refusedUnchanged([...auditArgs, '--out', join(dir, 'report-link')], dir, join(dir, 'report-link'), /is a symbolic link/);
  });

  it('an access-audit output of another kind (a snapshot is not a report)', async () => {
    const dir = tempDir('aa-outdir-kind-');
    const other = join(dir, 'other-snapshot');
    cpSync(snapshot, other, { recursive: true });
    await refusedUnchanged([...auditArgs, '--out', other], dir, other, /holds an access-audit snapshot, not a report/);
  });
});

describe('an earlier report is still replaced, atomically', () => {
  it('replaces a folder holding the report marker, leaving nothing beside it', async () => {
    const dir = tempDir('aa-outdir-replace-');
    const out = join(dir, 'q4');
    const first = await runCli([...auditArgs, '--out', out]);
    expect(first.code, first.stderr).toBe(1);
    const firstRun = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { run: { id: string }; outputs: Record<string, string> };
    const marker = JSON.parse(readFileSync(join(out, MARKER), 'utf8')) as { kind: string; runId: string; tool: string };
    expect(marker).toMatchObject({ tool: 'access-audit', kind: 'report', runId: firstRun.run.id });
    // run.json accounts for every file of the folder, the marker included.
    const { 'run.json': _run, ...others } = Object.fromEntries(
      Object.entries(treeState(out))
        .filter(([, v]) => v.startsWith('file'))
        .map(([k, v]) => [k, v.split(' ')[2]]),
    );
    expect(others).toEqual(firstRun.outputs);

    const second = await runCli([...auditArgs, '--out', out]);
    expect(second.code, second.stderr).toBe(1);
    const secondRun = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { run: { id: string } };
    expect(secondRun.run.id).not.toBe(firstRun.run.id);
    expect(readdirSync(dir)).toEqual(['q4']);
  });
});

describe('leftovers of killed runs are removed by marker only', () => {
  it('removes .NAME.staging-*, .NAME.old-* and .NAME.partial-* folders holding a dead run marker; keeps the rest', async () => {
    const dir = tempDir('aa-outdir-leftovers-');
    const out = join(dir, 'q4');
    const first = await runCli([...auditArgs, '--out', out]);
    expect(first.code, first.stderr).toBe(1);
    // What a killed run leaves: a copy of a folder an access-audit process (now gone) wrote, marker and all.
    cpSync(out, join(dir, '.q4.staging-0a1b2c3d'), { recursive: true });
    cpSync(out, join(dir, '.q4.old-0a1b2c3d'), { recursive: true });
    cpSync(snapshot, join(dir, '.q4.partial-0a1b2c3d'), { recursive: true });
    // A user's folders with the same names but no marker, or a marker that does not parse, survive.
    userFolder(join(dir, '.q4.staging-1'));
    userFolder(join(dir, '.q4.old-2'));
    writeFileSync(join(userFolder(join(dir, '.q4.partial-3')), MARKER), '{"tool": "access-audit"}');
    // A run still under way on this machine (its pid alive: this test process) is left alone.
    const live = join(dir, '.q4.staging-live');
    cpSync(out, live, { recursive: true });
    const liveMarker = JSON.parse(readFileSync(join(live, MARKER), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(live, MARKER), JSON.stringify({ ...liveMarker, pid: process.pid }));
    // Leftovers of another target in the same parent are not this run's business.
    cpSync(out, join(dir, '.q3.staging-0a1b2c3d'), { recursive: true });
    const kept = ['.q4.staging-1', '.q4.old-2', '.q4.partial-3', '.q4.staging-live', '.q3.staging-0a1b2c3d'];
    const before = Object.fromEntries(kept.map((k) => [k, treeState(join(dir, k))]));

    const again = await runCli([...auditArgs, '--out', out]);
    expect(again.code, again.stderr).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'q4'].sort());
    for (const k of kept) expect(treeState(join(dir, k)), k).toEqual(before[k]);
  });
});

describe('plan --out', () => {
  let report: string;
  beforeAll(async () => {
    report = join(tempDir('aa-outdir-plan-'), 'q4');
    const r = await runCli([...auditArgs, '--out', report]);
    expect(r.code, r.stderr).toBe(1);
  });
  const planArgs = () => ['plan', '--quiet', '--decisions', join(report, 'access-review.xlsx')];

  it('an existing file is exit 3 (was 4, EEXIST), unchanged', async () => {
    const dir = tempDir('aa-outdir-planfile-');
    const file = join(dir, 'final');
    writeFileSync(file, 'not a folder\n');
    await refusedUnchanged([...planArgs(), '--out', file], dir, file, /exists and is not a folder/);
  });

  it('a user folder is refused; an earlier final plan is replaced', async () => {
    const dir = tempDir('aa-outdir-planfolder-');
    const mine = userFolder(join(dir, 'mine'));
    await refusedUnchanged([...planArgs(), '--out', mine], dir, mine, /not empty and is not an earlier access-audit output/);
    await refusedUnchanged([...planArgs(), '--out', report], join(report, '..'), report, /would overwrite the proposed plan/);
    const final = join(dir, 'final');
    for (let i = 0; i < 2; i++) {
      const r = await runCli([...planArgs(), '--out', final]);
      // 1: written, but the campaign is not closed (this workbook decides nothing); never 3 or 4.
      expect(r.code, r.stderr).toBe(1);
      expect(readdirSync(final)).toContain('remediation-plan.json');
    }
    expect(JSON.parse(readFileSync(join(final, MARKER), 'utf8'))).toMatchObject({ kind: 'plan' });
    expect(readdirSync(dir).sort()).toEqual(['final', 'mine']);
    // A final plan folder is not a report: audit refuses to replace it.
    await refusedUnchanged([...auditArgs, '--out', final], dir, final, /holds an access-audit plan, not a report/);
  });
});

describe('snapshot --out', () => {
  const snapArgs = (out: string) => ['snapshot', '--quiet', '--config', configPath, '--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url, '--out', out];

  it('two snapshots racing for one --out: one writes it, the loser exits 3 (was 4, ENOTEMPTY) and leaves nothing', async () => {
    const dir = tempDir('aa-outdir-race-');
    const out = join(dir, 'snap');
    // Paced to a few requests a second, so each collection lasts seconds: both are past the start-up check (the
    // folder does not exist yet) and collecting at once, and the race is decided at the final rename.
    const slow = await writeFastConfig(dir, undefined, { perSecond: 6, burst: 1 }, 'slow.config.json');
    const args = snapArgs(out).map((a) => (a === configPath ? slow : a));
    const results = await Promise.all([runCli(args, { env: ENV }), runCli(args, { env: ENV })]);
    const codes = results.map((r) => r.code).sort();
    expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 3]);
    const loser = results.find((r) => r.code === 3) as CliResult;
    expectRefused(loser, out, /another run wrote there first/);
    expect(readdirSync(dir).sort()).toEqual(['slow.config.json', 'snap']);
    const verify = await runCli(['verify', out]);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('an earlier snapshot, a file, the root, an empty path: exit 3, unchanged', async () => {
    const dir = tempDir('aa-outdir-snap-');
    const copy = join(dir, 'snap');
    cpSync(snapshot, copy, { recursive: true });
    await refusedUnchanged(snapArgs(copy), dir, copy, /folder exists and is not empty/, { env: ENV });
    writeFileSync(join(dir, 'file'), 'x');
    await refusedUnchanged(snapArgs(join(dir, 'file')), dir, join(dir, 'file'), /exists and is not a folder/, { env: ENV });
    const root = await runCli(snapArgs('/'), { env: ENV });
    expectRefused(root, '--out /', /is the filesystem root/);
    const empty = await runCli(snapArgs(''), { env: ENV });
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/--out: empty path/);
  });
});

describe('run', () => {
  it('run --demo replaces its own earlier demo folders, and refuses user folders at its default paths', async () => {
    const cwd = tempDir('aa-outdir-demo-');
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['run', '--demo', '--quiet'], { cwd, env: { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined } });
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readdirSync(join(cwd, 'reports'))).toEqual(['demo']);
    expect(readdirSync(join(cwd, 'snapshots'))).toEqual(['demo']);
    expect((await runCli(['verify', join(cwd, 'snapshots', 'demo')])).code).toBe(0);

    // A user's own snapshots/demo was removed by run --demo before: now it is refused before anything runs.
    const other = tempDir('aa-outdir-demo-user-');
    userFolder(join(other, 'snapshots', 'demo'));
    await refusedUnchanged(['run', '--demo'], other, 'snapshots/demo', /not empty and is not an earlier access-audit output/, { cwd: other });
    await refusedUnchanged(['run', '--demo', '--snapshot-dir', join(other, 'fresh'), '--out', join(other, 'snapshots', 'demo')], other, 'snapshots/demo', /not empty and is not an earlier access-audit output/, { cwd: other });
    const fresh = tempDir('aa-outdir-demo-empty-');
    await refusedUnchanged(['run', '--demo', '--out', ''], fresh, '--out', /empty path/, { cwd: fresh });
    // The report folder must not hold the snapshot it is made from.
    await refusedUnchanged(['run', '--demo', '--snapshot-dir', join(other, 'r', 'snap'), '--out', join(other, 'r')], other, join(other, 'r'), /contains --snapshot-dir/, { cwd: other });
  });
});
