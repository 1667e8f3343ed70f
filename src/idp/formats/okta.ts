import { isUsableEmail } from '../../util/email.js';
import { splitList } from '../values.js';
import { joinName, makeIdentity, readDate, readStatus } from './common.js';
import type { FormatSpec } from './types.js';

/**
 * Okta Password Health report: `User, Login, Status, Activation date, Authentication Source, Last Login,
 * Last Password Change` (research/idp.md 1.1; header casing unconfirmed, so names are matched case-insensitively).
 */
export const oktaPasswordHealth: FormatSpec = {
  format: 'okta-password-health',
  label: 'Okta Password Health report',
  kind: 'users',
  signatures: [
    ['login', 'status', 'authentication source'],
    ['login', 'status', 'activation date'],
    ['login', 'status', 'last password change'],
    // The documented field names without the optional ones (research/idp.md 0: any 2-3 of the signature).
    ['user', 'login', 'status'],
  ],
  bind(h) {
    const c = {
      user: h.find('user'),
      login: h.find('login'),
      status: h.find('status'),
      lastLogin: h.find('last login'),
    };
    return {
      groupColumns: [],
      emailColumn: c.login,
      readRow(ctx) {
        const login = ctx.cell(c.login);
        const { verdict, raw } = readStatus(ctx, c.status, 'okta');
        return {
          identity: makeIdentity(ctx, {
            id: login,
            primary: [login],
            login,
            displayName: ctx.cell(c.user),
            verdict,
            rawStatus: raw,
            lastLogin: readDate(ctx, c.lastLogin),
          }),
        };
      },
    };
  },
};

/**
 * Rockstar "Export Users": default header `User Id,Status,Username,First name,Last name,Primary email`, plus
 * optional labels (`Secondary email`, `Employee number`, `Department`, `Manager`, `Last Login Date`, ...);
 * status values are the API enum (research/idp.md 1.2).
 */
export const oktaRockstarUsers: FormatSpec = {
  format: 'okta-rockstar-users',
  label: 'Okta users (Rockstar export)',
  kind: 'users',
  signatures: [['user id', 'status', 'username'], ['user id', 'status', 'primary email']],
  bind(h) {
    const c = {
      id: h.find('user id'),
      status: h.find('status'),
      login: h.find('username'),
      first: h.find('first name'),
      last: h.find('last name'),
      display: h.find('display name'),
      email: h.find('primary email', 'email'),
      secondary: h.find('secondary email'),
      employeeId: h.find('employee number'),
      department: h.find('department'),
      manager: h.find('manager', 'manager id'),
      lastLogin: h.find('last login date', 'last login'),
    };
    return {
      groupColumns: [],
      emailColumn: c.email ?? c.login,
      readRow(ctx) {
        const login = ctx.cell(c.login);
        const { verdict, raw } = readStatus(ctx, c.status, 'okta');
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            // Login is usually, not always, the email (research/idp.md 6.11): primary email first.
            primary: [ctx.cell(c.email), login],
            others: [ctx.cell(c.secondary)],
            login,
            displayName: ctx.cell(c.display) || joinName(ctx.cell(c.first), ctx.cell(c.last)),
            verdict,
            rawStatus: raw,
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

/**
 * Current Assignments report: `User, Login, Application name, Application instance, Application login, Assigned on,
 * Unassigned on, Last login, Last password change` (research/idp.md 1.1). A row with `Unassigned on` filled is an
 * ended assignment, not a current one: skipped.
 */
export const oktaCurrentAssignments: FormatSpec = {
  format: 'okta-current-assignments',
  label: 'Okta Current Assignments report',
  kind: 'assignments',
  signatures: [['login', 'application name'], ['login', 'application instance']],
  bind(h) {
    const c = {
      login: h.find('login'),
      app: h.find('application name'),
      instance: h.find('application instance'),
      appLogin: h.find('application login'),
      unassigned: h.find('unassigned on'),
      // The 2017 announcement says the report names the group that granted access; its header text is unknown.
      group: h.find('group', 'group name', 'assigned via', 'granted by'),
    };
    const groupColumns = h.namesOf(c.app, c.instance, c.group);
    return {
      groupColumns,
      emailColumn: c.login,
      readRow(ctx) {
        if (ctx.cell(c.unassigned) !== '') return null;
        const login = ctx.cell(c.login);
        const appLogin = ctx.cell(c.appLogin);
        return {
          assignments: [
            {
              subject: login,
              subjectEmails: [login, appLogin].filter((e, i, all) => isUsableEmail(e) && all.indexOf(e) === i),
              app: ctx.cell(c.app) || ctx.cell(c.instance) || null,
              group: ctx.cell(c.group) || null,
              rawStatus: null,
            },
          ],
        };
      },
    };
  },
};

/**
 * Rockstar "Export App Users" (from one app's page): `id,userName,scope,externalId,firstName,lastName,syncState,
 * salesforceGroups,samlRoles,groupName`; `scope` USER or GROUP, `groupName` the granting group, multi-values joined
 * with `;` (research/idp.md 1.2). The file does not name the app: assignments carry app null and the group.
 */
export const oktaRockstarAppUsers: FormatSpec = {
  format: 'okta-rockstar-app-users',
  label: 'Okta app users (Rockstar export)',
  kind: 'assignments',
  signatures: [['username', 'scope', 'syncstate'], ['username', 'scope', 'externalid']],
  bind(h) {
    const c = {
      userName: h.find('username'),
      group: h.find('groupname'),
      status: h.find('status'),
    };
    return {
      groupColumns: h.namesOf(c.group),
      emailColumn: c.userName,
      readRow(ctx) {
        const userName = ctx.cell(c.userName);
        const groups = splitList(ctx.cell(c.group), ';');
        const base = {
          subject: userName,
          subjectEmails: isUsableEmail(userName) ? [userName] : [],
          app: null,
          rawStatus: ctx.cell(c.status) || null,
        };
        // One assignment per granting group; a direct (USER scope) assignment has none.
        if (groups.length === 0) return { assignments: [{ ...base, group: null }] };
        return { assignments: groups.map((group) => ({ ...base, group })) };
      },
    };
  },
};
