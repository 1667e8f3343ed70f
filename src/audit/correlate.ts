import type { Account } from '../model/account.js';
import type { Identity } from '../model/identity.js';
import type { MatchRule, OwnerState } from '../model/finding.js';
import type { Config } from '../config/schema.js';
import { emailDomain, emailSkeleton, isUsableEmail, normalizeEmail, type EmailNormalization } from '../util/email.js';

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

/** The look-alike form of one address (see emailSkeleton), or null when it is not an email. */
export function lookalikeKey(raw: string | null | undefined, opts: MatchOptions): string | null {
  const key = emailKey(raw, opts);
  return key === null ? null : emailSkeleton(key, opts.normalization);
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

/**
 * Key -> identity index(es). A single index is stored bare: at a million identities, one small array per address
 * is most of the garbage-collector's work.
 */
export type Postings = Map<string, number | number[]>;

function post(map: Postings, key: string, idx: number): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, idx);
  else if (typeof cur === 'number') {
    if (cur !== idx) map.set(key, [cur, idx]);
  } else if (cur[cur.length - 1] !== idx) cur.push(idx);
}

const NONE: readonly number[] = [];

export function lookup(map: Postings, key: string): readonly number[] {
  const cur = map.get(key);
  return cur === undefined ? NONE : typeof cur === 'number' ? [cur] : cur;
}

/**
 * Hash indexes over the IdP identities, built once: correlation is then one lookup per account address,
 * linear in identities + accounts.
 */
export interface IdentityIndex {
  readonly identities: readonly Identity[];
  /** Normalized addresses of an identity: primary, login when an email, secondary emails, smtp: proxy addresses. */
  keysOf(idx: number): readonly string[];
  /** Normalized primary email of an identity (null when the row had none). */
  primaryKeyOf(idx: number): string | null;
  /** Every identity address (primary ones included: rule 2 filters this index by primaryKeyOf). */
  readonly byAnyEmail: Postings;
  /** Identity addresses on an acquired domain, rewritten to the current domain (identity side of rule 4). */
  readonly byAliased: Postings;
  readonly byImmutableId: Postings;
  /**
   * Identity addresses whose look-alike form differs from their match key (they hold a Kelvin sign, a fullwidth
   * letter, ...), by look-alike form. Small: plain addresses are their own look-alike form and are found in byAnyEmail.
   */
  readonly byLookalike: Postings;
}

export function identityKeys(identity: Identity, opts: MatchOptions): string[] {
  const out: string[] = [];
  collectIdentityKeys(identity, opts, out);
  return out;
}

/** Fills `out` with identityKeys; true when the first key is the primary address's. */
function collectIdentityKeys(identity: Identity, opts: MatchOptions, out: string[]): boolean {
  const primary = emailKey(identity.primaryEmail, opts);
  if (primary !== null) out.push(primary);
  // The login is most often the primary address again: an address already keyed needs no second key.
  if (identity.login !== identity.primaryEmail) addKey(out, identity.login, opts);
  for (const e of identity.emails) if (e !== identity.primaryEmail && e !== identity.login) addKey(out, e, opts);
  return primary !== null;
}

function addKey(out: string[], raw: string | null | undefined, opts: MatchOptions): void {
  const key = emailKey(raw, opts);
  if (key !== null && !out.includes(key)) out.push(key);
}

export function buildIdentityIndex(identities: readonly Identity[], opts: MatchOptions): IdentityIndex {
  const byAnyEmail: Postings = new Map();
  const byAliased: Postings = new Map();
  const byImmutableId: Postings = new Map();
  const byLookalike: Postings = new Map();
  const aliasing = opts.domainAliases.size > 0;
  // Each identity's keys, computed here once (correlation, entitlements, exceptions and MISSING_SEAT all ask for
  // them): a single key is stored bare, like the postings, and the strings are the ones the maps above hold.
  const keyStore: Array<string | readonly string[]> = new Array<string | readonly string[]>(identities.length);
  const primaryFirst = new Uint8Array(identities.length);
  for (let i = 0; i < identities.length; i++) {
    const identity = identities[i] as Identity;
    const keys: string[] = [];
    if (collectIdentityKeys(identity, opts, keys)) primaryFirst[i] = 1;
    keyStore[i] = keys.length === 1 ? (keys[0] as string) : keys.length === 0 ? NO_KEYS : keys;
    for (const k of keys) {
      post(byAnyEmail, k, i);
      const skeleton = emailSkeleton(k, opts.normalization);
      if (skeleton !== k) post(byLookalike, skeleton, i);
      if (aliasing) {
        const rewritten = aliasedKey(k, opts);
        if (rewritten !== null) post(byAliased, rewritten, i);
      }
    }
    if (opts.immutableId !== null) {
      const value = identity[opts.immutableId];
      if (value) post(byImmutableId, value.trim(), i);
    }
  }
  return {
    identities,
    keysOf(idx) {
      const keys = keyStore[idx];
      return keys === undefined ? NO_KEYS : typeof keys === 'string' ? [keys] : keys;
    },
    primaryKeyOf(idx) {
      if (primaryFirst[idx] !== 1) return null;
      const keys = keyStore[idx] as string | readonly string[];
      return typeof keys === 'string' ? keys : (keys[0] as string);
    },
    byAnyEmail,
    byAliased,
    byImmutableId,
    byLookalike,
  };
}

const NO_KEYS: readonly string[] = [];

/**
 * Name suggestions for unmatched accounts: identities whose display name equals the account's (trim, NFC, case,
 * spaces). One pass over the identities for all the names asked, so no name index over every identity is kept.
 */
export function nameSuggestions(index: IdentityIndex, names: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (names.size === 0) return out;
  for (const identity of index.identities) {
    const name = nameKey(identity.displayName);
    if (!names.has(name)) continue;
    const list = out.get(name);
    if (list === undefined) out.set(name, [identity.id]);
    else if (list.length < MAX_SUGGESTIONS && !list.includes(identity.id)) list.push(identity.id);
  }
  for (const list of out.values()) list.sort();
  return out;
}

export { nameKey };

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
  /**
   * Unmatched accounts only: identity addresses equal to an account address only after compatibility
   * normalisation or case folding (`\u212Aate@` and `kate@`). Not a match: a DATA_QUALITY lookalike_email finding.
   */
  lookalikes?: Lookalike[];
}

export interface Lookalike {
  identityIdx: number;
  accountEmail: string;
  identityEmail: string;
}

/** Identity addresses that look like one of the account's addresses without being equal to it. */
function findLookalikes(account: Account, index: IdentityIndex, opts: MatchOptions): Lookalike[] {
  const out: Lookalike[] = [];
  for (const raw of account.emails) {
    const key = emailKey(raw, opts);
    if (key === null) continue;
    const skeleton = emailSkeleton(key, opts.normalization);
    const idxs = skeleton === key ? lookup(index.byLookalike, skeleton) : [...lookup(index.byAnyEmail, skeleton), ...lookup(index.byLookalike, skeleton)];
    for (const idx of idxs) {
      if (out.some((l) => l.identityIdx === idx && l.accountEmail === raw)) continue;
      const identity = index.identities[idx] as Identity;
      const address = [identity.primaryEmail, identity.login, ...identity.emails].find((e) => {
        const k = emailKey(e, opts);
        return k !== null && k !== key && emailSkeleton(k, opts.normalization) === skeleton;
      });
      if (address) out.push({ identityIdx: idx, accountEmail: raw, identityEmail: address });
    }
  }
  return out;
}

/** The owner once a rule found candidates: matched when there is one, ambiguous otherwise. */
function decide(rule: MatchRule, found: Map<number, string>, index: IdentityIndex): AccountOwner {
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
  let primary: string | null = null;
  for (let i = 0; i < account.emails.length; i++) {
    const k = emailKey(account.emails[i], opts);
    if (k === null) continue;
    if (i === 0) primary = k;
    if (!accountKeys.includes(k)) accountKeys.push(k);
  }

  // Candidates are gathered rule by rule straight from the postings (no per-account lists of lookups: this runs
  // once per account); the first rule with any candidate decides.
  const found = new Map<number, string>();
  const gather = (map: Postings, key: string, primaryOnly: boolean): void => {
    const cur = map.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'number') {
      if ((!primaryOnly || index.primaryKeyOf(cur) === key) && !found.has(cur)) found.set(cur, key);
      return;
    }
    for (const idx of cur) if ((!primaryOnly || index.primaryKeyOf(idx) === key) && !found.has(idx)) found.set(idx, key);
  };
  for (const id of accountImmutableIds(account)) gather(index.byImmutableId, id, false);
  if (found.size > 0) return decide('immutable_id', found, index);
  if (primary !== null) gather(index.byAnyEmail, primary, true);
  if (found.size > 0) return decide('primary_email', found, index);
  for (const k of accountKeys) gather(index.byAnyEmail, k, false);
  if (found.size > 0) return decide('any_email', found, index);
  // Rule 4 compares both sides after rewriting: an account address on an acquired domain against identity
  // addresses as they are, and any account address against identity addresses that were rewritten.
  if (opts.domainAliases.size > 0) {
    for (const k of accountKeys) {
      const aliased = aliasedKey(k, opts) ?? k;
      gather(index.byAnyEmail, aliased, false);
      gather(index.byAliased, aliased, false);
    }
    if (found.size > 0) return decide('domain_alias', found, index);
  }
  // Suggestions are filled in one batch afterwards (nameSuggestions).
  const lookalikes = findLookalikes(account, index, opts);
  return { owner: { state: 'unmatched', suggestions: [] }, identityIdx: null, candidateIdx: [], ...(lookalikes.length > 0 ? { lookalikes } : {}) };
}
