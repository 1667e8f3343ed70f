import type { Rule } from './types.js';
import type { Draft } from '../context.js';
import type { Finding } from '../../model/finding.js';
import { findingId } from '../findings.js';
import { dialpadOffices } from '../offices.js';

interface OfficeNeed {
  id: string;
  name: string;
  people: Array<{ findingId: string; identityId: string | null; identityEmail: string | null }>;
}

export const seatShortfall: Rule = {
  meta: {
    code: 'SEAT_SHORTFALL',
    defaultSeverity: 'low',
    title: 'Not enough Dialpad licenses to provision missing seats',
    rationale: 'Provisioning the missing seats would fail (or bill extra lines) in an office without enough available talk lines.',
    remediation: 'Buy or free talk lines in the office (deactivated users still holding lines, old invites) before provisioning.',
  },
  phase: 2,
  evaluate(ctx, earlier) {
    const out: Draft[] = [];
    const view = ctx.vendors.find((v) => v.vendor === 'dialpad');
    if (!view || !ctx.isEvaluated('SEAT_SHORTFALL', 'dialpad')) return out;
    const needs = new Map<string, OfficeNeed>();
    for (const d of earlier) {
      const f = d.finding;
      // An exception on a missing seat means nobody will provision it: it needs no license.
      if (f.rule !== 'MISSING_SEAT' || f.vendor !== 'dialpad' || f.suppressed) continue;
      const office = f.evidence['office'] as { id: string; name: string } | null | undefined;
      if (!office) continue;
      const need = needs.get(office.id) ?? { id: office.id, name: office.name, people: [] };
      need.people.push({ findingId: f.id, identityId: f.identityId, identityEmail: f.identityEmail });
      needs.set(office.id, need);
    }
    const names = new Map(dialpadOffices(view).map((o) => [o.id, o.name]));
    const pools = new Map(view.snapshot.seatPools.map((p) => [p.scopeId, p]));
    for (const need of [...needs.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const pool = pools.get(need.id);
      const available = pool?.available['talk_lines'];
      // No license figures for the office: nothing is concluded (the not-evaluated list says why).
      if (available === undefined || available >= need.people.length) continue;
      const subject = `dialpad:office:${need.id}`;
      const name = names.get(need.id) ?? need.name;
      const finding: Finding = {
        id: findingId('SEAT_SHORTFALL', subject),
        rule: 'SEAT_SHORTFALL',
        severity: 'low',
        vendor: 'dialpad',
        accountId: null,
        accountEmail: null,
        identityId: null,
        identityEmail: null,
        subject,
        title: `Dialpad office ${name} (id ${need.id}) has ${available} talk lines available for ${need.people.length} missing seats`,
        evidence: {
          office: { id: need.id, name },
          licenseKind: 'talk_lines',
          available,
          needed: need.people.length,
          shortfall: need.people.length - available,
          availableLicenses: pool?.available ?? null,
          missingSeats: need.people.sort((a, b) => (a.findingId < b.findingId ? -1 : 1)),
        },
        suppressed: false,
        exception: null,
      };
      out.push({ finding, vendor: 'dialpad', account: null, identityIdx: null });
    }
    return out;
  },
};
