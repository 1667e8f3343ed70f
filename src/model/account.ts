import { z } from 'zod';
import { Vendor } from './common.js';

/**
 * Vendor-side state. Mapping per vendor (research/dixa.md, dialpad.md):
 * - Dixa: an agent with presence lastSeen is active; never seen = invited; a team/queue member that
 *   resolves to an end user (downgraded by DELETE /v1/agents/{id}) is deactivated. The seed's `active:false` = deactivated.
 * - Dialpad: state active -> active, pending -> invited, suspended -> suspended, deleted/cancelled -> deactivated.
 */
export const AccountStatus = z.enum(['active', 'invited', 'suspended', 'deactivated', 'unknown']);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const MembershipKind = z.enum(['team', 'queue', 'callcenter', 'office', 'number', 'policy']);
export type MembershipKind = z.infer<typeof MembershipKind>;

export const Membership = z.object({
  kind: MembershipKind,
  id: z.string(),
  name: z.string().nullable(),
  /** operator / supervisor / admin (Dialpad group_details role), queue priority as text, or null. */
  role: z.string().nullable(),
});
export type Membership = z.infer<typeof Membership>;

/**
 * What the vendor says about an account's use, derived by its normalizer (docs/rules.md "Activity signals"):
 * `used` with the latest known use, `never` signed in, or `unknown` (no usable signal: never guessed into inactive).
 */
export const AccountActivity = z.object({
  state: z.enum(['used', 'never', 'unknown']),
  /** Latest known use (vendor text, as received); may be set on `unknown` too, where it does not prove disuse. */
  lastUsedAt: z.string().nullable(),
  /** The signal the state and date come from, e.g. `presence.lastSeen`, `userdevices.date_registered`. */
  signal: z.string().nullable(),
  /** When the never-signed-in clock starts (creation, or a later activation); null when unknown. */
  since: z.string().nullable(),
  /** Why the state is unknown, or what else was weighed. */
  note: z.string().nullable(),
});
export type AccountActivity = z.infer<typeof AccountActivity>;

export const Account = z.object({
  vendor: Vendor,
  id: z.string(),
  /** Primary first (Dixa email then additionalEmails; Dialpad emails[] in order). */
  emails: z.array(z.string()),
  displayName: z.string(),
  status: AccountStatus,
  rawStatus: z.string(),
  roles: z.array(z.string()),
  isAdmin: z.boolean(),
  createdAt: z.string().nullable(),
  lastSeen: z.string().nullable(),
  firstLogin: z.string().nullable(),
  license: z.string().nullable(),
  officeId: z.string().nullable(),
  phoneNumbers: z.array(z.string()),
  memberships: z.array(Membership),
  /** Absent in snapshots written before activity signals were collected. */
  activity: AccountActivity.optional(),
});
export type Account = z.infer<typeof Account>;

export const GroupKind = z.enum(['team', 'queue', 'callcenter', 'office']);
export type GroupKind = z.infer<typeof GroupKind>;

export const Group = z.object({
  vendor: Vendor,
  kind: GroupKind,
  id: z.string(),
  name: z.string(),
  /** Member ids as the vendor lists them, including ids that resolve to no agent/user. */
  memberIds: z.array(z.string()),
  officeId: z.string().nullable().default(null),
  /** Office groups: the company's primary office (Dialpad `is_primary_office`); where new users go by default. */
  primary: z.boolean().optional(),
});
export type Group = z.infer<typeof Group>;

/** Licenses still available in a scope (Dialpad office available_licenses). */
export const SeatPool = z.object({
  vendor: Vendor,
  scopeId: z.string(),
  scopeName: z.string(),
  /** License kind -> available count (talk_lines, contact_center_lines, ...). */
  available: z.record(z.string(), z.number().int()),
});
export type SeatPool = z.infer<typeof SeatPool>;

export const PhoneNumber = z.object({
  vendor: Vendor,
  number: z.string(),
  status: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  officeId: z.string().nullable(),
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;
