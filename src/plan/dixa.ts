import type { Account, VendorSnapshot } from '../model/index.js';
import { apiPathOrNull } from '../http/path.js';
import { heldResources } from './held.js';
import { accountStep, type Stage, type Step } from './steps.js';
import { unsafeIdRisk } from './unsafe-id.js';

/**
 * Dixa remediation playbook (shared/research/dixa.md section 3; shared/specs/dixa-openapi-beta.yaml, served under /v1).
 * Dixa has no deactivate: DELETE /v1/agents/{id} downgrades an agent to an end user.
 */
const agentPath = (id: string): string | null => apiPathOrNull`/v1/agents/${id}`;

export function accountLabel(account: Account): string {
  const email = account.emails[0];
  return email && email !== account.displayName ? `${account.displayName} <${email}>` : account.displayName || account.id;
}

function base(account: Account, stage: Stage, findingIds: string[]): Pick<Step, 'vendor' | 'accountId' | 'findingIds' | 'stage' | 'phase' | 'blockedBy'> {
  return { vendor: 'dixa', accountId: account.id, findingIds: [...findingIds], stage, phase: 'now', blockedBy: [] };
}

/** Team and queue removals of every membership the account still holds (batched per group by the assembler). */
export function dixaMemberRemovals(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage): Step[] {
  const held = heldResources(vs, account);
  const member = { accountId: account.id, displayName: account.displayName || null, status: account.status, findingIds: [...findingIds] };
  const endUser = account.status === 'deactivated'
    ? ['The member is no longer an agent (end user): the spec describes these calls for agents/admins; if Dixa refuses the id, remove it in Settings.']
    : [];
  const steps: Step[] = [];
  for (const q of held.queues) {
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'remove_queue_members',
      target: q.id,
      group: { kind: 'queue', id: q.id, name: q.name },
      member,
      title: `Remove from queue ${q.name ?? q.id}`,
      call: null,
      destructive: true,
      reversible: true,
      approvalRequired: false,
      risk: [
        'Reversible: PATCH /v1/queues/{id}/members adds the agents back, but that call takes no priority: a queue priority must be set again by hand.',
        ...endUser,
      ],
      expect: { memberOf: q.id },
    }));
  }
  for (const t of held.teams) {
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'remove_team_members',
      target: t.id,
      group: { kind: 'team', id: t.id, name: t.name },
      member,
      title: `Remove from team ${t.name ?? t.id}`,
      call: null,
      destructive: true,
      reversible: true,
      approvalRequired: false,
      risk: ['Reversible: PATCH /v1/teams/{id}/agents adds the agents back.', ...endUser],
      expect: { memberOf: t.id },
    }));
  }
  return steps;
}

/** Person gone (or access revoked by a reviewer): reassign conversations, remove memberships, then downgrade. */
export function dixaRevokeAccess(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage): Step[] {
  const label = accountLabel(account);
  const steps: Step[] = [];
  const invited = account.status === 'invited';
  if (!invited) {
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'reassign_conversations',
      target: account.id,
      title: `Reassign the open conversations of ${label} to another agent (manual, in Dixa)`,
      call: null,
      destructive: false,
      reversible: true,
      approvalRequired: false,
      risk: ['Manual step: conversations still assigned to the agent lose their owner once the agent is downgraded.'],
      expect: { status: account.status },
    }));
  }
  steps.push(...dixaMemberRemovals(vs, account, findingIds, stage));
  const risk = invited
    ? ['The agent never signed in (no presence lastSeen): downgrading cancels the invitation; POST /v1/agents invites again.']
    : [
        'Downgrades the agent to an end user: the seat is freed; the API documents no call that makes an end user an agent again.',
      ];
  if (account.isAdmin) risk.push('The account is an administrator: the downgrade also removes the Administrator role.');
  if (account.status === 'unknown') risk.push(`The account status is unknown (raw: ${account.rawStatus}): check it in Dixa first.`);
  risk.push(...unsafeIdRisk(account.id));
  const path = agentPath(account.id);
  steps.push(accountStep(base(account, stage, findingIds), {
    kind: invited ? 'cancel_invite' : 'downgrade_agent',
    target: account.id,
    title: invited ? `Cancel the unaccepted invitation of ${label} (downgrade to end user)` : `Downgrade ${label} to an end user`,
    call: path === null ? null : { method: 'DELETE', path },
    destructive: true,
    reversible: invited,
    approvalRequired: !invited,
    risk,
    expect: { status: account.status, roles: account.roles, email: account.emails[0] ?? null },
  }));
  return steps;
}

export function dixaInvite(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage, mode: 'cancel' | 'resend'): Step[] {
  const label = accountLabel(account);
  if (mode === 'cancel') return dixaRevokeAccess(vs, account, findingIds, stage);
  return [
    accountStep(base(account, stage, findingIds), {
      kind: 'resend_invite',
      target: account.id,
      title: `Resend the invitation of ${label} (manual, in Dixa)`,
      call: null,
      destructive: false,
      reversible: true,
      approvalRequired: false,
      risk: ['Manual step: the Dixa API documents no resend-invitation endpoint.'],
      expect: { status: 'invited', createdAt: account.createdAt },
    }),
  ];
}

export function dixaCreateAgent(email: string, displayName: string, findingIds: string[], stage: Stage): Step {
  return {
    vendor: 'dixa',
    accountId: null,
    findingIds: [...findingIds],
    stage,
    phase: 'now',
    blockedBy: [],
    kind: 'create_agent',
    target: email,
    title: `Create the Dixa agent ${displayName} <${email}>`,
    call: { method: 'POST', path: '/v1/agents', body: { displayName, email } },
    destructive: false,
    reversible: true,
    approvalRequired: false,
    risk: ['Sends an invitation email to the person at once.', 'Undo: DELETE /v1/agents/{id} downgrades the new agent again.'],
    expect: { absent: { email } },
  };
}
