import type { Account } from '../model/account.js';
import type { VendorView } from './context.js';

/** Something an account still holds that a deactivated account should not (docs/rules.md "Held resources"). */
export interface HeldResource {
  kind: 'team' | 'queue' | 'callcenter' | 'number';
  id: string;
  name: string | null;
  /** Where the snapshot shows it: the account's own memberships, a group's member list, a number's target. */
  seenIn: string[];
}

const GROUP_KINDS = new Set(['team', 'queue', 'callcenter']);

/**
 * Everything the account holds, merged from every place the snapshot records it: Dixa team and queue
 * memberships, Dialpad call-center operator seats and phone numbers (the user's phone_numbers and /numbers
 * entries targeting the user). An office or a license is not held: a suspended Dialpad user consumes no license.
 */
export function heldResources(account: Account, view: VendorView): HeldResource[] {
  const byKey = new Map<string, HeldResource>();
  const note = (kind: HeldResource['kind'], id: string, name: string | null, seenIn: string): void => {
    const key = `${kind}\u0000${id}`;
    const r = byKey.get(key);
    if (r === undefined) byKey.set(key, { kind, id, name, seenIn: [seenIn] });
    else {
      if (r.name === null && name !== null) r.name = name;
      if (!r.seenIn.includes(seenIn)) r.seenIn.push(seenIn);
    }
  };
  for (const m of account.memberships) {
    if (GROUP_KINDS.has(m.kind)) note(m.kind as HeldResource['kind'], m.id, m.name ?? view.groupsById.get(m.id)?.name ?? null, 'account memberships');
    else if (m.kind === 'number') note('number', m.id, m.name, 'account memberships');
  }
  for (const g of view.groupsOfMember.get(account.id) ?? []) {
    if (GROUP_KINDS.has(g.kind)) note(g.kind as HeldResource['kind'], g.id, g.name, `${g.kind} member list`);
  }
  for (const n of account.phoneNumbers) note('number', n, null, 'account phone numbers');
  for (const n of view.numbersOfTarget.get(account.id) ?? []) note('number', n.number, null, `number ${n.status} targeting the user`);
  const order: Record<HeldResource['kind'], number> = { team: 0, queue: 1, callcenter: 2, number: 3 };
  return [...byKey.values()]
    .map((r) => ({ ...r, seenIn: [...r.seenIn].sort() }))
    .sort((a, b) => order[a.kind] - order[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
