import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import { carryOutRevokes, plantedDecisionsLog, plantRevokes, type PlantedRevoke } from '../../src/demo/remediation-round.js';
import type { FindingsDocument } from '../../src/model/finding.js';
import type { RemediationPlan } from '../../src/model/plan.js';
import { startDemoSimulators, type DemoSimulators } from '../../src/pipeline/demo.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14 acceptance: the demo's second quarter. The first review's Revoke decisions were carried out in the
 * simulators through their write routes (some fully, some partly, some not); the next run with --previous reports
 * each as done / partly done / not done, as planted, and REVOCATION_NOT_DONE for those overdue.
 */
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };
let cwd: string;
let fx: DemoFixture;
let sims: DemoSimulators;
let picks: PlantedRevoke[];
let second: FindingsDocument;
let code: number | null;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-remediation-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  const first = await runCli(['run', '--demo', '--snapshot-dir', 'snap1', '--out', 'q1'], { cwd, env: NO_TOKENS });
  expect(first.code, first.stderr).toBe(0);
  const doc = JSON.parse(await readFile(join(cwd, 'q1', 'findings.json'), 'utf8')) as FindingsDocument;
  const plan = JSON.parse(await readFile(join(cwd, 'q1', 'remediation-plan.json'), 'utf8')) as RemediationPlan;
  const asOf = new Date(fx.meta.asOf);
  picks = plantRevokes(doc, plan, asOf);
  await writeFile(join(cwd, 'q1', 'decisions-log.json'), JSON.stringify(plantedDecisionsLog(picks)));
  sims = await startDemoSimulators(fx);
  await carryOutRevokes(picks, { urls: sims.urls, tokens: sims.tokens });
  const r = await runCli(
    [
      'run', '--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--config', fx.paths.config, '--exceptions', fx.paths.exceptions,
      '--dixa-url', sims.urls.dixa, '--dialpad-url', sims.urls.dialpad, '--previous', 'q1', '--as-of', fx.meta.asOf,
      '--snapshot-dir', 'snap2', '--out', 'q2', '--fail-on', 'critical', '-q',
    ],
    { cwd, env: { DIXA_API_TOKEN: sims.tokens.dixa, DIALPAD_API_TOKEN: sims.tokens.dialpad } },
  );
  code = r.code;
  expect([0, 1], r.stderr).toContain(r.code);
  second = JSON.parse(await readFile(join(cwd, 'q2', 'findings.json'), 'utf8')) as FindingsDocument;
}, 300_000);

afterAll(async () => {
  await sims?.close();
  await rm(cwd, { recursive: true, force: true });
});

describe('the demo remediation round', () => {
  it('plants every outcome, on both vendors', () => {
    expect(code).not.toBeNull();
    const outcomes = new Set(picks.map((p) => p.expected));
    expect([...outcomes].sort()).toEqual(['done', 'not_done', 'partly_done']);
    expect(new Set(picks.map((p) => p.vendor)).size).toBe(2);
  });

  it('reports done / partly done / not done exactly as planted (the answer key)', () => {
    const checks = second.remediation?.checks ?? [];
    const got = checks.map((c) => `${c.vendor}:${c.accountId} ${c.decision} ${c.status}`).sort();
    const want = picks.map((p) => `${p.vendor}:${p.accountId} Revoke ${p.expected}`).sort();
    expect(got).toEqual(want);
    expect(second.remediation?.remediationDays).toBe(14);
  });

  it('raises REVOCATION_NOT_DONE (high) for each overdue revoke not or partly done, and for nothing else', () => {
    const found = second.findings.filter((f) => f.rule === 'REVOCATION_NOT_DONE');
    const want = picks.filter((p) => p.expected !== 'done').map((p) => `${p.vendor}:${p.accountId}`).sort();
    expect(found.map((f) => f.subject).sort()).toEqual(want);
    expect(found.every((f) => f.severity === 'high')).toBe(true);
    expect(second.notEvaluated.some((n) => n.rule === 'REVOCATION_NOT_DONE')).toBe(false);
  });

  it('shows the table in the workbook (Remediation verified) and in summary.html', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(cwd, 'q2', 'access-review.xlsx'));
    const ws = wb.getWorksheet('Remediation verified');
    expect(ws).toBeDefined();
    expect((ws?.rowCount ?? 0) - 1).toBe(picks.length);
    const html = await readFile(join(cwd, 'q2', 'summary.html'), 'utf8');
    expect(html).toContain('data-testid="remediation"');
    for (const p of picks) expect(html).toContain(p.accountId);
  });
});
