import { ACTIVE, statusKey, UNKNOWN, type StatusVerdict } from '../status.js';
import { splitList } from '../values.js';
import type { ColumnMapping } from '../mapping.js';
import { joinName, makeIdentity, readDate } from './common.js';
import type { FormatSpec, HeaderIndex } from './types.js';

/** Column names taken as the email column of a CSV that is none of the known exports, when no mapping is given. */
export const EMAIL_COLUMN_NAMES = ['email', 'e-mail', 'email address', 'emailaddress', 'e-mail address', 'mail', 'primary email', 'primaryemail', 'work email', 'user email'];

/** The mapping used when the config has none but the header has an obvious email column. */
export function inferMapping(h: HeaderIndex): ColumnMapping | null {
  const email = h.find(...EMAIL_COLUMN_NAMES);
  if (email === undefined) return null;
  const name = (...c: string[]): string | undefined => h.name(h.find(...c)) ?? undefined;
  return {
    email: h.names[email] as string,
    id: name('id', 'user id', 'userid'),
    name: name('name', 'display name', 'displayname', 'full name', 'fullname'),
    firstName: name('first name', 'firstname', 'given name', 'givenname'),
    lastName: name('last name', 'lastname', 'surname', 'family name'),
    // Not `state`: in most people exports it is the address's state or province.
    status: name('status', 'user status', 'account status'),
    secondaryEmails: [],
    employeeId: name('employee id', 'employeeid', 'employee number'),
    department: name('department'),
    manager: name('manager', 'manager email'),
    lastLogin: name('last login', 'lastlogin', 'last sign in', 'last sign-in'),
    groups: name('groups'),
    groupSeparator: ';',
    activeValues: ['active', 'enabled', 'true'],
    suspendedValues: ['suspended', 'disabled', 'blocked', 'false'],
    deprovisionedValues: ['deprovisioned', 'deactivated', 'terminated', 'deleted'],
    stagedValues: ['staged', 'pending'],
  };
}

function statusTable(m: ColumnMapping): Map<string, StatusVerdict> {
  const t = new Map<string, StatusVerdict>();
  const add = (values: string[], verdict: StatusVerdict): void => values.forEach((v) => t.set(statusKey(v), verdict));
  add(m.stagedValues, { status: 'staged', condition: null });
  add(m.deprovisionedValues, { status: 'deprovisioned', condition: null });
  add(m.suspendedValues, { status: 'suspended', condition: null });
  add(m.activeValues, ACTIVE);
  return t;
}

/** Any CSV, read through a column mapping (config `idp.mapping`) of names to the identity fields. */
export const genericCsv: FormatSpec = {
  format: 'generic',
  label: 'CSV with a column mapping',
  kind: 'users',
  signatures: [],
  bind(h, opts) {
    const m = opts.mapping ?? inferMapping(h);
    if (!m) return `no recognisable email column (header: ${h.names.slice(0, 8).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n)).join(', ')}${h.names.length > 8 ? ', ...' : ''})`;
    const missing = [m.email, m.id, m.name, m.firstName, m.lastName, m.status, m.employeeId, m.department, m.manager, m.lastLogin, m.groups, ...m.secondaryEmails]
      .filter((n): n is string => n !== undefined)
      .filter((n, i, all) => h.find(n) === undefined && all.indexOf(n) === i);
    if (missing.length > 0) return `the column mapping names ${missing.map((n) => `"${n}"`).join(', ')}, which the header does not have`;
    const col = (n: string | undefined): number | undefined => (n === undefined ? undefined : h.find(n));
    const c = {
      email: col(m.email),
      id: col(m.id),
      name: col(m.name),
      first: col(m.firstName),
      last: col(m.lastName),
      status: col(m.status),
      employeeId: col(m.employeeId),
      department: col(m.department),
      manager: col(m.manager),
      lastLogin: col(m.lastLogin),
      groups: col(m.groups),
      secondary: m.secondaryEmails.map(col),
    };
    const table = statusTable(m);
    return {
      groupColumns: h.namesOf(c.groups),
      emailColumn: c.email,
      readRow(ctx) {
        let verdict: StatusVerdict;
        let raw = '';
        if (c.status === undefined) {
          // No status column: the file lists current people, so each row counts as active (stated in the CLI output).
          verdict = ACTIVE;
        } else {
          raw = ctx.cell(c.status);
          const known = table.get(statusKey(raw));
          if (known) verdict = known;
          else {
            ctx.note('unknown_status', raw === '' ? 'empty status' : `unknown status "${raw}" (not in the mapping's status values)`, c.status, raw);
            verdict = UNKNOWN;
          }
        }
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            primary: [ctx.cell(c.email)],
            others: c.secondary.map((i) => ctx.cell(i)),
            displayName: ctx.cell(c.name) || joinName(ctx.cell(c.first), ctx.cell(c.last)),
            verdict,
            rawStatus: raw,
            employeeId: ctx.cell(c.employeeId),
            department: ctx.cell(c.department),
            manager: ctx.cell(c.manager),
            lastLogin: readDate(ctx, c.lastLogin),
            groups: splitList(ctx.cell(c.groups), m.groupSeparator),
          }),
        };
      },
    };
  },
};
