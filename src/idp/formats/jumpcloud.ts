import { isUsableEmail } from '../../util/email.js';
import { ACTIVE, SUSPENDED, type StatusVerdict, withCondition } from '../status.js';
import { parseBoolean } from '../values.js';
import { flag, joinName, makeIdentity, readDate, readStatus } from './common.js';
import type { FormatSpec, RowContext } from './types.js';

function lockCondition(ctx: RowContext, locked: number | undefined, expired: number | undefined): 'locked_out' | 'password_expired' | null {
  if (flag(ctx, locked)) return 'locked_out';
  if (flag(ctx, expired)) return 'password_expired';
  return null;
}

/**
 * JumpCloud "Users to User Groups" report: one row per user x group; a user without groups has one row with
 * "no user group" (research/idp.md 4.1); a group without members has one row with user name "no users" and no email.
 * Gives identities (first row of each user), group memberships and the empty groups.
 */
export const jumpcloudUserGroups: FormatSpec = {
  format: 'jumpcloud-user-groups',
  label: 'JumpCloud Users to User Groups report',
  kind: 'users+assignments',
  signatures: [['user name', 'email', 'user group name']],
  bind(h) {
    const c = {
      userName: h.find('user name'),
      email: h.find('email'),
      group: h.find('user group name'),
      state: h.find('user state'),
      locked: h.find('account locked'),
      expired: h.find('password expired'),
      id: h.find('user object id'),
    };
    const seen = new Set<string>();
    return {
      groupColumns: h.namesOf(c.group),
      emailColumn: c.email,
      readRow(ctx) {
        const email = ctx.cell(c.email);
        const userName = ctx.cell(c.userName);
        const groupCell = ctx.cell(c.group);
        const group = groupCell === '' || /^no user groups?$/i.test(groupCell) ? null : groupCell;
        // A group without members gets one placeholder row, user name "no users" and no email: not a person.
        if (/^no users?$/i.test(userName) && !isUsableEmail(email)) return group ? { emptyGroup: group } : null;
        const id = ctx.cell(c.id) || email || userName;
        const assignments = group
          ? [{ subject: email || userName, subjectEmails: isUsableEmail(email) ? [email] : [], app: null, group, rawStatus: ctx.cell(c.state) || null }]
          : [];
        if (id !== '' && seen.has(id)) return { memberships: { identityId: id, groups: group ? [group] : [] }, assignments };
        if (id !== '') seen.add(id);
        const { verdict, raw } = readStatus(ctx, c.state, 'jumpcloud');
        return {
          identity: makeIdentity(ctx, {
            id,
            primary: [email],
            login: userName,
            displayName: userName,
            verdict: withCondition(verdict, lockCondition(ctx, c.locked, c.expired)),
            rawStatus: raw,
            groups: group ? [group] : [],
          }),
          assignments,
        };
      },
    };
  },
};

/**
 * JumpCloud PowerShell `Get-JCBackup -Users` / `Get-JCUser | Export-Csv`: API property names (`_id`, `username`,
 * `email`, `activated`, `suspended`, `account_locked`, `password_expired`, `state`, `employeeIdentifier`, ...),
 * booleans as PowerShell writes them (`True`/`False`); research/idp.md 4.2. `state` decides when present; otherwise
 * `suspended`, then `activated` (False: the user never set a password, still entitled: pending activation).
 */
export const jumpcloudBackup: FormatSpec = {
  format: 'jumpcloud-backup',
  label: 'JumpCloud users (PowerShell Get-JCBackup / Export-Csv)',
  kind: 'users',
  signatures: [['_id', 'username', 'email', 'activated'], ['_id', 'username', 'email', 'suspended'], ['_id', 'email', 'state']],
  bind(h) {
    const c = {
      id: h.find('_id', 'id'),
      userName: h.find('username'),
      email: h.find('email'),
      first: h.find('firstname'),
      last: h.find('lastname'),
      display: h.find('displayname'),
      alternate: h.find('alternateemail'),
      recovery: h.find('recoveryemail'),
      state: h.find('state'),
      activated: h.find('activated'),
      suspended: h.find('suspended'),
      locked: h.find('account_locked', 'accountlocked'),
      expired: h.find('password_expired', 'passwordexpired'),
      employeeId: h.find('employeeidentifier'),
      department: h.find('department'),
      manager: h.find('manager'),
      lastLogin: h.find('lastlogin', 'last_login'),
    };
    return {
      groupColumns: [],
      emailColumn: c.email,
      readRow(ctx) {
        let status: { verdict: StatusVerdict; raw: string };
        if (c.state !== undefined && ctx.cell(c.state) !== '') status = readStatus(ctx, c.state, 'jumpcloud');
        else if (c.suspended !== undefined || c.activated !== undefined) {
          const suspended = parseBoolean(ctx.cell(c.suspended));
          const activated = c.activated === undefined ? true : parseBoolean(ctx.cell(c.activated));
          const raw = [c.suspended, c.activated]
            .filter((i): i is number => i !== undefined)
            .map((i) => `${h.name(i)}=${ctx.cell(i)}`)
            .join(' ');
          if (suspended === true) status = { verdict: SUSPENDED, raw };
          else if (suspended === null && c.suspended !== undefined) status = readStatus(ctx, c.suspended, 'jumpcloud');
          else if (activated === false) status = { verdict: { status: 'active', condition: 'pending_activation' }, raw };
          else if (activated === null) status = readStatus(ctx, c.activated, 'jumpcloud');
          else status = { verdict: ACTIVE, raw };
        } else status = readStatus(ctx, c.state, 'jumpcloud');
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            primary: [ctx.cell(c.email)],
            others: [ctx.cell(c.alternate), ctx.cell(c.recovery)],
            login: ctx.cell(c.userName),
            displayName: ctx.cell(c.display) || joinName(ctx.cell(c.first), ctx.cell(c.last)) || ctx.cell(c.userName),
            verdict: withCondition(status.verdict, lockCondition(ctx, c.locked, c.expired)),
            rawStatus: status.raw,
            employeeId: ctx.cell(c.employeeId),
            department: ctx.cell(c.department),
            manager: ctx.cell(c.manager),
            lastLogin: readDate(ctx, c.lastLogin),
          }),
        };
      },
    };
  },
};
