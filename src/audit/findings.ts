import type { Vendor, Severity } from '../model/common.js';
import { SEVERITY_RANK } from '../model/common.js';
import type { Account } from '../model/account.js';
import type { Finding, RuleCode } from '../model/finding.js';
import type { Identity } from '../model/identity.js';
import { stableId } from '../util/hash.js';
import { fileName } from '../util/file-name.js';
import { vendorModule } from '../vendors/registry.js';
import type { AccountOwner, IdentityIndex } from './correlate.js';
import type { AuditContext, Draft, VendorView } from './context.js';

export function vendorName(vendor: Vendor): string {
  return vendorModule(vendor).label;
}

/** docs/rules.md: `F-` + first 16 hex of SHA-256 of `rule \u001f subject`. */
export function findingId(rule: RuleCode, subject: string): string {
  return stableId('F', rule, subject);
}

export function accountLabel(account: Account): string {
  const email = account.emails[0];
  const who = email ?? (account.displayName || account.id);
  return `${vendorName(account.vendor)} account ${who} (id ${account.id})`;
}

export function personLabel(identity: Identity): string {
  const email = identity.primaryEmail ?? identity.emails[0] ?? identity.login;
  if (identity.displayName && email) return `${identity.displayName} <${email}>`;
  return identity.displayName || email || identity.id;
}

export function accountEvidence(account: Account): Record<string, unknown> {
  return {
    id: account.id,
    emails: account.emails,
    displayName: account.displayName,
    status: account.status,
    rawStatus: account.rawStatus,
    roles: account.roles,
    isAdmin: account.isAdmin,
    createdAt: account.createdAt,
    lastSeen: account.lastSeen,
    firstLogin: account.firstLogin,
    license: account.license,
    officeId: account.officeId,
  };
}

export function identityEvidence(identity: Identity): Record<string, unknown> {
  return {
    id: identity.id,
    primaryEmail: identity.primaryEmail,
    emails: identity.emails,
    login: identity.login,
    displayName: identity.displayName,
    status: identity.status,
    rawStatus: identity.rawStatus,
    condition: identity.condition,
    department: identity.department,
    source: { file: fileName(identity.source.file), row: identity.source.row, format: identity.format },
  };
}

export function ownerEvidence(owner: AccountOwner, index: IdentityIndex): Record<string, unknown> {
  const o = owner.owner;
  switch (o.state) {
    case 'matched':
      return { state: 'matched', rule: o.rule, key: o.key, identityId: o.identityId };
    case 'ambiguous':
      return {
        state: 'ambiguous',
        key: o.key,
        candidates: owner.candidateIdx.map((i) => identityEvidence(index.identities[i] as Identity)),
      };
    case 'unmatched':
      return {
        state: 'unmatched',
        nameSuggestions: o.suggestions,
        // Marked, never matched: the account's address only looks like the identity's (DATA_QUALITY lookalike_email).
        ...(owner.lookalikes ? { lookalikeEmails: owner.lookalikes.map((l) => ({ accountEmail: l.accountEmail, identityEmail: l.identityEmail, identityId: (index.identities[l.identityIdx] as Identity).id })) } : {}),
      };
    case 'excluded':
      return { state: 'excluded', exceptionId: o.exceptionId, reason: o.reason };
  }
}

export interface AccountFindingSpec {
  rule: RuleCode;
  severity: Severity;
  title: string;
  evidence?: Record<string, unknown>;
}

/** A finding about one account: subject `<vendor>:<accountId>`; evidence carries the account, its owner state and owner. */
export function accountFinding(ctx: AuditContext, view: VendorView, pos: number, spec: AccountFindingSpec): Draft {
  const account = view.accounts[pos] as Account;
  const owner = view.owners[pos] as AccountOwner;
  const identity = owner.identityIdx === null ? null : (ctx.index.identities[owner.identityIdx] as Identity);
  const subject = `${view.vendor}:${account.id}`;
  const finding: Finding = {
    id: findingId(spec.rule, subject),
    rule: spec.rule,
    severity: spec.severity,
    vendor: view.vendor,
    accountId: account.id,
    accountEmail: account.emails[0] ?? null,
    identityId: identity?.id ?? null,
    identityEmail: identity ? (identity.primaryEmail ?? identity.emails[0] ?? null) : null,
    subject,
    title: spec.title,
    evidence: {
      account: accountEvidence(account),
      owner: ownerEvidence(owner, ctx.index),
      ...(identity ? { identity: identityEvidence(identity) } : {}),
      ...spec.evidence,
    },
    suppressed: false,
    exception: null,
  };
  return { finding, vendor: view.vendor, account, identityIdx: owner.identityIdx };
}

export function compareFindings(a: Finding, b: Finding): number {
  const s = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (s !== 0) return s;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  if (a.vendor !== b.vendor) {
    if (a.vendor === null) return 1;
    if (b.vendor === null) return -1;
    return a.vendor < b.vendor ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
