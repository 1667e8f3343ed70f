import { z } from 'zod';

/**
 * What the IdP says about a person's right to access, reduced to the states the audit reasons about.
 * - active: may sign in (includes temporary blocks: locked out, password expired/reset; see `condition`)
 * - suspended: no access expected (Okta SUSPENDED, Entra accountEnabled=False, Google Suspended/Archived, JumpCloud SUSPENDED, OneLogin 2)
 * - deprovisioned: left (Okta DEPROVISIONED/Deactivated)
 * - staged: not yet (Okta STAGED, JumpCloud STAGED, OneLogin 0/7)
 * - unknown: a value the mapping does not know; reported, never guessed
 */
export const IdentityStatus = z.enum(['active', 'suspended', 'deprovisioned', 'staged', 'unknown']);
export type IdentityStatus = z.infer<typeof IdentityStatus>;

/** Temporary conditions of an active identity: still entitled, reported separately. */
export const IdentityCondition = z.enum(['locked_out', 'password_expired', 'password_reset', 'pending_activation']);
export type IdentityCondition = z.infer<typeof IdentityCondition>;

export const IdpFormat = z.enum([
  'okta-password-health',
  'okta-rockstar-users',
  'okta-current-assignments',
  'okta-rockstar-app-users',
  'entra-users',
  'm365-users',
  'google-users',
  'jumpcloud-user-groups',
  'jumpcloud-backup',
  'onelogin-users',
  'google-group-members',
  'generic',
]);
export type IdpFormat = z.infer<typeof IdpFormat>;

export const SourceRef = z.object({
  file: z.string(),
  /** 1-based line number of the record in the file (after any preamble), for evidence. */
  row: z.number().int().nonnegative(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const Identity = z.object({
  /** Stable id from the source (Okta User Id, Entra objectId, ...) or the primary email when the export has none. */
  id: z.string(),
  primaryEmail: z.string().nullable(),
  /** Every address the person is known by, primary first: aliases, secondary emails, proxyAddresses (smtp:). */
  emails: z.array(z.string()),
  login: z.string().nullable().default(null),
  displayName: z.string(),
  status: IdentityStatus,
  rawStatus: z.string(),
  condition: IdentityCondition.nullable().default(null),
  format: IdpFormat,
  source: SourceRef,
  employeeId: z.string().nullable().default(null),
  department: z.string().nullable().default(null),
  manager: z.string().nullable().default(null),
  lastLogin: z.string().nullable().default(null),
  /** Group or app names found in the export itself (group columns); mapped to vendors by config. */
  groups: z.array(z.string()).default([]),
});
export type Identity = z.infer<typeof Identity>;

/** One row of an assignments export: this person is assigned this app (directly or through a group). */
export const Assignment = z.object({
  /** Login or email as written in the export. */
  subject: z.string(),
  subjectEmails: z.array(z.string()),
  app: z.string().nullable(),
  group: z.string().nullable(),
  /** ACTIVE/SUSPENDED/... where the export carries it (rockstar app users, JumpCloud). */
  rawStatus: z.string().nullable().default(null),
  format: IdpFormat,
  source: SourceRef,
});
export type Assignment = z.infer<typeof Assignment>;

export const DataQualityKind = z.enum([
  'no_email',
  'duplicate_email',
  'unknown_status',
  'wrong_field_count',
  'invalid_date',
  'duplicate_header',
  /** Raised by the audit, not the reader: an account address that only looks like an identity's (docs/rules.md). */
  'lookalike_email',
]);
export type DataQualityKind = z.infer<typeof DataQualityKind>;

export const DataQualityNote = z.object({
  kind: DataQualityKind,
  message: z.string(),
  source: SourceRef,
  column: z.string().nullable().default(null),
  value: z.string().nullable().default(null),
  /** What the note is about by content (src/idp/row-key.ts): the stable part of its finding's id. */
  key: z.string().optional(),
});
export type DataQualityNote = z.infer<typeof DataQualityNote>;

/** Everything read from one IdP file. */
export const IdpReadResult = z.object({
  file: z.string(),
  sha256: z.string(),
  format: IdpFormat,
  encoding: z.string(),
  delimiter: z.string(),
  rowsRead: z.number().int().nonnegative(),
  identities: z.array(Identity),
  assignments: z.array(Assignment),
  notes: z.array(DataQualityNote),
  /** Header names of group/entitlement columns recognised in the file. */
  groupColumns: z.array(z.string()),
});
export type IdpReadResult = z.infer<typeof IdpReadResult>;
