import type { DriftStatus, SimDrift } from '../../../simulator/types.js';
import { deleteUser, removeOperator, setUserState, unassignNumber } from './mutations.js';
import type { DialpadState } from './state.js';

/** Canonical status -> Dialpad `state` (the inverse of normalize's mapping). */
const STATE: Record<Exclude<DriftStatus, 'deactivated'>, string> = { active: 'active', invited: 'pending', suspended: 'suspended' };

/**
 * Changes someone makes in Dialpad between plan and apply, in the canonical vocabulary (an account id, a status, a
 * call-center id or phone number). `changed` drops the listing caches. An id the simulator does not hold throws.
 */
export function dialpadDrift(state: DialpadState, changed: () => void): SimDrift<DialpadState> {
  const user = (id: string) => {
    const u = state.users.find((x) => x.id === id);
    if (!u) throw new Error(`dialpad drift: no user ${id}`);
    return u;
  };
  return {
    setEmail: (id, email) => {
      const u = user(id);
      u.emails = [email, ...(u.emails ?? []).slice(1).filter((e) => e !== email)];
      changed();
    },
    setStatus: (id, status) => {
      const u = user(id);
      if (status === 'deactivated') deleteUser(state, u);
      // An admin may over-assign in the UI: drift is not refused for want of a license.
      else if (!setUserState(state, u, STATE[status])) u.state = STATE[status];
      changed();
    },
    setRoles: (id, roles) => {
      const u = user(id);
      const officeAdmin = roles.includes('office_admin');
      u.is_super_admin = roles.includes('super_admin');
      u.admin_office_ids = officeAdmin ? (u.admin_office_ids?.length ? u.admin_office_ids : u.office_id !== undefined ? [u.office_id] : []) : [];
      u.is_admin = roles.includes('admin') || u.is_super_admin || officeAdmin;
      changed();
    },
    removeMembership: (id, groupId) => {
      const u = user(id);
      if (!removeOperator(state, groupId, u) && !unassignNumber(state, u, groupId)) {
        throw new Error(`dialpad drift: ${id} is neither an operator of call center ${groupId} nor holds that number`);
      }
      changed();
    },
    mutate: (fn) => {
      fn(state);
      changed();
    },
  };
}
