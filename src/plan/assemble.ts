import type { HttpCall, PlanAction, PlanMember, RemediationPlan } from '../model/plan.js';
import { apiPathOrNull } from '../http/path.js';
import { stableId } from '../util/hash.js';
import { unsafeIdRisk } from './unsafe-id.js';
import { cmp } from './held.js';
import { ACTION_KINDS, accountStep, BATCH_LIMIT, isActionKind, type Stage, type Step, type StepCommon } from './steps.js';

const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(cmp);
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** Shared by every action with no dependency: never mutated (frozen, so a push would throw, not spread). */
const NO_DEPENDENCIES = Object.freeze([]) as unknown as string[];

/** null (a manual step) when the group id cannot be put in a path. */
function batchCall(kind: string, groupId: string, ids: string[]): HttpCall | null {
  const path = kind === 'remove_queue_members' ? apiPathOrNull`/v1/queues/${groupId}/members` : apiPathOrNull`/v1/teams/${groupId}/agents`;
  return path === null ? null : { method: 'DELETE', path, body: { agentIds: ids } };
}

/** An action while it is assembled: what merging and ordering need beside the action itself. */
interface Draft {
  action: PlanAction;
  /** Merge state of a step's action: the steps' approvalRequired and blockedBy, merged so far. */
  approval: boolean;
  blockedBy: string[];
  /** Accounts the action touches (a batch: its members). */
  accounts: string[];
  /** Rank in a person-gone chain; -1 when the action takes no part in one. */
  rank: number;
  /** Sort key, in order: class, vendor, first account (else title), kind, id. */
  cls: number;
  where: string;
  deps: Draft[];
  dependents: Draft[];
  indegree: number;
  /** Index in the sort by key. */
  sorted: number;
  position: number;
}

/** One account of a batched group, its steps merged: what the batch call needs of it. */
interface BatchMember {
  member: PlanMember;
  findingIds: string[];
  risk: string[];
  approval: boolean;
  reversible: boolean;
}

/** The accounts of one batched group (kind, vendor, group id), as the first step of the group named it. */
interface Batch {
  kind: Step['kind'];
  vendor: Step['vendor'];
  group: Step['group'];
  members: Map<string, BatchMember>;
}

function draftOf(action: PlanAction, accounts: string[], approval: boolean, blockedBy: string[]): Draft {
  const meta = isActionKind(action.kind) ? ACTION_KINDS[action.kind] : null;
  const cls = action.phase === 'after_retention' ? 4 : (meta?.cls ?? 9);
  return {
    action,
    approval,
    blockedBy,
    accounts,
    rank: meta?.chain ? meta.rank : -1,
    cls,
    where: accounts[0] ?? action.title,
    deps: [],
    dependents: [],
    indegree: 0,
    sorted: 0,
    position: 0,
  };
}

function before(a: Draft, b: Draft): number {
  if (a.cls !== b.cls) return a.cls - b.cls;
  return cmp(a.action.vendor, b.action.vendor) || cmp(a.where, b.where) || cmp(a.action.kind, b.action.kind) || cmp(a.action.id, b.action.id);
}

/** Binary min-heap of numbers: Kahn's algorithm pops the smallest ready action in O(log n). */
class MinHeap {
  private readonly items: number[] = [];
  push(item: number): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= item) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = item;
  }
  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const m = r < a.length && (a[r] as number) < (a[l] as number) ? r : l;
      if ((a[m] as number) >= last) break;
      a[i] = a[m] as number;
      i = m;
    }
    a[i] = last;
    return top;
  }
}

/**
 * Steps -> ordered actions, fed an account at a time (issue 19: the campaign's steps for 100k accounts are never
 * held; each step's action is built when the step arrives, in its final form): merge steps that do the same thing
 * (same kind, vendor and target, or the same batch member), batch (at most 10 members a call), depend each chain
 * action on the account's immediately preceding chain actions (removals on the manual reassign, downgrade/suspend on
 * the removals, the permanent delete on the suspend), then order topologically. Equal lists (risks, finding ids) are
 * one array shared by the actions, never a copy per action.
 */
export class ActionAssembler {
  private readonly snapshotSha256: string;
  private readonly drafts = new Map<string, Draft>();
  private readonly batches = new Map<string, Batch>();
  private readonly lists = new Map<string, string[]>();
  private readonly singletons = new Map<string, string[]>();

  constructor(snapshotSha256: string) {
    this.snapshotSha256 = snapshotSha256;
  }

  add(steps: readonly Step[]): void {
    for (const s of steps) {
      if (s.member) this.addMember(s, s.member);
      else this.addStep(s);
    }
  }

  private addStep(s: Step): void {
    const key = `${s.kind}\u001f${s.vendor}\u001f${s.target}`;
    const d = this.drafts.get(key);
    if (!d) {
      this.drafts.set(key, this.draftOfStep(s));
      return;
    }
    const a = d.action;
    a.findingIds = uniqSorted([...a.findingIds, ...s.findingIds]);
    a.risk = uniq([...a.risk, ...s.risk]);
    d.approval ||= s.approvalRequired;
    d.blockedBy = uniqSorted([...d.blockedBy, ...s.blockedBy]);
    a.approvalRequired = d.approval || d.blockedBy.length > 0;
    if (d.blockedBy.length > 0) a.blockedBy = d.blockedBy;
  }

  private addMember(s: Step, member: PlanMember): void {
    const groupKey = `${s.kind}\u001f${s.vendor}\u001f${s.group?.id ?? ''}`;
    let batch = this.batches.get(groupKey);
    if (!batch) this.batches.set(groupKey, (batch = { kind: s.kind, vendor: s.vendor, group: s.group, members: new Map() }));
    const prev = batch.members.get(member.accountId);
    if (!prev) {
      batch.members.set(member.accountId, { member, findingIds: member.findingIds, risk: this.shared(s.risk), approval: s.approvalRequired, reversible: s.reversible });
      return;
    }
    prev.findingIds = uniqSorted([...prev.findingIds, ...member.findingIds]);
    prev.risk = uniq([...prev.risk, ...s.risk]);
    prev.approval ||= s.approvalRequired;
  }

  /** One shared array per distinct list (finding ids, risks): the same list on many actions is one array. */
  private shared(list: readonly string[]): string[] {
    if (list.length === 1) {
      const only = list[0] as string;
      let found = this.singletons.get(only);
      if (!found) this.singletons.set(only, (found = [only]));
      return found;
    }
    const key = JSON.stringify(list);
    let found = this.lists.get(key);
    if (!found) this.lists.set(key, (found = [...list]));
    return found;
  }

  private sortedIds(ids: readonly string[]): string[] {
    return this.shared(ids.length <= 1 ? ids : uniqSorted(ids));
  }

  /** A step's action. Keys are set in sorted order: the JSON writer then hands each action to JSON.stringify whole. */
  private draftOfStep(s: Step): Draft {
    const blocked = s.blockedBy.length > 0;
    const a = { accountId: s.accountId, approvalRequired: s.approvalRequired || blocked } as PlanAction;
    if (blocked) a.blockedBy = this.sortedIds(s.blockedBy);
    a.call = s.call;
    a.dependsOn = NO_DEPENDENCIES;
    a.destructive = s.destructive;
    a.findingIds = this.sortedIds(s.findingIds);
    if (s.group) a.group = s.group;
    a.id = stableId('A', s.kind, s.vendor, s.target);
    a.kind = s.kind;
    a.order = 0;
    a.phase = s.phase;
    a.precondition = { expect: s.expect, snapshotSha256: this.snapshotSha256 };
    a.reversible = s.reversible;
    a.risk = this.shared(s.risk);
    a.title = s.title;
    a.vendor = s.vendor;
    return draftOf(a, s.accountId ? [s.accountId] : [], s.approvalRequired, s.blockedBy);
  }

  private batched(batch: Batch, out: Draft[]): void {
    const { group } = batch;
    if (!group) return;
    const limit = BATCH_LIMIT[batch.kind] ?? 10;
    const sorted = [...batch.members.values()].sort((a, b) => cmp(a.member.accountId, b.member.accountId));
    const where = batch.kind === 'remove_queue_members' ? 'queue' : 'team';
    const name = group.name ?? group.id;
    const groupRisk = unsafeIdRisk(group.id);
    for (let i = 0; i < sorted.length; i += limit) {
      const chunk = sorted.slice(i, i + limit);
      const members: PlanMember[] = [];
      for (const m of chunk) {
        // Object.assign, not a spread with more properties (see accountStep): the member's own fields, then these two.
        const member: PlanMember = Object.assign({}, m.member);
        member.findingIds = this.sortedIds(m.findingIds);
        member.risk = m.risk;
        members.push(member);
      }
      const ids = members.map((m) => m.accountId);
      const a = { accountId: null, approvalRequired: chunk.some((m) => m.approval) } as PlanAction;
      a.call = batchCall(batch.kind, group.id, ids);
      a.dependsOn = NO_DEPENDENCIES;
      a.destructive = true;
      a.findingIds = this.sortedIds(members.flatMap((m) => m.findingIds));
      a.group = group;
      a.id = stableId('A', batch.kind, batch.vendor, `${group.id}:${ids.join(',')}`);
      a.kind = batch.kind;
      a.members = members;
      a.order = 0;
      a.phase = 'now';
      // The Markdown plan and the workbook print expect and call as JSON in their own key order: keep it.
      a.precondition = { expect: { memberOf: group.id, agentIds: ids }, snapshotSha256: this.snapshotSha256 };
      a.reversible = chunk.every((m) => m.reversible);
      a.risk = uniq([...chunk.flatMap((m) => m.risk), ...groupRisk]);
      a.title = `Remove ${ids.length} ${ids.length === 1 ? 'member' : 'members'} from ${where} ${name}: ${members.map((m) => m.displayName ?? m.accountId).join(', ')}`;
      a.vendor = batch.vendor;
      out.push(draftOf(a, ids, false, []));
    }
  }

  /** The actions, ordered; the assembler is spent. */
  finish(): PlanAction[] {
    const drafts = [...this.drafts.values()];
    for (const b of this.batches.values()) this.batched(b, drafts);
    this.drafts.clear();
    this.batches.clear();
    this.lists.clear();
    this.singletons.clear();
    linkChains(drafts);
    return orderDrafts(drafts).map((d) => d.action);
  }
}

/**
 * Each chain action depends on the chain actions of the highest lower rank on each of its accounts. vendor + account
 * -> chain actions touching it, so dependencies cost O(actions), not O(actions^2).
 */
function linkChains(drafts: Draft[]): void {
  const byAccount = new Map<string, Map<string, Draft[]>>();
  for (const d of drafts) {
    if (d.rank < 0) continue;
    let accounts = byAccount.get(d.action.vendor);
    if (!accounts) byAccount.set(d.action.vendor, (accounts = new Map()));
    for (const account of d.accounts) {
      const list = accounts.get(account);
      if (list) list.push(d);
      else accounts.set(account, [d]);
    }
  }
  for (const d of drafts) {
    if (d.rank < 0) continue;
    const accounts = byAccount.get(d.action.vendor);
    const on = new Set<Draft>();
    for (const account of d.accounts) {
      const list = accounts?.get(account) ?? [];
      let top = -1;
      for (const o of list) if (o !== d && o.rank < d.rank && o.rank > top) top = o.rank;
      if (top < 0) continue;
      for (const o of list) if (o !== d && o.rank === top) on.add(o);
    }
    for (const o of on) {
      d.deps.push(o);
      o.dependents.push(d);
    }
    d.indegree = d.deps.length;
  }
}

/** A deterministic order that respects dependencies: Kahn's algorithm, ties broken by class, vendor, target, kind, id. */
function orderDrafts(drafts: Draft[]): Draft[] {
  // One sort by the full key (native, stable), then the heap orders ranks: integer comparisons instead of five
  // string comparisons per heap step. The key ends in the unique id, so the order is the same.
  const sorted = [...drafts].sort(before);
  for (let i = 0; i < sorted.length; i++) (sorted[i] as Draft).sorted = i;
  const ready = new MinHeap();
  for (const d of drafts) if (d.indegree === 0) ready.push(d.sorted);
  const out: Draft[] = [];
  for (let rank = ready.pop(); rank !== undefined; rank = ready.pop()) {
    const next = sorted[rank] as Draft;
    next.position = out.length;
    out.push(next);
    for (const d of next.dependents) if (--d.indegree === 0) ready.push(d.sorted);
  }
  if (out.length !== drafts.length) throw new Error('plan: dependency cycle among actions');
  for (const d of out) {
    d.action.order = d.position;
    if (d.deps.length > 0) d.action.dependsOn = d.deps.sort((x, y) => x.position - y.position).map((x) => x.action.id);
  }
  return out;
}

/** Steps -> ordered actions (see ActionAssembler). */
export function assembleActions(steps: Step[], snapshotSha256: string): PlanAction[] {
  const assembler = new ActionAssembler(snapshotSha256);
  assembler.add(steps);
  return assembler.finish();
}

/** Actions back into steps (batched calls split per member): what a reviewer's decisions filter and re-batch. */
export function actionsToSteps(actions: PlanAction[], stage: Stage): Step[] {
  const steps: Step[] = [];
  for (const a of actions) {
    if (!isActionKind(a.kind)) continue;
    // Each step written out field by field (see accountStep: a spread with more properties is slow on Node 20).
    const common = (accountId: string | null, findingIds: string[]): StepCommon => ({ vendor: a.vendor, accountId, findingIds, stage, phase: a.phase, blockedBy: a.blockedBy ?? [] });
    if (a.members && a.group) {
      for (const m of a.members) {
        steps.push(
          accountStep(common(m.accountId, m.findingIds), {
            kind: a.kind,
            target: a.group.id,
            destructive: a.destructive,
            reversible: a.reversible,
            approvalRequired: a.approvalRequired,
            // Each member's own risks: a risk that held only for a member a reviewer did not revoke must not stay.
            risk: m.risk ?? a.risk,
            title: a.title,
            call: null,
            expect: { memberOf: a.group.id },
            group: a.group,
            member: m,
          }),
        );
      }
      continue;
    }
    const step = accountStep(common(a.accountId, a.findingIds), {
      kind: a.kind,
      target: targetOf(a),
      destructive: a.destructive,
      reversible: a.reversible,
      approvalRequired: a.approvalRequired,
      risk: a.risk,
      title: a.title,
      call: a.call,
      expect: a.precondition.expect,
    });
    if (a.group) step.group = a.group;
    steps.push(step);
  }
  return steps;
}

/** The id target of a non-batched action, recovered so re-assembly gives the same id. */
function targetOf(a: PlanAction): string {
  const body = (a.call?.body ?? {}) as Record<string, unknown>;
  switch (a.kind) {
    case 'remove_callcenter_operator':
      return `${a.group?.id ?? ''}:${a.accountId ?? ''}`;
    case 'unassign_number':
      return `${a.accountId ?? ''}:${String(body.number ?? '')}`;
    case 'create_agent':
    case 'create_user':
      return String(body.email ?? a.title);
    case 'resolve_seat_shortfall':
      return a.group?.id ?? a.title;
    default:
      return a.accountId ?? a.title;
  }
}

export interface VendorCount {
  accounts: number;
  complete: boolean;
  incompleteReason: string | null;
}

/** Caps destructive actions per vendor: counted as accounts that would lose access, at most capPercent of the vendor's accounts. */
export function applyCap(
  actions: PlanAction[],
  vendors: Record<string, VendorCount>,
  capPercent: number,
  allowMassRemoval: boolean,
): Pick<RemediationPlan, 'perVendor' | 'blockedReasons' | 'status'> & { notes: string[] } {
  const perVendor: RemediationPlan['perVendor'] = {};
  const blockedReasons: string[] = [];
  const notes: string[] = [];
  for (const vendor of Object.keys(vendors).sort(cmp)) {
    const v = vendors[vendor];
    if (!v) continue;
    const destructive = actions.filter((a) => a.vendor === vendor && a.destructive);
    const affected = new Set<string>();
    for (const a of destructive) {
      if (a.members) for (const m of a.members) affected.add(m.accountId);
      else if (a.accountId) affected.add(a.accountId);
    }
    // At least one account, so a small organisation can still remove one leaver without the override.
    const cap = capPercent <= 0 ? 0 : Math.max(1, Math.floor((v.accounts * capPercent) / 100));
    const over = affected.size > cap;
    if (over && allowMassRemoval) {
      notes.push(`${vendor}: ${affected.size} accounts would lose access, over the cap of ${cap} (${capPercent}% of ${v.accounts} accounts); allowed by --allow-mass-removal.`);
    } else if (over) {
      blockedReasons.push(
        `${vendor}: ${affected.size} accounts would lose access, over the cap of ${cap} (${capPercent}% of ${v.accounts} accounts); check the plan, then re-run with --allow-mass-removal.`,
      );
    }
    perVendor[vendor] = {
      accounts: v.accounts,
      destructiveActions: destructive.length,
      cap,
      blocked: over && !allowMassRemoval,
      accountsAffected: affected.size,
      complete: v.complete,
      incompleteReason: v.incompleteReason,
    };
  }
  const status = blockedReasons.length > 0 ? 'blocked' : actions.length === 0 ? 'empty' : 'ready';
  return { perVendor, blockedReasons, status, notes };
}
