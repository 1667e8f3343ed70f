import type { Account } from '../model/account.js';
import type { Vendor } from '../model/common.js';
import { emailKey, type MatchOptions, type IdentityIndex } from './correlate.js';
import type { Draft } from './context.js';
import { coversRule, EXCLUDING_KINDS, type AccessException } from './exceptions.js';

/** Exceptions indexed by what their scope names, so matching is a lookup per finding, not a scan. */
export interface ExceptionIndex {
  byAccount: Map<string, AccessException[]>;
  byAccountEmail: Map<string, AccessException[]>;
  byIdentityEmail: Map<string, AccessException[]>;
}

function put(map: Map<string, AccessException[]>, key: string, e: AccessException): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [e]);
  else list.push(e);
}

export function indexExceptions(exceptions: readonly AccessException[], opts: MatchOptions): ExceptionIndex {
  const index: ExceptionIndex = { byAccount: new Map(), byAccountEmail: new Map(), byIdentityEmail: new Map() };
  for (const e of [...exceptions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const s = e.scope;
    if ('accountId' in s) put(index.byAccount, `${s.vendor}\u0000${s.accountId.trim()}`, e);
    else if ('email' in s) put(index.byAccountEmail, `${s.vendor}\u0000${emailKey(s.email, opts) ?? s.email.trim().toLowerCase()}`, e);
    else put(index.byIdentityEmail, emailKey(s.identityEmail, opts) ?? s.identityEmail.trim().toLowerCase(), e);
  }
  return index;
}

const NO_EXCEPTIONS: readonly AccessException[] = [];

/** Exceptions whose scope names this account: by id, or by any of its addresses. Sorted by id. */
export function exceptionsOfAccount(index: ExceptionIndex, vendor: Vendor, account: Account, opts: MatchOptions): readonly AccessException[] {
  let found: Map<string, AccessException> | null = null;
  const take = (list: AccessException[] | undefined): void => {
    if (list === undefined) return;
    found ??= new Map();
    for (const e of list) found.set(e.id, e);
  };
  if (index.byAccount.size > 0) take(index.byAccount.get(`${vendor}\u0000${account.id}`));
  if (index.byAccountEmail.size > 0) {
    for (const raw of account.emails) {
      const k = emailKey(raw, opts);
      if (k !== null) take(index.byAccountEmail.get(`${vendor}\u0000${k}`));
    }
  }
  if (found === null) return NO_EXCEPTIONS;
  return [...(found as Map<string, AccessException>).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The first (by id) excluding exception (service, shared, break-glass) scoped to this account, if any. */
export function excludingException(index: ExceptionIndex, vendor: Vendor, account: Account, opts: MatchOptions): AccessException | null {
  return exceptionsOfAccount(index, vendor, account, opts).find((e) => EXCLUDING_KINDS.has(e.kind)) ?? null;
}

/**
 * Exceptions covering one finding: scope and rule both match. An account scope covers findings on that account;
 * `{vendor, email}` also covers a MISSING_SEAT of that vendor for the person with that address; `identityEmail`
 * covers findings whose owner (or MISSING_SEAT person) has that address among theirs.
 */
export function coveringExceptions(draft: Draft, index: ExceptionIndex, identities: IdentityIndex, opts: MatchOptions): AccessException[] {
  if (index.byAccount.size === 0 && index.byAccountEmail.size === 0 && index.byIdentityEmail.size === 0) return [];
  const found = new Map<string, AccessException>();
  if (draft.vendor !== null && draft.account !== null) {
    for (const e of exceptionsOfAccount(index, draft.vendor, draft.account, opts)) found.set(e.id, e);
  }
  if (draft.identityIdx !== null) {
    for (const k of identities.keysOf(draft.identityIdx)) {
      for (const e of index.byIdentityEmail.get(k) ?? []) found.set(e.id, e);
      if (draft.account === null && draft.vendor !== null) {
        for (const e of index.byAccountEmail.get(`${draft.vendor}\u0000${k}`) ?? []) found.set(e.id, e);
      }
    }
  }
  return [...found.values()].filter((e) => coversRule(e, draft.finding.rule)).sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function exceptionEvidence(e: AccessException): Record<string, unknown> {
  return { id: e.id, kind: e.kind, scope: e.scope, rules: e.rules, reason: e.reason, approver: e.approver, expires: e.expires ?? null };
}

/** Marks covered findings suppressed (first covering exception by id); returns the ids of exceptions that covered something. */
export function applyExceptions(drafts: readonly Draft[], index: ExceptionIndex, identities: IdentityIndex, opts: MatchOptions): Set<string> {
  const used = new Set<string>();
  for (const d of drafts) {
    if (d.finding.suppressed) continue;
    const covering = coveringExceptions(d, index, identities, opts);
    const first = covering[0];
    if (first === undefined) continue;
    for (const e of covering) used.add(e.id);
    d.finding.suppressed = true;
    d.finding.exception = first.id;
    d.finding.evidence['exceptionApplied'] = exceptionEvidence(first);
  }
  return used;
}
