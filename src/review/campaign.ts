import type { Config } from '../config/schema.js';
import type { Account, Correlation, Finding, FindingsDocument, Identity, NormalizedSnapshot, Vendor, VendorSnapshot } from '../model/index.js';
import { assembleActions } from '../plan/assemble.js';
import { addDays } from '../plan/dialpad.js';
import { offboardingSteps } from '../plan/offboarding.js';
import type { Step } from '../plan/steps.js';
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

/** Memberships and numbers an account holds (an office is where it lives, not something it holds). */
export function holdings(a: Account): string[] {
  const held = a.memberships.filter((m) => m.kind !== 'office' && m.kind !== 'policy').map((m) => `${m.kind} ${m.name ?? m.id}`);
  for (const n of a.phoneNumbers) if (!held.includes(`number ${n}`)) held.push(`number ${n}`);
  return held;
}

/** In scope: every account that is not deactivated, and deactivated accounts that still hold something. */
export function inScope(a: Account): boolean {
  return a.status !== 'deactivated' || holdings(a).length > 0;
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

/** Keep for a clean matched account, Revoke for a leaver or orphan, Review for everything a person must judge. */
export function recommend(open: readonly Finding[], owner: Correlation['owner'] | undefined, ownerIdentity: Identity | null): { recommendation: Recommendation; reason: string } {
  for (const f of open) {
    const why = REVOKE_RULES[f.rule];
    if (why) return { recommendation: 'Revoke', reason: `${f.rule}: ${why}` };
  }
  if (owner?.state === 'unmatched') return { recommendation: 'Revoke', reason: 'orphan: no owner in the IdP export' };
  if (owner?.state === 'matched' && ownerIdentity && ownerIdentity.status !== 'active') {
    return { recommendation: 'Revoke', reason: `the owner is ${ownerIdentity.status} in the IdP` };
  }
  for (const f of open) {
    const why = REVIEW_RULES[f.rule];
    if (why) return { recommendation: 'Review', reason: `${f.rule}: ${why}` };
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
  const steps: Step[] = [];
  const covered = new Set<string>();
  for (const vs of vendorSnapshots(input.snapshot)) {
    for (const a of vs.accounts) {
      if (!inScope(a)) continue;
      const k = key(a.vendor, a.id);
      covered.add(k);
      const reviewId = stableId('R', a.vendor, a.id);
      const owner = correlationOf.get(k)?.owner;
      const ownerIdentity = owner?.state === 'matched' ? (identityById.get(owner.identityId) ?? null) : null;
      const findings = findingsOf.get(k) ?? [];
      const open = findings.filter((f) => !f.suppressed);
      const rec = recommend(open, owner, ownerIdentity);
      const accountEmails = new Set(a.emails.map((e) => normalizeEmail(e)));
      const ownerEmails = ownerIdentity ? [...new Set([...ownerIdentity.emails, ...(ownerIdentity.primaryEmail ? [ownerIdentity.primaryEmail] : [])].map((e) => normalizeEmail(e)))] : [];
      const candidates: Candidate[] = [];
      const preface: string[] = [];
      if (a.isAdmin && review.privilegedReviewer) candidates.push({ by: 'privileged', reference: review.privilegedReviewer });
      if (review.useManager) {
        if (ownerIdentity?.manager) candidates.push({ by: 'manager', reference: ownerIdentity.manager });
        else preface.push(ownerIdentity ? 'the owner has no manager in the IdP export' : 'no single owner in the IdP, so no manager');
      }
      const appOwner = review.appOwners[a.vendor];
      if (appOwner) candidates.push({ by: 'app_owner', reference: appOwner });
      if (review.defaultReviewer) candidates.push({ by: 'default', reference: review.defaultReviewer });
      const isSelf = (p: Identity): boolean =>
        p.id === ownerIdentity?.id || p.emails.some((e) => accountEmails.has(normalizeEmail(e))) || (p.primaryEmail !== null && accountEmails.has(normalizeEmail(p.primaryEmail)));
      const assigned = assignReviewer(people, candidates, isSelf, preface);
      rows.push({
        reviewId,
        vendor: a.vendor,
        accountId: a.id,
        accountEmail: a.emails[0] ?? null,
        displayName: a.displayName,
        accountStatus: a.status,
        admin: a.isAdmin,
        roles: a.roles,
        holds: holdings(a).join('; '),
        createdAt: a.createdAt,
        lastSeen: a.lastSeen,
        firstLogin: a.firstLogin,
        ownerState: owner?.state ?? 'uncorrelated',
        ownerIdentityId: ownerIdentity?.id ?? null,
        ownerName: ownerIdentity?.displayName ?? null,
        ownerEmail: ownerIdentity?.primaryEmail ?? null,
        ownerEmails,
        ownerStatus: ownerIdentity?.status ?? null,
        ownerDepartment: ownerIdentity?.department ?? null,
        findings: findings.map((f) => ({ id: f.id, rule: f.rule, severity: f.severity, suppressed: f.suppressed })),
        recommendation: rec.recommendation,
        recommendationReason: rec.reason,
        reviewer: assigned.reviewer,
        reviewerName: assigned.reviewerName,
        assignedBy: assigned.assignedBy,
        chainNotes: assigned.notes,
        previous: input.previous?.get(k) ?? null,
      });
      steps.push(...offboardingSteps(vs, a, [reviewId], config.thresholds.retentionDays, doc.run.finishedAt));
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
      findingId: f.id,
      rule: f.rule,
      severity: f.severity,
      vendor: f.vendor,
      title: f.title,
      identityEmail: f.identityEmail,
      reviewer: assigned.reviewer,
      reviewerName: assigned.reviewerName,
      assignedBy: assigned.assignedBy,
      chainNotes: assigned.notes,
    });
  }

  const summaries = new Map<string, ReviewerSummary>();
  const tally = (reviewer: string | null, name: string | null, field: 'rows' | 'findingTasks'): void => {
    if (!reviewer) return;
    let s = summaries.get(reviewer);
    if (!s) summaries.set(reviewer, (s = { reviewer, name: name ?? reviewer, rows: 0, findingTasks: 0 }));
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
    onRevoke: assembleActions(steps, doc.run.snapshotSha256 ?? ''),
  };
}
