import { z } from 'zod';
import { Vendor } from './common.js';

/** Why a held seat counts as waste (docs/rules.md "Licence waste"); one category per account. */
export const WasteCategory = z.enum(['leaver', 'never-used', 'inactive']);
export type WasteCategory = z.infer<typeof WasteCategory>;

const Money = z.number().nonnegative();

/** Seats and monthly cost of one vendor scope (a Dialpad office; the whole vendor when it has no offices). */
export const LicenceWasteRow = z.object({
  vendor: Vendor,
  /** Office id, or null for a vendor without offices (and accounts in none). */
  scopeId: z.string().nullable(),
  scopeName: z.string().nullable(),
  seats: z.object({ leaver: z.number().int(), neverUsed: z.number().int(), inactive: z.number().int(), total: z.number().int() }),
  /** Monthly cost of the priced seats; null when no seat of the row has a configured price. */
  monthlyCost: Money.nullable(),
  /** Seats whose licence type has no price in `licences.<vendor>`. */
  unpricedSeats: z.number().int(),
});
export type LicenceWasteRow = z.infer<typeof LicenceWasteRow>;

export const LicenceWasteAccount = z.object({
  vendor: Vendor,
  accountId: z.string(),
  accountEmail: z.string().nullable(),
  category: WasteCategory,
  license: z.string().nullable(),
  scopeId: z.string().nullable(),
  monthlyPrice: Money.nullable(),
  /** Last known use (Account.activity.lastUsedAt), for the reviewer. */
  lastUsedAt: z.string().nullable(),
  findingIds: z.array(z.string()),
});
export type LicenceWasteAccount = z.infer<typeof LicenceWasteAccount>;

/** findings.json `licenceWaste`: seats held by leavers, never-used and inactive accounts, and what they cost a month. */
export const LicenceWaste = z.object({
  currency: z.string(),
  /** Vendors with at least one configured price. */
  pricedVendors: z.array(Vendor),
  /** One row per vendor (scopeId null, the vendor's total) then one per scope, sorted. */
  totals: z.array(LicenceWasteRow),
  rows: z.array(LicenceWasteRow),
  accounts: z.array(LicenceWasteAccount),
});
export type LicenceWaste = z.infer<typeof LicenceWaste>;
