import { isUsableEmail } from '../../util/email.js';
import { joinName, makeIdentity, readDate, readStatus } from './common.js';
import type { FormatSpec } from './types.js';

/**
 * Google Workspace "Download users" (`User_Download_<DDMMYYYY>_<HHMMSS>.csv`): bulk-template vocabulary with bracket
 * tags; the column set changes with edition and year, so only names matter (research/idp.md 3.1).
 * `Last Sign In [READ ONLY]` is `YYYY/MM/DD HH:MM:SS` or `Never logged in`. Aliases are not in this download.
 */
export const googleUsers: FormatSpec = {
  format: 'google-users',
  label: 'Google Workspace users download',
  kind: 'users',
  signatures: [['email address [required]', 'status [read only]'], ['email address [required]', 'first name [required]']],
  bind(h) {
    const c = {
      email: h.find('email address [required]'),
      first: h.find('first name [required]'),
      last: h.find('last name [required]'),
      status: h.find('status [read only]'),
      lastLogin: h.find('last sign in [read only]'),
      recovery: h.find('recovery email'),
      homeSecondary: h.find('home secondary email'),
      workSecondary: h.find('work secondary email'),
      employeeId: h.find('employee id'),
      manager: h.find('manager email'),
      department: h.find('department'),
    };
    return {
      groupColumns: [],
      emailColumn: c.email,
      readRow(ctx) {
        const email = ctx.cell(c.email);
        const { verdict, raw } = readStatus(ctx, c.status, 'google');
        return {
          identity: makeIdentity(ctx, {
            primary: [email],
            others: [ctx.cell(c.workSecondary), ctx.cell(c.homeSecondary), ctx.cell(c.recovery)],
            login: email,
            displayName: joinName(ctx.cell(c.first), ctx.cell(c.last)),
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
 * Google group members (bulk template and download): `Group Email [Required],Member Email,Member Type,Member Role`
 * (research/idp.md 3.4). One assignment per row: the member is in the group.
 */
export const googleGroupMembers: FormatSpec = {
  format: 'google-group-members',
  label: 'Google Workspace group members',
  kind: 'assignments',
  signatures: [['group email [required]', 'member email'], ['group email', 'member email']],
  bind(h) {
    const c = {
      group: h.find('group email [required]', 'group email'),
      member: h.find('member email [required]', 'member email'),
    };
    return {
      groupColumns: h.namesOf(c.group),
      emailColumn: c.member,
      readRow(ctx) {
        const member = ctx.cell(c.member);
        return {
          assignments: [
            { subject: member, subjectEmails: isUsableEmail(member) ? [member] : [], app: null, group: ctx.cell(c.group) || null, rawStatus: null },
          ],
        };
      },
    };
  },
};
