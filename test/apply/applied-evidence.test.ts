import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedCitations } from '../../src/audit/applied-evidence.js';
import { ApplyResult, countOutcomes, type ActionResult } from '../../src/apply/result.js';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { plantedDecisionsLog, plantRevokes, type PlantedRevoke } from '../../src/demo/remediation-round.js';
import { FindingsDocument } from '../../src/model/finding.js';
import type { RemediationPlan } from '../../src/model/plan.js';
import { writeMarker } from '../../src/output-folder/marker.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 18, the apply result as evidence: `audit --previous Q1 --applied APPLY` cites, on each Revoke of the previous
 * review, what apply reported for that account (Remediation verified sheet, summary.html, findings.json), records the
 * result in run.json with its SHA-256, and refuses a result of another review. The demo run is real (the built CLI);
 * the apply result is hand-made but schema-valid, beside it, because the snapshot stays the same: the planted revokes
 * are still active, so an apply that says "done" must be flagged, never believed.
 */
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };
let cwd: string;
let fx: DemoFixture;
let q1: FindingsDocument;
let picks: PlantedRevoke[];

function action(p: PlantedRevoke, i: number, outcome: ActionResult['outcome'], code: ActionResult['code'], reason: string): ActionResult {
  return {
    actionId: `act-${i}`,
    order: i,
    vendor: p.vendor,
    kind: 'suspend_user',
    title: `Revoke ${p.accountId}`,
    accountId: p.accountId,
    accountIds: [p.accountId],
    findingIds: [],
    outcome,
    code,
    reason,
    call: null,
    at: `2026-12-11T10:0${i}:00.000Z`,
  };
}

/** An apply folder as `apply --execute` leaves it: the apply marker and apply-result.json (no journal needed here). */
async function applyFolder(name: string, edit: (r: ApplyResult) => void = () => undefined): Promise<string> {
  const dir = join(cwd, name);
  await mkdir(dir, { recursive: true });
  await writeMarker(dir, 'apply', `apply-${name}`);
  const [a, b] = picks;
  if (!a || !b) throw new Error('the demo plants fewer than two revokes');
  const actions = [action(a, 0, 'done', null, 'confirmed by a read after the call'), action(b, 1, 'skipped', 'drift', 'status changed since the plan')];
  const result: ApplyResult = {
    schemaVersion: 1,
    kind: 'access-audit-apply-result',
    mode: 'execute',
    applyId: `apply-${name}`,
    plan: { file: 'q1-final/remediation-plan.json', sha256: 'f'.repeat(64), runId: q1.run.id, snapshotSha256: q1.run.snapshotSha256 ?? '' },
    startedAt: '2026-12-11T10:00:00.000Z',
    finishedAt: '2026-12-11T10:05:00.000Z',
    resumed: 0,
    complete: true,
    interrupted: false,
    stoppedVendors: [],
    counts: countOutcomes(actions),
    actions,
    journal: null,
  };
  edit(result);
  await writeFile(join(dir, 'apply-result.json'), JSON.stringify(ApplyResult.parse(result), null, 2));
  return dir;
}

const auditArgs = (out: string): string[] => [
  'audit', '--snapshot', 'snap1', '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config,
  '--exceptions', fx.paths.exceptions, '--as-of', fx.meta.asOf, '--out', out, '--fail-on', 'none', '-q',
];

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-applied-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  const first = await runCli(['run', '--demo', '--snapshot-dir', 'snap1', '--out', 'q1', '-q'], { cwd, env: NO_TOKENS });
  expect(first.code, first.stderr).toBe(0);
  q1 = FindingsDocument.parse(JSON.parse(await readFile(join(cwd, 'q1', 'findings.json'), 'utf8')));
  const plan = JSON.parse(await readFile(join(cwd, 'q1', 'remediation-plan.json'), 'utf8')) as RemediationPlan;
  picks = plantRevokes(q1, plan, new Date(fx.meta.asOf));
  await writeFile(join(cwd, 'q1', 'decisions-log.json'), JSON.stringify(plantedDecisionsLog(picks)));
}, 240_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('--applied: the apply result cited on Remediation verified', () => {
  it('cites each account\'s outcome in findings.json, the sheet and summary.html; records the file in run.json; the snapshot still decides', async () => {
    const dir = await applyFolder('apply');
    const r = await runCli([...auditArgs('q2'), '--previous', 'q1', '--applied', dir], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const doc = FindingsDocument.parse(JSON.parse(await readFile(join(cwd, 'q2', 'findings.json'), 'utf8')));
    const bytes = await readFile(join(dir, 'apply-result.json'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const checks = doc.remediation?.checks ?? [];
    const [a, b] = picks;
    const ca = checks.find((c) => c.vendor === a?.vendor && c.accountId === a.accountId);
    const cb = checks.find((c) => c.vendor === b?.vendor && c.accountId === b.accountId);
    // Same snapshot as the review: the account is still there, whatever apply said.
    expect(ca?.status).toBe('not_done');
    expect(ca?.applied).toMatchObject({ outcome: 'done', actionIds: ['act-0'], source: 'apply-result.json', sha256: sha, applyId: 'apply-apply' });
    expect(ca?.detail).toMatch(/^apply reported done at 2026-12-11T10:00:00.000Z, but the snapshot still shows it: still active/);
    expect(cb?.applied).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/drift: status changed since the plan/) });
    expect(cb?.detail).not.toMatch(/apply reported/);
    // Every other Revoke: apply named it nowhere (null), which is itself worth seeing.
    for (const c of checks.filter((x) => x !== ca && x !== cb)) expect(c.applied).toBeNull();

    const run = JSON.parse(await readFile(join(cwd, 'q2', 'run.json'), 'utf8')) as { run: { inputs: Array<{ role: string; path: string; sha256: string }> } };
    expect(run.run.inputs).toContainEqual({ role: 'applied-result', path: join(dir, 'apply-result.json'), sha256: sha });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(cwd, 'q2', 'access-review.xlsx'));
    const ws = wb.getWorksheet('Remediation verified');
    const header = (ws?.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('Applied');
    expect(col).toBeGreaterThan(0);
    const cells: string[] = [];
    ws?.eachRow((row, n) => {
      if (n > 1) cells.push(String(row.getCell(col).value ?? ''));
    });
    expect(cells.some((c) => c.startsWith('done at 2026-12-11T10:00:00.000Z') && c.includes(`SHA-256 ${sha}`))).toBe(true);
    expect(cells.some((c) => c.startsWith('skipped at'))).toBe(true);

    const html = await readFile(join(cwd, 'q2', 'summary.html'), 'utf8');
    expect(html).toContain('<th>Applied</th>');
    expect(html).toContain('data-testid="remediation-applied" data-outcome="done"');
    expect(html).toContain('data-outcome="skipped"');
    expect(html).toContain('apply reported done at');
  }, 120_000);

  it('without --applied the review is as before: no Applied field, no Applied column in summary.html', async () => {
    const r = await runCli([...auditArgs('q2-plain'), '--previous', 'q1'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const raw = JSON.parse(await readFile(join(cwd, 'q2-plain', 'findings.json'), 'utf8')) as { remediation: { checks: object[] } };
    expect(raw.remediation.checks.length).toBe(picks.length);
    for (const c of raw.remediation.checks) expect('applied' in c).toBe(false);
    expect(await readFile(join(cwd, 'q2-plain', 'summary.html'), 'utf8')).not.toContain('<th>Applied</th>');
  }, 120_000);

  it('refuses, exit 3 with one line naming the file: a result of another review, a dry run, a folder apply did not write; --applied without --previous', async () => {
    const other = await applyFolder('other', (r) => {
      r.plan.runId = '00000000-0000-4000-8000-000000000000';
    });
    const bad = await runCli([...auditArgs('q2-other'), '--previous', 'q1', '--applied', other], { cwd });
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain(join(other, 'apply-result.json'));
    expect(bad.stderr).toMatch(/not of the --previous review/);

    const dry = await applyFolder('dry', (r) => {
      r.mode = 'dry-run';
    });
    const dryRun = await runCli([...auditArgs('q2-dry'), '--previous', 'q1', '--applied', dry], { cwd });
    expect(dryRun.code).toBe(3);
    expect(dryRun.stderr).toMatch(/a dry run/);

    const unmarked = join(cwd, 'unmarked');
    await mkdir(unmarked, { recursive: true });
    await writeFile(join(unmarked, 'apply-result.json'), await readFile(join(cwd, 'apply', 'apply-result.json')));
    const noMarker = await runCli([...auditArgs('q2-unmarked'), '--previous', 'q1', '--applied', unmarked], { cwd });
    expect(noMarker.code).toBe(3);
    expect(noMarker.stderr).toMatch(/no apply marker/);

    const alone = await runCli([...auditArgs('q2-alone'), '--applied', join(cwd, 'apply')], { cwd });
    expect(alone.code).toBe(3);
    expect(alone.stderr.trim().split('\n')).toHaveLength(1);
    expect(alone.stderr).toMatch(/--applied needs --previous/);
  }, 120_000);
});

describe('appliedCitations', () => {
  const base = { vendor: 'dixa' as const, kind: 'x', title: 't', accountId: 'a1', accountIds: ['a1'], findingIds: [], call: null, code: null, reason: 'r' };
  const file = (finishedAt: string, actions: ActionResult[]): Parameters<typeof appliedCitations>[0][number] => ({
    dir: 'd',
    path: 'd/apply-result.json',
    sha256: finishedAt,
    result: ApplyResult.parse({
      schemaVersion: 1, kind: 'access-audit-apply-result', mode: 'execute', applyId: finishedAt, plan: { file: 'p', sha256: 's', runId: 'r', snapshotSha256: 'n' },
      startedAt: finishedAt, finishedAt, resumed: 0, complete: true, interrupted: false, stoppedVendors: [], counts: {}, actions, journal: null,
    }),
  });

  it('sums an account\'s actions (failed over skipped over done; manual steps beside done do not hide it) and takes the last result', () => {
    const first = file('2026-12-11T00:00:00Z', [
      { ...base, actionId: 'm', order: 0, outcome: 'manual', at: '2026-12-11T00:00:01Z' },
      { ...base, actionId: 'd', order: 1, outcome: 'done', at: '2026-12-11T00:00:02Z' },
      { ...base, actionId: 'f', order: 2, accountId: null, accountIds: ['a2'], outcome: 'failed', code: 'sent', at: '2026-12-11T00:00:03Z' },
    ]);
    const cites = appliedCitations([first]);
    expect(cites.get('dixa:a1')).toMatchObject({ outcome: 'done', at: '2026-12-11T00:00:02Z', actionIds: ['m', 'd'], reason: '1 action done; 1 manual step listed for a person' });
    expect(cites.get('dixa:a2')).toMatchObject({ outcome: 'failed', reason: 't: sent: r' });
    // A permanent delete left for after the retention period is a later step, not a skipped revoke.
    const deferred = file('2026-12-10T00:00:00Z', [
      { ...base, actionId: 'sus', order: 0, outcome: 'done', at: '2026-12-10T00:00:01Z' },
      { ...base, actionId: 'del', order: 1, outcome: 'skipped', code: 'permanent', at: '2026-12-10T00:00:02Z' },
    ]);
    expect(appliedCitations([deferred]).get('dixa:a1')).toMatchObject({ outcome: 'done', reason: '1 action done; 1 later step not run yet (permanent)' });
    const later = file('2026-12-12T00:00:00Z', [{ ...base, actionId: 's', order: 0, outcome: 'skipped', code: 'already_done', at: '2026-12-12T00:00:01Z' }]);
    expect(appliedCitations([later, first]).get('dixa:a1')).toMatchObject({ outcome: 'skipped', applyId: '2026-12-12T00:00:00Z' });
  });
});
