import type { Config } from '../config/schema.js';
import type { Account, Finding, FindingsDocument, Identity, NormalizedSnapshot, RemediationPlan, SeatPool, Vendor, VendorSnapshot } from '../model/index.js';
import { normalizeEmail } from '../util/email.js';
import { applyCap, assembleActions, type VendorCount } from './assemble.js';
import { chooseOffice, dialpadCreateUser, indexOffices, type OfficeIndex, dialpadHeldRemovals, dialpadInvite, dialpadRevokeAccess } from './dialpad.js';
import { accountLabel, dixaCreateAgent, dixaInvite, dixaMemberRemovals, dixaRevokeAccess } from './dixa.js';
import { cmp } from './held.js';
import type { Stage, Step } from './steps.js';

export interface PlanInput {
  doc: FindingsDocument;
  snapshot: NormalizedSnapshot;
  snapshotSha256: string;
  config: Config;
  identities: Identity[];
  allowMassRemoval: boolean;
  generatedAt: string;
}

export type NotActioned = NonNullable<RemediationPlan['notActioned']>[number];

const GONE = new Set(['ORPHANED_ACCOUNT', 'TERMINATED_STILL_ACTIVE']);
/** On an account that is being removed, these findings answer to the removal too. */
const FOLDED_INTO_REMOVAL = new Set(['UNACCEPTED_INVITE', 'DEACTIVATED_STILL_ASSIGNED', 'PRIVILEGED_ACCOUNT', 'DUPLICATE_ACCOUNT', 'INACTIVE_ACCOUNT']);

interface Ctx {
  input: PlanInput;
  proposed: Step[];
  onRevoke: Step[];
  notActioned: NotActioned[];
  /** Dialpad seat pools by office id, indexed once (asked once per SEAT_SHORTFALL finding). */
  pools: Map<string, SeatPool>;
}

function revokeAccess(ctx: Ctx, vs: VendorSnapshot, account: Account, ids: string[], stage: Stage): Step[] {
  const t = ctx.input.config.thresholds;
  return account.vendor === 'dixa'
    ? dixaRevokeAccess(vs, account, ids, stage)
    : dialpadRevokeAccess(vs, account, ids, stage, t.retentionDays, ctx.input.generatedAt);
}

function manualReview(account: Account, kind: Step['kind'], ids: string[], title: string, risk: string[], stage: Stage = 'proposed'): Step {
  return {
    kind,
    vendor: account.vendor,
    accountId: account.id,
    target: account.id,
    findingIds: ids,
    stage,
    title,
    call: null,
    destructive: false,
    reversible: true,
    approvalRequired: true,
    risk,
    expect: { status: account.status, roles: account.roles, isAdmin: account.isAdmin },
    phase: 'now',
    blockedBy: [],
  };
}

/** Adds steps unless the vendor's snapshot is incomplete and the steps would remove anything (DESIGN.md section 9). */
function accept(ctx: Ctx, vs: VendorSnapshot, steps: Step[], findings: Finding[], stage: Stage): void {
  if (!vs.complete && steps.some((s) => s.destructive)) {
    if (stage === 'proposed') {
      const why = vs.incompleteReasons.length > 0 ? vs.incompleteReasons.join('; ') : 'a listing was not read completely';
      for (const f of findings) {
        ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: `no destructive action: the ${vs.vendor} snapshot is incomplete (${why})` });
      }
    }
    return;
  }
  (stage === 'proposed' ? ctx.proposed : ctx.onRevoke).push(...steps);
}

function planAccount(ctx: Ctx, vs: VendorSnapshot, account: Account, findings: Finding[]): void {
  const label = accountLabel(account);
  const ids = (fs: Finding[]): string[] => fs.map((f) => f.id);
  const of = (rule: string): Finding[] => findings.filter((f) => f.rule === rule);
  const invites = ctx.input.config.plan.invites;

  if (findings.some((f) => GONE.has(f.rule))) {
    const answered = findings.filter((f) => GONE.has(f.rule) || FOLDED_INTO_REMOVAL.has(f.rule));
    accept(ctx, vs, revokeAccess(ctx, vs, account, ids(answered), 'proposed'), answered, 'proposed');
    for (const f of findings) if (!answered.includes(f)) planOther(ctx, vs, account, f, label);
    return;
  }
  const dangling = of('DEACTIVATED_STILL_ASSIGNED');
  if (dangling.length > 0) {
    const steps = account.vendor === 'dixa' ? dixaMemberRemovals(vs, account, ids(dangling), 'proposed') : dialpadHeldRemovals(vs, account, ids(dangling), 'proposed');
    if (steps.length === 0) for (const f of dangling) ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'the snapshot shows no membership, seat or number left to remove' });
    else accept(ctx, vs, steps, dangling, 'proposed');
  }
  // A seat nobody uses (docs/rules.md INACTIVE_ACCOUNT): the proposal frees it the way a leaver's is freed, under
  // the same snapshot-complete guard and destructive cap; a reviewer's Keep drops it.
  const inactive = of('INACTIVE_ACCOUNT');
  if (inactive.length > 0) {
    const answered = findings.filter((f) => f.rule === 'INACTIVE_ACCOUNT' || FOLDED_INTO_REMOVAL.has(f.rule));
    accept(ctx, vs, revokeAccess(ctx, vs, account, ids(answered), 'proposed'), answered, 'proposed');
    for (const f of findings) if (!answered.includes(f)) planOther(ctx, vs, account, f, label);
    return;
  }
  const invite = of('UNACCEPTED_INVITE');
  if (invite.length > 0) {
    const steps = account.vendor === 'dixa' ? dixaInvite(vs, account, ids(invite), 'proposed', invites) : dialpadInvite(vs, account, ids(invite), 'proposed', invites);
    accept(ctx, vs, steps, invite, 'proposed');
    // Proposed resend: a reviewer's Revoke on the invite still means cancel it.
    if (invites === 'resend') {
      const cancel = account.vendor === 'dixa' ? dixaInvite(vs, account, ids(invite), 'on_revoke', 'cancel') : dialpadInvite(vs, account, ids(invite), 'on_revoke', 'cancel');
      accept(ctx, vs, cancel, invite, 'on_revoke');
    }
  }
  for (const f of findings) if (f.rule !== 'DEACTIVATED_STILL_ASSIGNED' && f.rule !== 'UNACCEPTED_INVITE') planOther(ctx, vs, account, f, label);
}

/** Findings a human must judge: a review step now; the reviewer's Revoke releases the on-revoke actions. */
function planOther(ctx: Ctx, vs: VendorSnapshot, account: Account, f: Finding, label: string): void {
  const vendorName = account.vendor === 'dixa' ? 'Dixa' : 'Dialpad';
  const revoke = (): void => accept(ctx, vs, revokeAccess(ctx, vs, account, [f.id], 'on_revoke'), [f], 'on_revoke');
  switch (f.rule) {
    case 'UNENTITLED_ACCOUNT':
      ctx.proposed.push(manualReview(account, 'review_entitlement', [f.id], `Review ${label}: active in the IdP but not entitled to ${vendorName}`, [
        'Manual review: grant the app in the IdP (decide Keep) or remove the account (decide Revoke); no call is proposed without that decision.',
      ]));
      revoke();
      return;
    case 'DUPLICATE_ACCOUNT':
      ctx.proposed.push(manualReview(account, 'review_duplicate', [f.id], `Review ${label}: one of several ${vendorName} accounts of the same person`, [
        'Manual review: decide which account the person keeps; Revoke on this finding removes this account only.',
      ]));
      revoke();
      return;
    case 'AMBIGUOUS_OWNER':
      ctx.proposed.push(manualReview(account, 'resolve_owner', [f.id], `Resolve the owner of ${label}: it matches several identities`, [
        'Manual review: fix the emails in the IdP or the vendor so the account matches one person; nothing is removed on a guess.',
      ]));
      revoke();
      return;
    case 'PRIVILEGED_ACCOUNT': {
      const removeRole = manualReview(account, 'remove_admin_role', [f.id], `Remove the admin role of ${label} (manual, in ${vendorName})`, [
        account.vendor === 'dixa'
          ? 'Manual step: no documented Dixa API call sets an agent\'s roles.'
          : 'Manual step: admin rights come from is_super_admin, admin_office_ids and access-control policies; change them in Dialpad\'s admin settings.',
      ], 'on_revoke');
      ctx.onRevoke.push(removeRole);
      if (f.severity === 'info') {
        ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'informational: recertify the admin in the review (Revoke removes the admin role)' });
        return;
      }
      ctx.proposed.push(manualReview(account, 'review_admin_role', [f.id], `Review the admin role of ${label}: its owner is not in a configured admin group`, [
        'Manual review: confirm the person needs admin rights; Revoke removes the admin role, not the account.',
      ]));
      return;
    }
    default:
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'no remediation defined for this rule on an account' });
  }
}

/**
 * The identity of each MISSING_SEAT finding: by id, else by any normalized email (the first identity in export
 * order wins, as a linear search would). One pass over the identities for the ids asked, and one more only when
 * some finding's id named none; nothing is indexed for identities no finding names.
 */
function identitiesOf(identities: readonly Identity[], findings: readonly Finding[]): Map<Finding, Identity> {
  const out = new Map<Finding, Identity>();
  const ids = new Set<string>();
  for (const f of findings) if (f.identityId) ids.add(f.identityId);
  const byId = new Map<string, Identity>();
  if (ids.size > 0) for (const i of identities) if (ids.has(i.id) && !byId.has(i.id)) byId.set(i.id, i);
  const emails = new Map<Finding, string>();
  for (const f of findings) {
    const identity = f.identityId ? byId.get(f.identityId) : undefined;
    if (identity) out.set(f, identity);
    else if (f.identityEmail) emails.set(f, normalizeEmail(f.identityEmail));
  }
  if (emails.size === 0) return out;
  const wanted = new Set(emails.values());
  const byEmail = new Map<string, Identity>();
  for (const i of identities) {
    const all = i.primaryEmail !== null ? [...i.emails, i.primaryEmail] : i.emails;
    for (const e of all) {
      const key = normalizeEmail(e);
      if (wanted.has(key) && !byEmail.has(key)) byEmail.set(key, i);
    }
  }
  for (const [f, key] of emails) {
    const identity = byEmail.get(key);
    if (identity) out.set(f, identity);
  }
  return out;
}

function evidenceString(f: Finding, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = f.evidence[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

function planMissingSeats(ctx: Ctx, missing: Finding[], shortfalls: Finding[]): void {
  const { snapshot, config, identities } = ctx.input;
  const dialpadQueue = new Map<string, Array<{ f: Finding; email: string; name: string; office: NonNullable<ReturnType<typeof chooseOffice>> }>>();
  const identityOf = identitiesOf(identities, missing);
  const officeIndexes = new Map<VendorSnapshot, OfficeIndex>();
  for (const f of missing) {
    const vendor = f.vendor;
    const vs = vendor ? snapshot.vendors[vendor] : undefined;
    const identity = identityOf.get(f);
    const email = f.identityEmail ?? identity?.primaryEmail ?? f.subject.split(':identity:')[1] ?? null;
    if (!vendor || !vs || !email) {
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor, reason: !email ? 'no email to create the account with' : 'vendor not in the snapshot' });
      continue;
    }
    const name = identity?.displayName || evidenceString(f, 'displayName', 'name') || email.split('@')[0] || email;
    if (vendor === 'dixa') {
      ctx.proposed.push(dixaCreateAgent(email, name, [f.id], 'proposed'));
      continue;
    }
    let offices = officeIndexes.get(vs);
    if (!offices) officeIndexes.set(vs, (offices = indexOffices(vs)));
    const office = chooseOffice(offices, identity?.department ?? evidenceString(f, 'department'), evidenceString(f, 'officeId'), config.plan.dialpadDefaultOfficeId);
    if (!office) {
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor, reason: 'no Dialpad office in the snapshot to create the user in (POST /users needs office_id)' });
      continue;
    }
    const queued = dialpadQueue.get(office.officeId);
    if (queued) queued.push({ f, email, name, office });
    else dialpadQueue.set(office.officeId, [{ f, email, name, office }]);
  }
  const pools = new Map<string, SeatPool>();
  for (const p of snapshot.vendors.dialpad?.seatPools ?? []) if (!pools.has(p.scopeId)) pools.set(p.scopeId, p);
  const shortfallsBySubject = new Map<string, string[]>();
  for (const s of shortfalls) {
    const list = shortfallsBySubject.get(s.subject);
    if (list) list.push(s.id);
    else shortfallsBySubject.set(s.subject, [s.id]);
  }
  for (const [officeId, entries] of [...dialpadQueue.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    let available: number | null = pools.get(officeId)?.available.talk_lines ?? null;
    const shortfall = shortfallsBySubject.get(`dialpad:office:${officeId}`) ?? [];
    for (const e of entries.sort((a, b) => cmp(a.email, b.email))) {
      ctx.proposed.push(dialpadCreateUser(e.email, e.name, e.office, available, [e.f.id], 'proposed', shortfall));
      if (available !== null) available -= 1;
    }
  }
}

function planShortfall(ctx: Ctx, f: Finding): void {
  const officeId = f.subject.split(':office:')[1] ?? evidenceString(f, 'officeId') ?? '';
  const pool = ctx.pools.get(officeId);
  const name = pool?.scopeName ?? evidenceString(f, 'officeName') ?? officeId;
  ctx.proposed.push({
    kind: 'resolve_seat_shortfall',
    vendor: 'dialpad',
    accountId: null,
    target: officeId,
    findingIds: [f.id],
    stage: 'proposed',
    title: `Add licenses to office ${name} or free seats before creating users there (manual)`,
    call: null,
    destructive: false,
    reversible: true,
    approvalRequired: true,
    risk: ['Manual step: buying licenses is a billing decision; the user creations in this office are blocked until it is done.'],
    expect: { officeId, availableLicenses: pool?.available ?? null },
    phase: 'now',
    blockedBy: [],
    group: { kind: 'office', id: officeId, name: pool?.scopeName ?? null },
  });
}

/** The proposed remediation plan: a pure function of its inputs. No request is ever sent. */
export function buildPlan(input: PlanInput): RemediationPlan {
  const { doc, snapshot } = input;
  const ctx: Ctx = { input, proposed: [], onRevoke: [], notActioned: [], pools: new Map((input.snapshot.vendors.dialpad?.seatPools ?? []).map((p) => [p.scopeId, p])) };
  const findings = [...doc.findings].sort((a, b) => cmp(a.id, b.id));
  const active: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: `suppressed by exception ${f.exception ?? '(unnamed)'}` });
    else active.push(f);
  }
  // Findings per vendor, then per account id: the snapshot's accounts are then matched by id, with no key string
  // built per account of the organisation.
  const byAccount = new Map<Vendor, Map<string, Finding[]>>();
  const missing: Finding[] = [];
  const shortfalls = findings.filter((f) => f.rule === 'SEAT_SHORTFALL');
  for (const f of active) {
    if (f.rule === 'MISSING_SEAT') missing.push(f);
    else if (f.rule === 'SEAT_SHORTFALL') planShortfall(ctx, f);
    else if (f.rule === 'EXCEPTION_EXPIRED') {
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'no vendor action: renew the exception (decide Exception) or let the findings it covered stand; they have their own actions' });
    } else if (f.rule === 'DATA_QUALITY') {
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'no vendor action: fix the record in the IdP' });
    } else if (f.vendor && f.accountId) {
      let ofVendor = byAccount.get(f.vendor);
      if (!ofVendor) byAccount.set(f.vendor, (ofVendor = new Map()));
      const list = ofVendor.get(f.accountId);
      if (list) list.push(f);
      else ofVendor.set(f.accountId, [f]);
    } else {
      ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: 'the finding names no vendor account' });
    }
  }
  // The accounts findings name, by vendor and id (the last of two snapshot accounts with one id wins).
  const accounts = new Map<Vendor, Map<string, Account>>();
  for (const vs of Object.values(snapshot.vendors)) {
    for (const a of vs?.accounts ?? []) {
      if (!byAccount.get(a.vendor)?.has(a.id)) continue;
      let ofVendor = accounts.get(a.vendor);
      if (!ofVendor) accounts.set(a.vendor, (ofVendor = new Map()));
      ofVendor.set(a.id, a);
    }
  }
  // In the order of vendor, then id: what one sorted `vendor \u001f id` key gave (no vendor name is a prefix of another).
  for (const vendor of [...byAccount.keys()].sort(cmp)) {
    const ofVendor = byAccount.get(vendor) as Map<string, Finding[]>;
    const vs = snapshot.vendors[vendor];
    for (const [accountId, fs] of [...ofVendor.entries()].sort((a, b) => cmp(a[0], b[0]))) {
      const account = accounts.get(vendor)?.get(accountId);
      if (!vs || !account) {
        for (const f of fs) ctx.notActioned.push({ findingId: f.id, rule: f.rule, vendor: f.vendor, reason: vs ? 'account not in the snapshot' : `${vendor} not in the snapshot` });
        continue;
      }
      planAccount(ctx, vs, account, fs);
    }
  }
  planMissingSeats(ctx, missing, shortfalls);

  const vendors: Record<string, VendorCount> = {};
  for (const [vendor, vs] of Object.entries(snapshot.vendors)) {
    if (!vs) continue;
    vendors[vendor] = { accounts: vs.accounts.length, complete: vs.complete, incompleteReason: vs.complete ? null : vs.incompleteReasons.join('; ') || 'incomplete' };
  }
  const actions = assembleActions(ctx.proposed, input.snapshotSha256);
  const onRevoke = assembleActions(ctx.onRevoke, input.snapshotSha256);
  const capPercent = input.config.plan.destructiveCapPercent;
  const cap = applyCap(actions, vendors, capPercent, input.allowMassRemoval);
  const notes = [...cap.notes];
  for (const [vendor, v] of Object.entries(vendors)) {
    if (!v.complete) notes.push(`${vendor}: snapshot incomplete (${v.incompleteReason}): no destructive action is proposed for it.`);
  }
  return {
    schemaVersion: 1,
    status: cap.status,
    blockedReasons: cap.blockedReasons,
    generatedAt: input.generatedAt,
    runId: doc.run.id,
    snapshotSha256: input.snapshotSha256,
    perVendor: cap.perVendor,
    actions,
    source: 'proposed',
    capPercent,
    allowMassRemoval: input.allowMassRemoval,
    onRevoke,
    notActioned: ctx.notActioned.sort((a, b) => cmp(a.findingId, b.findingId)),
    notes,
  };
}
