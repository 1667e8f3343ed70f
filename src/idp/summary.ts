import type { DataQualityNote, IdentityCondition, IdentityStatus } from '../model/identity.js';
import type { IdpStream } from './stream.js';
import { escapeLine } from '../util/terminal-text.js';

/** What `access-audit idp` reports about a file: counts only, so a million-row export is summarised in bounded memory. */
export interface IdpSummary {
  file: string;
  sha256: string;
  format: string;
  formatLabel: string;
  kind: string;
  encoding: string;
  delimiter: string;
  headerLine: number;
  preamble: string[];
  columns: number;
  rowsRead: number;
  /** People: identity rows with a usable email. Rows without one are counted apart (withoutEmail), never here. */
  identities: number;
  /** Identity rows without a usable email (a service login, an empty email): not counted as people. */
  withoutEmail: { count: number; rows: number[] };
  assignments: number;
  /** Distinct people an assignments export names (by email, else by login); identities for a users export. */
  people: number;
  /** Per group or application: the distinct people in it (0 for a group the export lists without members). */
  peoplePerGroup: Record<string, number>;
  statuses: Record<IdentityStatus, number>;
  conditions: Record<IdentityCondition, number>;
  rawStatuses: Record<string, number>;
  groupColumns: string[];
  /** Distinct group/app names and how many identities or assignment rows carry each. */
  groups: Record<string, number>;
  notesByKind: Record<string, number>;
  notes: DataQualityNote[];
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** Rows listed by number in the summary; the count goes on past it. */
const MAX_LISTED_ROWS = 100;

/** How one person is known across rows of an assignments export: the email when usable, else the login. */
function personKey(emails: readonly string[], subject: string): string {
  const email = emails[0];
  return email ? `email:${email.trim().toLowerCase()}` : `login:${subject.trim().toLowerCase()}`;
}

export async function summarizeIdp(stream: IdpStream): Promise<IdpSummary> {
  const statuses: Record<IdentityStatus, number> = { active: 0, suspended: 0, deprovisioned: 0, staged: 0, unknown: 0 };
  const conditions: Record<IdentityCondition, number> = { locked_out: 0, password_expired: 0, password_reset: 0, pending_activation: 0 };
  const raw = new Map<string, number>();
  const groups = new Map<string, number>();
  const notes: DataQualityNote[] = [];
  const notesByKind = new Map<string, number>();
  let identities = 0;
  let assignments = 0;
  const withoutEmail = { count: 0, rows: [] as number[] };
  // Identity ids of the people (rows with a usable email): memberships of anyone else are not people's.
  const personIds = new Set<string>();
  const people = new Set<string>();
  const members = new Map<string, Set<string>>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const join = (group: string, person: string | null): void => {
    const set = members.get(group) ?? new Set<string>();
    if (person !== null) set.add(person);
    members.set(group, set);
  };
  for await (const item of stream.items()) {
    if (item.type === 'identity') {
      const { identity } = item;
      if (identity.primaryEmail === null) {
        withoutEmail.count++;
        if (withoutEmail.rows.length < MAX_LISTED_ROWS) withoutEmail.rows.push(identity.source.row);
        continue;
      }
      identities++;
      personIds.add(identity.id);
      people.add(`id:${identity.id}`);
      statuses[identity.status]++;
      if (identity.condition) conditions[identity.condition]++;
      bump(raw, identity.rawStatus === '' ? '(empty)' : identity.rawStatus);
      for (const g of identity.groups) {
        bump(groups, g);
        join(g, `id:${identity.id}`);
      }
    } else if (item.type === 'membership') {
      bump(groups, item.group);
      join(item.group, personIds.has(item.identityId) ? `id:${item.identityId}` : null);
    } else if (item.type === 'group') {
      bump(groups, item.group);
      join(item.group, null);
    } else if (item.type === 'assignment') {
      assignments++;
      // JumpCloud groups are counted from identities and memberships already.
      if (stream.kind === 'assignments') {
        const name = item.assignment.app ?? item.assignment.group;
        const person = personKey(item.assignment.subjectEmails, item.assignment.subject);
        people.add(person);
        if (name) {
          bump(groups, name);
          join(name, person);
        }
      }
    } else {
      notes.push(item.note);
      bump(notesByKind, item.note.kind);
    }
  }
  const peoplePerGroup = sortedRecord(new Map([...members.entries()].map(([g, set]) => [g, set.size] as const)));
  return {
    file: stream.file,
    sha256: stream.sha256,
    format: stream.format,
    formatLabel: stream.formatLabel,
    kind: stream.kind,
    encoding: stream.encoding,
    delimiter: stream.delimiter,
    headerLine: stream.headerLine,
    preamble: stream.preamble,
    columns: stream.header.length,
    rowsRead: stream.rowsRead,
    identities,
    withoutEmail,
    assignments,
    people: people.size,
    peoplePerGroup,
    statuses,
    conditions,
    rawStatuses: sortedRecord(raw),
    groupColumns: stream.groupColumns,
    groups: sortedRecord(groups),
    notesByKind: sortedRecord(notesByKind),
    notes,
  };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

const counts = (r: Record<string, number>): string =>
  Object.entries(r)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** The human rendering: one fact per line, then every note with file:row and column. */
export function renderIdpSummary(s: IdpSummary): string {
  const lines: string[] = [];
  lines.push(`${s.file}`);
  lines.push(`  format         ${s.format} (${s.formatLabel})`);
  lines.push(`  encoding       ${s.encoding}`);
  lines.push(`  delimiter      ${DELIMITER_NAMES[s.delimiter] ?? JSON.stringify(s.delimiter)}`);
  lines.push(`  header         line ${s.headerLine}, ${s.columns} columns${s.preamble.length ? ` (skipped before it: ${s.preamble.map((p) => JSON.stringify(p)).join(', ')})` : ''}`);
  lines.push(`  rows read      ${s.rowsRead}`);
  lines.push(`  identities     ${s.identities}`);
  if (s.withoutEmail.count > 0) {
    const more = s.withoutEmail.count > s.withoutEmail.rows.length ? ', ...' : '';
    lines.push(`  rows without a usable email: ${s.withoutEmail.count} (not counted as people; rows ${s.withoutEmail.rows.join(', ')}${more})`);
  }
  lines.push(`  assignments    ${s.assignments}`);
  lines.push(`  people         ${s.people}`);
  if (s.identities > 0) {
    lines.push(`  status         ${counts(s.statuses)}`);
    lines.push(`  conditions     ${counts(s.conditions)}`);
    lines.push(`  raw status     ${counts(s.rawStatuses)}`);
  }
  lines.push(`  group columns  ${s.groupColumns.length ? s.groupColumns.join(', ') : 'none'}`);
  if (Object.keys(s.groups).length) lines.push(`  groups/apps    ${counts(s.groups)}`);
  if (Object.keys(s.peoplePerGroup).length) {
    const perGroup = Object.entries(s.peoplePerGroup).map(([g, n]) => `${g} ${n}`).join(', ');
    lines.push(`  people per group/app  ${perGroup}`);
  }
  lines.push(`  sha256         ${s.sha256}`);
  lines.push(`data-quality notes: ${s.notes.length}${s.notes.length ? ` (${counts(s.notesByKind)})` : ''}`);
  for (const n of s.notes) {
    lines.push(`  ${n.source.file}:${n.source.row}${n.column ? ` [${n.column}]` : ''} ${n.kind}: ${n.message}`);
  }
  // Header names, statuses, groups and notes are the file's text: each line is escaped whole, so a line break or an
  // escape sequence in a value is shown, never interpreted, and cannot start a line of its own.
  return lines.map(escapeLine).join('\n');
}
