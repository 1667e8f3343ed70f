import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FindingsDocument, RemediationPlan } from '../model/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { writeStableJsonFile } from '../util/json-file.js';
import type { DecisionLogEntry, ExceptionEntry } from './decisions.js';
import { renderPlanMarkdown } from './markdown.js';

export const PLAN_JSON = 'remediation-plan.json';
export const PLAN_MD = 'remediation-plan.md';

/**
 * remediation-plan.json (streamed: the bytes of one stableStringify string, which V8 refuses near 750k people's plan)
 * + .md, each written atomically, the Markdown rendered before the first write.
 */
export async function writePlanFiles(dir: string, plan: RemediationPlan, doc: FindingsDocument): Promise<string[]> {
  const markdown = renderPlanMarkdown(plan, doc);
  const files = [join(dir, PLAN_JSON), join(dir, PLAN_MD)];
  await writeStableJsonFile(files[0] as string, plan);
  await writeFileAtomic(files[1] as string, markdown);
  return files;
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
  const csv: [string, string] = [join(dir, 'decisions-log.csv'), decisionsLogCsv(result.log)];
  const json: Array<[string, unknown]> = [
    [join(dir, 'exceptions-proposed.json'), result.exceptionProposals],
    [join(dir, 'decisions-log.json'), { schemaVersion: 1, entries: result.log }],
  ];
  const written = await writePlanFiles(dir, result.plan, doc);
  for (const [path, value] of json) await writeStableJsonFile(path, value);
  await writeFileAtomic(...csv);
  return [...written, ...json.map(([p]) => p), csv[0]];
}
