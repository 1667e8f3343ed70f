import type { Account, AccountActivity, Group, Membership } from '../../model/account.js';
import type { DixaAgent, DixaEndUser, DixaPresence, DixaQueue, DixaQueueMember, DixaTeam, DixaTeamMember } from './api.js';

/** What the Dixa collector read, parsed. A null member list means that fan-out request failed. */
export interface DixaCollectedData {
  agents: DixaAgent[];
  presence: DixaPresence[];
  /** False when /v1/agents/presence could not be read: then no agent's sign-in state is known. */
  presenceRead?: boolean;
  teams: Array<{ team: DixaTeam; members: DixaTeamMember[] | null }>;
  queues: Array<{ queue: DixaQueue; members: DixaQueueMember[] | null }>;
  /** Member ids that are not agents: the end user they resolve to, or null for a 404. Ids never looked up are absent. */
  endUsers: Map<string, DixaEndUser | null>;
}

export interface DixaNormalized {
  accounts: Account[];
  groups: Group[];
  /** Team/queue member ids that resolve to nothing (404 on /v1/endusers/{id}). */
  unresolvedMemberIds: string[];
  /** `presence.lastSeen` when presence was read; none otherwise. */
  activitySignals: string[];
}

const LAST_SEEN = 'presence.lastSeen';

/**
 * presence lastSeen is Dixa's only sign of use (research/dixa.md section 2): present = last use; absent = never
 * signed in. Without the presence listing nothing is known.
 */
function dixaActivity(seen: string | null, presenceRead: boolean, createdAt: string | null): AccountActivity {
  if (!presenceRead) return { state: 'unknown', lastUsedAt: null, signal: null, since: createdAt, note: 'the presence listing was not read' };
  if (seen) return { state: 'used', lastUsedAt: seen, signal: LAST_SEEN, since: createdAt, note: null };
  return { state: 'never', lastUsedAt: null, signal: LAST_SEEN, since: createdAt, note: null };
}

const ADMIN_ROLE = /^(administrator|admin)$/i;

/** docs/rules.md: Administrator or Admin in roles (case-insensitive); the seed's single `role` counts too. */
export function dixaRoles(agent: Pick<DixaAgent, 'roles' | 'role'>): string[] {
  const roles = [...(agent.roles ?? [])];
  if (agent.role && !roles.includes(agent.role)) roles.push(agent.role);
  return roles;
}

function emailsOf(primary: string | null | undefined, more: readonly string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const e of [primary, ...(more ?? [])]) if (e && e.trim() !== '' && !out.includes(e)) out.push(e);
  return out;
}

function nameOf(r: { displayName?: string | null; firstName?: string | null; lastName?: string | null; email?: string | null; id: string }): string {
  const full = [r.firstName, r.lastName].filter((p) => p && p.trim() !== '').join(' ');
  return r.displayName?.trim() || full || r.email || r.id;
}

function membershipKey(m: Membership): string {
  return `${m.kind}\u001f${m.id}`;
}

/** Canonical accounts and groups from a Dixa read (docs/rules.md, "Vendor account status"). Pure and deterministic. */
export function normalizeDixa(data: DixaCollectedData): DixaNormalized {
  const memberships = new Map<string, Membership[]>();
  const addMembership = (accountId: string, m: Membership): void => {
    const list = memberships.get(accountId) ?? [];
    if (!list.some((x) => membershipKey(x) === membershipKey(m))) list.push(m);
    memberships.set(accountId, list);
  };

  const groups: Group[] = [];
  const teamNames = new Map<string, string | null>();
  for (const { team, members } of data.teams) {
    teamNames.set(team.id, team.name ?? null);
    const memberIds = (members ?? []).map((m) => m.id);
    groups.push({ vendor: 'dixa', kind: 'team', id: team.id, name: team.name ?? team.id, memberIds, officeId: null });
    for (const id of memberIds) addMembership(id, { kind: 'team', id: team.id, name: team.name ?? null, role: null });
  }
  const queueNames = new Map<string, string | null>();
  for (const { queue, members } of data.queues) {
    queueNames.set(queue.id, queue.name ?? null);
    const memberIds = (members ?? []).map((m) => m.agentId);
    groups.push({ vendor: 'dixa', kind: 'queue', id: queue.id, name: queue.name ?? queue.id, memberIds, officeId: null });
    for (const m of members ?? []) {
      addMembership(m.agentId, { kind: 'queue', id: queue.id, name: queue.name ?? null, role: m.priority === null || m.priority === undefined ? null : String(m.priority) });
    }
  }

  const presence = new Map<string, DixaPresence>();
  for (const p of data.presence) presence.set(p.userId, p);

  const accounts: Account[] = [];
  const agentIds = new Set<string>();
  for (const agent of data.agents) {
    if (agentIds.has(agent.id)) continue;
    agentIds.add(agent.id);
    // Seed variant: teamIds/queueIds on the agent add memberships the group listings did not show.
    for (const id of agent.teamIds ?? []) addMembership(agent.id, { kind: 'team', id, name: teamNames.get(id) ?? null, role: null });
    for (const id of agent.queueIds ?? []) addMembership(agent.id, { kind: 'queue', id, name: queueNames.get(id) ?? null, role: null });
    const seen = presence.get(agent.id)?.lastSeen ?? null;
    const roles = dixaRoles(agent);
    let status: Account['status'];
    let rawStatus: string;
    if (agent.active === false) {
      status = 'deactivated';
      rawStatus = 'active:false';
    } else if (data.presenceRead === false) {
      // Without presence, "never seen" cannot be told from "seen": unknown, never guessed (docs/rules.md).
      status = 'unknown';
      rawStatus = 'presence-not-read';
    } else if (seen) {
      status = 'active';
      rawStatus = 'seen';
    } else {
      status = 'invited';
      rawStatus = 'never-seen';
    }
    accounts.push({
      vendor: 'dixa',
      id: agent.id,
      emails: emailsOf(agent.email, agent.additionalEmails),
      displayName: nameOf(agent),
      status,
      rawStatus,
      roles,
      isAdmin: roles.some((r) => ADMIN_ROLE.test(r.trim())),
      createdAt: agent.createdAt ?? null,
      lastSeen: seen,
      firstLogin: null,
      license: null,
      officeId: null,
      phoneNumbers: emailsOf(agent.phoneNumber, agent.additionalPhoneNumbers),
      memberships: sortMemberships(memberships.get(agent.id) ?? []),
      activity: dixaActivity(seen, data.presenceRead !== false, agent.createdAt ?? null),
    });
  }

  const unresolved: string[] = [];
  for (const [id, endUser] of [...data.endUsers.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (agentIds.has(id)) continue;
    if (endUser === null) {
      unresolved.push(id);
      continue;
    }
    // A member id that is an end user: an agent downgraded with DELETE /v1/agents/{id} (docs/rules.md).
    accounts.push({
      vendor: 'dixa',
      id,
      emails: emailsOf(endUser.email, endUser.additionalEmails),
      displayName: nameOf({ ...endUser, id }),
      status: 'deactivated',
      rawStatus: 'end-user',
      roles: [],
      isAdmin: false,
      createdAt: endUser.createdAt ?? null,
      lastSeen: null,
      firstLogin: null,
      license: null,
      officeId: null,
      phoneNumbers: emailsOf(endUser.phoneNumber, endUser.additionalPhoneNumbers),
      memberships: sortMemberships(memberships.get(id) ?? []),
      activity: { state: 'unknown', lastUsedAt: null, signal: null, since: endUser.createdAt ?? null, note: 'an end user (downgraded agent) has no presence' },
    });
  }

  accounts.sort((a, b) => a.id.localeCompare(b.id));
  groups.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  return { accounts, groups, unresolvedMemberIds: unresolved, activitySignals: data.presenceRead === false ? [] : [LAST_SEEN] };
}

function sortMemberships(list: Membership[]): Membership[] {
  return [...list].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}
