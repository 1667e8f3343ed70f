import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { badInput, oneLine } from '../errors.js';
import type { Finding, FindingsDocument, RemediationPlan, Vendor } from '../model/index.js';
import { normalizeEmail } from '../util/email.js';
import { sha256 } from '../util/hash.js';
import { actionsToSteps, applyCap, assembleActions, type VendorCount } from './assemble.js';
import { cmp } from './held.js';
import { REVIEW_KINDS, type Step } from './steps.js';

/**
 * CONTRACT with the report writer: sheet named exactly `Findings`, row 1 the header, columns found by these
 * exact titles; Decision values Keep, Revoke, Exception; blank = undecided.
 */
export const FINDINGS_SHEET = 'Findings';
export const DECISION_COLUMNS = ['Finding ID', 'Decision', 'Reviewer', 'Date', 'Justification'] as const;
export const DECISION_VALUES = ['Keep', 'Revoke', 'Exception'] as const;
export type DecisionValue = (typeof DECISION_VALUES)[number];

export interface DecisionRow {
  /** Sheet row number (1 = header). */
  row: number;
  /** The workbook the row came from, when several are merged. */
  file?: string;
  findingId: string;
  /** Canonical value, null when blank or not one of Keep/Revoke/Exception. */
  decision: DecisionValue | null;
  /** As written in the cell, trimmed. */
  rawDecision: string;
  reviewer: string;
  /** YYYY-MM-DD when the cell holds a date, else the text as written, or null. */
  date: string | null;
  justification: string;
}

export interface DecisionsReadResult {
  file: string;
  sha256: string;
  rows: DecisionRow[];
}

export type DecisionIssueCode =
  | 'unknown_finding'
  | 'unknown_decision'
  | 'missing_justification'
  | 'missing_reviewer'
  | 'self_review'
  | 'duplicate_row'
  | 'suppressed'
  | 'exception_not_expressible'
  | 'decide_on_review_row';

export interface DecisionLogEntry {
  row: number;
  /** The workbook the row came from, when several are merged. */
  file?: string;
  findingId: string;
  rule: string | null;
  vendor: Vendor | null;
  accountId: string | null;
  decision: string;
  reviewer: string;
  date: string | null;
  justification: string;
  /** revoked: became actions; kept; exception_proposed; undecided; rejected (see issues); no_action (Revoke, but nothing to do). */
  outcome: 'revoked' | 'kept' | 'exception_proposed' | 'undecided' | 'rejected' | 'no_action';
  applied: boolean;
  issues: Array<{ code: DecisionIssueCode; message: string }>;
  /** Final-plan actions answering this finding. */
  actionIds: string[];
}

/** An entry of the exceptions file (docs/rules.md, Exceptions). */
export interface ExceptionEntry {
  id: string;
  kind: 'service' | 'shared' | 'break-glass' | 'accepted-risk';
  scope: { vendor: Vendor; accountId: string } | { vendor: Vendor; email: string } | { identityEmail: string };
  rules: string[];
  reason: string;
  approver: string;
  expires: string;
}

export function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(cell.text ?? '').trim();
}

export function cellDate(cell: ExcelJS.Cell): string | null {
  const v = cell.value;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // A date typed without a date format arrives as Excel's serial day count (1900 system, epoch 1899-12-30).
  if (typeof v === 'number' && v > 0 && v < 2958466) return new Date(Date.UTC(1899, 11, 30) + Math.round(v * 86400000)).toISOString().slice(0, 10);
  const text = cellText(cell);
  return text === '' ? null : text;
}

/**
 * More rows than this in any sheet is not a review of our findings (the audit writes one row per finding; a large
 * organisation has thousands): refused before the workbook is loaded, since a few MB of zip can hold a million rows.
 */
export const MAX_DECISION_ROWS = 250_000;

/**
 * Counts each sheet's rows with exceljs's streaming reader, stopping at the first sheet past `maxRows`: memory stays
 * bounded whatever the workbook claims. Exit 3 naming the file.
 */
async function refuseOversizedWorkbook(xlsxPath: string, maxRows: number): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(xlsxPath, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    let rows = 0;
    for await (const _row of sheet) {
      rows += 1;
      if (rows > maxRows) {
        throw badInput(`${xlsxPath}: sheet "${(sheet as unknown as { name?: string }).name ?? "?"}" has more than ${maxRows} rows; not a decisions workbook the audit wrote`, 'fill in the Decision column of the access-review.xlsx of this run');
      }
    }
  }
}

/** Uncompressed sheet XML a decisions workbook may declare when its rows could not be counted by streaming. */
export const MAX_SHEET_XML_BYTES = 128 * 1024 * 1024;

/** Reads only the zip's directory (nothing is inflated): the sum of the sheets' declared uncompressed sizes. */
function refuseOversizedSheets(name: string, bytes: Uint8Array): void {
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (/^xl\/worksheets\/[^/]+\.xml$/.test(f.name)) total += f.originalSize;
        return false;
      },
    });
  } catch {
    throw badInput(`${name}: not an xlsx workbook`, 'expected the access-review.xlsx the audit wrote, with the Decision column filled in');
  }
  if (total > MAX_SHEET_XML_BYTES) {
    throw badInput(`${name}: its sheets declare ${total} bytes of XML, more than ${MAX_SHEET_XML_BYTES}; not a decisions workbook the audit wrote`, 'fill in the Decision column of the access-review.xlsx of this run');
  }
}

/** Reads the reviewer's decisions from the workbook. Bad file: AuditError exit 3 naming the file and what is missing. */
export async function readDecisions(xlsxPath: string, opts: { maxRows?: number } = {}): Promise<DecisionsReadResult> {
  const name = xlsxPath;
  try {
    if (!(await stat(xlsxPath)).isFile()) throw badInput(`${name}: not a file`);
  } catch (err) {
    if (err instanceof Error && err.name === 'AuditError') throw err;
    throw badInput(`${name}: cannot read the decisions workbook (no such file)`);
  }
  let streamed = true;
  try {
    await refuseOversizedWorkbook(xlsxPath, opts.maxRows ?? MAX_DECISION_ROWS);
  } catch (err) {
    if (err instanceof Error && err.name === 'AuditError') throw err;
    // exceljs's streaming reader fails when a sheet comes before xl/workbook.xml in the zip, as in files exceljs
    // itself saves with writeBuffer: such a workbook is bounded by its declared sheet sizes instead (below).
    streamed = false;
  }
  const bytes = await readFile(xlsxPath);
  if (!streamed) refuseOversizedSheets(name, bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badInput(`${name}: not an xlsx workbook`, 'expected the access-review.xlsx the audit wrote, with the Decision column filled in');
  }
  const ws = wb.getWorksheet(FINDINGS_SHEET);
  if (!ws) {
    const sheets = wb.worksheets.map((w) => w.name).join(', ') || 'none';
    throw badInput(`${name}: no sheet named "${FINDINGS_SHEET}" (sheets: ${sheets})`);
  }
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const title = cellText(cell);
    if (title !== '' && !columns.has(title)) columns.set(title, col);
  });
  const missing = DECISION_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw badInput(`${name}: sheet "${FINDINGS_SHEET}" has no column ${missing.map((c) => `"${c}"`).join(', ')} in row 1`);
  }
  const col = (title: (typeof DECISION_COLUMNS)[number]): number => columns.get(title) ?? 0;
  const rows: DecisionRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const findingId = cellText(row.getCell(col('Finding ID')));
    const rawDecision = cellText(row.getCell(col('Decision')));
    const reviewer = cellText(row.getCell(col('Reviewer')));
    const justification = cellText(row.getCell(col('Justification')));
    const date = cellDate(row.getCell(col('Date')));
    if (findingId === '' && rawDecision === '' && reviewer === '' && justification === '' && date === null) continue;
    const decision = DECISION_VALUES.find((d) => d.toLowerCase() === rawDecision.toLowerCase()) ?? null;
    rows.push({ row: r, findingId, decision, rawDecision, reviewer, date, justification });
  }
  return { file: xlsxPath, sha256: sha256(bytes), rows };
}

function emailsIn(text: string): string[] {
  return (text.match(/[^\s<>(),;"']+@[^\s<>(),;"']+/g) ?? []).map((e) => normalizeEmail(e));
}

function isSelfReview(reviewer: string, f: Finding): boolean {
  const own = [f.accountEmail, f.identityEmail].filter((e): e is string => !!e).map((e) => normalizeEmail(e));
  return emailsIn(reviewer).some((e) => own.includes(e));
}

/** YYYY-MM-DD three calendar months later (one quarter), the day clamped to the month's end. */
export function quarterAhead(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  const base = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(day);
  const y = base.getUTCFullYear();
  const month = base.getUTCMonth() + 3;
  const last = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, month, Math.min(base.getUTCDate(), last))).toISOString().slice(0, 10);
}

function exceptionScope(f: Finding): { scope: ExceptionEntry['scope']; renew?: Partial<ExceptionEntry> } | null {
  if (f.vendor && f.accountId) return { scope: { vendor: f.vendor, accountId: f.accountId } };
  if (f.rule === 'MISSING_SEAT' && f.identityEmail) return { scope: { identityEmail: f.identityEmail } };
  if (f.rule === 'EXCEPTION_EXPIRED') {
    const ex = f.evidence.exception as Partial<ExceptionEntry> | undefined;
    if (ex && typeof ex === 'object' && ex.scope && Array.isArray(ex.rules)) return { scope: ex.scope, renew: ex };
  }
  return null;
}

const ISSUE_TEXT: Record<DecisionIssueCode, string> = {
  unknown_finding: 'no finding with this id in the findings document',
  unknown_decision: 'decision must be Keep, Revoke or Exception',
  missing_justification: 'needs a justification',
  missing_reviewer: 'needs a reviewer',
  self_review: 'self-review: the reviewer decided on their own account; not applied',
  duplicate_row: 'a decision on this finding was already applied on an earlier row; not applied',
  suppressed: 'the finding is suppressed by an exception: narrow or remove the exception first; not applied',
  exception_not_expressible: 'no exception scope can express this finding (exceptions cover an account or an identity); not applied',
  decide_on_review_row: "the finding's account is decided on its row of the Review sheet; not applied",
};

export interface ApplyDecisionsOptions {
  /** Over the destructive cap the final plan is blocked unless this is true. */
  allowMassRemoval?: boolean;
  generatedAt?: string;
  /** Review-campaign steps released by account-level Revoke decisions (src/review/), assembled with the rest. */
  extraSteps?: Step[];
}

/**
 * The final plan from the reviewer's decisions: only Revoke becomes actions (re-batched and re-ordered from the
 * proposed plan's steps, the cap re-checked); Exception becomes a proposed exception entry; every row is logged.
 */
export function applyDecisions(
  plan: RemediationPlan,
  doc: FindingsDocument,
  decisions: DecisionsReadResult,
  options: ApplyDecisionsOptions = {},
): { plan: RemediationPlan; exceptionProposals: { exceptions: ExceptionEntry[] }; log: DecisionLogEntry[] } {
  const generatedAt = options.generatedAt ?? plan.generatedAt;
  const byId = new Map(doc.findings.map((f) => [f.id, f]));
  const decided = new Set<string>();
  const log: DecisionLogEntry[] = [];
  const exceptions: ExceptionEntry[] = [];
  const revoked = new Set<string>();

  for (const d of [...decisions.rows].sort((a, b) => a.row - b.row)) {
    const f = byId.get(d.findingId);
    const issues: DecisionLogEntry['issues'] = [];
    const add = (code: DecisionIssueCode): void => {
      issues.push({ code, message: ISSUE_TEXT[code] });
    };
    const entry: DecisionLogEntry = {
      row: d.row,
      ...(d.file ? { file: d.file } : {}),
      findingId: d.findingId,
      rule: f?.rule ?? null,
      vendor: f?.vendor ?? null,
      accountId: f?.accountId ?? null,
      decision: d.decision ?? d.rawDecision,
      reviewer: d.reviewer,
      date: d.date,
      justification: d.justification,
      outcome: 'undecided',
      applied: false,
      issues,
      actionIds: [],
    };
    log.push(entry);
    if (!f) add('unknown_finding');
    if (d.rawDecision !== '' && d.decision === null) add('unknown_decision');
    if (d.decision === null || !f) {
      if (issues.length > 0) entry.outcome = 'rejected';
      continue;
    }
    if (d.decision !== 'Keep' && d.justification === '') add('missing_justification');
    if (d.decision !== 'Keep' && d.reviewer === '') add('missing_reviewer');
    if (isSelfReview(d.reviewer, f)) add('self_review');
    if (decided.has(f.id)) add('duplicate_row');
    if (d.decision === 'Revoke' && f.suppressed) add('suppressed');
    const scope = d.decision === 'Exception' ? exceptionScope(f) : null;
    if (d.decision === 'Exception' && !scope) add('exception_not_expressible');
    if (issues.length > 0) {
      entry.outcome = 'rejected';
      continue;
    }
    decided.add(f.id);
    entry.applied = true;
    if (d.decision === 'Keep') entry.outcome = 'kept';
    else if (d.decision === 'Revoke') {
      entry.outcome = 'revoked';
      revoked.add(f.id);
    } else if (scope) {
      entry.outcome = 'exception_proposed';
      const day = d.date && /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? d.date : generatedAt.slice(0, 10);
      exceptions.push({
        id: scope.renew?.id ?? `review-${f.id}`,
        kind: scope.renew?.kind ?? 'accepted-risk',
        scope: scope.scope,
        rules: scope.renew?.rules ?? [f.rule],
        reason: d.justification,
        approver: d.reviewer,
        expires: quarterAhead(day),
      });
    }
  }

  const steps = [...actionsToSteps(plan.actions, 'proposed'), ...actionsToSteps(plan.onRevoke ?? [], 'on_revoke')];
  // A finding with on-revoke actions was under review: the decision replaces its review step.
  const held = new Set(steps.filter((s) => s.stage === 'on_revoke').flatMap((s) => s.findingIds));
  const kept = steps.flatMap((s) => {
    if (REVIEW_KINDS.has(s.kind)) return [];
    const ids = s.findingIds.filter((id) => revoked.has(id) && (s.stage === 'on_revoke' || !held.has(id)));
    if (ids.length === 0) return [];
    return [{ ...s, findingIds: ids, ...(s.member ? { member: { ...s.member, findingIds: ids } } : {}) }];
  });
  const actions = assembleActions([...kept, ...(options.extraSteps ?? [])], plan.snapshotSha256);
  const vendors: Record<string, VendorCount> = {};
  for (const [vendor, v] of Object.entries(plan.perVendor)) {
    vendors[vendor] = { accounts: v.accounts, complete: v.complete ?? true, incompleteReason: v.incompleteReason ?? null };
  }
  const capPercent = plan.capPercent ?? 10;
  const allowMassRemoval = options.allowMassRemoval ?? false;
  const cap = applyCap(actions, vendors, capPercent, allowMassRemoval);

  const proposedReason = new Map((plan.notActioned ?? []).map((n) => [n.findingId, n.reason]));
  const notActioned: NonNullable<RemediationPlan['notActioned']> = [];
  const actionsOf = new Map<string, string[]>();
  for (const a of actions) {
    for (const id of a.findingIds) {
      const list = actionsOf.get(id);
      if (list) list.push(a.id);
      else actionsOf.set(id, [a.id]);
    }
  }
  for (const entry of log) {
    if (entry.outcome !== 'revoked') continue;
    entry.actionIds = actionsOf.get(entry.findingId) ?? [];
    if (entry.actionIds.length === 0) {
      entry.outcome = 'no_action';
      const v = entry.vendor ? plan.perVendor[entry.vendor] : undefined;
      const reason =
        proposedReason.get(entry.findingId) ??
        (v?.complete === false
          ? `no destructive action: the ${entry.vendor ?? ''} snapshot is incomplete (${v.incompleteReason ?? 'incomplete'})`
          : 'the proposed plan holds no action for this finding');
      notActioned.push({ findingId: entry.findingId, rule: entry.rule ?? '', vendor: entry.vendor, reason });
    }
  }
  const notes = [...cap.notes, `Built from reviewer decisions in ${basename(decisions.file)} (SHA-256 ${decisions.sha256}).`];
  const finalPlan: RemediationPlan = {
    schemaVersion: 1,
    status: cap.status,
    blockedReasons: cap.blockedReasons,
    generatedAt,
    runId: plan.runId,
    snapshotSha256: plan.snapshotSha256,
    perVendor: cap.perVendor,
    actions,
    source: 'decisions',
    capPercent,
    allowMassRemoval,
    onRevoke: [],
    notActioned: notActioned.sort((a, b) => cmp(a.findingId, b.findingId)),
    notes,
  };
  return { plan: finalPlan, exceptionProposals: { exceptions }, log };
}

/** One line per row problem, for the terminal: `file row N: F-...: message`. */
export function describeIssues(file: string, log: DecisionLogEntry[]): string[] {
  // The id and decision are the reviewer's cell text: a line break or escape sequence in them must not forge output lines.
  return log.flatMap((e) => e.issues.map((i) => oneLine(`${basename(e.file ?? file)} row ${e.row}: ${e.findingId || '(no finding id)'}: ${e.decision || '(blank)'}: ${i.message}`)));
}
