import type { HttpCall, PlanAction, PlanMember, RemediationPlan } from '../model/plan.js';
import { apiPathOrNull } from '../http/path.js';
import { stableId } from '../util/hash.js';
import { unsafeIdRisk } from './unsafe-id.js';
import { cmp } from './held.js';
import { ACTION_KINDS, BATCH_LIMIT, isActionKind, type Stage, type Step } from './steps.js';

const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(cmp);
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** null (a manual step) when the group id cannot be put in a path. */
function batchCall(kind: string, groupId: string, ids: string[]): HttpCall | null {
  const path = kind === 'remove_queue_members' ? apiPathOrNull`/v1/queues/${groupId}/members` : apiPathOrNull`/v1/teams/${groupId}/agents`;
  return path === null ? null : { method: 'DELETE', path, body: { agentIds: ids } };
}

/** Merges steps that do the same thing (same kind, vendor and target, or the same batch member) into one. */
function mergeSteps(steps: Step[]): Step[] {
  const merged = new Map<string, Step>();
  for (const s of steps) {
    const key = s.member ? `${s.kind}\u001f${s.vendor}\u001f${s.group?.id ?? ''}\u001f${s.member.accountId}` : `${s.kind}\u001f${s.vendor}\u001f${s.target}`;
    const prev = merged.get(key);
    if (!prev) {
      merged.set(key, { ...s, findingIds: uniqSorted(s.findingIds), risk: [...s.risk], member: s.member ? { ...s.member, findingIds: uniqSorted(s.member.findingIds) } : undefined });
      continue;
    }
    prev.findingIds = uniqSorted([...prev.findingIds, ...s.findingIds]);
    prev.risk = uniq([...prev.risk, ...s.risk]);
    prev.approvalRequired ||= s.approvalRequired;
    prev.blockedBy = uniqSorted([...prev.blockedBy, ...s.blockedBy]);
    if (prev.member && s.member) prev.member.findingIds = uniqSorted([...prev.member.findingIds, ...s.member.findingIds]);
  }
  return [...merged.values()];
}

interface Draft extends Omit<PlanAction, 'order' | 'dependsOn'> {
  accounts: string[];
}

function toDraft(s: Step, snapshotSha256: string): Draft {
  const d: Draft = {
    id: stableId('A', s.kind, s.vendor, s.target),
    findingIds: uniqSorted(s.findingIds),
    vendor: s.vendor,
    accountId: s.accountId,
    kind: s.kind,
    title: s.title,
    call: s.call,
    destructive: s.destructive,
    reversible: s.reversible,
    approvalRequired: s.approvalRequired || s.blockedBy.length > 0,
    risk: s.risk,
    precondition: { expect: s.expect, snapshotSha256 },
    phase: s.phase,
    accounts: s.accountId ? [s.accountId] : [],
  };
  if (s.group) d.group = s.group;
  if (s.blockedBy.length > 0) d.blockedBy = uniqSorted(s.blockedBy);
  return d;
}

function batchDrafts(steps: Step[], snapshotSha256: string): Draft[] {
  const byGroup = new Map<string, Step[]>();
  for (const s of steps) {
    const key = `${s.kind}\u001f${s.vendor}\u001f${s.group?.id ?? ''}`;
    const list = byGroup.get(key);
    if (list) list.push(s);
    else byGroup.set(key, [s]);
  }
  const drafts: Draft[] = [];
  for (const group of byGroup.values()) {
    const first = group[0];
    if (!first?.group) continue;
    const limit = BATCH_LIMIT[first.kind] ?? 10;
    const sorted = [...group].sort((a, b) => cmp(a.member?.accountId ?? '', b.member?.accountId ?? ''));
    for (let i = 0; i < sorted.length; i += limit) {
      const chunk = sorted.slice(i, i + limit);
      const members: PlanMember[] = chunk.flatMap((s) => (s.member ? [{ ...s.member, risk: [...s.risk] }] : []));
      const ids = members.map((m) => m.accountId);
      const where = first.kind === 'remove_queue_members' ? 'queue' : 'team';
      const name = first.group.name ?? first.group.id;
      const d: Draft = {
        id: stableId('A', first.kind, first.vendor, `${first.group.id}:${ids.join(',')}`),
        findingIds: uniqSorted(members.flatMap((m) => m.findingIds)),
        vendor: first.vendor,
        accountId: null,
        kind: first.kind,
        title: `Remove ${ids.length} ${ids.length === 1 ? 'member' : 'members'} from ${where} ${name}: ${members.map((m) => m.displayName ?? m.accountId).join(', ')}`,
        call: batchCall(first.kind, first.group.id, ids),
        destructive: true,
        reversible: chunk.every((s) => s.reversible),
        approvalRequired: chunk.some((s) => s.approvalRequired),
        risk: uniq([...chunk.flatMap((s) => s.risk), ...unsafeIdRisk(first.group.id)]),
        precondition: { expect: { memberOf: first.group.id, agentIds: ids }, snapshotSha256 },
        phase: 'now',
        members,
        group: first.group,
        accounts: ids,
      };
      drafts.push(d);
    }
  }
  return drafts;
}

/** Binary min-heap: Kahn's algorithm pops the smallest ready action in O(log n). */
class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly less: (a: T, b: T) => number;
  constructor(less: (a: T, b: T) => number) {
    this.less = less;
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i] as T, a[parent] as T) >= 0) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l] as T, a[m] as T) < 0) m = l;
      if (r < a.length && this.less(a[r] as T, a[m] as T) < 0) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as T, a[i] as T];
      i = m;
    }
    return top;
  }
}

/** A deterministic order that respects dependencies: Kahn's algorithm, ties broken by class, vendor, target, id. */
function orderDrafts(drafts: Draft[], deps: Map<string, string[]>): Draft[] {
  const key = (d: Draft): string[] => {
    const meta = isActionKind(d.kind) ? ACTION_KINDS[d.kind] : { cls: 9 };
    const cls = d.phase === 'after_retention' ? 4 : meta.cls;
    return [String(cls), d.vendor, d.accounts[0] ?? d.title, d.kind, d.id];
  };
  const before = (a: Draft, b: Draft): number => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = cmp(ka[i] ?? '', kb[i] ?? '');
      if (c !== 0) return c;
    }
    return 0;
  };
  const indegree = new Map<string, number>(drafts.map((d) => [d.id, deps.get(d.id)?.length ?? 0]));
  const dependents = new Map<string, string[]>();
  for (const [id, ds] of deps) {
    for (const dep of ds) {
      const list = dependents.get(dep);
      if (list) list.push(id);
      else dependents.set(dep, [id]);
    }
  }
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const ready = new MinHeap<Draft>(before);
  for (const d of drafts) if ((indegree.get(d.id) ?? 0) === 0) ready.push(d);
  const out: Draft[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    out.push(next);
    for (const id of dependents.get(next.id) ?? []) {
      const left = (indegree.get(id) ?? 0) - 1;
      indegree.set(id, left);
      const d = byId.get(id);
      if (left === 0 && d) ready.push(d);
    }
  }
  if (out.length !== drafts.length) throw new Error('plan: dependency cycle among actions');
  return out;
}

/**
 * Steps -> ordered actions: merge, batch (at most 10 members a call), depend each chain action on the
 * account's immediately preceding chain actions (removals on the manual reassign, downgrade/suspend on the
 * removals, the permanent delete on the suspend), then order topologically.
 */
export function assembleActions(steps: Step[], snapshotSha256: string): PlanAction[] {
  const merged = mergeSteps(steps);
  const drafts = [
    ...merged.filter((s) => !s.member).map((s) => toDraft(s, snapshotSha256)),
    ...batchDrafts(merged.filter((s) => s.member), snapshotSha256),
  ];
  const deps = new Map<string, string[]>();
  const chainOf = (d: Draft): { rank: number } | null => (isActionKind(d.kind) && ACTION_KINDS[d.kind].chain ? ACTION_KINDS[d.kind] : null);
  // vendor + account -> chain actions touching that account, so dependencies cost O(actions), not O(actions^2).
  const byAccount = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (!chainOf(d)) continue;
    for (const account of d.accounts) {
      const key = `${d.vendor}\u001f${account}`;
      const list = byAccount.get(key);
      if (list) list.push(d);
      else byAccount.set(key, [d]);
    }
  }
  for (const d of drafts) {
    const meta = chainOf(d);
    if (!meta) continue;
    const on = new Set<string>();
    for (const account of d.accounts) {
      const earlier = (byAccount.get(`${d.vendor}\u001f${account}`) ?? []).filter((o) => o !== d && (chainOf(o)?.rank ?? 99) < meta.rank);
      const top = Math.max(-1, ...earlier.map((o) => chainOf(o)?.rank ?? -1));
      for (const o of earlier) if (chainOf(o)?.rank === top) on.add(o.id);
    }
    deps.set(d.id, [...on]);
  }
  const ordered = orderDrafts(drafts, deps);
  const position = new Map(ordered.map((d, i) => [d.id, i]));
  return ordered.map((d, order) => {
    const { accounts: _accounts, ...rest } = d;
    const dependsOn = [...(deps.get(d.id) ?? [])].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
    return { ...rest, order, dependsOn };
  });
}

/** Actions back into steps (batched calls split per member): what a reviewer's decisions filter and re-batch. */
export function actionsToSteps(actions: PlanAction[], stage: Stage): Step[] {
  const steps: Step[] = [];
  for (const a of actions) {
    if (!isActionKind(a.kind)) continue;
    const common = {
      kind: a.kind,
      vendor: a.vendor,
      stage,
      destructive: a.destructive,
      reversible: a.reversible,
      approvalRequired: a.approvalRequired,
      risk: a.risk,
      phase: a.phase,
      blockedBy: a.blockedBy ?? [],
    };
    if (a.members && a.group) {
      for (const m of a.members) {
        steps.push({
          ...common,
          accountId: m.accountId,
          target: a.group.id,
          findingIds: m.findingIds,
          // Each member's own risks: a risk that held only for a member a reviewer did not revoke must not stay.
          risk: m.risk ?? a.risk,
          title: a.title,
          call: null,
          expect: { memberOf: a.group.id },
          group: a.group,
          member: m,
        });
      }
      continue;
    }
    steps.push({
      ...common,
      accountId: a.accountId,
      target: targetOf(a),
      findingIds: a.findingIds,
      title: a.title,
      call: a.call,
      expect: a.precondition.expect,
      ...(a.group ? { group: a.group } : {}),
    });
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
