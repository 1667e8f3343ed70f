import type { IdpFormat } from '../../model/identity.js';
import { genericCsv } from './generic.js';
import { googleGroupMembers, googleUsers } from './google.js';
import { jumpcloudBackup, jumpcloudUserGroups } from './jumpcloud.js';
import { entraUsers, m365Users } from './microsoft.js';
import { oktaCurrentAssignments, oktaPasswordHealth, oktaRockstarAppUsers, oktaRockstarUsers } from './okta.js';
import { oneloginUsers } from './onelogin.js';
import type { FormatSpec, HeaderIndex } from './types.js';

/** In detection order: the more specific signatures first (assignment reports share `User`/`Login` with users reports). */
export const FORMATS: FormatSpec[] = [
  googleGroupMembers,
  googleUsers,
  oktaCurrentAssignments,
  oktaRockstarAppUsers,
  oktaRockstarUsers,
  oktaPasswordHealth,
  jumpcloudUserGroups,
  jumpcloudBackup,
  oneloginUsers,
  m365Users,
  entraUsers,
  genericCsv,
];

export function formatSpec(format: IdpFormat): FormatSpec {
  const spec = FORMATS.find((f) => f.format === format);
  if (!spec) throw new Error(`no reader for format ${format}`);
  return spec;
}

/** The known export whose signature the header carries, or null. */
export function detectFormat(h: HeaderIndex): FormatSpec | null {
  for (const spec of FORMATS) {
    if (spec.signatures.some((sig) => h.has(...sig)) || spec.matches?.(h)) return spec;
  }
  return null;
}

/** Every column name any signature uses: lines holding two of them are header candidates. */
export function knownColumnNames(): Set<string> {
  const names = new Set<string>(['email', 'name', 'status', 'first name', 'last name', 'display name', 'id', 'department', 'user id', 'username']);
  for (const spec of FORMATS) for (const sig of spec.signatures) for (const n of sig) names.add(n);
  for (const n of ['user', 'login', 'last login', 'objectid', 'displayname', 'mail', 'display name', 'object id', 'proxy addresses', 'licenses']) names.add(n);
  return names;
}
