import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { readJsonFile } from '../util/json-file.js';
import { JsonReadError } from '../util/json-split.js';
import { Vendor } from '../model/common.js';
import type { FindingsDocument } from '../model/finding.js';
import type { PreviousDecision } from '../model/remediation.js';

const MAX_BYTES = 64 * 1024 * 1024;

/** decisions-log.json as `plan --decisions` writes it (src/plan/write.ts); only what the remediation check needs. */
const DecisionsLog = z.object({
  entries: z.array(
    z.object({
      findingId: z.string(),
      rule: z.string().nullable(),
      vendor: Vendor.nullable(),
      accountId: z.string().nullable(),
      decision: z.string(),
      reviewer: z.string(),
      date: z.string().nullable(),
      justification: z.string(),
      applied: z.boolean(),
    }),
  ),
});

/** One decision of review-record.json (the review stage's record: runId, snapshotSha256, vendor, account, reviewer, decision, date, justification). */
// src/review/record.ts writes null for what a row did not settle (no decision applied, an account-less entry).
const RecordEntry = z.object({
  findingId: z.string().nullable().optional(),
  rule: z.string().nullable().optional(),
  vendor: Vendor.nullable(),
  accountId: z.string().nullable(),
  accountEmail: z.string().nullable().optional(),
  reviewer: z.string().nullable(),
  decision: z.string().nullable(),
  date: z.string().nullable().optional(),
  justification: z.string().nullable().optional(),
});
const ReviewRecord = z.union([
  z.array(RecordEntry),
  z.object({ records: z.array(RecordEntry) }).transform((r) => r.records),
  z.object({ entries: z.array(RecordEntry) }).transform((r) => r.entries),
  z.object({ decisions: z.array(RecordEntry) }).transform((r) => r.decisions),
]);

async function readJson(path: string): Promise<unknown> {
  try {
    const size = (await stat(path)).size;
    if (size > MAX_BYTES) throw badInput(`${path}: over ${MAX_BYTES} bytes`);
    return await readJsonFile(path, { arrays: [['entries'], ['records'], ['decisions'], ['[]']] });
  } catch (err) {
    if (err instanceof JsonReadError) throw badInput(`${path}: ${err.kind === 'malformed' ? err.message : `cannot be read: ${err.message}`}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === undefined) throw err;
    throw badInput(`${path}: cannot read (${code})`);
  }
}

function isDecision(d: string | null): d is 'Revoke' | 'Exception' {
  return d === 'Revoke' || d === 'Exception';
}

/**
 * Last review's Revoke and Exception decisions from its output folder (--previous): review-record.json when the
 * review stage wrote one, and the applied rows of decisions-log.json (`plan --decisions`). One decision per
 * account: the review record wins. Null when the folder holds neither (the remediation check is not evaluated).
 */
export async function loadPreviousDecisions(dir: string, previous: FindingsDocument | null): Promise<PreviousDecision[] | null> {
  const recordPath = join(dir, 'review-record.json');
  const logPath = join(dir, 'decisions-log.json');
  const [recordRaw, logRaw] = await Promise.all([readJson(recordPath), readJson(logPath)]);
  if (recordRaw === undefined && logRaw === undefined) return null;
  const emailOf = new Map((previous?.findings ?? []).map((f) => [f.id, f.accountEmail]));
  const out = new Map<string, PreviousDecision>();
  if (recordRaw !== undefined) {
    const parsed = ReviewRecord.safeParse(recordRaw);
    if (!parsed.success) throw badInput(`${recordPath}: not a review record (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    for (const r of parsed.data) {
      if (!isDecision(r.decision) || r.vendor === null || r.accountId === null) continue;
      out.set(`${r.vendor}:${r.accountId}`, {
        findingId: r.findingId ?? '',
        rule: r.rule ?? null,
        vendor: r.vendor,
        accountId: r.accountId,
        accountEmail: r.accountEmail ?? null,
        decision: r.decision,
        reviewer: r.reviewer ?? '',
        date: r.date ?? null,
        justification: r.justification ?? '',
        source: 'review-record.json',
      });
    }
  }
  if (logRaw !== undefined) {
    const parsed = DecisionsLog.safeParse(logRaw);
    if (!parsed.success) throw badInput(`${logPath}: not a decisions log (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    for (const e of parsed.data.entries) {
      if (!e.applied || !isDecision(e.decision) || e.vendor === null || e.accountId === null) continue;
      const key = `${e.vendor}:${e.accountId}`;
      if (out.has(key)) continue;
      out.set(key, {
        findingId: e.findingId,
        rule: e.rule,
        vendor: e.vendor,
        accountId: e.accountId,
        accountEmail: emailOf.get(e.findingId) ?? null,
        decision: e.decision,
        reviewer: e.reviewer,
        date: e.date,
        justification: e.justification,
        source: 'decisions-log.json',
      });
    }
  }
  return [...out.values()].sort((a, b) => (a.vendor + a.accountId < b.vendor + b.accountId ? -1 : a.vendor + a.accountId > b.vendor + b.accountId ? 1 : 0));
}
