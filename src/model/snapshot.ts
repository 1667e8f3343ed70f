import { z } from 'zod';
import { Vendor } from './common.js';
import { Account, Group, PhoneNumber, SeatPool } from './account.js';

/** One listing (endpoint family) of a vendor snapshot, with what it took to read it. */
export const ListingStats = z.object({
  name: z.string(),
  endpoint: z.string(),
  requests: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  throttled: z.number().int().nonnegative(),
  errors: z.array(z.string()),
  complete: z.boolean(),
  /** Why the listing is incomplete (or a caveat when complete, e.g. numbers refused: not an admin key). */
  reason: z.string().nullable(),
  /** Raw response files of this listing, relative to the snapshot dir. */
  files: z.array(z.string()),
});
export type ListingStats = z.infer<typeof ListingStats>;

export const VendorSnapshot = z.object({
  vendor: Vendor,
  baseUrl: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  org: z.object({ id: z.string(), name: z.string() }).nullable(),
  complete: z.boolean(),
  incompleteReasons: z.array(z.string()),
  listings: z.array(ListingStats),
  accounts: z.array(Account),
  groups: z.array(Group),
  seatPools: z.array(SeatPool),
  numbers: z.array(PhoneNumber),
  /**
   * Records the vendor sent that cannot be used (no id of their own, or a type the document does not allow): reported,
   * never silently dropped. `file` is the raw response they are in and `index` their place in it (older snapshots:
   * in the listing); `feeds` the rules that are only partly evaluated because of them.
   */
  invalidRecords: z
    .array(z.object({ listing: z.string(), index: z.number().int(), problem: z.string(), file: z.string().optional(), feeds: z.array(z.string()).optional() }))
    .default([]),
  /**
   * Activity signals this snapshot carries for its accounts (e.g. `presence.lastSeen`); absent in older snapshots.
   * Empty: the vendor gave none, and INACTIVE_ACCOUNT is not evaluated for it.
   */
  activitySignals: z.array(z.string()).optional(),
});
export type VendorSnapshot = z.infer<typeof VendorSnapshot>;

/** normalized.json in a snapshot folder. */
export const NormalizedSnapshot = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  toolVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  vendors: z.object({ dixa: VendorSnapshot.optional(), dialpad: VendorSnapshot.optional() }),
});
export type NormalizedSnapshot = z.infer<typeof NormalizedSnapshot>;

/** manifest.json: what an auditor verifies. The manifest hashes every other file of the snapshot. */
export const SnapshotManifest = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('access-audit-snapshot'),
  toolVersion: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** false while collecting; a snapshot whose manifest says false (or has none) is incomplete. */
  finalized: z.boolean(),
  vendors: z.record(
    z.string(),
    z.object({
      baseUrl: z.string(),
      complete: z.boolean(),
      incompleteReasons: z.array(z.string()),
      listings: z.array(ListingStats),
      /** Which activity signals were read (VendorSnapshot.activitySignals). */
      activitySignals: z.array(z.string()).optional(),
    }),
  ),
  files: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number().int().nonnegative() })),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;
