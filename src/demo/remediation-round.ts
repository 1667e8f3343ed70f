import type { FindingsDocument } from '../model/finding.js';
import type { PlanAction, RemediationPlan } from '../model/plan.js';
import type { Vendor } from '../model/common.js';

/**
 * The demo's second quarter (issue 14, proof of remediation): last review revoked every active account of a person
 * who left (TERMINATED_STILL_ACTIVE); in between, a third was carried out fully through the vendors' write routes,
 * a third only partly (deactivated, but the team, queue, call center seat or number kept), a third not at all. The
 * next review, given the first one as --previous, must tell them apart: this is its answer key.
 */
export type PlantedOutcome = 'done' | 'partly_done' | 'not_done';

export interface PlantedRevoke {
  findingId: string;
  vendor: Vendor;
  accountId: string;
  /** Decision date: 30 days before the second review, so past the default 14 remediation days. */
  date: string;
  carriedOut: 'fully' | 'partly' | 'not';
  /** The status the second review must report. */
  expected: PlantedOutcome;
  /** The calls of the first review's plan sent for it, in order. */
  calls: PlanAction[];
}

const DEACTIVATE = new Set(['downgrade_agent', 'suspend_user']);
const RELEASE = new Set(['remove_team_members', 'remove_queue_members', 'remove_callcenter_operator', 'unassign_number']);

/** Picks and plans the remediation round from the first review's findings and plan; deterministic (sorted by finding id). */
export function plantRevokes(doc: FindingsDocument, plan: RemediationPlan, asOf: Date): PlantedRevoke[] {
  const byFinding = new Map<string, PlanAction[]>();
  for (const a of plan.actions) for (const id of a.findingIds) byFinding.set(id, [...(byFinding.get(id) ?? []), a]);
  const date = new Date(asOf.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  const picks = doc.findings
    .filter((f) => f.rule === 'TERMINATED_STILL_ACTIVE' && !f.suppressed && f.vendor !== null && f.accountId !== null)
    .filter((f) => (byFinding.get(f.id) ?? []).some((a) => DEACTIVATE.has(a.kind) && a.call !== null))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  return picks.map((f, i) => {
    const actions = (byFinding.get(f.id) ?? []).filter((a) => a.call !== null).sort((a, b) => a.order - b.order);
    const release = actions.filter((a) => RELEASE.has(a.kind));
    const deactivate = actions.filter((a) => DEACTIVATE.has(a.kind));
    const carriedOut = (['fully', 'partly', 'not'] as const)[i % 3] ?? 'not';
    const calls = carriedOut === 'fully' ? [...release, ...deactivate] : carriedOut === 'partly' ? deactivate : [];
    const expected: PlantedOutcome = carriedOut === 'not' ? 'not_done' : carriedOut === 'partly' && release.length > 0 ? 'partly_done' : 'done';
    return { findingId: f.id, vendor: f.vendor as Vendor, accountId: f.accountId as string, date, carriedOut, expected, calls };
  });
}

/** decisions-log.json of the first review as `plan --decisions` would have written it for these Revoke decisions. */
export function plantedDecisionsLog(picks: readonly PlantedRevoke[]): { schemaVersion: 1; entries: unknown[] } {
  return {
    schemaVersion: 1,
    entries: picks.map((p, i) => ({
      row: i + 2,
      findingId: p.findingId,
      rule: 'TERMINATED_STILL_ACTIVE',
      vendor: p.vendor,
      accountId: p.accountId,
      decision: 'Revoke',
      reviewer: 'it.lead@example.com',
      date: p.date,
      justification: 'left the company',
      outcome: 'revoked',
      applied: true,
      issues: [],
      actionIds: p.calls.map((c) => c.id),
    })),
  };
}

/** A batched removal narrowed to the one account it is sent for: the others in the batch were not decided on here. */
function bodyFor(a: PlanAction, accountId: string): unknown {
  const body = a.call?.body;
  if (body && typeof body === 'object' && 'agentIds' in body) return { agentIds: [accountId] };
  return body;
}

/** Sends the planted calls to the running simulators through their write routes, as an operator would have. */
export async function carryOutRevokes(picks: readonly PlantedRevoke[], sims: { urls: Record<Vendor, string>; tokens: Record<Vendor, string> }): Promise<void> {
  for (const p of picks) {
    for (const a of p.calls) {
      if (!a.call) continue;
      const body = bodyFor(a, p.accountId);
      const headers: Record<string, string> = { authorization: p.vendor === 'dixa' ? sims.tokens.dixa : `Bearer ${sims.tokens.dialpad}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(new URL(a.call.path.replace(/^\//, ''), sims.urls[p.vendor].replace(/\/?$/, '/')), {
        method: a.call.method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status >= 400) throw new Error(`${a.call.method} ${a.call.path}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
  }
}
