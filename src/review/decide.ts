import type { FindingsDocument } from '../model/index.js';
import { actionsToSteps } from '../plan/assemble.js';
import { quarterAhead, type DecisionRow, type ExceptionEntry } from '../plan/decisions.js';
import type { Step } from '../plan/steps.js';
import { xlsxText } from '../report/cells.js';
import { normalizeEmail } from '../util/email.js';
import { REVIEW_COLUMNS } from './columns.js';
import { REVIEW_DECISIONS, type Campaign, type ReviewDecision, type ReviewRow } from './model.js';
import type { ReviewDecisionRow } from './read.js';

export type ReviewIssueCode =
  | 'unknown_review_row'
  | 'unknown_decision'
  | 'missing_reviewer'
  | 'missing_date'
  | 'missing_justification'
  | 'keep_needs_justification'
  | 'self_review'
  | 'row_edited'
  | 'duplicate_row';

const ISSUE_TEXT: Record<ReviewIssueCode, string> = {
  unknown_review_row: 'no review row with this id in review-campaign.json',
  unknown_decision: 'decision must be Keep, Revoke or Exception',
  missing_reviewer: 'needs the reviewer (your email)',
  missing_date: 'needs the date of the decision (YYYY-MM-DD)',
  missing_justification: 'Revoke and Exception need a justification',
  keep_needs_justification: 'Keep on an account with a critical or high finding, or against a Revoke recommendation, needs a justification',
  self_review: 'self-review: the reviewer decided on their own account; not applied',
  row_edited: 'read-only cells were changed',
  duplicate_row: 'this account was already decided on an earlier row or workbook; not applied',
};

export interface ReviewLogEntry {
  reviewId: string;
  vendor: string | null;
  accountId: string | null;
  accountEmail: string | null;
  file: string | null;
  row: number | null;
  decision: string | null;
  reviewer: string;
  date: string | null;
  justification: string;
  assignedReviewer: string | null;
  recommendation: string | null;
  findings: string[];
  /** kept, revoked, exception_proposed, no_action (Revoke, nothing to do), undecided, rejected, unassigned. */
  outcome: 'kept' | 'revoked' | 'exception_proposed' | 'no_action' | 'undecided' | 'rejected' | 'unassigned';
  applied: boolean;
  issues: Array<{ code: ReviewIssueCode; message: string }>;
  /** Accepted, but worth an auditor's look: a decision by someone other than the assigned reviewer. */
  flags: Array<{ code: 'not_assigned_reviewer'; message: string }>;
  actionIds: string[];
}

export interface ReviewDecisionsResult {
  entries: ReviewLogEntry[];
  /** Offboarding steps released by Revoke decisions (findingIds name the review id). */
  revokeSteps: Step[];
  exceptions: ExceptionEntry[];
  /** Account findings covered by a review row: their Findings-sheet rows are not where they are decided. */
  coveredFindingIds: Set<string>;
}

function emailsIn(text: string): string[] {
  return (text.match(/[^\s<>(),;"']+@[^\s<>(),;"']+/g) ?? []).map((e) => normalizeEmail(e));
}

const CHECKED = REVIEW_COLUMNS.filter((c) => c.checked);

/** Which read-only cells differ from the campaign, compared as written (the writer's own cell text). */
function editedColumns(row: ReviewRow, d: ReviewDecisionRow): string[] {
  const out: string[] = [];
  for (const c of CHECKED) {
    const expected = xlsxText(c.value(row) ?? '').trim();
    if ((d.checked.get(c.header) ?? '') !== expected) out.push(c.header);
  }
  return out;
}

function canonicalDecision(raw: string): ReviewDecision | null {
  return REVIEW_DECISIONS.find((v) => v.toLowerCase() === raw.toLowerCase()) ?? null;
}

/**
 * Checks every decided review row against the campaign and merges the workbooks: one decision per account, each
 * rejected row with its reasons, every undecided or unassigned row listed. Pure.
 */
export function decideReviewRows(campaign: Campaign, doc: FindingsDocument, rows: readonly ReviewDecisionRow[], generatedAt: string): ReviewDecisionsResult {
  const byId = new Map(campaign.rows.map((r) => [r.reviewId, r]));
  const openFindings = new Map(doc.findings.filter((f) => !f.suppressed).map((f) => [f.id, f]));
  const onRevoke = new Map<string, Step[]>();
  for (const s of actionsToSteps(campaign.onRevoke, 'on_revoke')) {
    for (const id of s.findingIds) {
      const list = onRevoke.get(id);
      if (list) list.push(s);
      else onRevoke.set(id, [s]);
    }
  }
  const decided = new Map<string, ReviewLogEntry>();
  const extra: ReviewLogEntry[] = [];
  const revokeSteps: Step[] = [];
  const exceptions: ExceptionEntry[] = [];
  const ordered = [...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.row - b.row));

  for (const d of ordered) {
    const row = byId.get(d.reviewId);
    const blank = d.rawDecision === '' && d.reviewer === '' && d.justification === '' && d.date === null;
    if (row && blank) continue;
    const issues: ReviewLogEntry['issues'] = [];
    const add = (code: ReviewIssueCode, detail?: string): void => {
      issues.push({ code, message: detail ? `${ISSUE_TEXT[code]}: ${detail}` : ISSUE_TEXT[code] });
    };
    const decision = canonicalDecision(d.rawDecision);
    const entry: ReviewLogEntry = {
      reviewId: d.reviewId,
      vendor: row?.vendor ?? null,
      accountId: row?.accountId ?? null,
      accountEmail: row?.accountEmail ?? null,
      file: d.file,
      row: d.row,
      decision: decision ?? (d.rawDecision || null),
      reviewer: d.reviewer,
      date: d.date,
      justification: d.justification,
      assignedReviewer: row?.reviewer ?? null,
      recommendation: row?.recommendation ?? null,
      findings: row ? row.findings.filter((f) => !f.suppressed).map((f) => f.rule) : [],
      outcome: 'rejected',
      applied: false,
      issues,
      flags: [],
      actionIds: [],
    };
    if (!row) {
      add('unknown_review_row');
      extra.push(entry);
      continue;
    }
    if (decided.has(row.reviewId)) {
      add('duplicate_row');
      extra.push(entry);
      continue;
    }
    if (decision === null) add('unknown_decision');
    if (d.reviewer === '') add('missing_reviewer');
    if (d.date === null || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) add('missing_date');
    if ((decision === 'Revoke' || decision === 'Exception') && d.justification === '') add('missing_justification');
    const serious = row.findings.some((f) => !f.suppressed && (f.severity === 'critical' || f.severity === 'high'));
    if (decision === 'Keep' && d.justification === '' && (serious || row.recommendation === 'Revoke')) add('keep_needs_justification');
    const own = new Set([...row.ownerEmails, ...(row.accountEmail ? [normalizeEmail(row.accountEmail)] : [])]);
    const named = emailsIn(d.reviewer);
    if (named.some((e) => own.has(e))) add('self_review');
    const edited = editedColumns(row, d);
    if (edited.length > 0) add('row_edited', edited.join(', '));
    const byAssigned = row.reviewer !== null && (named.includes(row.reviewer) || (row.reviewerName !== null && d.reviewer.toLowerCase() === row.reviewerName.toLowerCase()));
    if (!byAssigned && d.reviewer !== '') {
      entry.flags.push({ code: 'not_assigned_reviewer', message: `decided by someone other than the assigned reviewer (${row.reviewer ?? 'unassigned'})` });
    }
    if (issues.length > 0 || decision === null) {
      // A rejected row still occupies the account: a later identical row must not slip past the reviewer's problem.
      decided.set(row.reviewId, entry);
      continue;
    }
    entry.applied = true;
    decided.set(row.reviewId, entry);
    if (decision === 'Keep') entry.outcome = 'kept';
    else if (decision === 'Revoke') {
      entry.outcome = 'revoked';
      revokeSteps.push(...(onRevoke.get(row.reviewId) ?? []));
    } else {
      entry.outcome = 'exception_proposed';
      const rules = [...new Set(row.findings.filter((f) => openFindings.has(f.id)).map((f) => f.rule))].sort();
      const day = d.date && /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? d.date : generatedAt.slice(0, 10);
      exceptions.push({
        id: `review-${row.reviewId}`,
        kind: 'accepted-risk',
        scope: { vendor: row.vendor, accountId: row.accountId },
        rules: rules.length > 0 ? rules : ['*'],
        reason: d.justification,
        approver: d.reviewer,
        expires: quarterAhead(day),
      });
    }
  }

  const entries: ReviewLogEntry[] = campaign.rows.map((r) => {
    const e = decided.get(r.reviewId);
    if (e) return e;
    return {
      reviewId: r.reviewId,
      vendor: r.vendor,
      accountId: r.accountId,
      accountEmail: r.accountEmail,
      file: null,
      row: null,
      decision: null,
      reviewer: '',
      date: null,
      justification: '',
      assignedReviewer: r.reviewer,
      recommendation: r.recommendation,
      findings: r.findings.filter((f) => !f.suppressed).map((f) => f.rule),
      outcome: r.reviewer ? 'undecided' : 'unassigned',
      applied: false,
      issues: [],
      flags: [],
      actionIds: [],
    };
  });
  const coveredFindingIds = new Set(campaign.rows.flatMap((r) => r.findings.map((f) => f.id)));
  return { entries: [...entries, ...extra], revokeSteps, exceptions, coveredFindingIds };
}

/** Findings-sheet rows of account findings that have a review row: decided there, so a decision here is rejected. */
export function splitFindingRows(rows: readonly DecisionRow[], covered: ReadonlySet<string>): { passed: DecisionRow[]; misplaced: DecisionRow[] } {
  const passed: DecisionRow[] = [];
  const misplaced: DecisionRow[] = [];
  for (const r of rows) {
    if (!covered.has(r.findingId)) passed.push(r);
    else if (r.rawDecision !== '' || r.reviewer !== '' || r.justification !== '' || r.date !== null) misplaced.push(r);
  }
  return { passed, misplaced };
}
