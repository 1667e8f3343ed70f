import type { DataQualityNote, Identity, IdpReadResult, Assignment } from '../../src/model/identity.js';

export const FIXTURES = 'fixtures/idp';
export const fixture = (name: string): string => `${FIXTURES}/${name}`;

/** The fields that carry the reading of a row, compact enough to list every identity of a fixture. */
export function row(i: Identity): [number, string, string | null, string, string, string | null, string] {
  return [i.source.row, i.id, i.primaryEmail, i.emails.join(' '), i.status, i.condition, i.rawStatus];
}

export function assignmentRow(a: Assignment): [number, string, string, string | null, string | null, string | null] {
  return [a.source.row, a.subject, a.subjectEmails.join(' '), a.app, a.group, a.rawStatus];
}

export function noteRow(n: DataQualityNote): [number, string, string | null, string | null] {
  return [n.source.row, n.kind, n.column, n.value];
}

export function statusCounts(r: IdpReadResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of r.identities) {
    const key = i.condition ? `${i.status}/${i.condition}` : i.status;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
