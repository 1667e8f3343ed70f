import { basename, join } from 'node:path';
import { oneLine } from '../errors.js';
import { renderCampaignHtml } from '../report/campaign-html.js';
import { writeFileAtomic } from '../util/atomic.js';
import { writeStableJsonFile } from '../util/json-file.js';
import type { ReviewLogEntry } from './decide.js';
import { RECORD_CSV, RECORD_JSON } from './previous.js';
import { recordCsv, type ReviewRecord } from './record.js';

export const CAMPAIGN_HTML = 'campaign.html';

/**
 * review-record.json and .csv, campaign.html, and a copy of the run's findings.json: the plan's output folder is then
 * a complete `--previous` for next quarter (diff plus last quarter's decisions).
 */
export async function writeCampaignOutputs(dir: string, record: ReviewRecord, findingsJson: Uint8Array): Promise<string[]> {
  // The record has a line per account: streamed, like findings.json, so it has no string ceiling.
  await writeStableJsonFile(join(dir, RECORD_JSON), record);
  const files: Array<[string, string | Uint8Array]> = [
    [join(dir, RECORD_CSV), recordCsv(record)],
    [join(dir, CAMPAIGN_HTML), renderCampaignHtml(record)],
    [join(dir, 'findings.json'), findingsJson],
  ];
  for (const [path, data] of files) await writeFileAtomic(path, data);
  return [join(dir, RECORD_JSON), ...files.map(([p]) => p)];
}

/** One line per review-row problem: `file row N: R-...: message` (reviewer text never forges terminal lines). */
export function describeReviewIssues(entries: readonly ReviewLogEntry[]): string[] {
  return entries.flatMap((e) => [
    ...e.issues.map((i) => oneLine(`${e.file ? basename(e.file) : '?'} row ${e.row ?? '?'}: ${e.reviewId || '(no review id)'}: ${e.decision ?? '(blank)'}: ${i.message}`)),
    ...e.flags.map((f) => oneLine(`${e.file ? basename(e.file) : '?'} row ${e.row ?? '?'}: ${e.reviewId}: flagged: ${f.message}`)),
  ]);
}
