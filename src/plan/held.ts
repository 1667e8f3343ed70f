import type { Account, GroupKind, VendorSnapshot } from '../model/index.js';

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
  const byKind = (kind: 'team' | 'queue' | 'callcenter'): HeldGroup[] => {
    const found = new Map<string, HeldGroup>();
    for (const m of account.memberships) {
      if (m.kind !== kind) continue;
      const group = vs.groups.find((g) => g.kind === kind && g.id === m.id);
      found.set(m.id, { kind, id: m.id, name: m.name ?? group?.name ?? null, role: m.role });
    }
    for (const g of vs.groups) {
      if (g.kind !== kind || !g.memberIds.includes(account.id) || found.has(g.id)) continue;
      found.set(g.id, { kind, id: g.id, name: g.name, role: null });
    }
    return [...found.values()].sort((a, b) => cmp(a.id, b.id));
  };
  const numbers = new Set<string>(account.phoneNumbers);
  for (const m of account.memberships) if (m.kind === 'number') numbers.add(m.id);
  for (const n of vs.numbers) if (n.targetType === 'user' && n.targetId === account.id) numbers.add(n.number);
  return { teams: byKind('team'), queues: byKind('queue'), callcenters: byKind('callcenter'), numbers: [...numbers].sort(cmp) };
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
