import { basename } from 'node:path';
import { badInput } from '../errors.js';
import type { FindingsDocument, RemediationPlan } from '../model/index.js';
import { applyDecisions, type DecisionLogEntry, type ExceptionEntry } from '../plan/decisions.js';
import { sha256 } from '../util/hash.js';
import { decideReviewRows, splitFindingRows, type ReviewLogEntry } from './decide.js';
import type { Campaign } from './model.js';
import type { CampaignWorkbook } from './read.js';

export interface ReviewerProgress {
  reviewer: string;
  name: string;
  assigned: number;
  decided: number;
  undecided: number;
  rejected: number;
  flagged: number;
}

export interface CloseResult {
  mode: 'campaign' | 'findings';
  plan: RemediationPlan;
  exceptionProposals: { exceptions: ExceptionEntry[] };
  log: DecisionLogEntry[];
  review: ReviewLogEntry[];
  progress: ReviewerProgress[];
  closed: boolean;
  /** Why the campaign is not closed (empty when closed). */
  reasons: string[];
  workbooks: Array<{ file: string; sha256: string }>;
}

export interface CloseInput {
  doc: FindingsDocument;
  proposed: RemediationPlan;
  campaign: Campaign | null;
  workbooks: CampaignWorkbook[];
  allowMassRemoval: boolean;
  generatedAt: string;
}

const APPLIED = new Set(['revoked', 'kept', 'exception_proposed', 'no_action']);

/** A workbook of another run is bad input, never a pile of rejected rows (exit 3 naming the file and both runs). */
function checkBelongs(input: CloseInput, campaignMode: boolean): void {
  const { doc, campaign } = input;
  if (campaignMode && !campaign) {
    throw badInput(`${input.workbooks.find((w) => w.reviewRows)?.file ?? 'workbook'}: has a Review sheet, but no review-campaign.json was found beside findings.json`, 'pass the output folder of the run that wrote the workbooks (--findings)');
  }
  if (campaign && campaign.runId !== doc.run.id) throw badInput(`review-campaign.json is run ${campaign.runId}, but findings.json is run ${doc.run.id}`);
  const findingIds = new Set(doc.findings.map((f) => f.id));
  const reviewIds = new Set((campaign?.rows ?? []).map((r) => r.reviewId));
  for (const w of input.workbooks) {
    if (w.runId !== null && w.runId !== doc.run.id) {
      throw badInput(`${w.file}: workbook of run ${w.runId}, but findings.json is run ${doc.run.id}`, 'use the workbooks written by this run');
    }
    const reviewKnown = (w.reviewRows ?? []).filter((r) => reviewIds.has(r.reviewId)).length;
    const findingKnown = w.findings.rows.filter((r) => findingIds.has(r.findingId)).length;
    const rows = (w.reviewRows?.length ?? 0) + w.findings.rows.length;
    if (rows > 0 && reviewKnown + findingKnown === 0) {
      throw badInput(`${w.file}: none of its ${rows} rows belongs to run ${doc.run.id}`, 'use the workbooks written by this run');
    }
  }
}

/**
 * Merges the reviewers' workbooks into the final plan, the decisions log and the campaign's completion: closed only
 * when every row is decided, nothing is rejected or unassigned, and the plan is not blocked.
 */
export function closeCampaign(input: CloseInput): CloseResult {
  const { doc, campaign } = input;
  const campaignMode = input.workbooks.some((w) => w.reviewRows !== null);
  checkBelongs(input, campaignMode);
  const workbooks = input.workbooks.map((w) => ({ file: w.file, sha256: w.sha256 }));
  const allFindingRows = input.workbooks.flatMap((w) => w.findings.rows);
  const merged = {
    file: input.workbooks.length === 1 ? (input.workbooks[0]?.file ?? '') : `${input.workbooks.length} workbooks`,
    sha256: input.workbooks.length === 1 ? (input.workbooks[0]?.sha256 ?? '') : sha256(workbooks.map((w) => w.sha256).sort().join('\n')),
  };
  const notes = workbooks.map((w) => `Decisions read from ${basename(w.file)} (SHA-256 ${w.sha256}).`);

  if (!campaignMode || !campaign) {
    const result = applyDecisions(input.proposed, doc, { ...merged, rows: allFindingRows }, { allowMassRemoval: input.allowMassRemoval, generatedAt: input.generatedAt });
    result.plan.notes = [...(result.plan.notes ?? []), ...notes];
    const applied = new Set(result.log.filter((e) => APPLIED.has(e.outcome)).map((e) => e.findingId));
    const open = doc.findings.filter((f) => !f.suppressed);
    const undecided = open.filter((f) => !applied.has(f.id)).length;
    const rejected = result.log.filter((e) => e.outcome === 'rejected').length;
    const reasons = reasonsOf(undecided, rejected, 0, result.plan);
    const byReviewer = new Map<string, ReviewerProgress>();
    for (const e of result.log) {
      if (e.outcome === 'undecided') continue;
      const who = e.reviewer || '(no reviewer)';
      let p = byReviewer.get(who);
      if (!p) byReviewer.set(who, (p = { reviewer: who, name: who, assigned: 0, decided: 0, undecided: 0, rejected: 0, flagged: 0 }));
      if (APPLIED.has(e.outcome)) p.decided++;
      else p.rejected++;
    }
    return { mode: 'findings', ...result, review: [], progress: [...byReviewer.values()], closed: reasons.length === 0, reasons, workbooks };
  }

  const review = decideReviewRows(campaign, doc, input.workbooks.flatMap((w) => w.reviewRows ?? []), input.generatedAt);
  const { passed, misplaced } = splitFindingRows(allFindingRows, review.coveredFindingIds);
  // A finding's row is repeated in the full workbook and a reviewer's: only rows with something written count.
  const written = passed.filter((r) => r.rawDecision !== '' || r.reviewer !== '' || r.justification !== '' || r.date !== null);
  const result = applyDecisions(input.proposed, doc, { ...merged, rows: written }, {
    allowMassRemoval: input.allowMassRemoval,
    generatedAt: input.generatedAt,
    extraSteps: review.revokeSteps,
  });
  result.plan.notes = [...(result.plan.notes ?? []), ...notes];
  const byId = new Map(doc.findings.map((f) => [f.id, f]));
  for (const r of misplaced) {
    const f = byId.get(r.findingId);
    result.log.push({
      row: r.row,
      ...(r.file ? { file: r.file } : {}),
      findingId: r.findingId,
      rule: f?.rule ?? null,
      vendor: f?.vendor ?? null,
      accountId: f?.accountId ?? null,
      decision: r.decision ?? r.rawDecision,
      reviewer: r.reviewer,
      date: r.date,
      justification: r.justification,
      outcome: 'rejected',
      applied: false,
      issues: [{ code: 'decide_on_review_row', message: "the finding's account is decided on its row of the Review sheet; not applied" }],
      actionIds: [],
    });
  }
  const actionsOf = new Map<string, string[]>();
  for (const a of result.plan.actions) {
    for (const id of a.findingIds) {
      const list = actionsOf.get(id);
      if (list) list.push(a.id);
      else actionsOf.set(id, [a.id]);
    }
  }
  for (const e of review.entries) {
    if (e.outcome !== 'revoked') continue;
    e.actionIds = actionsOf.get(e.reviewId) ?? [];
    if (e.actionIds.length === 0) e.outcome = 'no_action';
  }

  const progress = new Map<string, ReviewerProgress>();
  for (const s of campaign.reviewers) progress.set(s.reviewer, { reviewer: s.reviewer, name: s.name, assigned: s.rows + s.findingTasks, decided: 0, undecided: 0, rejected: 0, flagged: 0 });
  const tally = (reviewer: string | null, outcome: 'decided' | 'undecided' | 'rejected', flagged: boolean): void => {
    const p = reviewer ? progress.get(reviewer) : undefined;
    if (!p) return;
    p[outcome]++;
    if (flagged) p.flagged++;
  };
  for (const e of review.entries) {
    if (e.outcome === 'unassigned') continue;
    if (e.assignedReviewer === null) continue;
    tally(e.assignedReviewer, e.applied ? 'decided' : e.outcome === 'undecided' ? 'undecided' : 'rejected', e.flags.length > 0);
  }
  const taskLog = new Map<string, DecisionLogEntry[]>();
  for (const e of result.log) {
    const list = taskLog.get(e.findingId);
    if (list) list.push(e);
    else taskLog.set(e.findingId, [e]);
  }
  let tasksUndecided = 0;
  for (const t of campaign.findingTasks) {
    const entries = taskLog.get(t.findingId) ?? [];
    const state = entries.some((e) => APPLIED.has(e.outcome)) ? 'decided' : entries.some((e) => e.outcome === 'rejected') ? 'rejected' : 'undecided';
    if (state !== 'decided' && t.reviewer) tasksUndecided++;
    tally(t.reviewer, state, false);
  }
  const undecided = review.entries.filter((e) => e.outcome === 'undecided').length + tasksUndecided;
  const rejected = review.entries.filter((e) => e.outcome === 'rejected').length + result.log.filter((e) => e.outcome === 'rejected').length;
  const reasons = reasonsOf(undecided, rejected, campaign.unassigned.length, result.plan);
  return {
    mode: 'campaign',
    plan: result.plan,
    exceptionProposals: { exceptions: [...result.exceptionProposals.exceptions, ...review.exceptions] },
    log: result.log,
    review: review.entries,
    progress: [...progress.values()],
    closed: reasons.length === 0,
    reasons,
    workbooks,
  };
}

function reasonsOf(undecided: number, rejected: number, unassigned: number, plan: RemediationPlan): string[] {
  const out: string[] = [];
  if (undecided > 0) out.push(`${undecided} row${undecided === 1 ? '' : 's'} undecided`);
  if (rejected > 0) out.push(`${rejected} row${rejected === 1 ? '' : 's'} rejected`);
  if (unassigned > 0) out.push(`${unassigned} row${unassigned === 1 ? '' : 's'} unassigned (no reviewer)`);
  if (plan.status === 'blocked') out.push(`the final plan is blocked (${plan.blockedReasons.join(' ')})`);
  return out;
}
