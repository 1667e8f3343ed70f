import { stringify } from 'csv-stringify/sync';
import type { FindingsDocument } from '../model/index.js';
import { neutralizeLeadingBlankFormula } from '../report/cells.js';
import type { CloseResult, ReviewerProgress } from './close.js';
import type { Campaign } from './model.js';
import { REVIEW_DECISIONS } from './model.js';

/**
 * The certification record: one entry per account of the campaign (or per decided account finding, for a workbook
 * written before the campaign), with who decided what, when and why. Field names are a contract: the evidence of the
 * next quarter reads `vendor`, `accountId`, `decision` (Keep | Revoke | Exception | null), `date` and `reviewer`.
 */
export interface RecordEntry {
  runId: string;
  snapshotSha256: string | null;
  reviewId: string | null;
  vendor: string | null;
  accountId: string | null;
  accountEmail: string | null;
  displayName: string | null;
  /** Applied decision only; a rejected row's text is in `submitted`. */
  decision: 'Keep' | 'Revoke' | 'Exception' | null;
  submitted: string | null;
  reviewer: string | null;
  assignedReviewer: string | null;
  date: string | null;
  justification: string | null;
  recommendation: string | null;
  recommendationReason: string | null;
  /** Rule codes of the account's open findings. */
  findings: string[];
  status: string;
  issues: string[];
  flags: string[];
  actionIds: string[];
  file: string | null;
  row: number | null;
}

export interface ReviewRecord {
  schemaVersion: 1;
  runId: string;
  snapshotSha256: string | null;
  generatedAt: string;
  mode: CloseResult['mode'];
  closed: boolean;
  reasons: string[];
  coverage: { rows: number; decided: number; percent: number };
  dueDate: string | null;
  reviewers: ReviewerProgress[];
  unassigned: string[];
  workbooks: Array<{ file: string; sha256: string }>;
  entries: RecordEntry[];
  /** Decisions on findings without an account (and, for old workbooks, every finding decision), as logged. */
  findingDecisions: Array<{ findingId: string; rule: string | null; decision: string | null; reviewer: string; date: string | null; justification: string; status: string; issues: string[]; file: string | null; row: number }>;
}

const canonical = (d: string | null, applied: boolean): RecordEntry['decision'] =>
  applied ? (REVIEW_DECISIONS.find((v) => v === d) ?? null) : null;

export function buildRecord(doc: FindingsDocument, campaign: Campaign | null, result: CloseResult, generatedAt: string): ReviewRecord {
  const base = { runId: doc.run.id, snapshotSha256: doc.run.snapshotSha256 };
  const rowOf = new Map((campaign?.rows ?? []).map((r) => [r.reviewId, r]));
  let entries: RecordEntry[];
  if (result.mode === 'campaign') {
    entries = result.review.map((e) => {
      const r = rowOf.get(e.reviewId);
      return {
        ...base,
        reviewId: e.reviewId,
        vendor: e.vendor,
        accountId: e.accountId,
        accountEmail: e.accountEmail,
        displayName: r?.displayName ?? null,
        decision: canonical(e.decision, e.applied),
        submitted: e.applied ? null : e.decision,
        reviewer: e.reviewer || null,
        assignedReviewer: e.assignedReviewer,
        date: e.date,
        justification: e.justification || null,
        recommendation: e.recommendation,
        recommendationReason: r?.recommendationReason ?? null,
        findings: e.findings,
        status: e.outcome,
        issues: e.issues.map((i) => `${i.code}: ${i.message}`),
        flags: e.flags.map((f) => `${f.code}: ${f.message}`),
        actionIds: e.actionIds,
        file: e.file,
        row: e.row,
      };
    });
  } else {
    const byId = new Map(doc.findings.map((f) => [f.id, f]));
    entries = result.log
      .filter((e) => e.vendor && e.accountId && e.outcome !== 'undecided')
      .map((e) => ({
        ...base,
        reviewId: null,
        vendor: e.vendor,
        accountId: e.accountId,
        accountEmail: byId.get(e.findingId)?.accountEmail ?? null,
        displayName: null,
        decision: canonical(e.decision, e.applied),
        submitted: e.applied ? null : e.decision,
        reviewer: e.reviewer || null,
        assignedReviewer: null,
        date: e.date,
        justification: e.justification || null,
        recommendation: null,
        recommendationReason: null,
        findings: e.rule ? [e.rule] : [],
        status: e.outcome,
        issues: e.issues.map((i) => `${i.code}: ${i.message}`),
        flags: [],
        actionIds: e.actionIds,
        file: e.file ?? null,
        row: e.row,
      }));
  }
  const rows = result.mode === 'campaign' ? (campaign?.rows.length ?? 0) + (campaign?.findingTasks.length ?? 0) : doc.findings.filter((f) => !f.suppressed).length;
  const decided = result.progress.reduce((n, p) => n + p.decided, 0);
  return {
    schemaVersion: 1,
    ...base,
    generatedAt,
    mode: result.mode,
    closed: result.closed,
    reasons: result.reasons,
    coverage: { rows, decided, percent: rows === 0 ? 100 : Math.floor((decided / rows) * 1000) / 10 },
    dueDate: campaign?.dueDate ?? null,
    reviewers: result.progress,
    unassigned: campaign?.unassigned ?? [],
    workbooks: result.workbooks,
    entries,
    findingDecisions: result.log
      .filter((e) => e.outcome !== 'undecided')
      .map((e) => ({ findingId: e.findingId, rule: e.rule, decision: e.decision || null, reviewer: e.reviewer, date: e.date, justification: e.justification, status: e.outcome, issues: e.issues.map((i) => i.code), file: e.file ?? null, row: e.row })),
  };
}

const CSV_COLUMNS = [
  'runId', 'snapshotSha256', 'reviewId', 'vendor', 'accountId', 'accountEmail', 'reviewer', 'assignedReviewer', 'decision', 'date',
  'justification', 'recommendation', 'findings', 'status', 'issues', 'flags', 'actionIds',
] as const;

/** review-record.csv: reviewer text ends up in spreadsheets, so formula starts are neutralised (DESIGN.md section 9). */
export function recordCsv(record: ReviewRecord): string {
  const cell = (v: string | null): string => neutralizeLeadingBlankFormula(v ?? '');
  const rows = record.entries.map((e) => [
    e.runId, e.snapshotSha256 ?? '', e.reviewId ?? '', e.vendor ?? '', e.accountId ?? '', cell(e.accountEmail), cell(e.reviewer), e.assignedReviewer ?? '',
    e.decision ?? '', cell(e.date), cell(e.justification), e.recommendation ?? '', e.findings.join(' '), e.status, cell(e.issues.join(' | ')), cell(e.flags.join(' | ')), e.actionIds.join(' '),
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], { bom: true, escape_formulas: true });
}
