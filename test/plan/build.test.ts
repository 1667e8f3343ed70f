import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { RemediationPlan, type PlanAction } from '../../src/model/index.js';
import {
  bigQueueScenario, CC_SUPPORT, DP_LEFT, DP_PENDING, DP_SUSPENDED, DX_ENDUSER, DX_GONE, DX_INVITE, DX_LEFT, DX_SERVICE, DX_UNENTITLED,
  OFFICE_HQ, OFFICE_SALES, Q_BILLING, Q_SUPPORT, scenario, T_TIER1,
} from './fixtures.js';

const callOf = (a: PlanAction | undefined): string => (a?.call ? `${a.call.method} ${a.call.path}` : 'manual');

function byKind(actions: PlanAction[], kind: string, accountId?: string): PlanAction[] {
  return actions.filter((a) => a.kind === kind && (accountId === undefined || a.accountId === accountId || a.members?.some((m) => m.accountId === accountId)));
}

function one(actions: PlanAction[], kind: string, accountId?: string): PlanAction {
  const found = byKind(actions, kind, accountId);
  expect(found, `${kind} ${accountId ?? ''}`).toHaveLength(1);
  return found[0]!;
}

describe('buildPlan: Dixa playbooks', () => {
  const s = scenario();
  const plan = buildPlan(s.input);

  it('parses as the versioned plan schema and is ready', () => {
    expect(() => RemediationPlan.parse(plan)).not.toThrow();
    expect(plan.status).toBe('ready');
    expect(plan.snapshotSha256).toBe(s.input.snapshotSha256);
    for (const a of plan.actions) expect(a.precondition.snapshotSha256).toBe(s.input.snapshotSha256);
  });

  it('person gone: reassign (manual), queue and team removals, then downgrade depending on the removals', () => {
    const reassign = one(plan.actions, 'reassign_conversations', DX_GONE);
    expect(reassign.call).toBeNull();
    expect(reassign.findingIds).toEqual([s.f.dxGone!.id]);
    const support = plan.actions.find((a) => a.kind === 'remove_queue_members' && a.group?.id === Q_SUPPORT)!;
    const billing = plan.actions.find((a) => a.kind === 'remove_queue_members' && a.group?.id === Q_BILLING)!;
    const team = plan.actions.find((a) => a.kind === 'remove_team_members' && a.group?.id === T_TIER1)!;
    // The gone agents of one queue go in one call: Gina, Leo and the dangling end user Erin share Support.
    expect(support.call).toEqual({ method: 'DELETE', path: `/v1/queues/${Q_SUPPORT}/members`, body: { agentIds: [DX_GONE, DX_LEFT, DX_ENDUSER].sort() } });
    expect(billing.call).toEqual({ method: 'DELETE', path: `/v1/queues/${Q_BILLING}/members`, body: { agentIds: [DX_GONE] } });
    expect(team.call).toEqual({ method: 'DELETE', path: `/v1/teams/${T_TIER1}/agents`, body: { agentIds: [DX_ENDUSER, DX_GONE].sort() } });
    expect(support.dependsOn.sort()).toEqual([reassign.id, one(plan.actions, 'reassign_conversations', DX_LEFT).id].sort());
    const downgrade = one(plan.actions, 'downgrade_agent', DX_GONE);
    expect(downgrade.call).toEqual({ method: 'DELETE', path: `/v1/agents/${DX_GONE}` });
    expect(downgrade.dependsOn.sort()).toEqual([support.id, billing.id, team.id].sort());
    expect(downgrade.order).toBeGreaterThan(Math.max(support.order, billing.order, team.order));
    expect(reassign.order).toBeLessThan(Math.min(support.order, billing.order, team.order));
    expect(downgrade.reversible).toBe(false);
    expect(downgrade.approvalRequired).toBe(true);
    expect(downgrade.precondition.expect).toMatchObject({ status: 'active' });
    expect(support.precondition.expect).toEqual({ memberOf: Q_SUPPORT, agentIds: [DX_GONE, DX_LEFT, DX_ENDUSER].sort() });
  });

  it('a terminated admin: its PRIVILEGED finding answers to the same downgrade, with a risk note', () => {
    const downgrade = one(plan.actions, 'downgrade_agent', DX_LEFT);
    expect(downgrade.findingIds.sort()).toEqual([s.f.dxLeft!.id, s.f.dxLeftAdmin!.id].sort());
    expect(downgrade.risk.join(' ')).toMatch(/Administrator role/);
    expect(byKind(plan.actions, 'review_admin_role', DX_LEFT)).toHaveLength(0);
  });

  it('dangling end user: member removals only, no reassign, no downgrade', () => {
    expect(byKind(plan.actions, 'reassign_conversations', DX_ENDUSER)).toHaveLength(0);
    expect(byKind(plan.actions, 'downgrade_agent', DX_ENDUSER)).toHaveLength(0);
    const removals = plan.actions.filter((a) => a.members?.some((m) => m.accountId === DX_ENDUSER));
    expect(removals.map((a) => a.group?.id).sort()).toEqual([Q_SUPPORT, T_TIER1].sort());
    const member = removals[0]!.members!.find((m) => m.accountId === DX_ENDUSER)!;
    expect(member.findingIds).toEqual([s.f.dxEndUser!.id]);
  });

  it('unaccepted invite: cancelled with DELETE /v1/agents/{id} (config invites=cancel)', () => {
    const cancel = one(plan.actions, 'cancel_invite', DX_INVITE);
    expect(cancel.call).toEqual({ method: 'DELETE', path: `/v1/agents/${DX_INVITE}` });
    expect(cancel.findingIds).toEqual([s.f.dxInvite!.id]);
  });

  it('unaccepted invite with invites=resend: a manual step, no call', () => {
    const p = buildPlan(scenario({ invites: 'resend' }).input);
    const resend = one(p.actions, 'resend_invite', DX_INVITE);
    expect(resend.call).toBeNull();
    expect(resend.risk.join(' ')).toMatch(/no resend-invitation endpoint/);
    expect(byKind(p.actions, 'cancel_invite', DX_INVITE)).toHaveLength(0);
    expect(one(p.actions, 'resend_invite', DP_PENDING).call).toBeNull();
  });

  it('missing seat: POST /v1/agents with displayName and email, after the removals', () => {
    const create = one(plan.actions, 'create_agent');
    expect(create.call).toEqual({ method: 'POST', path: '/v1/agents', body: { displayName: 'Carol New', email: 'carol.new@example.com' } });
    expect(create.risk.join(' ')).toMatch(/invitation email/);
    const lastRemoval = Math.max(...plan.actions.filter((a) => a.kind.startsWith('remove_') || a.kind === 'unassign_number').map((a) => a.order));
    expect(create.order).toBeGreaterThan(lastRemoval);
  });

  it('review findings: manual steps with approval, no destructive call; the revoke playbook waits in onRevoke', () => {
    const review = one(plan.actions, 'review_entitlement', DX_UNENTITLED);
    expect(review.call).toBeNull();
    expect(review.approvalRequired).toBe(true);
    expect(plan.actions.filter((a) => a.destructive && a.findingIds.includes(s.f.dxUnentitled!.id))).toHaveLength(0);
    const held = plan.onRevoke!.filter((a) => a.findingIds.includes(s.f.dxUnentitled!.id));
    expect(held.map((a) => a.kind)).toEqual(['reassign_conversations', 'remove_queue_members', 'downgrade_agent']);
    expect(one(plan.actions, 'resolve_owner').call).toBeNull();
    expect(one(plan.actions, 'review_duplicate').call).toBeNull();
  });
});

describe('buildPlan: Dialpad playbooks', () => {
  const s = scenario();
  const plan = buildPlan(s.input);

  it('person gone: operator removal, number unassignments, suspend; permanent delete only after retention', () => {
    const op = one(plan.actions, 'remove_callcenter_operator', DP_LEFT);
    expect(op.call).toEqual({ method: 'DELETE', path: `/api/v2/callcenters/${CC_SUPPORT}/operators`, body: { user_id: Number(DP_LEFT) } });
    const numbers = byKind(plan.actions, 'unassign_number', DP_LEFT);
    expect(numbers.map((a) => a.call?.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ number: '+14155550101' }, { number: '+14155550102' }]);
    for (const n of numbers) expect(callOf(n)).toBe(`POST /api/v2/users/${DP_LEFT}/unassign_number`);
    const suspend = one(plan.actions, 'suspend_user', DP_LEFT);
    expect(suspend.call).toEqual({ method: 'PATCH', path: `/api/v2/users/${DP_LEFT}`, body: { state: 'suspended' } });
    expect(suspend.reversible).toBe(true);
    expect(suspend.phase).toBe('now');
    expect(suspend.dependsOn.sort()).toEqual([op.id, ...numbers.map((n) => n.id)].sort());
    const del = one(plan.actions, 'delete_user', DP_LEFT);
    expect(del.call).toEqual({ method: 'DELETE', path: `/api/v2/users/${DP_LEFT}` });
    expect(del.phase).toBe('after_retention');
    expect(del.reversible).toBe(false);
    expect(del.dependsOn).toEqual([suspend.id]);
    expect(del.risk.join(' ')).toMatch(/releases every number/);
    expect(del.precondition.expect).toEqual({ state: 'suspended', notBefore: '2024-07-30', email: 'lars.left@example.com' });
    // Permanent deletes come last, after every "now" action.
    expect(del.order).toBe(Math.max(...plan.actions.map((a) => a.order)));
    expect(plan.actions.filter((a) => a.kind === 'delete_user' && a.phase === 'now')).toHaveLength(0);
  });

  it('suspended user still holding a seat and a number: the removals only', () => {
    expect(one(plan.actions, 'remove_callcenter_operator', DP_SUSPENDED).call?.body).toEqual({ user_id: Number(DP_SUSPENDED) });
    expect(one(plan.actions, 'unassign_number', DP_SUSPENDED).call?.body).toEqual({ number: '+14155550103' });
    expect(byKind(plan.actions, 'suspend_user', DP_SUSPENDED)).toHaveLength(0);
    expect(byKind(plan.actions, 'delete_user', DP_SUSPENDED)).toHaveLength(0);
  });

  it('unaccepted invite: DELETE of the pending user, irreversible, approval required', () => {
    const cancel = one(plan.actions, 'cancel_invite', DP_PENDING);
    expect(cancel.call).toEqual({ method: 'DELETE', path: `/api/v2/users/${DP_PENDING}` });
    expect(cancel.reversible).toBe(false);
    expect(cancel.approvalRequired).toBe(true);
  });

  it('missing seats: POST /api/v2/users with office by department; blocked by SEAT_SHORTFALL when the office has no license', () => {
    const creates = byKind(plan.actions, 'create_user');
    const sally = creates.find((a) => (a.call?.body as { email: string }).email === 'sally.sales@example.com')!;
    const hank = creates.find((a) => (a.call?.body as { email: string }).email === 'hank.hq@example.com')!;
    expect(sally.call?.body).toEqual({ email: 'sally.sales@example.com', office_id: Number(OFFICE_SALES), first_name: 'Sally', last_name: 'Sales' });
    expect(sally.blockedBy).toEqual([s.f.dpShortfall!.id]);
    expect(sally.approvalRequired).toBe(true);
    expect(sally.precondition.expect).toMatchObject({ officeId: OFFICE_SALES, availableLicenses: 0 });
    expect(hank.call?.body).toEqual({ email: 'hank.hq@example.com', office_id: Number(OFFICE_HQ), first_name: 'Hank', last_name: 'Hq' });
    expect(hank.blockedBy).toBeUndefined();
    expect(hank.precondition.expect).toMatchObject({ availableLicenses: 3 });
    expect(hank.risk.join(' ')).toMatch(/plan.dialpadDefaultOfficeId/);
    // Without the SEAT_SHORTFALL finding the creation is still blocked, naming the office.
    const s2 = scenario();
    s2.input.doc.findings = s2.input.doc.findings.filter((x) => x.rule !== 'SEAT_SHORTFALL');
    const sally2 = buildPlan(s2.input).actions.find((a) => (a.call?.body as { email?: string } | undefined)?.email === 'sally.sales@example.com')!;
    expect(sally2.blockedBy).toEqual([`dialpad:office:${OFFICE_SALES}`]);
    expect(sally2.approvalRequired).toBe(true);
    const shortfall = one(plan.actions, 'resolve_seat_shortfall');
    expect(shortfall.findingIds).toEqual([s.f.dpShortfall!.id]);
    expect(shortfall.call).toBeNull();
  });

  it('findings without a vendor action are listed with the reason', () => {
    const reasons = new Map(plan.notActioned!.map((n) => [n.findingId, n.reason]));
    expect(reasons.get(s.f.expired!.id)).toMatch(/renew the exception/);
    expect(reasons.get(s.f.dq!.id)).toMatch(/fix the record in the IdP/);
  });
});

describe('buildPlan: order and ids', () => {
  it('is deterministic and ids are stable across runs and input order', () => {
    const a = buildPlan(scenario().input);
    const s = scenario();
    s.input.doc.findings.reverse();
    const b = buildPlan(s.input);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('every dependency comes earlier in the order; orders are 0..n-1', () => {
    const plan = buildPlan(scenario().input);
    const order = new Map(plan.actions.map((a) => [a.id, a.order]));
    expect(plan.actions.map((a) => a.order)).toEqual(plan.actions.map((_, i) => i));
    for (const a of plan.actions) for (const d of a.dependsOn) expect(order.get(d)).toBeLessThan(a.order);
    // Manual steps first, then removals, then downgrade/suspend, then creations.
    const firstOf = (pred: (x: PlanAction) => boolean): number => Math.min(...plan.actions.filter(pred).map((x) => x.order));
    const lastOf = (pred: (x: PlanAction) => boolean): number => Math.max(...plan.actions.filter(pred).map((x) => x.order));
    const manual = (x: PlanAction): boolean => x.call === null;
    const removal = (x: PlanAction): boolean => ['remove_queue_members', 'remove_team_members', 'remove_callcenter_operator', 'unassign_number'].includes(x.kind);
    const terminal = (x: PlanAction): boolean => ['downgrade_agent', 'suspend_user', 'cancel_invite'].includes(x.kind);
    const create = (x: PlanAction): boolean => x.kind.startsWith('create_');
    expect(lastOf(manual)).toBeLessThan(firstOf(removal));
    expect(lastOf(removal)).toBeLessThan(firstOf(terminal));
    expect(lastOf(terminal)).toBeLessThan(firstOf(create));
  });
});

describe('buildPlan: batching', () => {
  it('queue removals carry at most 10 agent ids a call, every leaver once, each downgrade after its batch', () => {
    const s = bigQueueScenario(23, 400);
    const plan = buildPlan(s.input);
    const batches = plan.actions.filter((a) => a.kind === 'remove_queue_members');
    expect(batches.map((b) => (b.call?.body as { agentIds: string[] }).agentIds.length)).toEqual([10, 10, 3]);
    const all = batches.flatMap((b) => (b.call?.body as { agentIds: string[] }).agentIds);
    expect(new Set(all).size).toBe(23);
    for (const d of plan.actions.filter((a) => a.kind === 'downgrade_agent')) {
      const batch = batches.find((b) => (b.call?.body as { agentIds: string[] }).agentIds.includes(d.accountId!))!;
      expect(d.dependsOn).toEqual([batch.id]);
    }
  });
});

describe('buildPlan: guards', () => {
  it('suppressed finding: no action, listed with its exception', () => {
    const s = scenario();
    const plan = buildPlan(s.input);
    const id = s.f.dxService!.id;
    expect([...plan.actions, ...plan.onRevoke!].filter((a) => a.findingIds.includes(id) || a.accountId === DX_SERVICE)).toHaveLength(0);
    expect(plan.notActioned!.find((n) => n.findingId === id)?.reason).toBe('suppressed by exception EX-helpdesk-bot');
  });

  it('incomplete snapshot: no destructive action for that vendor, with the reason; the other vendor is untouched', () => {
    const s = scenario({ dixaComplete: false });
    const plan = buildPlan(s.input);
    expect(plan.actions.filter((a) => a.vendor === 'dixa' && a.destructive)).toHaveLength(0);
    expect(plan.onRevoke!.filter((a) => a.vendor === 'dixa' && a.destructive)).toHaveLength(0);
    expect(byKind(plan.actions, 'reassign_conversations')).toHaveLength(0);
    const why = plan.notActioned!.find((n) => n.findingId === s.f.dxGone!.id)?.reason;
    expect(why).toMatch(/dixa snapshot is incomplete \(GET \/v1\/agents: 503 after 5 retries on page 3\)/);
    expect(plan.perVendor.dixa).toMatchObject({ complete: false, destructiveActions: 0 });
    expect(plan.notes!.join(' ')).toMatch(/dixa: snapshot incomplete/);
    // Reviews stay; Dialpad still gets its removals.
    expect(byKind(plan.actions, 'review_entitlement')).toHaveLength(1);
    expect(byKind(plan.actions, 'suspend_user', DP_LEFT)).toHaveLength(1);
  });

  it('mass-removal cap: over 10% of a vendor\'s accounts the plan is blocked, with the reason', () => {
    const plan = buildPlan(bigQueueScenario(23, 100).input);
    expect(plan.status).toBe('blocked');
    expect(plan.perVendor.dixa).toMatchObject({ accounts: 100, cap: 10, accountsAffected: 23, blocked: true });
    expect(plan.blockedReasons).toEqual([
      'dixa: 23 accounts would lose access, over the cap of 10 (10% of 100 accounts); check the plan, then re-run with --allow-mass-removal.',
    ]);
    // Actions are still listed for review.
    expect(plan.actions.length).toBeGreaterThan(0);
  });

  it('at the cap exactly the plan is ready; --allow-mass-removal lets an over-cap plan through with a note', () => {
    expect(buildPlan(bigQueueScenario(10, 100).input).status).toBe('ready');
    expect(buildPlan(bigQueueScenario(11, 100).input).status).toBe('blocked');
    const allowed = buildPlan(bigQueueScenario(23, 100, true).input);
    expect(allowed.status).toBe('ready');
    expect(allowed.perVendor.dixa!.blocked).toBe(false);
    expect(allowed.notes!.join(' ')).toMatch(/allowed by --allow-mass-removal/);
  });

  it('the cap comes from config.plan.destructiveCapPercent', () => {
    const plan = buildPlan(scenario({ capPercent: 5 }).input);
    expect(plan.status).toBe('blocked');
    expect(plan.perVendor.dixa).toMatchObject({ cap: 2, accountsAffected: 4, blocked: true });
    expect(plan.perVendor.dialpad).toMatchObject({ cap: 1, accountsAffected: 3, blocked: true });
  });

  it('an empty findings document gives an empty plan', () => {
    const s = scenario();
    s.input.doc.findings = [];
    const plan = buildPlan(s.input);
    expect(plan.status).toBe('empty');
    expect(plan.actions).toEqual([]);
  });
});
