import { join } from 'node:path';
import { z } from 'zod';
import { RunInfo } from '../model/finding.js';
import type { RemediationPlan } from '../model/plan.js';
import { OUTPUT_MARKER } from '../output-folder/marker.js';
import { writeFileAtomic } from '../util/atomic.js';
import { sha256File } from '../util/hash.js';
import { stableStringify } from '../util/json.js';

export const PLAN_RUN_JSON = 'run.json';

/**
 * run.json of a final-plan folder: which review run the plan answers, what the plan is, and the SHA-256 of every file
 * the folder holds. `apply` accepts a plan only when its bytes still hash to what this record says, so a plan edited
 * after the reviewers' decisions (by hand or by a script) is refused.
 */
export const PlanRunRecord = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('final-plan'),
  run: RunInfo.pick({ id: true, snapshotDir: true, snapshotSha256: true }).passthrough(),
  plan: z.object({ status: z.string(), source: z.string().nullable(), generatedAt: z.string(), actions: z.number().int() }),
  outputs: z.record(z.string(), z.string()),
});
export type PlanRunRecord = z.infer<typeof PlanRunRecord>;

/** Hashes the files already written into dir (and the marker) and writes run.json beside them. */
export async function writePlanRunRecord(dir: string, run: z.infer<typeof RunInfo>, plan: RemediationPlan, names: string[]): Promise<string> {
  const outputs: Record<string, string> = {};
  for (const name of [...new Set([...names, OUTPUT_MARKER])].sort()) outputs[name] = await sha256File(join(dir, name));
  const record: PlanRunRecord = {
    schemaVersion: 1,
    kind: 'final-plan',
    run,
    plan: { status: plan.status, source: plan.source ?? null, generatedAt: plan.generatedAt, actions: plan.actions.length },
    outputs,
  };
  const path = join(dir, PLAN_RUN_JSON);
  await writeFileAtomic(path, stableStringify(record));
  return path;
}
