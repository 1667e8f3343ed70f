import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { TIMINGS_ENV } from '../../src/util/timings.js';
import { runCli, type CliResult } from '../helpers/cli.js';

/**
 * Issue 19: ACCESS_AUDIT_TIMINGS=1 makes a real run print one line per phase to stderr (what bench/e2e-scale.ts
 * reads), and changes nothing else: no line without it, the same findings with it.
 */
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };
const LINE = /^access-audit timing: phase=([a-z-]+) wall_ms=(\d+) cpu_ms=(\d+) rss_mb=(\d+) peak_rss_mb=(\d+)$/;
const AUDIT_PHASES = ['idp-read', 'assignments-read', 'snapshot-load', 'audit', 'record-sources', 'findings-document', 'plan', 'review-rows', 'report-context', 'findings-json', 'csvs', 'workbook', 'html', 'plan-files', 'review-campaign-json', 'hashing'];

let cwd: string;
let fx: DemoFixture;
let demo: CliResult;

function timingLines(r: CliResult): Array<{ phase: string; wallMs: number; cpuMs: number; rssMB: number; peakMB: number }> {
  return r.stderr
    .split('\n')
    .map((l) => LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ phase: m[1] as string, wallMs: Number(m[2]), cpuMs: Number(m[3]), rssMB: Number(m[4]), peakMB: Number(m[5]) }));
}

function audit(out: string, env: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(
    ['audit', '--snapshot', 'snapshots/demo', '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config, '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', out, '--fail-on', 'none', '-q'],
    { cwd, env: { ...NO_TOKENS, ...env } },
  );
}

/** findings.json without its run block (ids and timestamps differ on every run). */
async function findingsWithoutRun(dir: string): Promise<unknown> {
  const doc = JSON.parse(await readFile(join(cwd, dir, 'findings.json'), 'utf8')) as Record<string, unknown>;
  delete doc.run;
  return doc;
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-timings-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  demo = await runCli(['run', '--demo'], { cwd, env: { ...NO_TOKENS, [TIMINGS_ENV]: '1' } });
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('ACCESS_AUDIT_TIMINGS', () => {
  it('run --demo prints one timing line per phase, in pipeline order', () => {
    expect(demo.code, demo.stderr).not.toBe(3);
    const phases = timingLines(demo).map((t) => t.phase);
    expect(phases).toEqual(AUDIT_PHASES);
  });

  it('audit prints every phase once, with wall and CPU times and a peak RSS no smaller than the RSS', async () => {
    const r = await audit('reports/timed', { [TIMINGS_ENV]: '1' });
    expect(r.code, r.stderr).toBe(0);
    const lines = timingLines(r);
    expect(lines.map((t) => t.phase)).toEqual(AUDIT_PHASES);
    // The audit itself and the workbook do measurable work even on the 300-person demo.
    expect(lines.filter((t) => t.phase === 'workbook' || t.phase === 'audit').every((t) => t.cpuMs > 0)).toBe(true);
    for (const t of lines) {
      expect(t.rssMB).toBeGreaterThan(0);
      expect(t.peakMB).toBeGreaterThanOrEqual(t.rssMB);
    }
    // Nothing else reaches stderr with -q: the timing lines are the only ones.
    expect(r.stderr.split('\n').filter((l) => l.trim() !== '').length).toBe(lines.length);
  });

  it('without the variable (or with 0) no timing line is printed, and the findings are the same', async () => {
    const plain = await audit('reports/plain', {});
    const off = await audit('reports/off', { [TIMINGS_ENV]: '0' });
    expect(plain.code, plain.stderr).toBe(0);
    expect(timingLines(plain)).toEqual([]);
    expect(timingLines(off)).toEqual([]);
    expect(plain.stderr).not.toMatch(/timing/);
    expect(await findingsWithoutRun('reports/plain')).toEqual(await findingsWithoutRun('reports/timed'));
  });
});
