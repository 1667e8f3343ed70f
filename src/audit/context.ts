import type { Config } from '../config/schema.js';
import type { Vendor } from '../model/common.js';
import type { Account, Group, PhoneNumber } from '../model/account.js';
import type { Finding, RuleCode } from '../model/finding.js';
import type { RemediationCheck } from '../model/remediation.js';
import type { IdpReadResult } from '../model/identity.js';
import type { VendorSnapshot } from '../model/snapshot.js';
import type { AccountOwner, IdentityIndex, MatchOptions } from './correlate.js';
import type { Entitlements } from './entitlements.js';
import type { AccessException } from './exceptions.js';

/** One vendor of the snapshot, with its accounts (sorted by id) and their owners, and lookups the rules share. */
export interface VendorView {
  vendor: Vendor;
  snapshot: VendorSnapshot;
  accounts: Account[];
  /** Parallel to `accounts`. */
  owners: AccountOwner[];
  groupsById: Map<string, Group>;
  /** Account id -> groups (team, queue, call center) that list it as a member. */
  groupsOfMember: Map<string, Group[]>;
  /** Account id -> number entries targeting it (Dialpad /numbers target_type user). */
  numbersOfTarget: Map<string, PhoneNumber[]>;
  /** Identity index -> positions in `accounts` it owns (matched). */
  ownedBy: Map<number, number[]>;
}

export interface AuditContext {
  config: Config;
  asOf: Date;
  opts: MatchOptions;
  index: IdentityIndex;
  entitlements: Entitlements;
  /** Vendors present in the snapshot, in VENDORS order. */
  vendors: VendorView[];
  idp: IdpReadResult;
  assignments: IdpReadResult | null;
  /** Exceptions not expired at as-of, and those expired. */
  activeExceptions: AccessException[];
  expiredExceptions: AccessException[];
  isEvaluated(rule: RuleCode, vendor: Vendor | null): boolean;
  /** Last review's decisions checked against this snapshot; null without --previous decisions. */
  remediation: RemediationCheck[] | null;
}

/** A finding with the model objects it is about, kept until exceptions are applied and then dropped. */
export interface Draft {
  finding: Finding;
  vendor: Vendor | null;
  account: Account | null;
  identityIdx: number | null;
}
