import { stringify } from 'csv-stringify/sync';

/** The IdP formats the generator can write (research/idp.md sections 1.2, 2.4 and 3.1). */
export type DemoIdpFormat = 'okta-rockstar-users' | 'm365-users' | 'google-users';
export const DEMO_IDP_FORMATS: readonly DemoIdpFormat[] = ['okta-rockstar-users', 'm365-users', 'google-users'];

/**
 * The person as the generator thinks of them; each format writes what it can express. Temporary states
 * (locked out, password expired/reset) exist only in Okta; elsewhere they are plain active. Deprovisioned people
 * stay in the M365 export with sign-in blocked and in the Google export as Archived (both map to suspended), so
 * every format keeps them as identities and the "left" group of docs/rules.md stays the same.
 */
export type PersonStatus =
  | 'active'
  | 'locked_out'
  | 'password_expired'
  | 'password_reset'
  | 'suspended'
  | 'deprovisioned'
  | 'staged'
  /** Written as a value no mapping knows: a DATA_QUALITY unknown_status note. */
  | 'unknown';

export interface IdpRow {
  id: string;
  status: PersonStatus;
  /** Login / UPN; for Okta the Username. */
  login: string;
  firstName: string;
  lastName: string;
  displayName: string;
  /** Empty for the planted no-email row. */
  primaryEmail: string;
  secondaryEmail: string | null;
  department: string;
  title: string;
  employeeNumber: string;
  managerEmail: string;
  createdMs: number;
  lastLoginMs: number | null;
  passwordChangedMs: number;
  city: string;
  country: string;
}

/** Identity status the audit must derive from a row of this format (docs/rules.md, research/idp.md section 7). */
export function effectiveStatus(format: DemoIdpFormat, status: PersonStatus): 'active' | 'suspended' | 'deprovisioned' | 'staged' | 'unknown' {
  switch (status) {
    case 'active':
    case 'locked_out':
    case 'password_expired':
    case 'password_reset':
      return 'active';
    case 'suspended':
      return 'suspended';
    case 'deprovisioned':
      return format === 'okta-rockstar-users' ? 'deprovisioned' : 'suspended';
    case 'staged':
      // M365 and Google have no staged state: a not-yet-started person is an enabled account.
      return format === 'okta-rockstar-users' ? 'staged' : 'active';
    case 'unknown':
      return 'unknown';
  }
}

const UNKNOWN_STATUS: Record<DemoIdpFormat, string> = {
  'okta-rockstar-users': 'ON_HOLD',
  'm365-users': 'Unknown',
  'google-users': 'Unknown',
};

export function unknownStatusValue(format: DemoIdpFormat): string {
  return UNKNOWN_STATUS[format];
}

const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------------------
// Okta, rockstar "Export Users" (research/idp.md 1.2): unquoted header joined with commas, every value
// double-quoted, rows joined with \n, no BOM, API enum status values, ISO 8601 dates.

const OKTA_STATUS: Record<Exclude<PersonStatus, 'unknown'>, string> = {
  active: 'ACTIVE',
  locked_out: 'LOCKED_OUT',
  password_expired: 'PASSWORD_EXPIRED',
  password_reset: 'RECOVERY',
  suspended: 'SUSPENDED',
  deprovisioned: 'DEPROVISIONED',
  staged: 'STAGED',
};

export const OKTA_USERS_HEADER = [
  'User Id', 'Status', 'Username', 'First name', 'Last name', 'Primary email', 'Secondary email', 'Department', 'Title',
  'Employee number', 'Manager', 'Created Date', 'Activated Date', 'Last Login Date', 'Password Changed Date',
] as const;

function oktaRecord(r: IdpRow): string[] {
  const staged = r.status === 'staged';
  return [
    r.id,
    r.status === 'unknown' ? UNKNOWN_STATUS['okta-rockstar-users'] : OKTA_STATUS[r.status],
    r.login,
    r.firstName,
    r.lastName,
    r.primaryEmail,
    r.secondaryEmail ?? '',
    r.department,
    r.title,
    r.employeeNumber,
    r.managerEmail,
    iso(r.createdMs),
    staged ? '' : iso(r.createdMs + 86_400_000),
    r.lastLoginMs === null ? '' : iso(r.lastLoginMs),
    staged ? '' : iso(r.passwordChangedMs),
  ];
}

function writeOkta(rows: readonly IdpRow[]): string {
  const body = stringify(rows.map(oktaRecord), { quoted: true, quoted_empty: true, record_delimiter: '\n' });
  // rockstar joins rows with \n: no newline after the last row.
  return `${OKTA_USERS_HEADER.join(',')}\n${body.replace(/\n$/, '')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Microsoft 365 admin center "Export users" (research/idp.md 2.4): UTF-8 BOM, "Display name" first, quoted only
// when needed, Block credential True/False (True = sign-in blocked), When created "YYYY-MM-DD HH:MM:SSZ",
// Proxy addresses "SMTP:primary" (upper-case SMTP is the primary, lower-case smtp an alias), joined with "+".

export const M365_USERS_HEADER = [
  'Display name', 'User principal name', 'First name', 'Last name', 'Block credential', 'City', 'Country/Region',
  'Department', 'DirSyncEnabled', 'Fax', 'Last dirsync time', 'Last password change time stamp',
  'License assignment details', 'Licenses', 'Mobile Phone', 'Oath token meta data', 'Object Id', 'Office',
  'Password never expires', 'Phone number', 'Postal code', 'Preferred data location', 'Preferred language',
  'Proxy addresses', 'Release track', 'Soft deletion time stamp', 'State', 'Street address', 'Strong password required',
  'Title', 'Usage location', 'When created',
] as const;

const m365Time = (ms: number): string => iso(ms).replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

function m365Record(r: IdpRow): string[] {
  const blocked = r.status === 'unknown' ? UNKNOWN_STATUS['m365-users'] : r.status === 'suspended' || r.status === 'deprovisioned' ? 'True' : 'False';
  const proxies = r.primaryEmail === '' ? '' : [`SMTP:${r.primaryEmail}`, ...(r.secondaryEmail ? [`smtp:${r.secondaryEmail}`] : [])].join('+');
  return [
    r.displayName, r.login, r.firstName, r.lastName, blocked, r.city, r.country, r.department, 'False', '', '',
    m365Time(r.passwordChangedMs), '', 'Microsoft 365 Business Standard', '', '', r.id, r.city, 'False', '', '', '', 'en-US',
    proxies, '', '', '', '', 'True', r.title, r.country === 'Germany' ? 'DE' : 'US', m365Time(r.createdMs),
  ];
}

function writeM365(rows: readonly IdpRow[]): string {
  return '\ufeff' + stringify([[...M365_USERS_HEADER], ...rows.map(m365Record)], { record_delimiter: 'windows' });
}

// ---------------------------------------------------------------------------------------------------------------
// Google Workspace "Download users" (User_Download_*.csv, research/idp.md 3.1): 34-column layout with bracket tags,
// Status [READ ONLY] Active/Suspended/Archived, Last Sign In "YYYY/MM/DD HH:MM:SS" or "Never logged in", quoted
// only when needed, no BOM.

export const GOOGLE_USERS_HEADER = [
  'First Name [Required]', 'Last Name [Required]', 'Email Address [Required]', 'Password [Required]',
  'Password Hash Function [UPLOAD ONLY]', 'Org Unit Path [Required]', 'New Primary Email [UPLOAD ONLY]', 'Status [READ ONLY]',
  'Last Sign In [READ ONLY]', 'Recovery Email', 'Home Secondary Email', 'Work Secondary Email',
  'Recovery Phone [MUST BE IN THE E.164 FORMAT]', 'Work Phone', 'Home Phone', 'Mobile Phone', 'Work Address', 'Home Address',
  'Employee ID', 'Employee Type', 'Employee Title', 'Manager Email', 'Department', 'Cost Center', '2sv Enrolled [READ ONLY]',
  '2sv Enforced [READ ONLY]', 'Building ID', 'Floor Name', 'Floor Section', 'Email Usage [READ ONLY]',
  'Drive Usage [READ ONLY]', 'Total Storage [READ ONLY]', 'Change Password at Next Sign-In', 'New Status [UPLOAD ONLY]',
] as const;

const googleTime = (ms: number): string => iso(ms).slice(0, 19).replace('T', ' ').replace(/-/g, '/');

function googleRecord(r: IdpRow): string[] {
  const status =
    r.status === 'unknown' ? UNKNOWN_STATUS['google-users'] : r.status === 'suspended' ? 'Suspended' : r.status === 'deprovisioned' ? 'Archived' : 'Active';
  const ou = r.status === 'deprovisioned' ? '/Leavers' : r.status === 'suspended' ? '/Suspended' : `/${r.department || 'Staff'}`;
  const usage = `${((r.createdMs % 97) / 10).toFixed(1)}GB`;
  return [
    r.firstName, r.lastName, r.primaryEmail, '****', '', ou, '', status,
    r.lastLoginMs === null || r.status === 'staged' ? 'Never logged in' : googleTime(r.lastLoginMs),
    '', '', r.secondaryEmail ?? '', '', '', '', '', r.city === '' ? '' : `${r.city}, ${r.country}`, '',
    r.employeeNumber, 'Employee', r.title, r.managerEmail, r.department, '', 'True', 'False', '', '', '',
    usage, '0.0GB', 'Unlimited', 'False', '',
  ];
}

function writeGoogle(rows: readonly IdpRow[]): string {
  return stringify([[...GOOGLE_USERS_HEADER], ...rows.map(googleRecord)], { record_delimiter: '\n' });
}

export function writeIdpUsers(format: DemoIdpFormat, rows: readonly IdpRow[]): string {
  switch (format) {
    case 'okta-rockstar-users':
      return writeOkta(rows);
    case 'm365-users':
      return writeM365(rows);
    case 'google-users':
      return writeGoogle(rows);
  }
}

/** The cells of one person's row as written in a format's users export (DATA_QUALITY keys hash them). */
export function idpUsersRecord(format: DemoIdpFormat, row: IdpRow): string[] {
  return format === 'okta-rockstar-users' ? oktaRecord(row) : format === 'm365-users' ? m365Record(row) : googleRecord(row);
}

/** Header line (as written, BOM stripped) of a format's users export. */
export function idpUsersHeader(format: DemoIdpFormat): readonly string[] {
  return format === 'okta-rockstar-users' ? OKTA_USERS_HEADER : format === 'm365-users' ? M365_USERS_HEADER : GOOGLE_USERS_HEADER;
}

// ---------------------------------------------------------------------------------------------------------------
// Okta "Current Assignments" report (research/idp.md 1.1): ISO 8601 timestamps; quoted only when needed.

export const ASSIGNMENTS_HEADER = [
  'User', 'Login', 'Application name', 'Application instance', 'Application login', 'Assigned on', 'Unassigned on',
  'Last login', 'Last password change',
] as const;

export interface AssignmentRow {
  user: string;
  login: string;
  app: string;
  instance: string;
  appLogin: string;
  assignedMs: number;
  lastLoginMs: number | null;
  passwordChangedMs: number;
}

export function writeAssignments(rows: readonly AssignmentRow[]): string {
  const records = rows.map((r) => [
    r.user, r.login, r.app, r.instance, r.appLogin, iso(r.assignedMs), '', r.lastLoginMs === null ? '' : iso(r.lastLoginMs), iso(r.passwordChangedMs),
  ]);
  return stringify([[...ASSIGNMENTS_HEADER], ...records], { record_delimiter: '\n' });
}
