import { statusKey } from '../status.js';
import { splitList } from '../values.js';
import { joinName, makeIdentity, readDate, readStatus } from './common.js';
import type { FormatSpec } from './types.js';

/**
 * OneLogin users, as the official SDK example writes them (`id,external_id,email,username,firstname,lastname,
 * distinguished_name,...,status,member_of,...,last_login,locked_until`; research/idp.md 5.1). `status` is 0..8 (or
 * its label, from UI reports). `state` 0 (unapproved) or 2 (rejected) means no access whatever the status (5.2).
 */
export const oneloginUsers: FormatSpec = {
  format: 'onelogin-users',
  label: 'OneLogin users export',
  kind: 'users',
  signatures: [
    ['email', 'status', 'external_id', 'distinguished_name'],
    ['email', 'status', 'invalid_login_attempts'],
    ['email', 'status', 'samaccountname'],
    ['email', 'status', 'locked_until'],
  ],
  bind(h) {
    const c = {
      id: h.find('id'),
      email: h.find('email'),
      userName: h.find('username'),
      first: h.find('firstname'),
      last: h.find('lastname'),
      status: h.find('status'),
      state: h.find('state'),
      memberOf: h.find('member_of'),
      upn: h.find('userprincipalname'),
      department: h.find('department'),
      manager: h.find('manager_user_id', 'manager_ad_id'),
      lastLogin: h.find('last_login'),
    };
    return {
      groupColumns: h.namesOf(c.memberOf),
      emailColumn: c.email,
      readRow(ctx) {
        let { verdict, raw } = readStatus(ctx, c.status, 'onelogin');
        const state = statusKey(ctx.cell(c.state));
        if (verdict.status === 'active' && ['0', '2', 'unapproved', 'rejected'].includes(state)) {
          verdict = { status: 'suspended', condition: null };
          raw = `${raw} (state ${ctx.cell(c.state)})`;
        }
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            primary: [ctx.cell(c.email)],
            others: [ctx.cell(c.upn)],
            login: ctx.cell(c.userName),
            displayName: joinName(ctx.cell(c.first), ctx.cell(c.last)),
            verdict,
            rawStatus: raw,
            department: ctx.cell(c.department),
            manager: ctx.cell(c.manager),
            lastLogin: readDate(ctx, c.lastLogin),
            // AD group DNs contain commas, so several are joined with `;`.
            groups: splitList(ctx.cell(c.memberOf), ';'),
          }),
        };
      },
    };
  },
};
