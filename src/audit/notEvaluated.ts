import { VENDORS, type Vendor } from '../model/common.js';
import { RULE_CODES, type NotEvaluated, type RuleCode } from '../model/finding.js';
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
  'INACTIVE_ACCOUNT',
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

/**
 * Rules that conclude from an absence (no account, no sign-in, too few seats): a record that could not be read may be
 * exactly the one that is absent, so they are not evaluated. The others conclude from what is there: their findings
 * stand, and the list says some may be missing.
 */
const CONCLUDES_FROM_ABSENCE: ReadonlySet<RuleCode> = new Set(['ORPHANED_ACCOUNT', 'MISSING_SEAT', 'SEAT_SHORTFALL', 'UNACCEPTED_INVITE']);

/** Collects (rule, vendor) pairs that cannot be evaluated, merging the reasons of one pair. */
export class NotEvaluatedList {
  private readonly reasons = new Map<string, { rule: RuleCode; vendor: Vendor | null; reasons: string[]; skipped: boolean }>();

  add(rule: RuleCode, vendor: Vendor | null, reason: string): void {
    this.#put(rule, vendor, reason, true);
  }

  /** Listed with its reason, yet still evaluated: what it finds is true, some of it may be missing. */
  addPartial(rule: RuleCode, vendor: Vendor | null, reason: string): void {
    this.#put(rule, vendor, reason, false);
  }

  #put(rule: RuleCode, vendor: Vendor | null, reason: string, skipped: boolean): void {
    const key = `${rule}|${vendor ?? ''}`;
    const entry = this.reasons.get(key) ?? { rule, vendor, reasons: [], skipped: false };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    entry.skipped ||= skipped;
    this.reasons.set(key, entry);
  }

  has(rule: RuleCode, vendor: Vendor | null): boolean {
    return this.reasons.get(`${rule}|${vendor ?? ''}`)?.skipped === true || this.reasons.get(`${rule}|`)?.skipped === true;
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

/** REVOCATION_NOT_DONE needs last review's decisions, and a complete snapshot of each vendor they name. */
export function notEvaluatedRemediation(list: NotEvaluatedList, snapshot: NormalizedSnapshot, decisions: readonly { vendor: Vendor }[] | null): void {
  if (decisions === null) {
    list.add('REVOCATION_NOT_DONE', null, 'no previous review decisions (--previous with a decisions-log.json or review-record.json)');
    return;
  }
  for (const vendor of new Set(decisions.map((d) => d.vendor))) {
    const snap = snapshot.vendors[vendor];
    if (!snap) list.add('REVOCATION_NOT_DONE', vendor, `${vendorName(vendor)} is not in the snapshot: its revokes are unknown`);
    else if (!snap.complete) list.add('REVOCATION_NOT_DONE', vendor, `the ${vendorName(vendor)} snapshot is incomplete: its revokes are unknown`);
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
    // Records the vendor sent that could not be used (no id of their own): only the rules their listing feeds are
    // partial; the vendor's other conclusions stand.
    const unusable = new Map<string, { rules: Set<string>; where: string[] }>();
    for (const r of snap.invalidRecords) {
      const entry = unusable.get(r.listing) ?? { rules: new Set<string>(), where: [] };
      for (const rule of r.feeds ?? []) entry.rules.add(rule);
      entry.where.push(r.file ? `${r.file} #${r.index}` : `#${r.index}`);
      unusable.set(r.listing, entry);
    }
    for (const [listing, { rules, where }] of unusable) {
      const shown = where.length > 5 ? `${where.slice(0, 5).join(', ')}, ...` : where.join(', ');
      const what = `${where.length} unusable ${where.length === 1 ? 'record' : 'records'} in the ${name} ${listing} listing (${shown})`;
      for (const rule of RULE_CODES) {
        if (!rules.has(rule) || !appliesTo(rule, vendor)) continue;
        if (CONCLUDES_FROM_ABSENCE.has(rule)) list.add(rule, vendor, `not evaluated: ${what} may be the one missing`);
        else list.addPartial(rule, vendor, `partly evaluated: ${what}; what was found stands, more may be missing`);
      }
    }
    // The normalizer lists the activity signals it had; none (or a snapshot older than the signals) is no evidence.
    const signals = snap.activitySignals;
    if (!signals || signals.length === 0) {
      list.add(
        'INACTIVE_ACCOUNT',
        vendor,
        signals
          ? `the ${name} snapshot carries no activity signal (see the listings in its manifest)`
          : `the ${name} snapshot was written before activity signals were collected; take a new snapshot`,
      );
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
