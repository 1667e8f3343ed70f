import type { Account } from '../model/account.js';
import type { Identity } from '../model/identity.js';
import type { MatchRule, OwnerState } from '../model/finding.js';
import type { Config } from '../config/schema.js';
import { emailDomain, isUsableEmail, normalizeEmail, type EmailNormalization } from '../util/email.js';

/** How emails are compared: docs/rules.md "Correlation" (trim, NFC, lower case; +tags and dots only when configured). */
export interface MatchOptions {
  normalization: EmailNormalization;
  /** Acquired domain -> current domain, both lower case. */
  domainAliases: ReadonlyMap<string, string>;
  immutableId: 'employeeId' | 'id' | null;
}

export function matchOptionsFrom(config: Config): MatchOptions {
  const aliases = new Map<string, string>();
  for (const [from, to] of Object.entries(config.correlation.domainAliases)) {
    aliases.set(from.trim().normalize('NFC').toLowerCase(), to.trim().normalize('NFC').toLowerCase());
  }
  return {
    normalization: { stripPlusTags: config.correlation.stripPlusTags, stripDots: config.correlation.stripDots },
    domainAliases: aliases,
    immutableId: config.correlation.immutableId ?? null,
  };
}

/** Normalized form of one address, or null when it is not an email at all (an x500: proxy address, a bare login). */
export function emailKey(raw: string | null | undefined, opts: MatchOptions): string | null {
  if (raw === null || raw === undefined) return null;
  let text = raw.trim();
  // Entra/M365 proxyAddresses carry a protocol prefix; only smtp: ones are mail addresses (research/idp.md 2.6).
  const prefix = /^([a-z0-9]+):/i.exec(text);
  if (prefix) {
    const proto = (prefix[1] ?? '').toLowerCase();
    if (proto !== 'smtp' && proto !== 'mailto') return null;
    text = text.slice(prefix[0].length);
  }
  if (!isUsableEmail(text)) return null;
  return normalizeEmail(text, opts.normalization);
}

/** The address with its domain rewritten through the domain-alias table, or null when the domain is not an alias. */
export function aliasedKey(key: string, opts: MatchOptions): string | null {
  const to = opts.domainAliases.get(emailDomain(key));
  if (to === undefined) return null;
  return `${key.slice(0, key.lastIndexOf('@'))}@${to}`;
}

function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function push(map: Map<string, number[]>, key: string, idx: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [idx]);
  else if (list[list.length - 1] !== idx) list.push(idx);
}

/**
 * Hash indexes over the IdP identities, built once: correlation is then one lookup per account address,
 * linear in identities + accounts.
 */
export interface IdentityIndex {
  readonly identities: readonly Identity[];
  /** Normalized addresses of each identity: primary, login when an email, secondary emails, smtp: proxy addresses. */
  readonly keys: readonly string[][];
  /** Normalized primary email of each identity (null when the row had none). */
  readonly primaryKeys: readonly (string | null)[];
  readonly byPrimary: ReadonlyMap<string, number[]>;
  readonly byAnyEmail: ReadonlyMap<string, number[]>;
  /** Every identity address with its domain rewritten to the current domain (identity side of rule 4). */
  readonly byAliased: ReadonlyMap<string, number[]>;
  readonly byImmutableId: ReadonlyMap<string, number[]>;
  readonly byName: ReadonlyMap<string, number[]>;
}

export function identityKeys(identity: Identity, opts: MatchOptions): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string | null | undefined): void => {
    const key = emailKey(raw, opts);
    if (key !== null && !seen.has(key)) {
      seen.add(key);
      out.push(key);
    }
  };
  add(identity.primaryEmail);
  add(identity.login);
  for (const e of identity.emails) add(e);
  return out;
}

export function buildIdentityIndex(identities: readonly Identity[], opts: MatchOptions): IdentityIndex {
  const keys: string[][] = new Array<string[]>(identities.length);
  const primaryKeys: (string | null)[] = new Array<string | null>(identities.length);
  const byPrimary = new Map<string, number[]>();
  const byAnyEmail = new Map<string, number[]>();
  const byAliased = new Map<string, number[]>();
  const byImmutableId = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i] as Identity;
    const own = identityKeys(identity, opts);
    keys[i] = own;
    const primary = emailKey(identity.primaryEmail, opts);
    primaryKeys[i] = primary;
    if (primary !== null) push(byPrimary, primary, i);
    for (const k of own) {
      push(byAnyEmail, k, i);
      if (opts.domainAliases.size > 0) push(byAliased, aliasedKey(k, opts) ?? k, i);
    }
    if (opts.immutableId !== null) {
      const value = identity[opts.immutableId];
      if (value) push(byImmutableId, value.trim(), i);
    }
    const name = nameKey(identity.displayName);
    if (name !== '') push(byName, name, i);
  }
  return { identities, keys, primaryKeys, byPrimary, byAnyEmail, byAliased, byImmutableId, byName };
}

/** Ids a vendor carries that could equal an identity's immutable id. Neither Dixa nor Dialpad carries one today. */
function accountImmutableIds(_account: Account): string[] {
  return [];
}

export interface AccountOwner {
  owner: OwnerState;
  /** Index into IdentityIndex.identities when matched. */
  identityIdx: number | null;
  /** Candidate identity indexes when ambiguous. */
  candidateIdx: number[];
}

export interface Exclusion {
  exceptionId: string;
  reason: string;
}

const MAX_SUGGESTIONS = 5;

/**
 * Owner of one account (docs/rules.md "Correlation"): candidates are collected rule by rule and the first rule
 * that yields any decides. Name equality is only ever a suggestion on an unmatched account.
 */
export function correlateAccount(account: Account, index: IdentityIndex, opts: MatchOptions, exclusion: Exclusion | null): AccountOwner {
  if (exclusion !== null) {
    return { owner: { state: 'excluded', exceptionId: exclusion.exceptionId, reason: exclusion.reason }, identityIdx: null, candidateIdx: [] };
  }
  const accountKeys: string[] = [];
  for (const e of account.emails) {
    const k = emailKey(e, opts);
    if (k !== null && !accountKeys.includes(k)) accountKeys.push(k);
  }
  const primary = account.emails.length > 0 ? emailKey(account.emails[0], opts) : null;

  const attempts: Array<[MatchRule, Array<[string, ReadonlyMap<string, number[]>]>]> = [
    ['immutable_id', accountImmutableIds(account).map((id) => [id, index.byImmutableId])],
    ['primary_email', primary === null ? [] : [[primary, index.byPrimary]]],
    ['any_email', accountKeys.map((k) => [k, index.byAnyEmail])],
    ['domain_alias', opts.domainAliases.size === 0 ? [] : accountKeys.map((k) => [aliasedKey(k, opts) ?? k, index.byAliased])],
  ];
  for (const [rule, lookups] of attempts) {
    const found = new Map<number, string>();
    for (const [key, map] of lookups) {
      for (const idx of map.get(key) ?? []) if (!found.has(idx)) found.set(idx, key);
    }
    if (found.size === 0) continue;
    const idxs = [...found.keys()].sort((a, b) => a - b);
    if (idxs.length === 1) {
      const idx = idxs[0] as number;
      const identity = index.identities[idx] as Identity;
      return { owner: { state: 'matched', identityId: identity.id, rule, key: found.get(idx) as string }, identityIdx: idx, candidateIdx: [] };
    }
    const candidates = idxs.map((i) => (index.identities[i] as Identity).id).sort();
    const key = [...new Set(found.values())].sort().join(', ');
    return { owner: { state: 'ambiguous', candidates, key }, identityIdx: null, candidateIdx: idxs };
  }
  const name = nameKey(account.displayName);
  const suggestions = name === '' ? [] : (index.byName.get(name) ?? []).slice(0, MAX_SUGGESTIONS).map((i) => (index.identities[i] as Identity).id).sort();
  return { owner: { state: 'unmatched', suggestions }, identityIdx: null, candidateIdx: [] };
}
