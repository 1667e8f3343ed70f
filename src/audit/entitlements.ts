import type { Config } from '../config/schema.js';
import { VENDORS, type Vendor } from '../model/common.js';
import type { Assignment, IdpReadResult } from '../model/identity.js';
import { badInput } from '../errors.js';
import { emailKey, lookup, type IdentityIndex, type MatchOptions } from './correlate.js';

/** Why a vendor's identities are (or are not) known to be entitled, and who is. */
export interface VendorEntitlement {
  /** False when nothing in the inputs speaks about this vendor: MISSING_SEAT and UNENTITLED_ACCOUNT are not evaluated. */
  available: boolean;
  /** Why not available (or, when available, where the entitlements came from). */
  reason: string;
  /** Identity index -> what entitles it (e.g. `app "Dixa" (assignments.csv row 4)`, `group "CS Agents" (IdP export)`). */
  grants: Map<number, string[]>;
}

export interface Entitlements {
  perVendor: Record<Vendor, VendorEntitlement>;
  /** Identity index -> every group the inputs give it (IdP group columns and assignment groups), as written. */
  groupsOf: Map<number, string[]>;
  /** Assignment rows whose login/email names no identity of the IdP export. */
  unmatchedAssignmentRows: number;
}

function groupKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

function compileApps(config: Config, vendor: Vendor): RegExp[] {
  return config.entitlements[vendor].apps.map((pattern, i) => {
    try {
      return new RegExp(pattern, 'i');
    } catch (err) {
      throw badInput(`config entitlements.${vendor}.apps[${i}]: invalid regular expression ${JSON.stringify(pattern)} (${(err as Error).message})`);
    }
  });
}

function sourceName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

/** Identities an assignment row names: by login, then by any of their addresses (docs/rules.md "Entitlement"). */
function identitiesOf(row: Assignment, index: IdentityIndex, byLogin: ReadonlyMap<string, number[]>, opts: MatchOptions): number[] {
  const out: number[] = [];
  const take = (i: number): void => {
    if (!out.includes(i)) out.push(i);
  };
  if (byLogin.size > 0) for (const i of byLogin.get(row.subject.trim().normalize('NFC').toLowerCase()) ?? []) take(i);
  for (let r = -1; r < row.subjectEmails.length; r++) {
    const raw = r < 0 ? row.subject : (row.subjectEmails[r] as string);
    // The subject is most often one of the row's addresses again (an Okta login): one key per distinct address.
    if (r >= 0 && (raw === row.subject || row.subjectEmails.indexOf(raw) < r)) continue;
    const k = emailKey(raw, opts);
    if (k === null) continue;
    for (const i of lookup(index.byAnyEmail, k)) take(i);
  }
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
}

/** The assignment rows of both exports in order; one array needs no copy. */
function rowsOf(idp: IdpReadResult, assignments: IdpReadResult | null): readonly Assignment[] {
  const more = assignments?.assignments ?? [];
  return idp.assignments.length === 0 ? more : more.length === 0 ? idp.assignments : [...idp.assignments, ...more];
}

const NO_VENDORS: readonly Vendor[] = [];

function add(map: Map<number, string[]>, idx: number, value: string): void {
  const list = map.get(idx);
  if (list === undefined) map.set(idx, [value]);
  else if (!list.includes(value)) list.push(value);
}

/**
 * Who is entitled to each vendor: an assignment row whose application matches `entitlements.<vendor>.apps`, or a
 * group (IdP group column or assignment group) listed in `entitlements.<vendor>.groups`.
 *
 * A vendor counts as evaluable only when at least one assignment row or IdP group speaks about it: an Okta
 * "Current Assignments" report is per application, so an export about Dixa says nothing about Dialpad, and
 * reading it as "nobody is entitled to Dialpad" would flag every Dialpad account.
 */
export function computeEntitlements(idp: IdpReadResult, assignments: IdpReadResult | null, index: IdentityIndex, config: Config, opts: MatchOptions): Entitlements {
  const apps = Object.fromEntries(VENDORS.map((v) => [v, compileApps(config, v)])) as Record<Vendor, RegExp[]>;
  const groups = Object.fromEntries(VENDORS.map((v) => [v, new Set(config.entitlements[v].groups.map(groupKey))])) as Record<Vendor, Set<string>>;
  const perVendor = Object.fromEntries(
    VENDORS.map((v) => [v, { available: false, reason: '', grants: new Map<number, string[]>() }]),
  ) as Record<Vendor, VendorEntitlement>;
  const spoken = Object.fromEntries(VENDORS.map((v) => [v, new Set<string>()])) as Record<Vendor, Set<string>>;
  const groupsOf = new Map<number, string[]>();

  // Export file names and what an application or group name entitles to, worked out once each: the loops below run
  // once per identity and once per assignment row, and a handful of files and names recur throughout them.
  const names = new Map<string, string>();
  const nameOf = (file: string): string => {
    let name = names.get(file);
    if (name === undefined) names.set(file, (name = sourceName(file)));
    return name;
  };
  const appVendors = new Map<string, Vendor[]>();
  const groupVendors = new Map<string, Vendor[]>();
  const vendorsOfApp = (app: string): Vendor[] => {
    let list = appVendors.get(app);
    if (list === undefined) appVendors.set(app, (list = VENDORS.filter((v) => apps[v].some((re) => re.test(app)))));
    return list;
  };
  const vendorsOfGroup = (group: string): Vendor[] => {
    let list = groupVendors.get(group);
    if (list === undefined) {
      const key = groupKey(group);
      groupVendors.set(group, (list = VENDORS.filter((v) => groups[v].has(key))));
    }
    return list;
  };

  const byLogin = new Map<string, number[]>();
  index.identities.forEach((identity, i) => {
    // Logins that are addresses are already in the email index; only the others need their own. A login equal to
    // the primary address is an address exactly when the primary one is.
    const login = identity.login;
    const isAddress = login === identity.primaryEmail ? index.primaryKeyOf(i) !== null : emailKey(login, opts) !== null;
    if (login && !isAddress) {
      const k = login.trim().normalize('NFC').toLowerCase();
      const list = byLogin.get(k);
      if (list === undefined) byLogin.set(k, [i]);
      else list.push(i);
    }
    for (const g of identity.groups) {
      add(groupsOf, i, g);
      for (const v of vendorsOfGroup(g)) {
        const file = nameOf(identity.source.file);
        add(perVendor[v].grants, i, `group "${g}" (${file} row ${identity.source.row})`);
        spoken[v].add(`group column of ${file}`);
      }
    }
  });

  let unmatchedAssignmentRows = 0;
  const spokenBy = new Map<string, string>();
  const vendorsOfRow: Array<[Vendor, string]> = [];
  for (const row of rowsOf(idp, assignments)) {
    const file = nameOf(row.source.file);
    vendorsOfRow.length = 0;
    const byApp = row.app === null ? NO_VENDORS : vendorsOfApp(row.app);
    const byGroup = row.group === null ? NO_VENDORS : vendorsOfGroup(row.group);
    for (const v of VENDORS) {
      if (byApp.includes(v)) vendorsOfRow.push([v, `app "${row.app as string}" (${file} row ${row.source.row})`]);
      else if (byGroup.includes(v)) vendorsOfRow.push([v, `group "${row.group as string}" (${file} row ${row.source.row})`]);
    }
    if (vendorsOfRow.length > 0) {
      let said = spokenBy.get(file);
      if (said === undefined) spokenBy.set(file, (said = `assignments in ${file}`));
      for (const [v] of vendorsOfRow) spoken[v].add(said);
    }
    const who = identitiesOf(row, index, byLogin, opts);
    if (who.length === 0) unmatchedAssignmentRows++;
    for (const i of who) {
      if (row.group !== null) add(groupsOf, i, row.group);
      for (const [v, grant] of vendorsOfRow) add(perVendor[v].grants, i, grant);
    }
  }

  const assignmentFiles = [...(idp.assignments.length > 0 ? [sourceName(idp.file)] : []), ...(assignments ? [sourceName(assignments.file)] : [])];
  for (const v of VENDORS) {
    const e = perVendor[v];
    if (spoken[v].size > 0) {
      e.available = true;
      e.reason = `entitlements from ${[...spoken[v]].sort().join(', ')}`;
      continue;
    }
    const appText = config.entitlements[v].apps.map((a) => `/${a}/i`).join(', ') || '(none configured)';
    const groupText = config.entitlements[v].groups.length > 0 ? config.entitlements[v].groups.join(', ') : '(none configured)';
    e.reason =
      assignmentFiles.length === 0
        ? `no assignments export was given and no entitlement group of ${v} (entitlements.${v}.groups: ${groupText}) appears in the IdP export`
        : `the assignments export (${assignmentFiles.join(', ')}) names no application matching ${appText} and no group of entitlements.${v}.groups (${groupText}), and no such group appears in the IdP export`;
  }
  for (const list of groupsOf.values()) list.sort();
  for (const v of VENDORS) for (const list of perVendor[v].grants.values()) list.sort();
  return { perVendor, groupsOf, unmatchedAssignmentRows };
}
