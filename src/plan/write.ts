import { once } from 'node:events';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { FindingsDocument, RemediationPlan } from '../model/index.js';
import { writeFileAtomic, writeStreamAtomic } from '../util/atomic.js';
import { writeStableJsonFile } from '../util/json-file.js';
import type { DecisionLogEntry, ExceptionEntry } from './decisions.js';
import { planMarkdownChunks } from './markdown.js';

export const PLAN_JSON = 'remediation-plan.json';
export const PLAN_MD = 'remediation-plan.md';

/**
 * remediation-plan.json and .md, each streamed into a temp file and renamed into place when complete: neither is ever
 * one string (V8 refuses one near 750k people's plan). Both go into the run's staging folder, so a failure part-way
 * leaves no output folder that looks complete.
 */
export async function writePlanFiles(dir: string, plan: RemediationPlan, doc: FindingsDocument): Promise<string[]> {
  const files = [join(dir, PLAN_JSON), join(dir, PLAN_MD)];
  await writeStableJsonFile(files[0] as string, plan);
  await writeStreamAtomic(files[1] as string, async (out) => {
    for (const chunk of planMarkdownChunks(plan, doc)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
  });
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
