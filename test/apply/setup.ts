import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readJournal, type JournalEntry } from '../../src/apply/journal.js';
import { ApplyResult } from '../../src/apply/result.js';
import { RemediationPlan } from '../../src/model/plan.js';
import type { SimRequestRecord } from '../../src/simulator/types.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { demoAuditArgs, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';
import { fillWorkbook } from '../review/fill.js';

export const env = { DIXA_API_TOKEN: HARD_DIXA_TOKEN, DIALPAD_API_TOKEN: HARD_DIALPAD_TOKEN };
export const TOKENS = { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN };
const DAY = new Date(Date.UTC(2026, 11, 10));

export interface FinalPlan {
  work: string;
  config: string;
  /** The run's folder (findings.json, the proposed plan). */
  runDir: string;
  planFile: string;
  plan: RemediationPlan;
}

export const urls = (sims: DemoSims): string[] => ['--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url];

/**
 * The demo organisation through the whole review with the built CLI: run against fresh simulators, every row decided
 * by its assigned reviewer as recommended (Revoke where the tool recommends it), then `plan --decisions`. The demo
 * state is deterministic, so fresh simulators started later hold exactly the accounts this plan names.
 */
export async function finalPlan(prefix: string): Promise<FinalPlan> {
  const work = tempDir(prefix);
  const config = await writeFastConfig(work);
  const sims = await startDemoSims({ tokens: TOKENS });
  try {
    const runDir = join(work, 'q4');
    const r = await runCli(['run', ...urls(sims), ...(await demoAuditArgs(config)), '--out', runDir, '--snapshot-dir', join(work, 'snap'), '--fail-on', 'none', '-q'], { env });
    expect(r.code, r.stderr).toBe(0);
  } finally {
    await sims.close();
  }
  const runDir = join(work, 'q4');
  await fillWorkbook(join(runDir, 'access-review.xlsx'), (row) =>
    row.recommendation === 'Revoke'
      ? { decision: 'Revoke', reviewer: row.assigned, date: DAY, justification: 'Left the company' }
      : { decision: 'Keep', reviewer: row.assigned, date: DAY, justification: 'Still needed' },
  );
  const out = join(work, 'final');
  // The demo revokes more than 10% of each vendor's accounts: the reviewers accept that explicitly.
  const p = await runCli(['plan', '--decisions', join(runDir, 'access-review.xlsx'), '--out', out, '--allow-mass-removal', '-q'], { env });
  expect([0, 1], p.stderr).toContain(p.code);
  const planFile = join(out, 'remediation-plan.json');
  const plan = RemediationPlan.parse(JSON.parse(readFileSync(planFile, 'utf8')));
  expect(plan.status).toBe('ready');
  expect(plan.source).toBe('decisions');
  return { work, config, runDir, planFile, plan };
}

export function apply(fp: FinalPlan, sims: DemoSims, extra: string[], opts: { env?: Record<string, string> } = {}): Promise<CliResult> {
  return runCli(['apply', '--plan', fp.planFile, ...urls(sims), '--config', fp.config, ...extra], { env: { ...env, ...opts.env } });
}

export function readResult(dir: string): ApplyResult {
  return ApplyResult.parse(JSON.parse(readFileSync(join(dir, 'apply-result.json'), 'utf8')));
}

export async function journalOf(dir: string): Promise<JournalEntry[]> {
  return (await readJournal(join(dir, 'apply-journal.jsonl'))).entries;
}

export const isWrite = (r: SimRequestRecord): boolean => r.method !== 'GET' && r.method !== 'HEAD';

/** Both simulators' logs from the given marks on. */
export function logSince(sims: DemoSims, mark: { dixa: number; dialpad: number }): SimRequestRecord[] {
  return [...sims.dixa.requests.slice(mark.dixa), ...sims.dialpad.requests.slice(mark.dialpad)];
}

export const mark = (sims: DemoSims): { dixa: number; dialpad: number } => ({ dixa: sims.dixa.requests.length, dialpad: sims.dialpad.requests.length });

/** "METHOD path body" of every write: the same call twice shows up as a repeated key. */
export function writeKeys(log: readonly SimRequestRecord[]): string[] {
  return log.filter(isWrite).map((r) => `${r.method} ${r.path} ${r.body ?? ''}`);
}
