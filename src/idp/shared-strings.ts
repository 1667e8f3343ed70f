import type { Assignment, Identity } from '../model/identity.js';
import type { StringPool } from '../util/string-pool.js';

/**
 * The cells of a row that repeat down the file (status, department, manager, application) pointed at one copy each,
 * and a login that is the primary address pointed at that address: every cell is a new string otherwise, a million
 * rows of "ACTIVE". Values are unchanged.
 */
export function shareIdentityStrings(identity: Identity, pool: StringPool): void {
  identity.rawStatus = pool.share(identity.rawStatus);
  identity.department = pool.shareOrNull(identity.department);
  identity.manager = pool.shareOrNull(identity.manager);
  if (identity.login !== null && identity.login === identity.primaryEmail) identity.login = identity.primaryEmail;
}

export function shareAssignmentStrings(assignment: Assignment, pool: StringPool): void {
  assignment.app = pool.shareOrNull(assignment.app);
  assignment.group = pool.shareOrNull(assignment.group);
  assignment.rawStatus = pool.shareOrNull(assignment.rawStatus);
  const first = assignment.subjectEmails[0];
  if (first !== undefined && first === assignment.subject) assignment.subject = first;
}
