import { apiPathOrNull } from '../http/path.js';
import type { Account, VendorSnapshot } from '../model/index.js';
import type { HttpCall } from '../model/plan.js';
import { accountLabel } from './dixa.js';
import { heldResources } from './held.js';
import { accountStep, type Stage, type Step } from './steps.js';
import { unsafeIdRisk } from './unsafe-id.js';

/**
 * Dialpad remediation playbook (shared/research/dialpad.md sections 3-5; shared/specs/dialpad-openapi.json).
 * Suspending is reversible and frees the license; DELETE /users/{id} is permanent and releases the numbers.
 */
const userPath = (id: string): string | null => apiPathOrNull`/api/v2/users/${id}`;

/** The call, or null (a manual step, see unsafeIdRisk) when an id cannot be put in its path. */
function callTo(method: HttpCall['method'], path: string | null, body?: HttpCall['body']): HttpCall | null {
  if (path === null) return null;
  return body === undefined ? { method, path } : { method, path, body };
}

/**
 * Dialpad's request schemas type ids as int64 (RemoveCallCenterOperatorMessage.user_id, CreateUserMessage.office_id)
 * while responses send them as strings: send a number when it is exact in JSON.
 */
export function int64Body(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

function base(account: Account, stage: Stage, findingIds: string[]): Pick<Step, 'vendor' | 'accountId' | 'findingIds' | 'stage' | 'phase' | 'blockedBy'> {
  return { vendor: 'dialpad', accountId: account.id, findingIds: [...findingIds], stage, phase: 'now', blockedBy: [] };
}

/** Call-center operator seats and phone numbers the user still holds. */
export function dialpadHeldRemovals(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage): Step[] {
  const held = heldResources(vs, account);
  const label = accountLabel(account);
  const steps: Step[] = [];
  for (const cc of held.callcenters) {
    const userId = int64Body(account.id);
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'remove_callcenter_operator',
      target: `${cc.id}:${account.id}`,
      group: { kind: 'callcenter', id: cc.id, name: cc.name },
      title: `Remove ${label} from call center ${cc.name ?? cc.id}`,
      call: callTo('DELETE', apiPathOrNull`/api/v2/callcenters/${cc.id}/operators`, { user_id: userId }),
      destructive: true,
      reversible: true,
      approvalRequired: false,
      risk: [
        'DELETE with a JSON body: the client must send the body.',
        'Reversible: POST /api/v2/callcenters/{id}/operators adds the operator back (role and skill set again).',
        ...(typeof userId === 'string' ? ['The user id is not a JSON-safe integer: check the body before sending.'] : []),
        ...unsafeIdRisk(cc.id),
      ],
      expect: { memberOf: cc.id, role: cc.role, state: account.rawStatus, email: account.emails[0] ?? null },
    }));
  }
  for (const number of held.numbers) {
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'unassign_number',
      target: `${account.id}:${number}`,
      title: `Unassign ${number} from ${label}`,
      call: callTo('POST', apiPathOrNull`/api/v2/users/${account.id}/unassign_number`, { number }),
      destructive: true,
      reversible: true,
      approvalRequired: false,
      risk: ['Callers to this number no longer reach the user; POST /api/v2/users/{id}/assign_number gives it back while it is unassigned.', ...unsafeIdRisk(account.id)],
      expect: { number, assignedTo: account.id, email: account.emails[0] ?? null },
    }));
  }
  return steps;
}

export function addDays(iso: string, days: number): string {
  const d = new Date(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Person gone or access revoked: removals, suspend (reversible), and the permanent delete after the retention period. */
export function dialpadRevokeAccess(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage, retentionDays: number, generatedAt: string): Step[] {
  const label = accountLabel(account);
  if (account.status === 'invited') return dialpadInvite(vs, account, findingIds, stage, 'cancel');
  const steps = dialpadHeldRemovals(vs, account, findingIds, stage);
  const notBefore = addDays(generatedAt, retentionDays);
  const admin = account.isAdmin ? ['The user is an admin: suspending also stops the admin access.'] : [];
  if (account.status !== 'suspended') {
    steps.push(accountStep(base(account, stage, findingIds), {
      kind: 'suspend_user',
      target: account.id,
      title: `Suspend ${label}`,
      call: callTo('PATCH', userPath(account.id), { state: 'suspended' }),
      destructive: true,
      reversible: true,
      approvalRequired: false,
      risk: [
        'Reversible: PATCH {"state": "active"} re-activates the user. A suspended user consumes no license (Dialpad help).',
        ...admin,
        ...(account.status === 'unknown' ? [`The user state is unknown (raw: ${account.rawStatus}): check it in Dialpad first.`] : []),
        ...unsafeIdRisk(account.id),
      ],
      expect: { state: account.rawStatus, email: account.emails[0] ?? null },
    }));
  }
  steps.push(accountStep(base(account, stage, findingIds), {
    phase: 'after_retention',
    kind: 'delete_user',
    target: account.id,
    title: `Delete ${label} permanently, after the ${retentionDays}-day retention period`,
    call: callTo('DELETE', userPath(account.id)),
    destructive: true,
    reversible: false,
    approvalRequired: true,
    risk: [
      'Permanent: deletes the user and releases every number still assigned to them.',
      `A separate, later step: not before ${notBefore} (thresholds.retentionDays = ${retentionDays}).`,
      ...unsafeIdRisk(account.id),
    ],
    expect: { state: 'suspended', notBefore, email: account.emails[0] ?? null },
  }));
  return steps;
}

export function dialpadInvite(vs: VendorSnapshot, account: Account, findingIds: string[], stage: Stage, mode: 'cancel' | 'resend'): Step[] {
  const label = accountLabel(account);
  if (mode === 'resend') {
    return [
      accountStep(base(account, stage, findingIds), {
        kind: 'resend_invite',
        target: account.id,
        title: `Resend the invitation of ${label} (manual, in Dialpad)`,
        call: null,
        destructive: false,
        reversible: true,
        approvalRequired: false,
        risk: ['Manual step: the Dialpad API documents no resend-invitation endpoint.'],
        expect: { state: 'pending', dateAdded: account.createdAt },
      }),
    ];
  }
  return [
    ...dialpadHeldRemovals(vs, account, findingIds, stage),
    accountStep(base(account, stage, findingIds), {
      kind: 'cancel_invite',
      target: account.id,
      title: `Cancel the unaccepted invitation of ${label} (delete the pending user)`,
      call: callTo('DELETE', userPath(account.id)),
      destructive: true,
      reversible: false,
      approvalRequired: true,
      risk: ['Dialpad has no cancel-invitation call: this deletes the pending user permanently (and releases any number it holds).', ...unsafeIdRisk(account.id)],
      expect: { state: 'pending', dateAdded: account.createdAt, email: account.emails[0] ?? null },
    }),
  ];
}

export interface OfficeChoice {
  officeId: string;
  officeName: string | null;
  /** How the office was chosen (docs/rules.md: department name, then plan.dialpadDefaultOfficeId, then primary office). */
  reason: string;
  certain: boolean;
}

export function dialpadOffices(vs: VendorSnapshot): Array<{ id: string; name: string | null }> {
  const offices = new Map<string, string | null>();
  for (const g of vs.groups) if (g.kind === 'office') offices.set(g.id, g.name);
  for (const p of vs.seatPools) if (!offices.has(p.scopeId) || offices.get(p.scopeId) === null) offices.set(p.scopeId, p.scopeName);
  return [...offices.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * What chooseOffice needs of a snapshot, computed once per plan: it is asked once per MISSING_SEAT finding, and
 * rebuilding the office list and the per-office user counts each time made the plan quadratic (issue 19).
 */
export interface OfficeIndex {
  offices: Array<{ id: string; name: string | null }>;
  nameById: Map<string, string | null>;
  /** Lower-cased office name -> the first office (by id) with that name. */
  byName: Map<string, { id: string; name: string | null }>;
  /** The office most users are in (ties: smallest id); null without offices. */
  busiest: { id: string; name: string | null } | null;
}

export function indexOffices(vs: VendorSnapshot): OfficeIndex {
  const offices = dialpadOffices(vs);
  const nameById = new Map(offices.map((o) => [o.id, o.name] as const));
  const byName = new Map<string, { id: string; name: string | null }>();
  for (const o of offices) if (o.name !== null && !byName.has(o.name.toLowerCase())) byName.set(o.name.toLowerCase(), o);
  const counts = new Map<string, number>();
  for (const a of vs.accounts) if (a.officeId) counts.set(a.officeId, (counts.get(a.officeId) ?? 0) + 1);
  const busiest = [...offices].sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1))[0] ?? null;
  return { offices, nameById, byName, busiest };
}

export function chooseOffice(index: OfficeIndex, department: string | null, evidenceOfficeId: string | null, defaultOfficeId: string | undefined): OfficeChoice | null {
  const { offices } = index;
  const nameOf = (id: string): string | null => index.nameById.get(id) ?? null;
  if (evidenceOfficeId) return { officeId: evidenceOfficeId, officeName: nameOf(evidenceOfficeId), reason: 'the office the audit named for this identity', certain: true };
  if (department) {
    const match = index.byName.get(department.trim().toLowerCase());
    if (match) return { officeId: match.id, officeName: match.name, reason: `office named like the department "${department}"`, certain: true };
  }
  if (defaultOfficeId) return { officeId: defaultOfficeId, officeName: nameOf(defaultOfficeId), reason: 'plan.dialpadDefaultOfficeId', certain: true };
  if (offices.length === 1 && offices[0]) return { officeId: offices[0].id, officeName: offices[0].name, reason: 'the only office', certain: true };
  // The snapshot model carries no primary-office flag: take the office most users are in, and ask for approval.
  const best = index.busiest;
  if (!best) return null;
  return { officeId: best.id, officeName: best.name, reason: 'the office most users are in (the snapshot names no primary office): confirm it', certain: false };
}

export function dialpadCreateUser(
  email: string,
  displayName: string,
  office: OfficeChoice,
  available: number | null,
  findingIds: string[],
  stage: Stage,
  blockedBy: string[],
): Step {
  const parts = displayName.trim().split(/\s+/);
  const first = parts[0] ?? '';
  const last = parts.slice(1).join(' ');
  const blocked = available === null || available <= 0;
  const risk = [
    `Consumes a license in office ${office.officeName ?? office.officeId} (${office.officeId}): ${available === null ? 'available licenses unknown (not in the snapshot)' : `${available} talk line(s) available before this step`}.`,
    `Office chosen: ${office.reason}.`,
  ];
  if (blocked) risk.push('Blocked: no license left in this office; add licenses or free seats first (SEAT_SHORTFALL).');
  return {
    vendor: 'dialpad',
    accountId: null,
    findingIds: [...findingIds],
    stage,
    phase: 'now',
    // Without a SEAT_SHORTFALL finding (suppressed, or licenses unknown) the office itself names the blocker.
    blockedBy: blocked ? (blockedBy.length > 0 ? blockedBy : [`dialpad:office:${office.officeId}`]) : [],
    kind: 'create_user',
    target: email,
    title: `Create the Dialpad user ${displayName} <${email}> in office ${office.officeName ?? office.officeId}`,
    call: { method: 'POST', path: '/api/v2/users', body: { email, office_id: int64Body(office.officeId), first_name: first, last_name: last } },
    destructive: false,
    reversible: true,
    approvalRequired: blocked || !office.certain,
    risk,
    expect: { absent: { email }, officeId: office.officeId, availableLicenses: available },
  };
}
