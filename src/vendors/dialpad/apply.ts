import { z } from 'zod';
import { apiPathOrNull } from '../../http/path.js';
import type { VendorHttp } from '../../http/vendor-http.js';
import type { HttpCall, PlanAction } from '../../model/plan.js';
import { done, drift, pending, type Observation, type VendorApply } from '../../apply/vendor.js';
import { int64Body } from '../../plan/dialpad.js';
import { DialpadNumber, DialpadUser } from './api.js';

/**
 * Dialpad's part of apply (shared/specs/dialpad-openapi.json): call-center operator removal, number unassignment,
 * suspend, and the two permanent deletes (a pending user's invitation, a user after the retention period), each
 * checked against GET /api/v2/users/{id} (or the call center's operators) before and after.
 */
function callFor(action: PlanAction): HttpCall | null {
  const id = action.accountId;
  if (id === null) return null;
  const user = apiPathOrNull`/api/v2/users/${id}`;
  switch (action.kind) {
    case 'remove_callcenter_operator': {
      const path = action.group ? apiPathOrNull`/api/v2/callcenters/${action.group.id}/operators` : null;
      return path === null ? null : { method: 'DELETE', path, body: { user_id: int64Body(id) } };
    }
    case 'unassign_number': {
      const number = action.precondition.expect.number;
      const path = apiPathOrNull`/api/v2/users/${id}/unassign_number`;
      return path === null || typeof number !== 'string' ? null : { method: 'POST', path, body: { number } };
    }
    case 'suspend_user':
      return user === null ? null : { method: 'PATCH', path: user, body: { state: 'suspended' } };
    case 'cancel_invite':
    case 'delete_user':
      return user === null ? null : { method: 'DELETE', path: user };
    default:
      return null;
  }
}

async function readUser(http: VendorHttp, id: string): Promise<DialpadUser | null> {
  const path = apiPathOrNull`/api/v2/users/${id}`;
  if (path === null) return null;
  const res = await http.getJson(path, { accept: [404] });
  if (res.status === 404) return null;
  const parsed = DialpadUser.safeParse(res.json);
  if (!parsed.success) throw new Error(`Dialpad ${path}: unexpected answer`);
  return parsed.data;
}

function emailDrift(user: DialpadUser, expect: Record<string, unknown>): Observation | null {
  if (typeof expect.email !== 'string') return null;
  const emails = (user.emails ?? []).map((e) => e.toLowerCase());
  return emails.includes(expect.email.toLowerCase()) ? null : drift('the user email changed since the plan');
}

async function observe(http: VendorHttp, action: PlanAction): Promise<Observation> {
  const id = action.accountId;
  if (id === null) return drift('no user id');
  const expect = action.precondition.expect;
  if (action.kind === 'remove_callcenter_operator') {
    const call = callFor(action);
    if (!call) return drift('no call center id');
    const res = await http.getJson(call.path, { accept: [404] });
    if (res.status === 404) return drift(`the call center ${action.group?.id ?? '?'} no longer exists`);
    const ops = z.looseObject({ users: z.array(DialpadUser).nullish() }).safeParse(res.json);
    if (!ops.success) throw new Error(`Dialpad ${call.path}: unexpected answer`);
    const op = (ops.data.users ?? []).find((u) => u.id === id);
    if (!op) return done('no longer an operator of the call center');
    if (typeof expect.state === 'string' && op.state != null && op.state !== expect.state) return drift(`the user is now ${op.state}, the plan expected ${expect.state}`);
    return pending('still an operator of the call center');
  }
  const user = await readUser(http, id);
  const state = user?.state ?? 'deleted';
  if (action.kind === 'unassign_number') {
    if (!user) return drift('the user no longer exists');
    // The number's own record says whom it is assigned to (GET /api/v2/numbers/{number}): the user's phone_numbers
    // can leave out a number the numbers listing still routes to them, and unassign_number takes that one too.
    const number = String(expect.number ?? '');
    const path = apiPathOrNull`/api/v2/numbers/${number}`;
    if (path === null) return drift('the number cannot be put in a path');
    const res = await http.getJson(path, { accept: [404] });
    if (res.status === 404) return drift(`the number ${number} is unknown to Dialpad now`);
    const parsed = DialpadNumber.safeParse(res.json);
    if (!parsed.success) throw new Error(`Dialpad ${path}: unexpected answer`);
    const n = parsed.data;
    const held = (n.target_type === 'user' && n.target_id === id) || (user.phone_numbers ?? []).includes(number);
    if (!held) return done('the number is no longer assigned to the user');
    return emailDrift(user, expect) ?? pending('the number is still assigned to the user');
  }
  if (action.kind === 'suspend_user') {
    if (state === 'suspended') return done('the user is suspended');
    if (!user || state !== expect.state) return drift(`the user is now ${state}, the plan expected ${String(expect.state)}`);
    return emailDrift(user, expect) ?? pending(`the user is ${state}`);
  }
  // cancel_invite (a pending user) and delete_user (a suspended user, after the retention period).
  if (state === 'deleted') return done('the user is deleted');
  const wanted = action.kind === 'cancel_invite' ? 'pending' : 'suspended';
  if (state !== (typeof expect.state === 'string' ? expect.state : wanted)) return drift(`the user is now ${state}, the plan expected ${String(expect.state ?? wanted)}`);
  return (user && emailDrift(user, expect)) ?? pending(`the user is ${state}`);
}

export const dialpadApply: VendorApply = {
  kinds: new Set(['remove_callcenter_operator', 'unassign_number', 'suspend_user', 'cancel_invite', 'delete_user']),
  // DELETE /users/{id} cannot be undone and releases the user's numbers (research/dialpad.md).
  permanentKinds: new Set(['cancel_invite', 'delete_user']),
  callFor,
  observe,
};
