import type { DialpadAvailableLicensesRaw, DialpadNumberRaw, DialpadState, DialpadUserRaw } from './state.js';

/**
 * State changes shared by the write routes and the drift hook, so a change made in Dialpad's admin UI between plan and
 * apply looks exactly like the same change made through the API.
 */

export function officeLicenses(state: DialpadState, officeId: string): DialpadAvailableLicensesRaw {
  return (state.availableLicenses[officeId] ??= {});
}

/**
 * Whether a user in this state holds a talk line. "A suspended user consumes no license" (Dialpad help, via
 * research/dialpad.md section 2); a deleted one neither. Invited (pending) users were created with one.
 */
function holdsLicense(state: string | undefined): boolean {
  return state === 'active' || state === 'pending' || state === undefined;
}

function talkLines(state: DialpadState, u: DialpadUserRaw, delta: number): void {
  if ((u.license ?? 'talk') !== 'talk' || u.office_id === undefined) return;
  const lic = officeLicenses(state, u.office_id);
  lic.talk_lines = String(Number(lic.talk_lines ?? '0') + delta);
}

/** "The number will be returned to the company's reserved block" (users.unassign_number). */
export function releaseNumber(n: DialpadNumberRaw): void {
  n.status = 'available';
  delete n.target_id;
  delete n.target_type;
}

/**
 * PATCH /users/{id} {state}: suspending frees the user's talk line, re-activating takes one back (and fails without
 * one, as moving a user does: "there must be enough licenses"). Returns false when no line is free.
 */
export function setUserState(state: DialpadState, u: DialpadUserRaw, next: string): boolean {
  const before = holdsLicense(u.state);
  const after = holdsLicense(next);
  if (!before && after && (u.license ?? 'talk') === 'talk' && u.office_id !== undefined) {
    if (!(Number(officeLicenses(state, u.office_id).talk_lines ?? '0') > 0)) return false;
  }
  if (before !== after) talkLines(state, u, after ? -1 : 1);
  u.state = next;
  return true;
}

/** DELETE /users/{id}: permanent; releases the numbers, the call-center seats and the license. Idempotent. */
export function deleteUser(state: DialpadState, u: DialpadUserRaw): void {
  if (u.state === 'deleted') return;
  for (const n of state.numbers) if (n.target_type === 'user' && n.target_id === u.id) releaseNumber(n);
  delete u.phone_numbers;
  for (const ops of Object.values(state.operators)) ops.userIds = ops.userIds.filter((id) => id !== u.id);
  u.group_details = (u.group_details ?? []).filter((g) => g.group_type !== 'callcenter');
  if (holdsLicense(u.state)) talkLines(state, u, 1);
  u.state = 'deleted';
  u.display_name = `${u.display_name ?? ''} (deactivated)`.trim();
}

/**
 * POST /users/{id}/unassign_number: undefined when the user does not hold the number. The number's own record (target
 * user) counts as much as the user's phone_numbers: a cancelled user keeps no phone_numbers yet /numbers can still
 * name them as the target, and the plan removes what /numbers says they hold.
 */
export function unassignNumber(state: DialpadState, u: DialpadUserRaw, number: string): DialpadNumberRaw | undefined {
  let n = state.numbers.find((x) => x.number === number);
  const listed = (u.phone_numbers ?? []).includes(number);
  const targeted = n?.target_type === 'user' && n.target_id === u.id;
  if (!listed && !targeted) return undefined;
  u.phone_numbers = (u.phone_numbers ?? []).filter((x) => x !== number);
  if (!n) {
    n = { number, status: 'available', ...(u.office_id !== undefined ? { office_id: u.office_id } : {}) };
    state.numbers.push(n);
  }
  releaseNumber(n);
  return n;
}

/** DELETE /callcenters/{id}/operators: false when the user is not an operator there. "Will not change or release any licenses." */
export function removeOperator(state: DialpadState, callCenterId: string, u: DialpadUserRaw): boolean {
  const ops = state.operators[callCenterId];
  if (!ops || !ops.userIds.includes(u.id)) return false;
  ops.userIds = ops.userIds.filter((id) => id !== u.id);
  u.group_details = (u.group_details ?? []).filter((g) => !(g.group_type === 'callcenter' && g.group_id === callCenterId));
  return true;
}
