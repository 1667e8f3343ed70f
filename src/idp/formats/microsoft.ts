import { ACTIVE, SUSPENDED } from '../status.js';
import { parseDate, splitList, splitProxyAddresses } from '../values.js';
import { joinName, makeIdentity, readBooleanStatus, readDate } from './common.js';
import type { FormatSpec, HeaderIndex, RowContext } from './types.js';

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
  // The 2025 "Download users (Preview)" mirrors the list view's display labels (`User principal name`, `Account
  // enabled`; research/idp.md 2.2, label text unverified), so those are accepted beside the attribute names.
  signatures: [['userprincipalname', 'accountenabled'], ['user principal name', 'account enabled']],
  matches: isTemplate,
  bind(h) {
    const template = isTemplate(h) && h.find('accountenabled', 'account enabled') === undefined;
    const col = (name: string, ...labels: string[]): number | undefined => h.find(name, ...labels) ?? h.bracket(name);
    const c = {
      upn: col('userPrincipalName', 'user principal name'),
      enabled: col('accountEnabled', 'account enabled'),
      id: h.find('objectid', 'id', 'object id') ?? h.bracket('objectId'),
      display: col('displayName', 'display name'),
      given: col('givenName', 'first name', 'given name'),
      surname: col('surname', 'last name'),
      mail: col('mail', 'email'),
      alternate: col('alternateEmailAddress', 'alternate email address'),
      authEmail: col('authenticationEmail'),
      otherMails: col('otherMails', 'other emails'),
      proxy: h.find('proxyaddresses', 'proxy addresses'),
      employeeId: h.find('employeeid', 'employee id'),
      department: col('department'),
      manager: h.find('manager'),
      lastLogin: h.find('lastsignindatetime', 'last interactive sign-in date', 'lastinteractivesignindate', 'last sign-in'),
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
            lastLogin: readSignIn(ctx, c.lastLogin),
          }),
        };
      },
    };
  },
};

/**
 * The preview download exports complex properties whole, so the sign-in column holds the `signInActivity` JSON
 * (research/idp.md 2.2): take its `lastSignInDateTime`. A plain date is read as a date.
 */
function readSignIn(ctx: RowContext, col: number | undefined): string | null {
  const raw = ctx.cell(col);
  if (!raw.startsWith('{')) return readDate(ctx, col);
  try {
    const activity = JSON.parse(raw) as Record<string, unknown>;
    const value = activity.lastSignInDateTime ?? activity.lastSuccessfulSignInDateTime;
    if (value === null || value === undefined) return null;
    const parsed = parseDate(String(value));
    if (parsed.ok) return parsed.iso;
  } catch {
    // fall through to the note
  }
  ctx.note('invalid_date', `unreadable sign-in activity "${raw.slice(0, 80)}"`, col, raw);
  return null;
}

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
