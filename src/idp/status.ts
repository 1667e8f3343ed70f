import type { IdentityCondition, IdentityStatus } from '../model/identity.js';

export interface StatusVerdict {
  status: IdentityStatus;
  condition: IdentityCondition | null;
}

const v = (status: IdentityStatus, condition: IdentityCondition | null = null): StatusVerdict => ({ status, condition });
export const UNKNOWN: StatusVerdict = v('unknown');
export const ACTIVE: StatusVerdict = v('active');
export const SUSPENDED: StatusVerdict = v('suspended');

/** `LOCKED_OUT`, `Locked out`, `locked-out` all become `locked out`. */
export function statusKey(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

// research/idp.md 1.5: both vocabularies, API enum and Admin Console label.
const OKTA = new Map<string, StatusVerdict>([
  ['active', v('active')],
  ['provisioned', v('active', 'pending_activation')],
  ['pending user action', v('active', 'pending_activation')],
  ['recovery', v('active', 'password_reset')],
  ['password reset', v('active', 'password_reset')],
  ['password expired', v('active', 'password_expired')],
  ['locked out', v('active', 'locked_out')],
  ['suspended', v('suspended')],
  ['deprovisioned', v('deprovisioned')],
  ['deactivated', v('deprovisioned')],
  ['staged', v('staged')],
]);

// research/idp.md 3.3: Archived and Blocked users cannot sign in either.
const GOOGLE = new Map<string, StatusVerdict>([
  ['active', v('active')],
  ['suspended', v('suspended')],
  ['archived', v('suspended')],
  ['blocked', v('suspended')],
]);

// research/idp.md 4.3: API `state`; the report's `User State` shows the same words.
const JUMPCLOUD = new Map<string, StatusVerdict>([
  ['activated', v('active')],
  ['active', v('active')],
  ['suspended', v('suspended')],
  ['staged', v('staged')],
]);

// research/idp.md 5.2: numeric codes from API dumps, labels from UI reports. 0 and 7 never activated (staged, as
// src/model/identity.ts documents); 8 (security questions required) may sign in once answered: active, no condition
// in our vocabulary fits it. 6 is undocumented, so it stays unknown.
const ONELOGIN = new Map<string, StatusVerdict>([
  ['0', v('staged')],
  ['unactivated', v('staged')],
  ['1', v('active')],
  ['active', v('active')],
  ['2', v('suspended')],
  ['suspended', v('suspended')],
  ['3', v('active', 'locked_out')],
  ['locked', v('active', 'locked_out')],
  ['4', v('active', 'password_expired')],
  ['password expired', v('active', 'password_expired')],
  ['5', v('active', 'password_reset')],
  ['awaiting password reset', v('active', 'password_reset')],
  ['7', v('staged')],
  ['password pending', v('staged')],
  ['8', v('active')],
  ['security questions required', v('active')],
]);

export type StatusVocabulary = 'okta' | 'google' | 'jumpcloud' | 'onelogin';
const VOCABULARIES: Record<StatusVocabulary, Map<string, StatusVerdict>> = { okta: OKTA, google: GOOGLE, jumpcloud: JUMPCLOUD, onelogin: ONELOGIN };

/** The verdict for a status word of a vocabulary, or null when the word is not known (the caller notes it). */
export function mapStatus(vocabulary: StatusVocabulary, raw: string): StatusVerdict | null {
  return VOCABULARIES[vocabulary].get(statusKey(raw)) ?? null;
}

/** Lock and password flags (JumpCloud) turn an active identity into an active one with a condition. */
export function withCondition(verdict: StatusVerdict, condition: IdentityCondition | null): StatusVerdict {
  if (verdict.status !== 'active' || verdict.condition || !condition) return verdict;
  return v('active', condition);
}
