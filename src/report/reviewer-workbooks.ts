import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../model/index.js';
import { CAMPAIGN_MANIFEST, type Campaign, type ReviewRow } from '../review/model.js';
import { writeFileAtomic } from '../util/atomic.js';
import { sha256File } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import type { CellValue } from './cells.js';
import type { ReportContext } from './context.js';
import { reviewTable } from './review-table.js';
import { findingsTableOf, type Table } from './tables.js';
import { writeWorkbook } from './workbook.js';

export interface ManifestEntry {
  reviewer: string;
  name: string;
  file: string;
  rows: number;
  findingRows: number;
  sha256: string;
  dueDate: string;
}

export interface CampaignManifest {
  schemaVersion: 1;
  runId: string;
  snapshotSha256: string | null;
  generatedAt: string;
  dueDate: string;
  reviewers: ManifestEntry[];
  unassigned: string[];
}

/** A file name from a reviewer's email: only [a-z0-9._-], bounded, never a path (reviewer text comes from the IdP). */
export function reviewerFileName(reviewer: string, taken: Set<string>): string {
  const slug = reviewer.toLowerCase().replace('@', '-at-').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'reviewer';
  for (let n = 1; ; n++) {
    const name = `review-${slug}${n === 1 ? '' : `-${n}`}.xlsx`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const INSTRUCTIONS = [
  'Decide every row of the Review sheet: Decision Keep, Revoke or Exception; Reviewer = your email; Date = the day you decided.',
  'Revoke and Exception need a Justification. So does Keep on an account with a critical or high finding or a Revoke recommendation.',
  'Only the yellow columns are yours: a changed owner, status, findings or assigned-reviewer cell rejects the row on read-back.',
  'Findings sheet (if it has rows): findings without an account, decided the same way.',
  'Return the file as it is (Excel, LibreOffice or Google Sheets .xlsx); do not rename sheets or columns.',
];

function overviewTable(campaign: Campaign, entry: { reviewer: string; name: string; rows: number; findingRows: number }): Table {
  const rows: CellValue[][] = [
    ['Run', 'Run ID', campaign.runId, null],
    ['Run', 'Snapshot SHA-256', campaign.snapshotSha256, null],
    ['Campaign', 'Reviewer', entry.reviewer, entry.name],
    ['Campaign', 'Due date', campaign.dueDate, 'review.dueDays after the audit'],
    ['Campaign', 'Review rows', entry.rows, 'accounts to certify on the Review sheet'],
    ['Campaign', 'Findings to decide', entry.findingRows, 'findings without an account, on the Findings sheet'],
    ...INSTRUCTIONS.map((line, i): CellValue[] => ['Instructions', `${i + 1}`, line, null]),
  ];
  return {
    sheet: 'Overview',
    csv: null,
    columns: [
      { header: 'Section', width: 16 },
      { header: 'Item', width: 22 },
      { header: 'Value', width: 66, align: 'left' },
      { header: 'Detail', width: 60 },
    ],
    count: rows.length,
    rows: () => rows,
  };
}

/**
 * One workbook per reviewer (their review rows, their findings without an account, an overview with the
 * instructions) and campaign-manifest.json (reviewer, file, rows, SHA-256, due date), all in `dir`.
 */
export async function writeReviewerWorkbooks(dir: string, ctx: ReportContext, campaign: Campaign): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const rowsOf = new Map<string, ReviewRow[]>();
  for (const r of campaign.rows) {
    if (!r.reviewer) continue;
    const list = rowsOf.get(r.reviewer);
    if (list) list.push(r);
    else rowsOf.set(r.reviewer, [r]);
  }
  const findingById = new Map(ctx.input.doc.findings.map((f) => [f.id, f]));
  const tasksOf = new Map<string, Finding[]>();
  for (const t of campaign.findingTasks) {
    const f = findingById.get(t.findingId);
    if (!t.reviewer || !f) continue;
    const list = tasksOf.get(t.reviewer);
    if (list) list.push(f);
    else tasksOf.set(t.reviewer, [f]);
  }
  const taken = new Set<string>();
  const entries: ManifestEntry[] = [];
  const files: string[] = [];
  for (const s of campaign.reviewers) {
    const rows = rowsOf.get(s.reviewer) ?? [];
    const tasks = tasksOf.get(s.reviewer) ?? [];
    const file = reviewerFileName(s.reviewer, taken);
    const tables = [overviewTable(campaign, { reviewer: s.reviewer, name: s.name, rows: rows.length, findingRows: tasks.length }), reviewTable(rows), findingsTableOf(ctx, tasks, true)];
    const path = await writeWorkbook(dir, ctx, { fileName: file, subject: `Run ${campaign.runId}; reviewer ${s.reviewer}` }, tables);
    files.push(path);
    entries.push({ reviewer: s.reviewer, name: s.name, file, rows: rows.length, findingRows: tasks.length, sha256: await sha256File(path), dueDate: campaign.dueDate });
  }
  const manifest: CampaignManifest = {
    schemaVersion: 1,
    runId: campaign.runId,
    snapshotSha256: campaign.snapshotSha256,
    generatedAt: campaign.generatedAt,
    dueDate: campaign.dueDate,
    reviewers: entries,
    unassigned: campaign.unassigned,
  };
  const manifestPath = join(dir, CAMPAIGN_MANIFEST);
  await writeFileAtomic(manifestPath, stableStringify(manifest));
  return [...files, manifestPath];
}
