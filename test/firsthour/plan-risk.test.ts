import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanAction } from '../../src/model/index.js';
import { buildPlan } from '../../src/plan/build.js';
import { applyDecisions, readDecisions } from '../../src/plan/decisions.js';
import { DX_ENDUSER, DX_GONE, Q_SUPPORT, scenario } from '../plan/fixtures.js';
import { writeReviewWorkbook } from '../plan/workbook.js';

const REVIEWER = 'rita.reviewer@example.com';
const END_USER_RISK = /no longer an agent/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-risk-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const supportQueue = (actions: PlanAction[]): PlanAction | undefined => actions.find((a) => a.kind === 'remove_queue_members' && a.group?.id === Q_SUPPORT);

async function finalPlan(revoke: string[]): Promise<{ proposed: PlanAction[]; final: PlanAction[] }> {
  const s = scenario();
  const proposed = buildPlan(s.input);
  const fill = Object.fromEntries(revoke.map((id) => [id, { decision: 'Revoke' as const, reviewer: REVIEWER, justification: 'confirmed with the manager' }]));
  const xlsx = join(dir, `${revoke.length}-review.xlsx`);
  await writeReviewWorkbook(xlsx, s.input.doc, fill, []);
  const { plan } = applyDecisions(proposed, s.input.doc, await readDecisions(xlsx), { generatedAt: '2024-07-10T12:00:00.000Z' });
  return { proposed: proposed.actions, final: plan.actions };
}

describe('risk texts of a final plan', () => {
  it('drop a risk that held only for a member the reviewer did not revoke', async () => {
    const s = scenario();
    const gone = s.f.dxGone!.id;
    const { proposed, final } = await finalPlan([gone]);
    // The proposed Support batch holds the end user, so it carries the end-user risk...
    expect(supportQueue(proposed)!.risk.some((r) => END_USER_RISK.test(r))).toBe(true);
    // ...the final one holds only the active agent, and must not say "the member is no longer an agent".
    const queue = supportQueue(final)!;
    expect((queue.call?.body as { agentIds: string[] }).agentIds).toEqual([DX_GONE]);
    expect(queue.risk.some((r) => END_USER_RISK.test(r))).toBe(false);
    expect(queue.risk.length).toBeGreaterThan(0);
  });

  it('keep it when that member is revoked too', async () => {
    const s = scenario();
    const { final } = await finalPlan([s.f.dxGone!.id, s.f.dxEndUser!.id]);
    const queue = supportQueue(final)!;
    expect((queue.call?.body as { agentIds: string[] }).agentIds).toContain(DX_ENDUSER);
    expect(queue.risk.some((r) => END_USER_RISK.test(r))).toBe(true);
  });
});
