import { join } from 'node:path';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { readJsonFile } from '../util/json-file.js';
import { JsonReadError } from '../util/json-split.js';
import type { PreviousDecision } from './model.js';

export const RECORD_JSON = 'review-record.json';
export const RECORD_CSV = 'review-record.csv';

const PreviousEntry = z.object({
  vendor: z.string(),
  accountId: z.string(),
  decision: z.string().nullable(),
  reviewer: z.string().nullable(),
  date: z.string().nullable(),
});
const PreviousRecord = z.object({ entries: z.array(PreviousEntry) });

/**
 * Last quarter's certification record (review-record.json in the --previous folder), by `<vendor>:<accountId>`: shown
 * beside each review row as context, never pre-filled. No record there: no context (an earlier run without a campaign).
 */
export async function loadPreviousDecisions(previousDir: string): Promise<Map<string, PreviousDecision> | null> {
  const path = join(previousDir, RECORD_JSON);
  let json: unknown;
  try {
    json = await readJsonFile(path, { arrays: [['entries']] });
  } catch (err) {
    if (err instanceof JsonReadError) throw badInput(`${path}: ${err.kind === 'malformed' ? 'not JSON' : 'cannot be read'}; expected the review record written by plan --decisions (${err.message})`);
    return null;
  }
  const parsed = PreviousRecord.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${path}: not a review record (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'})`);
  }
  const out = new Map<string, PreviousDecision>();
  for (const e of parsed.data.entries) {
    if (e.decision === null) continue;
    out.set(`${e.vendor}:${e.accountId}`, { decision: e.decision, reviewer: e.reviewer, date: e.date });
  }
  return out;
}
