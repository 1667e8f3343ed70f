import type { SimDrift } from '../../../simulator/types.js';
import { downgradeAgent, restoreAgent, setPresence } from './mutations.js';
import type { DixaState } from './state.js';

/**
 * Changes someone makes in Dixa between plan and apply, in the canonical vocabulary (an account id, a status, a group
 * id). `changed` drops the listing caches. A change Dixa cannot express throws: the test asked for the impossible.
 */
export function dixaDrift(state: DixaState, changed: () => void): SimDrift<DixaState> {
  const person = (id: string) => {
    const p = state.agents.find((a) => a.id === id) ?? state.endUsers.find((u) => u.id === id);
    if (!p) throw new Error(`dixa drift: no agent or end user ${id}`);
    return p;
  };
  const agent = (id: string) => {
    const a = state.agents.find((x) => x.id === id);
    if (!a) throw new Error(`dixa drift: ${id} is not an agent`);
    return a;
  };
  return {
    setEmail: (id, email) => {
      person(id).email = email;
      changed();
    },
    setStatus: (id, status) => {
      if (status === 'suspended') throw new Error('dixa drift: Dixa has no suspended state (an agent is an agent, or an end user)');
      if (status === 'deactivated') downgradeAgent(state, agent(id));
      else {
        if (!state.agents.some((a) => a.id === id) && !restoreAgent(state, id)) throw new Error(`dixa drift: no agent or end user ${id}`);
        setPresence(state, id, status === 'active');
      }
      changed();
    },
    setRoles: (id, roles) => {
      agent(id).roles = [...roles];
      changed();
    },
    removeMembership: (id, groupId) => {
      const team = state.teams.find((t) => t.id === groupId);
      const queue = state.queues.find((q) => q.queue.id === groupId);
      if (team?.memberIds.includes(id)) team.memberIds = team.memberIds.filter((m) => m !== id);
      else if (queue?.members.some((m) => m.agentId === id)) queue.members = queue.members.filter((m) => m.agentId !== id);
      else throw new Error(`dixa drift: ${id} is not a member of team or queue ${groupId}`);
      changed();
    },
    mutate: (fn) => {
      fn(state);
      changed();
    },
  };
}
