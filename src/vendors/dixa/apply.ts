import { z } from 'zod';
import { apiPathOrNull } from '../../http/path.js';
import type { VendorHttp } from '../../http/vendor-http.js';
import type { HttpCall, PlanAction } from '../../model/plan.js';
import { accountsOf, done, drift, pending, sameSet, stringList, type Observation, type VendorApply } from '../../apply/vendor.js';
import { DixaAgent, DixaPresence, DixaQueueMember, DixaTeamMember } from './api.js';
import { dixaRoles } from './normalize.js';

/**
 * Dixa's part of apply (shared/specs/dixa-openapi-beta.yaml, served under /v1): the batched team/queue removals and
 * the downgrade to end user (Dixa's only "deactivate"). Each is checked against a live read first and confirmed
 * by the same read after.
 */
const envelope = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item) });
const quote = (xs: readonly string[]): string => JSON.stringify([...xs].sort()).slice(0, 300);

function callFor(action: PlanAction): HttpCall | null {
  switch (action.kind) {
    case 'remove_queue_members':
    case 'remove_team_members': {
      if (!action.group) return null;
      const path = action.kind === 'remove_queue_members' ? apiPathOrNull`/v1/queues/${action.group.id}/members` : apiPathOrNull`/v1/teams/${action.group.id}/agents`;
      return path === null ? null : { method: 'DELETE', path, body: { agentIds: accountsOf(action) } };
    }
    case 'downgrade_agent':
    case 'cancel_invite': {
      const path = action.accountId === null ? null : apiPathOrNull`/v1/agents/${action.accountId}`;
      return path === null ? null : { method: 'DELETE', path };
    }
    default:
      return null;
  }
}

async function memberIds(http: VendorHttp, action: PlanAction): Promise<Set<string> | null> {
  const call = callFor(action);
  if (!call) return null;
  // The listing is the removal's own path: GET /v1/teams/{id}/agents, GET /v1/queues/{id}/members.
  const res = await http.getJson(call.path, { accept: [404] });
  if (res.status === 404) return null;
  if (action.kind === 'remove_queue_members') {
    const parsed = envelope(DixaQueueMember).safeParse(res.json);
    if (!parsed.success) throw new Error(`Dixa ${call.path}: unexpected answer`);
    return new Set(parsed.data.data.map((m) => m.agentId));
  }
  const parsed = envelope(DixaTeamMember).safeParse(res.json);
  if (!parsed.success) throw new Error(`Dixa ${call.path}: unexpected answer`);
  return new Set(parsed.data.data.map((m) => m.id));
}

async function observeMembership(http: VendorHttp, action: PlanAction): Promise<Observation> {
  const where = action.kind === 'remove_queue_members' ? 'queue' : 'team';
  const members = await memberIds(http, action);
  if (members === null) return drift(`the ${where} ${action.group?.id ?? '?'} no longer exists`);
  const ids = stringList(action.precondition.expect.agentIds) ?? accountsOf(action);
  const still = ids.filter((id) => members.has(id));
  if (still.length === 0) return done(`none of ${ids.length} is a member of the ${where} any more`);
  if (still.length < ids.length) return drift(`${ids.length - still.length} of ${ids.length} already left the ${where}: the batch is not what was approved`);
  return pending(`all ${ids.length} still members of the ${where}`);
}

async function observeAgent(http: VendorHttp, action: PlanAction): Promise<Observation> {
  const call = callFor(action);
  if (!call || action.accountId === null) return drift('no agent id');
  const res = await http.getJson(call.path, { accept: [404] });
  if (res.status === 404) return done('no longer an agent (end user or gone)');
  const parsed = z.looseObject({ data: DixaAgent }).safeParse(res.json);
  if (!parsed.success) throw new Error(`Dixa ${call.path}: unexpected answer`);
  const agent = parsed.data.data;
  if (agent.active === false) return done('the agent is inactive');
  const expect = action.precondition.expect;
  const roles = dixaRoles(agent);
  const wanted = stringList(expect.roles);
  if (wanted !== null && !sameSet(roles, wanted)) return drift(`roles are now ${quote(roles)}, the plan expected ${quote(wanted)}`);
  if (typeof expect.email === 'string' && (agent.email ?? '').toLowerCase() !== expect.email.toLowerCase()) return drift('the agent email changed since the plan');
  if (expect.status === 'active' || expect.status === 'invited') {
    // Presence is the only sign of an accepted invite (research/dixa.md section 2): GET /v1/agents/{id}/presence.
    const presencePath = apiPathOrNull`/v1/agents/${action.accountId}/presence`;
    if (presencePath === null) return drift('no agent id');
    const presence = await http.getJson(presencePath, { accept: [404] });
    if (presence.status === 404) return done('no longer an agent (end user or gone)');
    const one = z.looseObject({ data: DixaPresence }).safeParse(presence.json);
    if (!one.success) throw new Error(`Dixa ${presencePath}: unexpected answer`);
    const status = one.data.data.lastSeen ? 'active' : 'invited';
    if (status !== expect.status) return drift(`the agent is now ${status}, the plan expected ${String(expect.status)}`);
  } else if (expect.status !== undefined) {
    return drift(`the plan could not tell the agent's status (${String(expect.status)}): check it in Dixa`);
  }
  return pending(`still an agent with roles ${quote(roles)}`);
}

export const dixaApply: VendorApply = {
  kinds: new Set(['remove_queue_members', 'remove_team_members', 'downgrade_agent', 'cancel_invite']),
  permanentKinds: new Set(),
  callFor,
  observe: (http, action) => (action.kind === 'downgrade_agent' || action.kind === 'cancel_invite' ? observeAgent(http, action) : observeMembership(http, action)),
};
