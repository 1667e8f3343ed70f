import type { Config } from '../config/schema.js';
import type { Account, Correlation, Finding, FindingsDocument, Identity, NormalizedSnapshot, Vendor, VendorSnapshot } from '../model/index.js';
import { ActionAssembler } from '../plan/assemble.js';
import { addDays } from '../plan/dialpad.js';
import { offboardingSteps } from '../plan/offboarding.js';
import { normalizeEmail } from '../util/email.js';
import { stableId } from '../util/hash.js';
import { assignReviewer, type Candidate } from './chain.js';
import type { Campaign, FindingTask, PreviousDecision, Recommendation, ReviewerSummary, ReviewRow } from './model.js';
import { PersonIndex } from './people.js';

export interface CampaignInput {
  doc: FindingsDocument;
  snapshot: NormalizedSnapshot;
  identities: Identity[];
  correlations: Correlation[];
  config: Config;
  /** Last quarter's decisions by `<vendor>:<accountId>` (context only, never pre-filled). */
  previous?: ReadonlyMap<string, PreviousDecision>;
}

const key = (vendor: Vendor, id: string): string => `${vendor}:${id}`;

// Shared by every row that has none: never changed (frozen, so a push would throw rather than reach every row).
const NONE: readonly Finding[] = Object.freeze([]);
const NO_FINDINGS = Object.freeze([]) as unknown as ReviewRow['findings'];
const NO_EMAILS = Object.freeze([]) as unknown as string[];

/** One array per distinct list: rows with the same reviewer-chain notes share them. */
class SharedLists {
  private readonly lists = new Map<string, string[]>();
  shared(list: string[]): string[] {
    const key = JSON.stringify(list);
    const found = this.lists.get(key);
    if (found) return found;
    this.lists.set(key, list);
    return list;
  }
}

/** Memberships and numbers an account holds (an office is where it lives, not something it holds). */
export function holdings(a: Account): string[] {
  const held: string[] = [];
  for (const m of a.memberships) if (heldKind(m.kind)) held.push(`${m.kind} ${m.name ?? m.id}`);
  if (a.phoneNumbers.length === 0) return held;
  const seen = new Set(held);
  for (const n of a.phoneNumbers) {
    const number = `number ${n}`;
    if (seen.has(number)) continue;
    seen.add(number);
    held.push(number);
  }
  return held;
}

const heldKind = (kind: string): boolean => kind !== 'office' && kind !== 'policy';

/** In scope: every account that is not deactivated, and deactivated accounts that still hold something. */
export function inScope(a: Account): boolean {
  return a.status !== 'deactivated' || a.phoneNumbers.length > 0 || a.memberships.some((m) => heldKind(m.kind));
}

const REVOKE_RULES: Record<string, string> = {
  TERMINATED_STILL_ACTIVE: 'the owner left (IdP status not active) but the account is live',
  ORPHANED_ACCOUNT: 'orphan: no owner in the IdP export',
  DEACTIVATED_STILL_ASSIGNED: 'deactivated, yet still holds seats, memberships or numbers',
  REVOCATION_NOT_DONE: "last review's Revoke was not carried out",
};
const REVIEW_RULES: Record<string, string> = {
  UNENTITLED_ACCOUNT: 'the owner is not entitled to the app in the IdP',
  AMBIGUOUS_OWNER: 'the account matches several people',
  DUPLICATE_ACCOUNT: 'one of several accounts of the same person',
};

/** `RULE: why` for each rule, written once (every row with that rule shares the text). */
const reasons = (rules: Record<string, string>): Map<string, string> => new Map(Object.entries(rules).map(([rule, why]) => [rule, `${rule}: ${why}`]));
const REVOKE_REASONS = reasons(REVOKE_RULES);
const REVIEW_REASONS = reasons(REVIEW_RULES);

/** Keep for a clean matched account, Revoke for a leaver or orphan, Review for everything a person must judge. */
export function recommend(open: readonly Finding[], owner: Correlation['owner'] | undefined, ownerIdentity: Identity | null): { recommendation: Recommendation; reason: string } {
  for (const f of open) {
    const reason = REVOKE_REASONS.get(f.rule);
    if (reason) return { recommendation: 'Revoke', reason };
  }
  if (owner?.state === 'unmatched') return { recommendation: 'Revoke', reason: 'orphan: no owner in the IdP export' };
  if (owner?.state === 'matched' && ownerIdentity && ownerIdentity.status !== 'active') {
    return { recommendation: 'Revoke', reason: `the owner is ${ownerIdentity.status} in the IdP` };
  }
  for (const f of open) {
    const reason = REVIEW_REASONS.get(f.rule);
    if (reason) return { recommendation: 'Review', reason };
  }
  const judged = open.filter((f) => !(f.rule === 'PRIVILEGED_ACCOUNT' && f.severity === 'info'));
  if (judged.length > 0) return { recommendation: 'Review', reason: `open finding: ${judged.map((f) => `${f.rule} (${f.severity})`).join(', ')}` };
  if (owner?.state === 'ambiguous') return { recommendation: 'Review', reason: 'the account matches several people' };
  if (owner?.state === 'excluded') return { recommendation: 'Keep', reason: `excluded by exception ${owner.exceptionId}: ${owner.reason}` };
  const admin = open.some((f) => f.rule === 'PRIVILEGED_ACCOUNT');
  return { recommendation: 'Keep', reason: admin ? 'clean match; admin role in a configured admin group (recertify it)' : 'clean match: owner active and entitled, no open finding' };
}

function vendorSnapshots(snapshot: NormalizedSnapshot): VendorSnapshot[] {
  return Object.values(snapshot.vendors).filter((v): v is VendorSnapshot => v !== undefined);
}

/** Day `days` after the ISO time `at` (YYYY-MM-DD). */
export function dueDate(at: string, days: number): string {
  return addDays(at, days).slice(0, 10);
}

/**
 * The campaign: one review row per account in scope with its recommendation and reviewer, a task per open finding
 * without an account, and the offboarding actions a Revoke on each row would release. Pure: same input, same output.
 */
export function buildCampaign(input: CampaignInput): Campaign {
  const { doc, config } = input;
  const review = config.review;
  const people = new PersonIndex(input.identities);
  const identityById = new Map(input.identities.map((i) => [i.id, i]));
  const correlationOf = new Map(input.correlations.map((c) => [key(c.vendor, c.accountId), c]));
  const findingsOf = new Map<string, Finding[]>();
  for (const f of doc.findings) {
    if (!f.vendor || !f.accountId) continue;
    const k = key(f.vendor, f.accountId);
    const list = findingsOf.get(k);
    if (list) list.push(f);
    else findingsOf.set(k, [f]);
  }

  const rows: ReviewRow[] = [];
  const onRevoke = new ActionAssembler(doc.run.snapshotSha256 ?? '');
  const covered = new Set<string>();
  const notes = new SharedLists();
  const privileged: Candidate[] = review.privilegedReviewer ? [{ by: 'privileged', reference: review.privilegedReviewer }] : [];
  const lastLinks = (vendor: Vendor): Candidate[] => {
    const appOwner = review.appOwners[vendor];
    return [...(appOwner ? [{ by: 'app_owner' as const, reference: appOwner }] : []), ...(review.defaultReviewer ? [{ by: 'default' as const, reference: review.defaultReviewer }] : [])];
  };
  for (const vs of vendorSnapshots(input.snapshot)) {
    const last = lastLinks(vs.vendor);
    for (const a of vs.accounts) {
      if (!inScope(a)) continue;
      const k = key(a.vendor, a.id);
      covered.add(k);
      const reviewId = stableId('R', a.vendor, a.id);
      const owner = correlationOf.get(k)?.owner;
      const ownerIdentity = owner?.state === 'matched' ? (identityById.get(owner.identityId) ?? null) : null;
      const findings = findingsOf.get(k) ?? NONE;
      const open = findings.filter((f) => !f.suppressed);
      const rec = recommend(open, owner, ownerIdentity);
      const candidates: Candidate[] = a.isAdmin ? [...privileged] : [];
      const preface: string[] = [];
      if (review.useManager) {
        if (ownerIdentity?.manager) candidates.push({ by: 'manager', reference: ownerIdentity.manager });
        else preface.push(ownerIdentity ? 'the owner has no manager in the IdP export' : 'no single owner in the IdP, so no manager');
      }
      candidates.push(...last);
      // The account's emails are normalized only when a candidate could be its owner (an active person).
      let accountEmails: Set<string> | null = null;
      const isSelf = (p: Identity): boolean => {
        if (p.id === ownerIdentity?.id) return true;
        accountEmails ??= new Set(a.emails.map((e) => normalizeEmail(e)));
        for (const e of people.emailsOf(p)) if (accountEmails.has(e)) return true;
        return false;
      };
      const assigned = assignReviewer(people, candidates, isSelf, preface);
      // Keys in sorted order: the JSON writer then hands each row to JSON.stringify whole (src/util/json.ts).
      rows.push({
        accountEmail: a.emails[0] ?? null,
        accountId: a.id,
        accountStatus: a.status,
        admin: a.isAdmin,
        assignedBy: assigned.assignedBy,
        chainNotes: notes.shared(assigned.notes),
        createdAt: a.createdAt,
        displayName: a.displayName,
        findings: findings.length === 0 ? NO_FINDINGS : findings.map((f) => ({ id: f.id, rule: f.rule, severity: f.severity, suppressed: f.suppressed })),
        firstLogin: a.firstLogin,
        holds: holdings(a).join('; '),
        lastSeen: a.lastSeen,
        ownerDepartment: ownerIdentity?.department ?? null,
        ownerEmail: ownerIdentity?.primaryEmail ?? null,
        ownerEmails: ownerIdentity ? (people.emailsOf(ownerIdentity) as string[]) : NO_EMAILS,
        ownerIdentityId: ownerIdentity?.id ?? null,
        ownerName: ownerIdentity?.displayName ?? null,
        ownerState: owner?.state ?? 'uncorrelated',
        ownerStatus: ownerIdentity?.status ?? null,
        previous: input.previous?.get(k) ?? null,
        recommendation: rec.recommendation,
        recommendationReason: rec.reason,
        reviewId,
        reviewer: assigned.reviewer,
        reviewerName: assigned.reviewerName,
        roles: a.roles,
        vendor: a.vendor,
      });
      // Assembled an account at a time: its steps are garbage at once, never a campaign-wide list.
      onRevoke.add(offboardingSteps(vs, a, [reviewId], config.thresholds.retentionDays, doc.run.finishedAt));
    }
  }

  const findingTasks: FindingTask[] = [];
  for (const f of doc.findings) {
    if (f.suppressed) continue;
    if (f.vendor && f.accountId && covered.has(key(f.vendor, f.accountId))) continue;
    const candidates: Candidate[] = [];
    const appOwner = f.vendor ? review.appOwners[f.vendor] : undefined;
    if (appOwner) candidates.push({ by: 'app_owner', reference: appOwner });
    if (review.defaultReviewer) candidates.push({ by: 'default', reference: review.defaultReviewer });
    const subject = f.identityEmail ? normalizeEmail(f.identityEmail) : null;
    const assigned = assignReviewer(people, candidates, (p) => subject !== null && p.emails.some((e) => normalizeEmail(e) === subject));
    findingTasks.push({
      assignedBy: assigned.assignedBy,
      chainNotes: notes.shared(assigned.notes),
      findingId: f.id,
      identityEmail: f.identityEmail,
      reviewer: assigned.reviewer,
      reviewerName: assigned.reviewerName,
      rule: f.rule,
      severity: f.severity,
      title: f.title,
      vendor: f.vendor,
    });
  }

  const summaries = new Map<string, ReviewerSummary>();
  const tally = (reviewer: string | null, name: string | null, field: 'rows' | 'findingTasks'): void => {
    if (!reviewer) return;
    let s = summaries.get(reviewer);
    if (!s) summaries.set(reviewer, (s = { findingTasks: 0, name: name ?? reviewer, reviewer, rows: 0 }));
    s[field]++;
  };
  for (const r of rows) tally(r.reviewer, r.reviewerName, 'rows');
  for (const t of findingTasks) tally(t.reviewer, t.reviewerName, 'findingTasks');

  return {
    schemaVersion: 1,
    runId: doc.run.id,
    snapshotSha256: doc.run.snapshotSha256,
    generatedAt: doc.run.finishedAt,
    dueDate: dueDate(doc.run.finishedAt, review.dueDays),
    rows,
    findingTasks,
    reviewers: [...summaries.values()].sort((x, y) => (x.reviewer < y.reviewer ? -1 : x.reviewer > y.reviewer ? 1 : 0)),
    unassigned: [...rows.filter((r) => !r.reviewer).map((r) => r.reviewId), ...findingTasks.filter((t) => !t.reviewer).map((t) => t.findingId)],
    onRevoke: onRevoke.finish(),
  };
}
