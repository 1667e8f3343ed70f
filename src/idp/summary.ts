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
  identities: number;
  assignments: number;
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

export async function summarizeIdp(stream: IdpStream): Promise<IdpSummary> {
  const statuses: Record<IdentityStatus, number> = { active: 0, suspended: 0, deprovisioned: 0, staged: 0, unknown: 0 };
  const conditions: Record<IdentityCondition, number> = { locked_out: 0, password_expired: 0, password_reset: 0, pending_activation: 0 };
  const raw = new Map<string, number>();
  const groups = new Map<string, number>();
  const notes: DataQualityNote[] = [];
  const notesByKind = new Map<string, number>();
  let identities = 0;
  let assignments = 0;
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for await (const item of stream.items()) {
    if (item.type === 'identity') {
      identities++;
      statuses[item.identity.status]++;
      if (item.identity.condition) conditions[item.identity.condition]++;
      bump(raw, item.identity.rawStatus === '' ? '(empty)' : item.identity.rawStatus);
      for (const g of item.identity.groups) bump(groups, g);
    } else if (item.type === 'membership') bump(groups, item.group);
    else if (item.type === 'assignment') {
      assignments++;
      // JumpCloud groups are counted from identities and memberships already.
      if (stream.kind === 'assignments') {
        const name = item.assignment.app ?? item.assignment.group;
        if (name) bump(groups, name);
      }
    } else {
      notes.push(item.note);
      bump(notesByKind, item.note.kind);
    }
  }
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
    assignments,
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
  lines.push(`  assignments    ${s.assignments}`);
  if (s.identities > 0) {
    lines.push(`  status         ${counts(s.statuses)}`);
    lines.push(`  conditions     ${counts(s.conditions)}`);
    lines.push(`  raw status     ${counts(s.rawStatuses)}`);
  }
  lines.push(`  group columns  ${s.groupColumns.length ? s.groupColumns.join(', ') : 'none'}`);
  if (Object.keys(s.groups).length) lines.push(`  groups/apps    ${counts(s.groups)}`);
  lines.push(`  sha256         ${s.sha256}`);
  lines.push(`data-quality notes: ${s.notes.length}${s.notes.length ? ` (${counts(s.notesByKind)})` : ''}`);
  for (const n of s.notes) {
    lines.push(`  ${n.source.file}:${n.source.row}${n.column ? ` [${n.column}]` : ''} ${n.kind}: ${n.message}`);
  }
  // Header names, statuses, groups and notes are the file's text: each line is escaped whole, so a line break or an
  // escape sequence in a value is shown, never interpreted, and cannot start a line of its own.
  return lines.map(escapeLine).join('\n');
}
