import type { Account, Group, GroupKind, VendorSnapshot } from '../model/index.js';

interface SnapshotIndex {
  groups: Map<string, Group>;
  groupsByMember: Map<string, Group[]>;
  numbersByUser: Map<string, string[]>;
}

// Built once per snapshot object, so a plan over many accounts does not rescan every group and number per account.
const indexes = new WeakMap<VendorSnapshot, SnapshotIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(vs: VendorSnapshot): SnapshotIndex {
  const cached = indexes.get(vs);
  if (cached) return cached;
  const index: SnapshotIndex = { groups: new Map(), groupsByMember: new Map(), numbersByUser: new Map() };
  for (const g of vs.groups) {
    if (!index.groups.has(`${g.kind}\u001f${g.id}`)) index.groups.set(`${g.kind}\u001f${g.id}`, g);
    for (const id of new Set(g.memberIds)) push(index.groupsByMember, id, g);
  }
  for (const n of vs.numbers) if (n.targetType === 'user' && n.targetId) push(index.numbersByUser, n.targetId, n.number);
  indexes.set(vs, index);
  return index;
}

export interface HeldGroup {
  kind: GroupKind;
  id: string;
  name: string | null;
  /** Membership role (queue priority, operator/supervisor/admin) where the vendor gives one. */
  role: string | null;
}

export interface HeldResources {
  teams: HeldGroup[];
  queues: HeldGroup[];
  callcenters: HeldGroup[];
  numbers: string[];
}

/**
 * What an account still holds, from both directions of the snapshot: the account's own memberships and the
 * groups that list its id (a downgraded Dixa agent shows up only in the group's member ids).
 */
export function heldResources(vs: VendorSnapshot, account: Account): HeldResources {
  const index = indexOf(vs);
  const byKind = (kind: 'team' | 'queue' | 'callcenter'): HeldGroup[] => {
    const found = new Map<string, HeldGroup>();
    for (const m of account.memberships) {
      if (m.kind !== kind) continue;
      const group = index.groups.get(`${kind}\u001f${m.id}`);
      found.set(m.id, { kind, id: m.id, name: m.name ?? group?.name ?? null, role: m.role });
    }
    for (const g of index.groupsByMember.get(account.id) ?? []) {
      if (g.kind !== kind || found.has(g.id)) continue;
      found.set(g.id, { kind, id: g.id, name: g.name, role: null });
    }
    return [...found.values()].sort((a, b) => cmp(a.id, b.id));
  };
  const numbers = new Set<string>(account.phoneNumbers);
  for (const m of account.memberships) if (m.kind === 'number') numbers.add(m.id);
  for (const n of index.numbersByUser.get(account.id) ?? []) numbers.add(n);
  return { teams: byKind('team'), queues: byKind('queue'), callcenters: byKind('callcenter'), numbers: [...numbers].sort(cmp) };
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
