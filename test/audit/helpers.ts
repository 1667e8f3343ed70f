import { Config } from '../../src/config/schema.js';
import type { Vendor } from '../../src/model/common.js';
import { Account, Group, PhoneNumber, SeatPool } from '../../src/model/account.js';
import { Assignment, DataQualityNote, Identity, type IdpReadResult } from '../../src/model/identity.js';
import type { Finding, RuleCode } from '../../src/model/finding.js';
import type { NormalizedSnapshot, VendorSnapshot } from '../../src/model/snapshot.js';
import { runAudit, type AuditInput, type AuditResult } from '../../src/audit/audit.js';
import { ExceptionsFile } from '../../src/audit/exceptions.js';

export const AS_OF = new Date('2025-06-30T12:00:00Z');

let row = 1;

/** An IdP identity; `email` sets id (unless given), primaryEmail and emails. Validated by the model's zod schema. */
export function person(email: string | null, p: Partial<Identity> = {}): Identity {
  row++;
  return Identity.parse({
    id: p.id ?? `00u${email ?? `row${row}`}`,
    primaryEmail: email,
    emails: email ? [email] : [],
    displayName: email ? email.split('@')[0]!.replace(/\./g, ' ') : 'No Email',
    status: 'active',
    rawStatus: 'ACTIVE',
    format: 'okta-rockstar-users',
    source: { file: '/data/okta-users.csv', row },
    ...p,
  });
}

/** A vendor account (Dixa agent or Dialpad user) in the canonical model. */
export function acct(vendor: Vendor, id: string, email: string | null, p: Partial<Account> = {}): Account {
  return Account.parse({
    vendor,
    id,
    emails: email ? [email] : [],
    displayName: email ? email.split('@')[0]!.replace(/\./g, ' ') : id,
    status: 'active',
    rawStatus: vendor === 'dixa' ? 'seen' : 'active',
    roles: vendor === 'dixa' ? ['Agent'] : [],
    isAdmin: false,
    createdAt: '2025-01-01T00:00:00Z',
    lastSeen: null,
    firstLogin: null,
    license: null,
    officeId: null,
    phoneNumbers: [],
    memberships: [],
    ...p,
  });
}

export function group(vendor: Vendor, kind: Group['kind'], id: string, name: string, memberIds: string[], officeId: string | null = null): Group {
  return Group.parse({ vendor, kind, id, name, memberIds, officeId });
}

export function seatPool(scopeId: string, scopeName: string, talkLines: number): SeatPool {
  return SeatPool.parse({ vendor: 'dialpad', scopeId, scopeName, available: { talk_lines: talkLines } });
}

export function number(num: string, targetId: string | null, p: Partial<PhoneNumber> = {}): PhoneNumber {
  return PhoneNumber.parse({ vendor: 'dialpad', number: num, status: 'assigned', targetType: targetId ? 'user' : null, targetId, officeId: null, ...p });
}

export interface VendorParts {
  accounts: Account[];
  groups?: Group[];
  seatPools?: SeatPool[];
  numbers?: PhoneNumber[];
  complete?: boolean;
  incompleteReasons?: string[];
  /** Default: what a collector of today records for the vendor. */
  activitySignals?: string[];
}

const SIGNALS: Record<Vendor, string[]> = { dixa: ['presence.lastSeen'], dialpad: ['users.date_first_login', 'userdevices.date_registered'] };

function vendorSnapshot(vendor: Vendor, parts: VendorParts): VendorSnapshot {
  return {
    vendor,
    baseUrl: `http://127.0.0.1/${vendor}`,
    startedAt: '2025-06-30T11:00:00Z',
    finishedAt: '2025-06-30T11:05:00Z',
    org: { id: 'org1', name: 'Example' },
    complete: parts.complete ?? true,
    incompleteReasons: parts.incompleteReasons ?? [],
    listings: [],
    accounts: parts.accounts,
    groups: parts.groups ?? [],
    seatPools: parts.seatPools ?? [],
    numbers: parts.numbers ?? [],
    invalidRecords: [],
    activitySignals: parts.activitySignals ?? SIGNALS[vendor],
  };
}

export function snap(parts: { dixa?: VendorParts; dialpad?: VendorParts }): NormalizedSnapshot {
  return {
    schemaVersion: 1,
    runId: 'run-1',
    toolVersion: '0.1.0',
    startedAt: '2025-06-30T11:00:00Z',
    finishedAt: '2025-06-30T11:05:00Z',
    vendors: {
      ...(parts.dixa ? { dixa: vendorSnapshot('dixa', parts.dixa) } : {}),
      ...(parts.dialpad ? { dialpad: vendorSnapshot('dialpad', parts.dialpad) } : {}),
    },
  };
}

export function assign(subject: string, app: string | null, group: string | null = null, file = '/data/assignments.csv'): Assignment {
  row++;
  return Assignment.parse({ subject, subjectEmails: subject.includes('@') ? [subject] : [], app, group, format: 'okta-current-assignments', source: { file, row } });
}

export function note(kind: DataQualityNote['kind'], atRow: number, file = '/data/okta-users.csv', message = `problem ${kind}`, key?: string): DataQualityNote {
  return DataQualityNote.parse({ kind, message, source: { file, row: atRow }, ...(key === undefined ? {} : { key }) });
}

export function idpFile(identities: Identity[], p: Partial<IdpReadResult> = {}): IdpReadResult {
  return {
    file: '/data/okta-users.csv',
    sha256: 'a'.repeat(64),
    format: 'okta-rockstar-users',
    encoding: 'utf8',
    delimiter: ',',
    rowsRead: identities.length,
    identities,
    assignments: [],
    notes: [],
    groupColumns: [],
    ...p,
  };
}

export function assignmentsFile(rows: Assignment[], notes: DataQualityNote[] = []): IdpReadResult {
  return idpFile([], { file: '/data/assignments.csv', format: 'okta-current-assignments', assignments: rows, notes, rowsRead: rows.length });
}

/** Entitles each email to both vendors through an assignments export. */
export function entitleAll(emails: string[]): IdpReadResult {
  return assignmentsFile(emails.flatMap((e) => [assign(e, 'Dixa'), assign(e, 'Dialpad Talk')]));
}

export function cfg(raw: unknown = {}): Config {
  return Config.parse(raw);
}

export function exceptionsOf(list: unknown[]): ExceptionsFile {
  return ExceptionsFile.parse({ exceptions: list });
}

export function audit(p: Partial<AuditInput> & { snapshot: NormalizedSnapshot; identities?: Identity[] }): AuditResult {
  return runAudit({
    idp: p.idp ?? idpFile(p.identities ?? []),
    assignments: p.assignments ?? null,
    config: p.config ?? cfg(),
    exceptions: p.exceptions ?? null,
    previous: p.previous ?? null,
    previousDecisions: p.previousDecisions ?? null,
    asOf: p.asOf ?? AS_OF,
    snapshot: p.snapshot,
  });
}

export function byRule(result: AuditResult, rule: RuleCode): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

/** `rule subject` of every finding, sorted: compact to assert on. */
export function keys(result: AuditResult): string[] {
  return result.findings.map((f) => `${f.rule} ${f.subject}${f.suppressed ? ' (suppressed)' : ''}`).sort();
}

export function ownerOf(result: AuditResult, vendor: Vendor, accountId: string) {
  const c = result.correlations.find((x) => x.vendor === vendor && x.accountId === accountId);
  if (!c) throw new Error(`no correlation for ${vendor}:${accountId}`);
  return c.owner;
}
