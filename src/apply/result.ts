import { z } from 'zod';
import { Vendor } from '../model/common.js';
import { mdText } from '../plan/markdown.js';

export const RESULT_JSON = 'apply-result.json';
export const RESULT_MD = 'apply-result.md';

/**
 * done: the call was sent and a read confirmed it, or the state was already the target (reason says which);
 * planned: a dry run found the precondition true and would send the call; skipped: not sent (reason);
 * failed: sent (or tried) and not confirmed; manual: a step for a person, listed, never run.
 */
export const Outcome = z.enum(['done', 'planned', 'skipped', 'failed', 'manual']);
export type Outcome = z.infer<typeof Outcome>;

export const SkipCode = z.enum(['already_done', 'drift', 'dependency', 'manual_pending', 'permanent', 'retention', 'vendor_stopped', 'interrupted', 'cap', 'blocked', 'call_mismatch', 'no_token', 'sent']);
export type SkipCode = z.infer<typeof SkipCode>;

export const ActionResult = z.object({
  actionId: z.string(),
  order: z.number().int(),
  vendor: Vendor,
  kind: z.string(),
  title: z.string(),
  accountId: z.string().nullable(),
  /** Every account the action works on (a batch's members). */
  accountIds: z.array(z.string()),
  findingIds: z.array(z.string()),
  outcome: Outcome,
  /** Why (skipped, failed, manual), or what confirmed it (done). */
  code: SkipCode.nullable(),
  reason: z.string(),
  call: z.object({ method: z.string(), path: z.string() }).nullable(),
  /** When the outcome was reached (the confirming read for done). */
  at: z.string(),
});
export type ActionResult = z.infer<typeof ActionResult>;

export const ApplyResult = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('access-audit-apply-result'),
  mode: z.enum(['dry-run', 'execute']),
  applyId: z.string(),
  plan: z.object({ file: z.string(), sha256: z.string(), runId: z.string(), snapshotSha256: z.string() }),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** How many times this run was resumed from its journal. */
  resumed: z.number().int(),
  complete: z.boolean(),
  interrupted: z.boolean(),
  stoppedVendors: z.array(z.object({ vendor: Vendor, reason: z.string() })),
  counts: z.record(z.string(), z.number().int()),
  actions: z.array(ActionResult),
  journal: z.object({ file: z.string(), entries: z.number().int(), lastHash: z.string() }).nullable(),
});
export type ApplyResult = z.infer<typeof ApplyResult>;

export function countOutcomes(actions: readonly ActionResult[]): Record<string, number> {
  const counts: Record<string, number> = { done: 0, planned: 0, skipped: 0, failed: 0, manual: 0 };
  for (const a of actions) counts[a.outcome] = (counts[a.outcome] ?? 0) + 1;
  return counts;
}

const cell = (s: string): string => mdText(s).replace(/\|/g, '\\|');

export function renderResultMarkdown(r: ApplyResult): string {
  const lines = [
    `# Apply result (${r.mode === 'execute' ? 'executed' : 'dry run: nothing was changed'})`,
    '',
    `- Plan: ${mdText(r.plan.file)} (SHA-256 \`${r.plan.sha256}\`), run ${mdText(r.plan.runId)}`,
    `- Started ${r.startedAt}, finished ${r.finishedAt}${r.resumed > 0 ? `, resumed ${r.resumed} time(s)` : ''}`,
    `- ${Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `- ${r.complete ? 'Complete.' : 'Not complete: continue with `access-audit apply --resume` and the same --plan and --out.'}`,
  ];
  for (const s of r.stoppedVendors) lines.push(`- Stopped for ${s.vendor}: ${mdText(s.reason)}`);
  if (r.journal) lines.push(`- Journal: ${mdText(r.journal.file)}, ${r.journal.entries} entries, last hash \`${r.journal.lastHash}\``);
  const section = (title: string, rows: ActionResult[]): void => {
    if (rows.length === 0) return;
    lines.push('', `## ${title} (${rows.length})`, '', '| # | vendor | action | account | reason |', '|---|---|---|---|---|');
    for (const a of rows) lines.push(`| ${a.order + 1} | ${a.vendor} | ${cell(a.title)} | ${cell(a.accountIds.join(', ') || '-')} | ${cell(a.code ? `${a.code}: ${a.reason}` : a.reason)} |`);
  };
  section('Done', r.actions.filter((a) => a.outcome === 'done'));
  section('Would be done (dry run)', r.actions.filter((a) => a.outcome === 'planned'));
  section('Failed', r.actions.filter((a) => a.outcome === 'failed'));
  section('Skipped', r.actions.filter((a) => a.outcome === 'skipped'));
  section('Manual steps (not run by apply)', r.actions.filter((a) => a.outcome === 'manual'));
  return lines.join('\n') + '\n';
}
