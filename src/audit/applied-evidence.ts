import { join } from 'node:path';
import { ApplyResult, RESULT_JSON, type ActionResult } from '../apply/result.js';
import { parseJsonBytes } from '../util/json-schema.js';
import { badInput } from '../errors.js';
import type { FindingsDocument } from '../model/finding.js';
import type { AppliedCitation } from '../model/remediation.js';
import { readMarker } from '../output-folder/marker.js';
import { PLAN_RUN_JSON, PlanRunRecord } from '../plan/record.js';
import { sha256 } from '../util/hash.js';
import { readRegular } from '../util/no-follow.js';

/** An apply result of a large organisation is a few MB; past this it is not one. */
const MAX_RESULT_BYTES = 64 * 1024 * 1024;
const HINT = 'give --applied the --out folder of `access-audit apply --execute` for the plan of the --previous review';

/** One --applied folder's result, read and checked against the --previous review. */
export interface AppliedResultFile {
  dir: string;
  path: string;
  sha256: string;
  result: ApplyResult;
}

/**
 * The apply results given with --applied, each checked to belong to the --previous review: written by apply (an
 * apply marker), a parseable apply-result.json of an executed run, naming the previous review's run and snapshot,
 * and (when --previous is the final-plan folder) the very plan that folder's run.json recorded. A result of another
 * review would cite outcomes for accounts it never decided on, so it is refused (exit 3), never skipped.
 */
export async function loadAppliedResults(dirs: readonly string[], previousDir: string, previous: FindingsDocument | null): Promise<AppliedResultFile[]> {
  const planSha = await finalPlanSha(previousDir);
  const out: AppliedResultFile[] = [];
  for (const dir of dirs) {
    const name = `--applied ${dir}`;
    const marker = await readMarker(dir);
    if (marker?.kind !== 'apply') throw badInput(`${name}: not an apply folder written by access-audit apply (no apply marker)`, HINT);
    const path = join(dir, RESULT_JSON);
    const read = await readRegular(path, MAX_RESULT_BYTES).catch(() => null);
    if (!read?.ok) throw badInput(`${name}: cannot read ${path} (${read?.why ?? 'error'})`, HINT);
    const result = parseJsonBytes(read.bytes, ApplyResult, path, 'an apply result', HINT);
    // A dry run changed nothing: citing its "planned" outcomes would read as evidence of work never done.
    if (result.mode !== 'execute') throw badInput(`${path}: a dry run (nothing was changed), not evidence of remediation`, HINT);
    if (previous && result.plan.runId !== previous.run.id) {
      throw badInput(`${path}: applies a plan of run ${result.plan.runId}, not of the --previous review (run ${previous.run.id})`, HINT);
    }
    const reviewedSnapshot = previous?.run.snapshotSha256 ?? null;
    if (reviewedSnapshot && result.plan.snapshotSha256 !== reviewedSnapshot) {
      throw badInput(`${path}: applies a plan of snapshot ${result.plan.snapshotSha256.slice(0, 12)}..., not the --previous review's (${reviewedSnapshot.slice(0, 12)}...)`, HINT);
    }
    if (planSha && result.plan.sha256 !== planSha) {
      throw badInput(`${path}: applies a plan with SHA-256 ${result.plan.sha256.slice(0, 12)}..., not the final plan of --previous ${previousDir} (${planSha.slice(0, 12)}...)`, HINT);
    }
    out.push({ dir, path, sha256: sha256(read.bytes), result });
  }
  return out;
}

/** The SHA-256 the --previous folder's run.json recorded for its final plan, when --previous is a final-plan folder. */
async function finalPlanSha(previousDir: string): Promise<string | null> {
  const read = await readRegular(join(previousDir, PLAN_RUN_JSON), MAX_RESULT_BYTES).catch(() => null);
  if (!read?.ok) return null;
  try {
    const record = PlanRunRecord.safeParse(JSON.parse(read.bytes.toString('utf8')));
    return record.success ? (record.data.outputs['remediation-plan.json'] ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * Deliberately later steps: the permanent delete after the retention period never runs in the same apply as the
 * suspend it follows, so it does not make an otherwise finished revoke read as skipped.
 */
const LATER: ReadonlySet<string> = new Set(['permanent', 'retention']);

function summarize(actions: readonly ActionResult[]): Pick<AppliedCitation, 'outcome' | 'reason'> {
  const why = (a: ActionResult): string => `${a.title}: ${a.code ? `${a.code}: ` : ''}${a.reason}`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const failed = actions.find((a) => a.outcome === 'failed');
  if (failed) return { outcome: 'failed', reason: why(failed) };
  const later = actions.filter((a) => a.outcome === 'skipped' && a.code !== null && LATER.has(a.code));
  const skipped = actions.find((a) => a.outcome === 'skipped' && !later.includes(a));
  if (skipped) return { outcome: 'skipped', reason: why(skipped) };
  const done = actions.filter((a) => a.outcome === 'done');
  const manual = actions.filter((a) => a.outcome === 'manual');
  const notes = [
    ...(manual.length > 0 ? [`${plural(manual.length, 'manual step')} listed for a person`] : []),
    ...(later.length > 0 ? [`${plural(later.length, 'later step')} not run yet (${[...new Set(later.map((a) => a.code))].join(', ')})`] : []),
  ];
  if (done.length > 0) return { outcome: 'done', reason: [`${plural(done.length, 'action')} done`, ...notes].join('; ') };
  const m = manual[0];
  if (m) return { outcome: 'manual', reason: why(m) };
  const l = later[0];
  return l ? { outcome: 'skipped', reason: why(l) } : { outcome: 'manual', reason: 'no action for this account' };
}

/**
 * vendor:accountId -> what the apply results say about that account. An account cited by several results (two apply
 * runs of the same plan) takes the result that finished last: it saw the state the earlier one left.
 */
export function appliedCitations(files: readonly AppliedResultFile[]): Map<string, AppliedCitation> {
  const byAccount = new Map<string, { finishedAt: string; citation: AppliedCitation }>();
  for (const f of files) {
    const grouped = new Map<string, ActionResult[]>();
    for (const a of f.result.actions) {
      // A dry run's "planned" never reaches here (dry runs are refused); guard anyway so it is never cited.
      if (a.outcome === 'planned') continue;
      for (const id of new Set([...(a.accountId ? [a.accountId] : []), ...a.accountIds])) {
        const key = `${a.vendor}:${id}`;
        grouped.set(key, [...(grouped.get(key) ?? []), a]);
      }
    }
    for (const [key, actions] of grouped) {
      const held = byAccount.get(key);
      if (held && held.finishedAt > f.result.finishedAt) continue;
      const at = actions.map((a) => a.at).sort().at(-1) ?? f.result.finishedAt;
      byAccount.set(key, {
        finishedAt: f.result.finishedAt,
        citation: { ...summarize(actions), at, actionIds: actions.map((a) => a.actionId), source: 'apply-result.json', path: f.path, sha256: f.sha256, applyId: f.result.applyId },
      });
    }
  }
  return new Map([...byAccount].map(([k, v]) => [k, v.citation]));
}
