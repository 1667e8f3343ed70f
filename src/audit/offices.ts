import type { Config } from '../config/schema.js';
import type { Identity } from '../model/identity.js';
import type { VendorView } from './context.js';

export interface Office {
  id: string;
  name: string;
  primary: boolean;
}

export interface Placement {
  office: Office;
  /** How the office was chosen (docs/rules.md: department name, else plan.dialpadDefaultOfficeId, else the primary office). */
  by: 'department' | 'default_office' | 'primary_office' | 'only_office';
}

/** Dialpad offices known to the snapshot (office groups and seat pools); `primary` from Dialpad `is_primary_office`. */
export function dialpadOffices(view: VendorView): Office[] {
  const byId = new Map<string, Office>();
  for (const g of view.snapshot.groups) {
    if (g.kind !== 'office') continue;
    byId.set(g.id, { id: g.id, name: g.name, primary: g.primary === true });
  }
  for (const p of view.snapshot.seatPools) {
    if (!byId.has(p.scopeId)) byId.set(p.scopeId, { id: p.scopeId, name: p.scopeName, primary: false });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function officePlacer(view: VendorView, config: Config): (identity: Identity) => Placement | null {
  const offices = dialpadOffices(view);
  const byName = new Map<string, Office>();
  for (const o of offices) {
    const k = o.name.trim().toLowerCase();
    if (!byName.has(k)) byName.set(k, o);
  }
  const defaultId = config.plan.dialpadDefaultOfficeId;
  const fallback: Placement | null =
    defaultId !== undefined
      ? { office: offices.find((o) => o.id === defaultId) ?? { id: defaultId, name: defaultId, primary: false }, by: 'default_office' }
      : offices.filter((o) => o.primary).length === 1
        ? { office: offices.find((o) => o.primary) as Office, by: 'primary_office' }
        : offices.length === 1
          ? { office: offices[0] as Office, by: 'only_office' }
          : null;
  return (identity) => {
    const dept = identity.department?.trim().toLowerCase();
    const match = dept ? byName.get(dept) : undefined;
    if (match) return { office: match, by: 'department' };
    return fallback;
  };
}
