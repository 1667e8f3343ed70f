import { ACTIVE, SUSPENDED } from '../status.js';
import { splitList, splitProxyAddresses } from '../values.js';
import { joinName, makeIdentity, readBooleanStatus, readDate } from './common.js';
import type { FormatSpec, HeaderIndex } from './types.js';

function isTemplate(h: HeaderIndex): boolean {
  return h.bracket('userPrincipalName') !== undefined && h.bracket('accountEnabled') !== undefined;
}

/**
 * Entra admin center "Download users": camelCase attribute names, `objectId` (documented) or `id` (observed) as the
 * key, `accountEnabled` True/False (research/idp.md 2.1). Also reads the bulk-create template handed over as an export
 * (`version:v1.0` line, then `Name [displayName] Required`, ...), whose `Block sign in (Yes/No) [accountEnabled]`
 * is inverted: Yes means blocked (research/idp.md 2.3, MicrosoftDocs/azure-docs#50703).
 */
export const entraUsers: FormatSpec = {
  format: 'entra-users',
  label: 'Microsoft Entra ID users download',
  kind: 'users',
  signatures: [['userprincipalname', 'accountenabled']],
  matches: isTemplate,
  bind(h) {
    const template = isTemplate(h) && h.find('accountenabled') === undefined;
    const col = (name: string): number | undefined => h.find(name) ?? h.bracket(name);
    const c = {
      upn: col('userPrincipalName'),
      enabled: col('accountEnabled'),
      id: h.find('objectid', 'id') ?? h.bracket('objectId'),
      display: col('displayName'),
      given: col('givenName'),
      surname: col('surname'),
      mail: col('mail'),
      alternate: col('alternateEmailAddress'),
      authEmail: col('authenticationEmail'),
      otherMails: col('otherMails'),
      proxy: h.find('proxyaddresses', 'proxy addresses'),
      employeeId: h.find('employeeid', 'employee id'),
      department: col('department'),
      manager: h.find('manager'),
      lastLogin: h.find('lastsignindatetime', 'last interactive sign-in date', 'lastinteractivesignindate'),
    };
    return {
      groupColumns: [],
      emailColumn: c.mail ?? c.upn,
      readRow(ctx) {
        // The template's third line is an example row (`Example:` in the first cell).
        if (template && /^example:?$/i.test(ctx.cell(0))) return null;
        const upn = ctx.cell(c.upn);
        const status = template
          ? readBooleanStatus(ctx, c.enabled, SUSPENDED, ACTIVE)
          : readBooleanStatus(ctx, c.enabled, ACTIVE, SUSPENDED);
        const proxies = splitProxyAddresses(ctx.cell(c.proxy));
        // Guest UPNs (`x_outlook.com#EXT#@tenant.onmicrosoft.com`) are not anyone's address.
        const upnAsEmail = upn.includes('#EXT#') ? '' : upn;
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            // `mail` may be empty for unlicensed or cloud-only users: fall back to the UPN (research/idp.md 2.6).
            primary: [ctx.cell(c.mail), ...proxies.filter((p) => p.primary).map((p) => p.address), upnAsEmail],
            others: [
              upnAsEmail,
              ...proxies.map((p) => p.address),
              ...splitList(ctx.cell(c.otherMails), /[;,\s]+/),
              ...splitList(ctx.cell(c.alternate), /[;,\s]+/),
              ctx.cell(c.authEmail),
            ],
            login: upn,
            displayName: ctx.cell(c.display) || joinName(ctx.cell(c.given), ctx.cell(c.surname)),
            verdict: status.verdict,
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

/**
 * Microsoft 365 admin center "Export users": `User principal name`, `Display name`, `Block credential` (True means
 * blocked), `Object Id`, `Proxy addresses` (`SMTP:` primary, `smtp:` aliases, joined with `+`), `Licenses` joined
 * with `+` or `Unlicensed` (research/idp.md 2.4). Column order is not stable.
 */
export const m365Users: FormatSpec = {
  format: 'm365-users',
  label: 'Microsoft 365 admin center users export',
  kind: 'users',
  signatures: [['user principal name', 'block credential']],
  bind(h) {
    const c = {
      upn: h.find('user principal name'),
      block: h.find('block credential'),
      id: h.find('object id'),
      display: h.find('display name'),
      first: h.find('first name'),
      last: h.find('last name'),
      proxy: h.find('proxy addresses'),
      licenses: h.find('licenses'),
      department: h.find('department'),
      employeeId: h.find('employee id'),
      manager: h.find('manager'),
      lastLogin: h.find('last sign-in', 'last sign in'),
    };
    return {
      groupColumns: h.namesOf(c.licenses),
      emailColumn: c.upn,
      readRow(ctx) {
        const upn = ctx.cell(c.upn);
        const status = readBooleanStatus(ctx, c.block, SUSPENDED, ACTIVE);
        const proxies = splitProxyAddresses(ctx.cell(c.proxy));
        const upnAsEmail = upn.includes('#EXT#') ? '' : upn;
        const licenses = splitList(ctx.cell(c.licenses), '+').filter((l) => l.toLowerCase() !== 'unlicensed');
        return {
          identity: makeIdentity(ctx, {
            id: ctx.cell(c.id),
            primary: [...proxies.filter((p) => p.primary).map((p) => p.address), upnAsEmail],
            others: [upnAsEmail, ...proxies.map((p) => p.address)],
            login: upn,
            displayName: ctx.cell(c.display) || joinName(ctx.cell(c.first), ctx.cell(c.last)),
            verdict: status.verdict,
            rawStatus: status.raw,
            employeeId: ctx.cell(c.employeeId),
            department: ctx.cell(c.department),
            manager: ctx.cell(c.manager),
            lastLogin: readDate(ctx, c.lastLogin),
            groups: licenses,
          }),
        };
      },
    };
  },
};
