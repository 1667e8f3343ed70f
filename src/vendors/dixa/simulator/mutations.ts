import type { DixaAgentRaw, DixaState } from './state.js';

/**
 * State changes shared by the write routes and the drift hook, so a change made "in Dixa's admin UI" between plan and
 * apply looks exactly like the same change made through the API.
 */

/** Dixa's `createdAt` shape: seconds, Z. */
export function dixaNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * DELETE /v1/agents/{id}: "Downgrade an agent/admin to become an end user." The person stays (as an end user, roles
 * gone); team and queue member lists keep the id, which is why the plan removes memberships first.
 */
export function downgradeAgent(state: DixaState, agent: DixaAgentRaw): void {
  state.agents = state.agents.filter((a) => a.id !== agent.id);
  state.presence = state.presence.filter((p) => p.userId !== agent.id);
  const { roles: _roles, ...person } = agent;
  state.endUsers.push(person);
}

/**
 * An agent's presence as the collector reads it: `seen` gives a lastSeen (an agent who has signed in), otherwise none
 * (an invitation never accepted, research/dixa.md section 2).
 */
export function setPresence(state: DixaState, agentId: string, seen: boolean): void {
  const requestTime = new Date().toISOString().slice(0, 23);
  const entry = { userId: agentId, requestTime, connectionStatus: 'Offline' as const, ...(seen ? { lastSeen: requestTime } : {}) };
  state.presence = [...state.presence.filter((p) => p.userId !== agentId), entry];
}

/** An end user made an agent again (Settings, by hand: the API documents no such call). */
export function restoreAgent(state: DixaState, id: string): DixaAgentRaw | undefined {
  const person = state.endUsers.find((u) => u.id === id);
  if (!person) return undefined;
  state.endUsers = state.endUsers.filter((u) => u.id !== id);
  const agent: DixaAgentRaw = { ...person, displayName: person.displayName ?? person.email ?? id, email: person.email ?? '', roles: ['Agent'] };
  state.agents.push(agent);
  return agent;
}
