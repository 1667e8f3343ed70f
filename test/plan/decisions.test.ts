import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemediationPlan, type PlanAction } from '../../src/model/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { applyDecisions, quarterAhead, readDecisions, type DecisionsReadResult } from '../../src/plan/decisions.js';
import { writePlanFiles } from '../../src/plan/write.js';
import { stableStringify } from '../../src/util/json.js';
import { runCli } from '../helpers/cli.js';
import { DP_ADMIN, DP_LEFT, DP_PENDING, DX_ENDUSER, DX_GONE, DX_UNENTITLED, Q_BILLING, Q_SUPPORT, scenario, T_TIER1 } from './fixtures.js';
import { writeReviewWorkbook, type ReviewerEntry } from './workbook.js';

const REVIEWER = 'rita.reviewer@example.com';
const BOGUS = 'F-0000000000000000';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-decisions-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function reviewerFill(f: ReturnType<typeof scenario>['f']): Record<string, ReviewerEntry> {
  return {
    [f.dxGone!.id]: { decision: 'Revoke', reviewer: REVIEWER, date: new Date(Date.UTC(2024, 6, 5)), justification: 'Left in May; no owner in Okta' },
    [f.dxLeft!.id]: { decision: 'Revoke', reviewer: REVIEWER, date: new Date(Date.UTC(2024, 6, 5)) },
    [f.dxEndUser!.id]: { decision: 'Revoke', reviewer: REVIEWER, justification: 'Downgraded already; clear the queues' },
    [f.dxUnentitled!.id]: { decision: 'Revoke', reviewer: REVIEWER, justification: 'No business need confirmed by manager' },
    [f.dxDup!.id]: { decision: 'Keep', reviewer: REVIEWER },
    [f.dxInvite!.id]: { decision: 'Keep', reviewer: REVIEWER, justification: 'Starts next week' },
    [f.dpAdmin!.id]: { decision: 'Exception', reviewer: 'Ada Admin <ADA.ADMIN@example.com>', justification: 'I need admin' },
    [f.dpLeft!.id]: { decision: 'Exception', reviewer: REVIEWER, date: new Date(Date.UTC(2024, 10, 30)), justification: 'Legal hold until Q1' },
    [f.dpSuspended!.id]: { decision: 'Delete', reviewer: REVIEWER, justification: 'gone' },
  };
}

function bodyIds(a: PlanAction): string[] {
  return (a.call?.body as { agentIds: string[] }).agentIds;
}

describe('reviewer decisions round trip', () => {
  it('reads the workbook back and builds the final plan, exception proposals and log exactly', async () => {
    const s = scenario();
    const proposed = buildPlan(s.input);
    const xlsx = join(dir, 'access-review.xlsx');
    const rows = await writeReviewWorkbook(xlsx, s.input.doc, reviewerFill(s.f), [{ findingId: BOGUS, decision: 'Revoke', reviewer: REVIEWER, justification: 'x' }]);
    const read = await readDecisions(xlsx);
    expect(read.rows).toHaveLength(s.input.doc.findings.length + 1);
    const gone = read.rows.find((r) => r.findingId === s.f.dxGone!.id)!;
    expect(gone).toEqual({ row: rows.get(s.f.dxGone!.id), findingId: s.f.dxGone!.id, decision: 'Revoke', rawDecision: 'Revoke', reviewer: REVIEWER, date: '2024-07-05', justification: 'Left in May; no owner in Okta' });

    const { plan, exceptionProposals, log } = applyDecisions(proposed, s.input.doc, read, { generatedAt: '2024-07-10T12:00:00.000Z' });
    expect(() => RemediationPlan.parse(plan)).not.toThrow();
    expect(plan.source).toBe('decisions');
    expect(plan.status).toBe('ready');

    // Only the Revoke decisions became actions: Gina (gone), Erin (dangling end user), Uma (unentitled, released from onRevoke).
    expect(plan.actions.map((a) => a.kind)).toEqual([
      'reassign_conversations',
      'reassign_conversations',
      ...plan.actions.slice(2, 5).map(() => expect.stringMatching(/^remove_(queue|team)_members$/)),
      'downgrade_agent',
      'downgrade_agent',
    ]);
    expect(plan.actions.filter((a) => a.kind === 'reassign_conversations').map((a) => a.accountId).sort()).toEqual([DX_GONE, DX_UNENTITLED].sort());
    expect(plan.actions.filter((a) => a.kind === 'downgrade_agent').map((a) => a.accountId).sort()).toEqual([DX_GONE, DX_UNENTITLED].sort());
    expect(plan.actions).toHaveLength(7);
    const queue = (id: string): PlanAction => plan.actions.find((a) => a.kind === 'remove_queue_members' && a.group?.id === id)!;
    const team = plan.actions.find((a) => a.kind === 'remove_team_members' && a.group?.id === T_TIER1)!;
    // Leo's Revoke had no justification: he is not in the Support batch any more; Uma joins Gina in the Billing batch.
    expect(bodyIds(queue(Q_SUPPORT))).toEqual([DX_GONE, DX_ENDUSER].sort());
    expect(bodyIds(queue(Q_BILLING))).toEqual([DX_GONE, DX_UNENTITLED].sort());
    expect(bodyIds(team)).toEqual([DX_ENDUSER, DX_GONE].sort());
    const downgradeGina = plan.actions.find((a) => a.kind === 'downgrade_agent' && a.accountId === DX_GONE)!;
    expect(downgradeGina.dependsOn.sort()).toEqual([queue(Q_SUPPORT).id, queue(Q_BILLING).id, team.id].sort());
    // A different batch is a different action: its id (hash of kind + vendor + target) changes with its members.
    expect(proposed.actions.find((a) => a.kind === 'remove_queue_members' && a.group?.id === Q_SUPPORT)!.id).not.toBe(queue(Q_SUPPORT).id);
    expect(plan.actions.some((a) => a.findingIds.includes(s.f.dxLeft!.id))).toBe(false);
    expect(plan.actions.some((a) => a.vendor === 'dialpad')).toBe(false);
    expect(plan.actions.some((a) => a.kind === 'review_entitlement')).toBe(false);

    expect(exceptionProposals).toEqual({
      exceptions: [
        {
          id: `review-${s.f.dpLeft!.id}`,
          kind: 'accepted-risk',
          scope: { vendor: 'dialpad', accountId: DP_LEFT },
          rules: ['TERMINATED_STILL_ACTIVE'],
          reason: 'Legal hold until Q1',
          approver: REVIEWER,
          expires: '2025-02-28',
        },
      ],
    });

    const byFinding = new Map(log.map((e) => [e.findingId, e]));
    const outcome = (id: string): [string, boolean, string[]] => {
      const e = byFinding.get(id)!;
      return [e.outcome, e.applied, e.issues.map((i) => i.code)];
    };
    expect(outcome(s.f.dxGone!.id)).toEqual(['revoked', true, []]);
    expect(outcome(s.f.dxLeft!.id)).toEqual(['rejected', false, ['missing_justification']]);
    expect(outcome(s.f.dxEndUser!.id)).toEqual(['revoked', true, []]);
    expect(outcome(s.f.dxUnentitled!.id)).toEqual(['revoked', true, []]);
    expect(outcome(s.f.dxDup!.id)).toEqual(['kept', true, []]);
    expect(outcome(s.f.dxInvite!.id)).toEqual(['kept', true, []]);
    expect(outcome(s.f.dpAdmin!.id)).toEqual(['rejected', false, ['self_review']]);
    expect(outcome(s.f.dpLeft!.id)).toEqual(['exception_proposed', true, []]);
    expect(outcome(s.f.dpSuspended!.id)).toEqual(['rejected', false, ['unknown_decision']]);
    expect(outcome(BOGUS)).toEqual(['rejected', false, ['unknown_finding']]);
    expect(outcome(s.f.dxMissing!.id)).toEqual(['undecided', false, []]);
    expect(byFinding.get(BOGUS)!.row).toBe(s.input.doc.findings.length + 2);
    expect(byFinding.get(s.f.dpAdmin!.id)!.row).toBe(rows.get(s.f.dpAdmin!.id));
    expect(byFinding.get(s.f.dxGone!.id)!.actionIds.sort()).toEqual(
      plan.actions.filter((a) => a.findingIds.includes(s.f.dxGone!.id)).map((a) => a.id).sort(),
    );
    expect(log.map((e) => e.row)).toEqual([...log.map((e) => e.row)].sort((a, b) => a - b));
  });

  it('re-checks the cap on the final plan (and --allow-mass-removal lets it through)', async () => {
    const s = scenario({ capPercent: 5 }); // dixa cap 2 of 40
    const proposed = buildPlan({ ...s.input, allowMassRemoval: true });
    const xlsx = join(dir, 'cap.xlsx');
    const fill: Record<string, ReviewerEntry> = {};
    for (const f of [s.f.dxGone!, s.f.dxLeft!, s.f.dxEndUser!]) fill[f.id] = { decision: 'Revoke', reviewer: REVIEWER, justification: 'gone' };
    await writeReviewWorkbook(xlsx, s.input.doc, fill);
    const read = await readDecisions(xlsx);
    const blocked = applyDecisions(proposed, s.input.doc, read).plan;
    expect(blocked.status).toBe('blocked');
    expect(blocked.perVendor.dixa).toMatchObject({ accountsAffected: 3, cap: 2, blocked: true });
    expect(applyDecisions(proposed, s.input.doc, read, { allowMassRemoval: true }).plan.status).toBe('ready');
  });

  it('a Revoke on a finding with no vendor action is logged as no_action with the reason', async () => {
    const s = scenario();
    const proposed = buildPlan(s.input);
    const xlsx = join(dir, 'noaction.xlsx');
    await writeReviewWorkbook(xlsx, s.input.doc, { [s.f.dq!.id]: { decision: 'revoke', reviewer: REVIEWER, justification: 'fix it' } });
    const { plan, log } = applyDecisions(proposed, s.input.doc, await readDecisions(xlsx));
    expect(plan.status).toBe('empty');
    expect(log.find((e) => e.findingId === s.f.dq!.id)).toMatchObject({ outcome: 'no_action', decision: 'Revoke' });
    expect(plan.notActioned).toEqual([{ findingId: s.f.dq!.id, rule: 'DATA_QUALITY', vendor: null, reason: 'no vendor action: fix the record in the IdP' }]);
  });

  it('other row problems: duplicate rows, Revoke on a suppressed finding, no reviewer; a Revoke on an admin review removes the role only', () => {
    const s = scenario();
    const proposed = buildPlan(s.input);
    const row = (n: number, findingId: string, decision: 'Keep' | 'Revoke' | 'Exception', reviewer = REVIEWER, justification = 'reason'): DecisionsReadResult['rows'][number] => ({
      row: n, findingId, decision, rawDecision: decision, reviewer, date: null, justification,
    });
    const decisions: DecisionsReadResult = {
      file: 'review.xlsx',
      sha256: 'abc',
      rows: [
        row(2, s.f.dpAdmin!.id, 'Revoke'),
        row(3, s.f.dpAdmin!.id, 'Keep'),
        row(4, s.f.dxService!.id, 'Revoke'),
        row(5, s.f.dxDup!.id, 'Revoke', ''),
        row(6, s.f.dxMissing!.id, 'Exception'),
      ],
    };
    const { plan, log, exceptionProposals } = applyDecisions(proposed, s.input.doc, decisions, { generatedAt: '2024-07-10T00:00:00.000Z' });
    expect(log.map((e) => [e.row, e.outcome, e.issues.map((i) => i.code)])).toEqual([
      [2, 'revoked', []],
      [3, 'rejected', ['duplicate_row']],
      [4, 'rejected', ['suppressed']],
      [5, 'rejected', ['missing_reviewer']],
      [6, 'exception_proposed', []],
    ]);
    expect(plan.actions.map((a) => [a.kind, a.accountId, a.call])).toEqual([['remove_admin_role', DP_ADMIN, null]]);
    expect(exceptionProposals.exceptions).toEqual([
      { id: `review-${s.f.dxMissing!.id}`, kind: 'accepted-risk', scope: { identityEmail: 'carol.new@example.com' }, rules: ['MISSING_SEAT'], reason: 'reason', approver: REVIEWER, expires: '2024-10-10' },
    ]);
  });

  it('with invites=resend a Revoke on the invite cancels it; on an incomplete vendor a Revoke says why nothing happens', () => {
    const s = scenario({ invites: 'resend', dixaComplete: false });
    const proposed = buildPlan(s.input);
    expect(proposed.actions.filter((a) => a.findingIds.includes(s.f.dpPending!.id)).map((a) => a.kind)).toEqual(['resend_invite']);
    const rows: DecisionsReadResult['rows'] = [s.f.dpPending!, s.f.dxUnentitled!].map((f, i) => ({
      row: i + 2, findingId: f.id, decision: 'Revoke', rawDecision: 'Revoke', reviewer: REVIEWER, date: null, justification: 'no',
    }));
    const { plan, log } = applyDecisions(proposed, s.input.doc, { file: 'r.xlsx', sha256: 'x', rows });
    expect(plan.actions.map((a) => [a.kind, a.call?.method, a.call?.path])).toEqual([['cancel_invite', 'DELETE', `/api/v2/users/${DP_PENDING}`]]);
    expect(log[1]).toMatchObject({ outcome: 'no_action' });
    expect(plan.notActioned![0]!.reason).toMatch(/dixa snapshot is incomplete \(GET \/v1\/agents: 503/);
  });

  it('bad workbooks: exit-3 errors naming the file and what is missing', async () => {
    const s = scenario();
    const notXlsx = join(dir, 'not.xlsx');
    await writeFile(notXlsx, 'Finding ID,Decision\nF-1,Revoke\n');
    await expect(readDecisions(notXlsx)).rejects.toMatchObject({ exitCode: 3, message: `${notXlsx}: not an xlsx workbook` });
    const noSheet = join(dir, 'nosheet.xlsx');
    await writeReviewWorkbook(noSheet, s.input.doc, {}, [], { sheetName: 'Review' });
    await expect(readDecisions(noSheet)).rejects.toMatchObject({ exitCode: 3, message: `${noSheet}: no sheet named "Findings" (sheets: Summary, Review)` });
    const noCol = join(dir, 'nocol.xlsx');
    await writeReviewWorkbook(noCol, s.input.doc, {}, [], { dropColumn: 'Justification' });
    await expect(readDecisions(noCol)).rejects.toMatchObject({ exitCode: 3, message: `${noCol}: sheet "Findings" has no column "Justification" in row 1` });
    await expect(readDecisions(join(dir, 'absent.xlsx'))).rejects.toMatchObject({ exitCode: 3 });
  });

  it('one quarter ahead clamps to the end of the month', () => {
    expect(quarterAhead('2024-11-30')).toBe('2025-02-28');
    expect(quarterAhead('2024-01-15')).toBe('2024-04-15');
    expect(quarterAhead('2024-10-31')).toBe('2025-01-31');
  });
});

describe('access-audit plan --decisions (built CLI)', () => {
  it('reads findings.json and remediation-plan.json beside the workbook and writes the final outputs', async () => {
    const s = scenario();
    const run = join(dir, 'run');
    const outDir = join(dir, 'final');
    const proposed = buildPlan(s.input);
    await writePlanFiles(run, proposed, s.input.doc);
    await writeFile(join(run, 'findings.json'), stableStringify(s.input.doc));
    const xlsx = join(run, 'access-review.xlsx');
    await writeReviewWorkbook(xlsx, s.input.doc, reviewerFill(s.f), [{ findingId: BOGUS, decision: 'Revoke', reviewer: REVIEWER, justification: 'x' }]);

    const r = await runCli(['plan', '--decisions', xlsx, '--out', outDir]);
    expect(r.stderr).toContain('access-review.xlsx row');
    // Rejected and undecided rows: the campaign is not closed (issue 13: exit 1, so a script can tell).
    expect(r.stderr).toMatch(/Campaign NOT closed \(exit 1\): \d+ rows undecided; \d+ rows rejected/);
    expect(r.code).toBe(1);
    expect((await readdir(outDir)).filter((f) => !f.startsWith('.')).sort()).toEqual([
      'campaign.html',
      'decisions-log.csv',
      'decisions-log.json',
      'exceptions-proposed.json',
      'findings.json',
      'remediation-plan.json',
      'remediation-plan.md',
      'review-record.csv',
      'review-record.json',
      'run.json',
    ]);
    const finalPlan = RemediationPlan.parse(JSON.parse(await readFile(join(outDir, 'remediation-plan.json'), 'utf8')));
    const expected = applyDecisions(proposed, s.input.doc, await readDecisions(xlsx), { generatedAt: finalPlan.generatedAt });
    expect(finalPlan.actions).toEqual(expected.plan.actions);
    expect(JSON.parse(await readFile(join(outDir, 'exceptions-proposed.json'), 'utf8'))).toEqual(expected.exceptionProposals);
    const csv = parseCsv(await readFile(join(outDir, 'decisions-log.csv')), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(csv.map((row) => [row.findingId, row.outcome, row.issues])).toEqual(expected.log.map((e) => [e.findingId, e.outcome, e.issues.map((i) => i.code).join(' ')]));
    expect(r.stderr).toMatch(new RegExp(`row ${expected.log.find((e) => e.findingId === BOGUS)!.row}: ${BOGUS}: Revoke: no finding with this id`));
    expect(await readFile(join(outDir, 'remediation-plan.md'), 'utf8')).toMatch(/source: reviewer decisions/);
  });

  it('a bad workbook exits 3 with one line naming the file', async () => {
    const s = scenario();
    const run = join(dir, 'run-bad');
    await writePlanFiles(run, buildPlan(s.input), s.input.doc);
    await writeFile(join(run, 'findings.json'), stableStringify(s.input.doc));
    const xlsx = join(run, 'access-review.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Findings').addRow(['Finding ID', 'Decision', 'Reviewer']);
    await wb.xlsx.writeFile(xlsx);
    const r = await runCli(['plan', '--decisions', xlsx, '--out', join(dir, 'final-bad')]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${xlsx}: sheet "Findings" has no column "Date", "Justification" in row 1`);
    await expect(readdir(join(dir, 'final-bad'))).rejects.toThrow();
  });

  it('a missing findings file exits 3 naming it', async () => {
    const run = join(dir, 'run');
    const r = await runCli(['plan', '--decisions', join(run, 'access-review.xlsx'), '--out', join(dir, 'final-nofindings'), '--findings', join(dir, 'nope.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`access-audit: ${join(dir, 'nope.json')}: cannot read the findings document (findings.json) (no such file) (name it with --findings / --proposed)`);
  });

  it('refuses to overwrite the proposed plan', async () => {
    const run = join(dir, 'run');
    const r = await runCli(['plan', '--decisions', join(run, 'access-review.xlsx'), '--out', run]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/would overwrite the proposed plan/);
  });
});
