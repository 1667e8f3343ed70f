import { VENDORS, type Vendor } from '../model/common.js';
import type { NotEvaluated, RuleCode } from '../model/finding.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';
import type { Entitlements } from './entitlements.js';
import { vendorName } from './findings.js';

/** Rules about a vendor's accounts or seats: none can be evaluated for a vendor the snapshot does not hold. */
export const ACCOUNT_RULES: readonly RuleCode[] = [
  'ORPHANED_ACCOUNT',
  'TERMINATED_STILL_ACTIVE',
  'DEACTIVATED_STILL_ASSIGNED',
  'MISSING_SEAT',
  'UNENTITLED_ACCOUNT',
  'UNACCEPTED_INVITE',
  'AMBIGUOUS_OWNER',
  'DUPLICATE_ACCOUNT',
  'PRIVILEGED_ACCOUNT',
  'SEAT_SHORTFALL',
];

/**
 * Rules whose evidence includes a listing that a collector may keep "complete with a caveat" (docs/rules.md "Held
 * resources"): numbers held only through Dialpad's /numbers are invisible without it.
 */
const RULES_NEEDING_LISTING: Partial<Record<Vendor, Record<string, RuleCode[]>>> = {
  dialpad: { numbers: ['DEACTIVATED_STILL_ASSIGNED'] },
};

/** SEAT_SHORTFALL is about Dialpad office license pools (docs/rules.md). */
function appliesTo(rule: RuleCode, vendor: Vendor): boolean {
  return rule !== 'SEAT_SHORTFALL' || vendor === 'dialpad';
}

/** Collects (rule, vendor) pairs that cannot be evaluated, merging the reasons of one pair. */
export class NotEvaluatedList {
  private readonly reasons = new Map<string, { rule: RuleCode; vendor: Vendor | null; reasons: string[] }>();

  add(rule: RuleCode, vendor: Vendor | null, reason: string): void {
    const key = `${rule}|${vendor ?? ''}`;
    const entry = this.reasons.get(key) ?? { rule, vendor, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    this.reasons.set(key, entry);
  }

  has(rule: RuleCode, vendor: Vendor | null): boolean {
    return this.reasons.has(`${rule}|${vendor ?? ''}`) || this.reasons.has(`${rule}|`);
  }

  /** Appends to the reason of an existing entry (used for the diff's not-reassessed findings). */
  annotate(rule: RuleCode, vendor: Vendor | null, text: string): void {
    const entry = this.reasons.get(`${rule}|${vendor ?? ''}`) ?? this.reasons.get(`${rule}|`);
    if (entry) entry.reasons.push(text);
  }

  list(): NotEvaluated[] {
    return [...this.reasons.values()]
      .map((e) => ({ rule: e.rule, vendor: e.vendor, reason: e.reasons.join('; ') }))
      .sort((a, b) => {
        if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
        if (a.vendor === b.vendor) return 0;
        if (a.vendor === null) return 1;
        if (b.vendor === null) return -1;
        return a.vendor < b.vendor ? -1 : 1;
      });
  }
}

/** docs/rules.md "Not evaluated (never zero findings)". */
export function notEvaluatedFor(snapshot: NormalizedSnapshot, entitlements: Entitlements, vendors: readonly Vendor[] = VENDORS): NotEvaluatedList {
  const list = new NotEvaluatedList();
  for (const vendor of vendors) {
    const snap = snapshot.vendors[vendor];
    const name = vendorName(vendor);
    if (!snap) {
      for (const rule of ACCOUNT_RULES) if (appliesTo(rule, vendor)) list.add(rule, vendor, `${name} is not in the snapshot (not collected; see --vendors)`);
      continue;
    }
    if (!snap.complete) {
      const why = snap.incompleteReasons.length > 0 ? snap.incompleteReasons.join('; ') : 'reason not recorded';
      const reason = `the ${name} snapshot is incomplete (${why}): no account is called ownerless and no seat missing from a partial listing`;
      for (const rule of ['ORPHANED_ACCOUNT', 'MISSING_SEAT', 'SEAT_SHORTFALL'] as const) if (appliesTo(rule, vendor)) list.add(rule, vendor, reason);
    }
    // A listing the collector kept as complete with a caveat because part of it was refused by design (Dialpad
    // /numbers to a key that is not a company admin key): the rules that need it see only part of the evidence.
    for (const l of snap.listings) {
      if (!l.complete || !l.reason) continue;
      for (const rule of RULES_NEEDING_LISTING[vendor]?.[l.name] ?? []) list.add(rule, vendor, `partly evaluated: the ${name} ${l.name} listing was ${l.reason}`);
    }
    const e = entitlements.perVendor[vendor];
    if (!e.available) {
      for (const rule of ['MISSING_SEAT', 'UNENTITLED_ACCOUNT', 'SEAT_SHORTFALL'] as const) {
        if (appliesTo(rule, vendor)) list.add(rule, vendor, rule === 'SEAT_SHORTFALL' ? `MISSING_SEAT is not evaluated: ${e.reason}` : e.reason);
      }
    }
  }
  return list;
}
