import type { Config } from '../config/schema.js';
import { VENDORS, type Vendor } from '../model/common.js';
import type { Account, Group, PhoneNumber } from '../model/account.js';
import type { Correlation, Finding, FindingsDocument, NotEvaluated } from '../model/finding.js';
import type { Identity, IdpReadResult } from '../model/identity.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';
import { buildIdentityIndex, correlateAccount, matchOptionsFrom, nameKey, nameSuggestions, type AccountOwner, type IdentityIndex, type MatchOptions } from './correlate.js';
import { computeEntitlements } from './entitlements.js';
import { isExpired, type ExceptionsFile } from './exceptions.js';
import { applyExceptions, excludingException, indexExceptions, type ExceptionIndex } from './suppress.js';
import { notEvaluatedFor } from './notEvaluated.js';
import { diffAgainst } from './diff.js';
import { computeLicenceWaste } from './licenceWaste.js';
import type { LicenceWaste } from '../model/licence.js';
import { sortFindings } from './findings.js';
import { RULES } from './rules/index.js';
import { checkRemediation } from './remediation.js';
import { notEvaluatedRemediation } from './notEvaluated.js';
import type { AppliedCitation, PreviousDecision, RemediationReport } from '../model/remediation.js';
import type { AuditContext, Draft, VendorView } from './context.js';

export interface AuditInput {
  snapshot: NormalizedSnapshot;
  idp: IdpReadResult;
  assignments: IdpReadResult | null;
  config: Config;
  exceptions: ExceptionsFile | null;
  previous: FindingsDocument | null;
  /** Last review's Revoke/Exception decisions (--previous); null when it held none. */
  previousDecisions?: PreviousDecision[] | null;
  /** --applied: what apply reported per vendor:accountId, cited on the Revoke checks; null or absent without. */
  applied?: ReadonlyMap<string, AppliedCitation> | null;
  /** Reference time of every age and expiry (docs/rules.md "as of"); the caller defaults it to the snapshot's finishedAt. */
  asOf: Date;
  /**
   * Vendors this review is about (`--vendors`; default all). A vendor left out is out of the review entirely: no
   * "not evaluated" lines, none of its exceptions applied or reported expired, none of its previous findings diffed.
   */
  vendors?: readonly Vendor[];
}

export interface AuditResult {
  /** The as-of time of every age and expiry, ISO (stated in findings.json and every report). */
  asOf: string;
  /** The vendors this review is about: in scope (`--vendors`) and held by the snapshot, in registry order. */
  vendors: Vendor[];
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  correlations: Correlation[];
  /** Previous findings that are gone (only with `previous`), sorted like findings. */
  resolved: Finding[] | null;
  /** Previous findings that are gone but whose rule was not evaluated this time (empty without `previous`). */
  notReassessed: Finding[];
  remediation: RemediationReport | null;
  previousRun: { id: string; finishedAt: string } | null;
  /** Ids of exceptions, not expired, that covered no finding and excluded no account. */
  unusedExceptions: string[];
  identities: Identity[];
  /** Identity ids entitled to each vendor (empty when entitlements are not evaluable for it). */
  entitled: Record<Vendor, string[]>;
  /** Seats held by leavers, never-used and inactive accounts, priced from `licences`. */
  licenceWaste: LicenceWaste;
}

const MEMBER_GROUP_KINDS = new Set(['team', 'queue', 'callcenter']);

function buildView(
  vendor: Vendor,
  snapshot: NormalizedSnapshot,
  index: IdentityIndex,
  opts: MatchOptions,
  exceptions: ExceptionIndex,
  usedByExclusion: Set<string>,
): VendorView | null {
  const snap = snapshot.vendors[vendor];
  if (!snap) return null;
  const seen = new Set<string>();
  const accounts: Account[] = [];
  for (const a of snap.accounts) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    accounts.push(a);
  }
  accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const groupsById = new Map<string, Group>();
  const groupsOfMember = new Map<string, Group[]>();
  for (const g of snap.groups) {
    if (!groupsById.has(g.id)) groupsById.set(g.id, g);
    if (!MEMBER_GROUP_KINDS.has(g.kind)) continue;
    for (const m of new Set(g.memberIds)) {
      const list = groupsOfMember.get(m);
      if (list === undefined) groupsOfMember.set(m, [g]);
      else list.push(g);
    }
  }
  const numbersOfTarget = new Map<string, PhoneNumber[]>();
  for (const n of snap.numbers) {
    if (n.targetId === null || (n.targetType ?? '').toLowerCase() !== 'user') continue;
    const list = numbersOfTarget.get(n.targetId);
    if (list === undefined) numbersOfTarget.set(n.targetId, [n]);
    else list.push(n);
  }
  const ownedBy = new Map<number, number[]>();
  const owners: AccountOwner[] = accounts.map((account, pos) => {
    const exclusion = excludingException(exceptions, vendor, account, opts);
    if (exclusion) usedByExclusion.add(exclusion.id);
    const owner = correlateAccount(account, index, opts, exclusion ? { exceptionId: exclusion.id, reason: `${exclusion.kind}: ${exclusion.reason}` } : null);
    if (owner.identityIdx !== null) {
      const list = ownedBy.get(owner.identityIdx);
      if (list === undefined) ownedBy.set(owner.identityIdx, [pos]);
      else list.push(pos);
    }
    return owner;
  });
  return { vendor, snapshot: snap, accounts, owners, groupsById, groupsOfMember, numbersOfTarget, ownedBy };
}

/**
 * The audit: correlate every account with the IdP, evaluate the rule catalogue, apply exceptions, diff against
 * the previous run. Pure and deterministic: the same inputs give deep-equal results (as-of is an input).
 */
export function runAudit(input: AuditInput): AuditResult {
  const { snapshot, idp, assignments, config, asOf } = input;
  const opts = matchOptionsFrom(config);
  const scope = new Set<Vendor>(input.vendors ?? VENDORS);
  const inScope = (vendor: Vendor | null): boolean => vendor === null || scope.has(vendor);
  const all = (input.exceptions?.exceptions ?? []).filter((e) => inScope('vendor' in e.scope ? e.scope.vendor : null));
  const activeExceptions = all.filter((e) => !isExpired(e, asOf));
  const expiredExceptions = all.filter((e) => isExpired(e, asOf));
  const exceptionIndex = indexExceptions(activeExceptions, opts);

  const index = buildIdentityIndex(idp.identities, opts);
  const used = new Set<string>();
  const vendors: VendorView[] = [];
  for (const vendor of VENDORS) {
    if (!scope.has(vendor)) continue;
    const view = buildView(vendor, snapshot, index, opts, exceptionIndex, used);
    if (view) vendors.push(view);
  }
  addNameSuggestions(vendors, index);
  const entitlements = computeEntitlements(idp, assignments, index, config, opts);
  const notEvaluated = notEvaluatedFor(snapshot, entitlements, [...scope]);

  const decisions = input.previousDecisions ?? null;
  const remediation = decisions
    ? checkRemediation({
        vendors,
        decisions,
        activeExceptions,
        expiredExceptions,
        asOf,
        remediationDays: config.review.remediationDays,
        fallbackDecisionDate: input.previous ? new Date(input.previous.run.finishedAt) : null,
        applied: input.applied ?? null,
      })
    : null;
  notEvaluatedRemediation(notEvaluated, snapshot, decisions);

  const ctx: AuditContext = {
    config,
    asOf,
    opts,
    index,
    entitlements,
    vendors,
    idp,
    assignments,
    activeExceptions,
    expiredExceptions,
    isEvaluated: (rule, vendor) => !notEvaluated.has(rule, vendor),
    remediation,
  };

  const phase1: Draft[] = [];
  for (const rule of RULES) if (rule.phase === 1) for (const d of rule.evaluate(ctx, [])) phase1.push(d);
  for (const id of applyExceptions(phase1, exceptionIndex, index, opts)) used.add(id);
  const phase2: Draft[] = [];
  for (const rule of RULES) if (rule.phase === 2) for (const d of rule.evaluate(ctx, phase1)) phase2.push(d);
  for (const id of applyExceptions(phase2, exceptionIndex, index, opts)) used.add(id);
  noteUnplacedSeats(phase1, ctx, notEvaluated);

  const findings: Finding[] = [];
  const ids = new Set<string>();
  for (const d of [...phase1, ...phase2]) {
    const f = d.finding;
    if (ids.has(f.id)) continue;
    ids.add(f.id);
    const configured = config.severity[f.rule];
    if (configured !== undefined && configured !== f.severity) {
      f.evidence['severityOverride'] = { computed: f.severity, configured };
      f.severity = configured;
    }
    findings.push(f);
  }

  let resolved: Finding[] | null = null;
  let notReassessed: Finding[] = [];
  if (input.previous) {
    const previous = { ...input.previous, findings: input.previous.findings.filter((f) => inScope(f.vendor)) };
    ({ resolved, notReassessed } = diffAgainst(findings, previous, notEvaluated));
  }
  sortFindings(findings);

  const correlations: Correlation[] = [];
  for (const v of vendors) v.accounts.forEach((a, pos) => correlations.push({ vendor: v.vendor, accountId: a.id, owner: (v.owners[pos] as AccountOwner).owner }));

  const entitled = Object.fromEntries(
    VENDORS.map((v) => [v, [...new Set([...entitlements.perVendor[v].grants.keys()].map((i) => (index.identities[i] as Identity).id))].sort()]),
  ) as Record<Vendor, string[]>;

  return {
    asOf: asOf.toISOString(),
    vendors: vendors.map((v) => v.vendor),
    findings,
    notEvaluated: notEvaluated.list(),
    correlations,
    resolved,
    notReassessed,
    previousRun: input.previous ? { id: input.previous.run.id, finishedAt: input.previous.run.finishedAt } : null,
    remediation: remediation ? { previousRunId: input.previous?.run.id ?? null, remediationDays: config.review.remediationDays, checks: remediation } : null,
    unusedExceptions: activeExceptions.map((e) => e.id).filter((id) => !used.has(id)).sort(),
    identities: idp.identities,
    entitled,
    licenceWaste: computeLicenceWaste(findings, vendors, config),
  };
}

/** Display-name suggestions on unmatched accounts: shown to help a reviewer, never a match. */
function addNameSuggestions(vendors: readonly VendorView[], index: IdentityIndex): void {
  const wanted = new Set<string>();
  for (const v of vendors) v.owners.forEach((o, pos) => {
    if (o.owner.state === 'unmatched') wanted.add(nameKey((v.accounts[pos] as Account).displayName));
  });
  wanted.delete('');
  const found = nameSuggestions(index, wanted);
  if (found.size === 0) return;
  for (const v of vendors) v.owners.forEach((o, pos) => {
    if (o.owner.state !== 'unmatched') return;
    const list = found.get(nameKey((v.accounts[pos] as Account).displayName));
    if (list) o.owner = { state: 'unmatched', suggestions: [...list] };
  });
}

/** Missing Dialpad seats that no office (or no office's license figures) could be found for: SEAT_SHORTFALL cannot speak for them. */
function noteUnplacedSeats(drafts: readonly Draft[], ctx: AuditContext, notEvaluated: ReturnType<typeof notEvaluatedFor>): void {
  const view = ctx.vendors.find((v) => v.vendor === 'dialpad');
  if (!view || !ctx.isEvaluated('SEAT_SHORTFALL', 'dialpad')) return;
  let unplaced = 0;
  const noFigures = new Set<string>();
  const pools = new Map(view.snapshot.seatPools.map((p) => [p.scopeId, p]));
  for (const d of drafts) {
    const f = d.finding;
    if (f.rule !== 'MISSING_SEAT' || f.vendor !== 'dialpad' || f.suppressed) continue;
    const office = f.evidence['office'] as { id: string } | null;
    if (office === null) unplaced++;
    else if (pools.get(office.id)?.available['talk_lines'] === undefined) noFigures.add(office.id);
  }
  if (unplaced > 0) {
    notEvaluated.add('SEAT_SHORTFALL', 'dialpad', `${unplaced} missing Dialpad seat(s) match no office by department and neither plan.dialpadDefaultOfficeId nor a primary office is known`);
  }
  if (noFigures.size > 0) {
    notEvaluated.add('SEAT_SHORTFALL', 'dialpad', `no talk_lines figure (available_licenses) for office(s) ${[...noFigures].sort().join(', ')}`);
  }
}
