import { basename, dirname, join } from 'node:path';
import { parseJsonBytes } from '../util/json-schema.js';
import { badInput } from '../errors.js';
import { RemediationPlan } from '../model/plan.js';
import { readMarker } from '../output-folder/marker.js';
import { PLAN_RUN_JSON, PlanRunRecord } from '../plan/record.js';
import { sha256 } from '../util/hash.js';
import { readRegular } from '../util/no-follow.js';

/** A final plan is a few MB for a large organisation; past this it is not one. */
const MAX_PLAN_BYTES = 256 * 1024 * 1024;

export interface LoadedPlan {
  file: string;
  sha256: string;
  plan: RemediationPlan;
}

const HINT = 'apply takes the remediation-plan.json that `access-audit plan --decisions` wrote, unchanged';

/**
 * The plan apply accepts: a final plan built from reviewer decisions (source 'decisions'), status ready, in the plan
 * folder that `plan --decisions` wrote (its marker), whose bytes hash to what that folder's run.json recorded. Anything
 * else is exit 3 with one line: a proposed or blocked plan, or one edited after the decisions, is never carried out.
 */
export async function loadFinalPlan(file: string): Promise<LoadedPlan> {
  const name = `--plan ${file}`;
  const read = await readRegular(file, MAX_PLAN_BYTES).catch(() => null);
  if (!read?.ok) throw badInput(`${name}: cannot read (${read?.why ?? 'error'})`, HINT);
  const hash = sha256(read.bytes);
  const plan = parseJsonBytes(read.bytes, RemediationPlan, name, 'a remediation plan', HINT);
  if (plan.source !== 'decisions') throw badInput(`${name}: a proposed plan (from findings), not a final plan from reviewer decisions`, 'run `access-audit plan --decisions` first and apply its plan');
  if (plan.status !== 'ready') {
    const why = plan.status === 'blocked' ? `blocked (${plan.blockedReasons.join('; ').slice(0, 300)})` : 'empty: nothing to apply';
    throw badInput(`${name}: the plan is ${why}`, HINT);
  }
  const dir = dirname(file);
  const marker = await readMarker(dir);
  if (marker?.kind !== 'plan') throw badInput(`${name}: not in a plan folder written by access-audit plan --decisions (no plan marker)`, HINT);
  const recordPath = join(dir, PLAN_RUN_JSON);
  const recordRead = await readRegular(recordPath, 64 * 1024 * 1024).catch(() => null);
  if (!recordRead?.ok) throw badInput(`${name}: ${recordPath} is missing, so the plan cannot be proven unchanged`, HINT);
  let record: PlanRunRecord;
  try {
    record = PlanRunRecord.parse(JSON.parse(recordRead.bytes.toString('utf8')));
  } catch {
    throw badInput(`${name}: ${recordPath} is not the run record of a final plan`, HINT);
  }
  const recorded = record.outputs[basename(file)];
  if (recorded !== hash) {
    throw badInput(`${name}: SHA-256 ${hash.slice(0, 12)}... does not match ${recordPath} (${recorded ? `${recorded.slice(0, 12)}...` : 'no entry'}): the plan was changed after the decisions`, HINT);
  }
  if (record.run.id !== plan.runId) throw badInput(`${name}: plan of run ${plan.runId}, but ${recordPath} is run ${record.run.id}`, HINT);
  return { file, sha256: hash, plan };
}
