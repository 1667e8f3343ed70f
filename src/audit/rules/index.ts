import type { RuleCode } from '../../model/finding.js';
import type { Rule, RuleMeta } from './types.js';
import { orphanedAccount } from './orphanedAccount.js';
import { terminatedStillActive } from './terminatedStillActive.js';
import { deactivatedStillAssigned } from './deactivatedStillAssigned.js';
import { missingSeat } from './missingSeat.js';
import { unentitledAccount } from './unentitledAccount.js';
import { unacceptedInvite } from './unacceptedInvite.js';
import { ambiguousOwner } from './ambiguousOwner.js';
import { duplicateAccount } from './duplicateAccount.js';
import { privilegedAccount } from './privilegedAccount.js';
import { seatShortfall } from './seatShortfall.js';
import { exceptionExpired } from './exceptionExpired.js';
import { dataQuality } from './dataQuality.js';
import { inactiveAccount } from './inactiveAccount.js';
import { revocationNotDone } from './revocationNotDone.js';

export type { Rule, RuleMeta } from './types.js';

/** The rule catalogue, in DESIGN.md section 5 order. A new rule is a new file and one line here. */
export const RULES: readonly Rule[] = [
  orphanedAccount,
  terminatedStillActive,
  deactivatedStillAssigned,
  missingSeat,
  unentitledAccount,
  unacceptedInvite,
  ambiguousOwner,
  duplicateAccount,
  privilegedAccount,
  seatShortfall,
  exceptionExpired,
  dataQuality,
  inactiveAccount,
  revocationNotDone,
];

export const RULE_META: Readonly<Record<RuleCode, RuleMeta>> = Object.fromEntries(RULES.map((r) => [r.meta.code, r.meta])) as Record<RuleCode, RuleMeta>;
