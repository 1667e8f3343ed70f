import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanAction } from '../../src/model/index.js';
import { buildPlan } from '../../src/plan/build.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';
import { bigQueueScenario, CC_SUPPORT, DP_LEFT, DP_PENDING, DP_SUSPENDED, DX_ENDUSER, DX_GONE, DX_INVITE, DX_LEFT, DX_UNENTITLED, OFFICE_HQ, scenario, type Scenario } from './fixtures.js';
import { dialpadStateFrom, dixaStateFrom } from './sim-state.js';

const DIXA_TOKEN = 'plan-test-dixa-token';
const DIALPAD_TOKEN = 'plan-test-dialpad-key';

let running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function start(s: Scenario): Promise<{ dixa: RunningSimulator; dialpad: RunningSimulator | null }> {
  const dixa = await startDixaSimulator(dixaStateFrom(s.input.snapshot), { tokens: [DIXA_TOKEN], rateLimit: false });
  running.push(dixa);
  if (!s.input.snapshot.vendors.dialpad) return { dixa, dialpad: null };
  const dialpad = await startDialpadSimulator(dialpadStateFrom(s.input.snapshot), { tokens: [DIALPAD_TOKEN], rateLimit: false });
  running.push(dialpad);
  return { dixa, dialpad };
}

/** Sends one planned call as written in the plan, over real HTTP, with the vendor's auth header. */
async function send(a: PlanAction, sims: { dixa: RunningSimulator; dialpad: RunningSimulator | null }): Promise<{ status: number; text: string }> {
  const sim = a.vendor === 'dixa' ? sims.dixa : sims.dialpad;
  if (!sim || !a.call) throw new Error(`cannot send ${a.id}`);
  const headers: Record<string, string> = { authorization: a.vendor === 'dixa' ? DIXA_TOKEN : `Bearer ${DIALPAD_TOKEN}` };
  let body: string | undefined;
  if (a.call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(a.call.body);
  }
  const res = await request(`${sim.url}${a.call.path}`, { method: a.call.method, headers, body });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('planned calls executed against the vendor simulators', () => {
  it('every non-blocked call of the plan, in plan order (now, then after retention), gets a 2xx and leaves the expected state', async () => {
    const s = scenario();
    const plan = buildPlan(s.input);
    const sims = await start(s);
    const sent: string[] = [];
    for (const a of plan.actions) {
      if (!a.call || (a.blockedBy?.length ?? 0) > 0) continue;
      const r = await send(a, sims);
      expect(r.status, `${a.kind} ${a.call.method} ${a.call.path}: ${r.text}`).toBeGreaterThanOrEqual(200);
      expect(r.status, `${a.kind} ${a.call.method} ${a.call.path}: ${r.text}`).toBeLessThan(300);
      sent.push(a.kind);
    }
    expect(sent).toContain('delete_user');
    expect(sent.filter((k) => k === 'remove_queue_members')).toHaveLength(2);

    const dixa = sims.dixa.state as DixaState;
    expect(dixa.agents.map((x) => x.id)).not.toContain(DX_GONE);
    expect(dixa.agents.map((x) => x.id)).not.toContain(DX_LEFT);
    expect(dixa.agents.map((x) => x.id)).not.toContain(DX_INVITE);
    expect(dixa.agents.map((x) => x.id)).toContain(DX_UNENTITLED); // under review: untouched
    for (const q of dixa.queues) for (const gone of [DX_GONE, DX_LEFT, DX_ENDUSER]) expect(q.members.map((m) => m.agentId)).not.toContain(gone);
    for (const t of dixa.teams) for (const gone of [DX_GONE, DX_ENDUSER]) expect(t.memberIds).not.toContain(gone);
    expect(dixa.agents.some((x) => x.email === 'carol.new@example.com')).toBe(true);

    const dialpad = sims.dialpad!.state as DialpadState;
    const user = (id: string) => dialpad.users.find((u) => u.id === id)!;
    expect(user(DP_LEFT).state).toBe('deleted');
    expect(user(DP_SUSPENDED)).toMatchObject({ state: 'suspended', phone_numbers: [] });
    expect(dialpad.operators[CC_SUPPORT]!.userIds).toEqual([]);
    expect(user(DP_PENDING).state).toBe('deleted');
    expect(dialpad.users.some((u) => u.emails?.includes('hank.hq@example.com') && u.office_id === OFFICE_HQ)).toBe(true);
  });

  it('the creation blocked by SEAT_SHORTFALL is refused by Dialpad too: the guard matches the vendor', async () => {
    const s = scenario();
    const plan = buildPlan(s.input);
    const sims = await start(s);
    const blocked = plan.actions.filter((a) => (a.blockedBy?.length ?? 0) > 0);
    expect(blocked).toHaveLength(1);
    const r = await send(blocked[0]!, sims);
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/No talk licenses/);
  });

  it('the actions a Revoke releases also run: 2xx each', async () => {
    const s = scenario();
    const plan = buildPlan(s.input);
    const sims = await start(s);
    const calls = plan.onRevoke!.filter((a) => a.call);
    expect(calls.length).toBeGreaterThan(3);
    for (const a of calls) {
      const r = await send(a, sims);
      expect(r.status, `${a.kind} ${a.call!.path}: ${r.text}`).toBeLessThan(300);
    }
    expect((sims.dixa.state as DixaState).agents.map((x) => x.id)).not.toContain(DX_UNENTITLED);
  });

  it('queue removals batched by 10 are accepted; a batch of 11 would not be', async () => {
    const s = bigQueueScenario(23, 400);
    const plan = buildPlan(s.input);
    const sims = await start(s);
    for (const a of plan.actions.filter((x) => x.call)) {
      const r = await send(a, sims);
      expect(r.status, `${a.kind}: ${r.text}`).toBe(204);
    }
    const queue = (sims.dixa.state as DixaState).queues[0]!;
    expect(queue.members).toEqual([]);
    const eleven = { ...plan.actions.find((a) => a.kind === 'remove_queue_members')! };
    eleven.call = { method: 'DELETE', path: eleven.call!.path, body: { agentIds: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) } };
    expect((await send(eleven, sims)).status).toBe(400);
  });

  it('building the plan sends nothing to a running simulator', async () => {
    const s = scenario();
    const sims = await start(s);
    const before = sims.dixa.server.requests.length + sims.dialpad!.server.requests.length;
    s.input.config.vendors.dixa.baseUrl = sims.dixa.url;
    s.input.config.vendors.dialpad.baseUrl = sims.dialpad!.url;
    const plan = buildPlan(s.input);
    expect(plan.actions.length).toBeGreaterThan(10);
    expect(sims.dixa.server.requests.length + sims.dialpad!.server.requests.length).toBe(before);
    expect(before).toBe(0);
  });
});
