import type { Account } from '../model/account.js';
import type { Vendor } from '../model/common.js';
import type { AppliedCitation, PreviousDecision, RemediationCheck } from '../model/remediation.js';
import { normalizeEmail } from '../util/email.js';
import type { AccessException } from './exceptions.js';
import type { VendorView } from './context.js';
import { vendorName } from './findings.js';

const DAY_MS = 86_400_000;
const STILL_ACTIVE = new Set(['active', 'invited']);

export interface RemediationInput {
  vendors: readonly VendorView[];
  decisions: readonly PreviousDecision[];
  activeExceptions: readonly AccessException[];
  expiredExceptions: readonly AccessException[];
  asOf: Date;
  remediationDays: number;
  /** When a decision carries no readable date: the previous review's own date. */
  fallbackDecisionDate: Date | null;
  /** --applied: vendor:accountId -> what apply reported for it (cited, never trusted over the snapshot); null without. */
  applied?: ReadonlyMap<string, AppliedCitation> | null;
}

function exceptionKeys(e: AccessException): string[] {
  const s = e.scope;
  if ('accountId' in s) return [`account:${s.vendor}:${s.accountId}`];
  if ('email' in s) return [`email:${s.vendor}:${normalizeEmail(s.email)}`];
  return [`identity:${normalizeEmail(s.identityEmail)}`];
}

function indexExceptions(list: readonly AccessException[]): Map<string, AccessException> {
  const out = new Map<string, AccessException>();
  for (const e of list) for (const k of exceptionKeys(e)) if (!out.has(k)) out.set(k, e);
  return out;
}

function decisionDate(d: PreviousDecision, fallback: Date | null): Date | null {
  if (d.date && /^\d{4}-\d{2}-\d{2}/.test(d.date)) {
    const t = Date.parse(`${d.date.slice(0, 10)}T00:00:00Z`);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return fallback;
}

/** Everything the account still holds in this snapshot: group seats (by the groups' own member lists) and numbers. */
function heldBy(view: VendorView, accountId: string, account: Account | undefined): string[] {
  const held = new Set<string>();
  for (const g of view.groupsOfMember.get(accountId) ?? []) held.add(`${g.kind} ${g.name || g.id}`);
  for (const n of view.numbersOfTarget.get(accountId) ?? []) held.add(`number ${n.number}`);
  for (const n of account?.phoneNumbers ?? []) held.add(`number ${n}`);
  return [...held].sort();
}

function checkRevoke(d: PreviousDecision, view: VendorView | undefined, accounts: Map<string, Account> | undefined): Pick<RemediationCheck, 'status' | 'held' | 'detail'> {
  const name = vendorName(d.vendor);
  if (!view || !accounts) return { status: 'unknown', held: [], detail: `${name} is not in this snapshot` };
  if (!view.snapshot.complete) return { status: 'unknown', held: [], detail: `the ${name} snapshot is incomplete: absence proves nothing` };
  const account = accounts.get(d.accountId);
  const held = heldBy(view, d.accountId, account);
  if (!account) {
    return held.length === 0
      ? { status: 'done', held, detail: `no longer a ${name} account` }
      : { status: 'partly_done', held, detail: `no longer a ${name} account, but still listed in ${held.join(', ')}` };
  }
  if (STILL_ACTIVE.has(account.status)) return { status: 'not_done', held, detail: `still ${account.status} (${account.rawStatus})` };
  if (account.status === 'unknown') return { status: 'unknown', held, detail: `status "${account.rawStatus}" is not one the audit knows` };
  return held.length === 0
    ? { status: 'done', held, detail: `${account.status} (${account.rawStatus}), holds nothing` }
    : { status: 'partly_done', held, detail: `${account.status} (${account.rawStatus}), still holds ${held.join(', ')}` };
}

/**
 * Last review's decisions checked against this snapshot (docs/rules.md REVOCATION_NOT_DONE): each Revoke done,
 * partly done, not done or unknown, overdue once review.remediationDays have passed since its date; each Exception
 * in force, expired or missing from the exceptions file. Pure: a function of the snapshot, decisions and as-of.
 */
export function checkRemediation(input: RemediationInput): RemediationCheck[] {
  const views = new Map<Vendor, VendorView>(input.vendors.map((v) => [v.vendor, v]));
  const accountsOf = new Map<Vendor, Map<string, Account>>(input.vendors.map((v) => [v.vendor, new Map(v.accounts.map((a) => [a.id, a]))]));
  const active = indexExceptions(input.activeExceptions);
  const expired = indexExceptions(input.expiredExceptions);
  return input.decisions.map((d) => {
    // An Exception is not applied by apply: with --applied it cites nothing (null), without it the field is absent.
    const base = { ...d, dueBy: null, overdue: false, exceptionId: null, ...(input.applied ? { applied: null } : {}) };
    const view = views.get(d.vendor);
    const account = accountsOf.get(d.vendor)?.get(d.accountId);
    if (d.decision === 'Exception') {
      const emails = [...new Set([...(account?.emails ?? []), ...(d.accountEmail ? [d.accountEmail] : [])].map((e) => normalizeEmail(e)))];
      const keys = [`account:${d.vendor}:${d.accountId}`, ...emails.flatMap((e) => [`email:${d.vendor}:${e}`, `identity:${e}`])];
      const inForce = keys.map((k) => active.get(k)).find((e) => e !== undefined);
      if (inForce) return { ...base, status: 'in_force', held: [], detail: `exception ${inForce.id} (${inForce.kind}) in force${inForce.expires ? ` until ${inForce.expires}` : ', without an expiry'}`, exceptionId: inForce.id };
      const lapsed = keys.map((k) => expired.get(k)).find((e) => e !== undefined);
      if (lapsed) return { ...base, status: 'expired', held: [], detail: `exception ${lapsed.id} expired on ${lapsed.expires ?? '?'}`, exceptionId: lapsed.id };
      return { ...base, status: 'missing', held: [], detail: 'no exception in the exceptions file covers this account' };
    }
    const result = checkRevoke(d, view, accountsOf.get(d.vendor));
    const cited = input.applied ? (input.applied.get(`${d.vendor}:${d.accountId}`) ?? null) : undefined;
    // The snapshot decides the status; an apply that reported done while access remains is worth a reviewer's look
    // (a revert, a re-invite, or a confirmation that read the wrong thing).
    if (cited?.outcome === 'done' && (result.status === 'not_done' || result.status === 'partly_done')) {
      result.detail = `apply reported done at ${cited.at}, but the snapshot still shows it: ${result.detail}`;
    }
    const decided = decisionDate(d, input.fallbackDecisionDate);
    const due = decided ? new Date(decided.getTime() + input.remediationDays * DAY_MS) : null;
    const open = result.status === 'not_done' || result.status === 'partly_done';
    const overdue = open && due !== null && input.asOf.getTime() > due.getTime();
    return { ...base, ...result, dueBy: due ? due.toISOString().slice(0, 10) : null, overdue, ...(cited === undefined ? {} : { applied: cited }) };
  });
}
