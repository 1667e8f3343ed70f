import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FindingsDocument, RemediationPlan } from '../model/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { stableStringify } from '../util/json.js';
import type { DecisionLogEntry, ExceptionEntry } from './decisions.js';
import { renderPlanMarkdown } from './markdown.js';

export const PLAN_JSON = 'remediation-plan.json';
export const PLAN_MD = 'remediation-plan.md';

/** remediation-plan.json + .md, each written atomically (contents computed before the first write). */
export async function writePlanFiles(dir: string, plan: RemediationPlan, doc: FindingsDocument): Promise<string[]> {
  const files: Array<[string, string]> = [
    [join(dir, PLAN_JSON), stableStringify(plan)],
    [join(dir, PLAN_MD), renderPlanMarkdown(plan, doc)],
  ];
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return files.map(([p]) => p);
}

const LOG_COLUMNS = ['row', 'findingId', 'rule', 'vendor', 'accountId', 'decision', 'reviewer', 'date', 'justification', 'outcome', 'applied', 'issues', 'actionIds'] as const;

export function decisionsLogCsv(log: DecisionLogEntry[]): string {
  const records = log.map((e) => [
    e.row,
    e.findingId,
    e.rule ?? '',
    e.vendor ?? '',
    e.accountId ?? '',
    e.decision,
    e.reviewer,
    e.date ?? '',
    e.justification,
    e.outcome,
    e.applied ? 'true' : 'false',
    e.issues.map((i) => i.code).join(' '),
    e.actionIds.join(' '),
  ]);
  // Reviewer text ends up in spreadsheets: cells beginning with = + - @ are neutralised (DESIGN.md section 9).
  return stringify([[...LOG_COLUMNS], ...records], { bom: true, escape_formulas: true });
}

/** The outputs of `plan --decisions`: final plan, proposed exceptions, decisions log (JSON and CSV). */
export async function writeDecisionOutputs(
  dir: string,
  result: { plan: RemediationPlan; exceptionProposals: { exceptions: ExceptionEntry[] }; log: DecisionLogEntry[] },
  doc: FindingsDocument,
): Promise<string[]> {
  const files: Array<[string, string]> = [
    [join(dir, 'exceptions-proposed.json'), stableStringify(result.exceptionProposals)],
    [join(dir, 'decisions-log.json'), stableStringify({ schemaVersion: 1, entries: result.log })],
    [join(dir, 'decisions-log.csv'), decisionsLogCsv(result.log)],
  ];
  const written = await writePlanFiles(dir, result.plan, doc);
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return [...written, ...files.map(([p]) => p)];
}
