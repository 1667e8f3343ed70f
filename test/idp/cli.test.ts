import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { describeOpenError } from '../../src/idp/encoding.js';
import { AuditError } from '../../src/errors.js';
import { fixture } from './helpers.js';
import { loadConfig } from '../../src/config/load.js';
import { openIdpFile } from '../../src/idp/read.js';
import { summarizeIdp } from '../../src/idp/summary.js';
import { stableStringify } from '../../src/util/json.js';

interface Expect {
  file: string;
  format: string;
  encoding: string;
  delimiter: string;
  rows: number;
  identities: number;
  /** Identity rows without a usable email: counted apart, not as people (issue 15). */
  withoutEmail: number;
  assignments: number;
  /** Distinct people the file names. */
  people: number;
  notes: number;
  args?: string[];
}

const CASES: Expect[] = [
  { file: 'okta-password-health.csv', format: 'okta-password-health', encoding: 'utf8', delimiter: 'comma', rows: 12, identities: 11, withoutEmail: 1, assignments: 0, people: 11, notes: 4 },
  { file: 'okta-password-health-utf8-bom.csv', format: 'okta-password-health', encoding: 'utf8-bom', delimiter: 'comma', rows: 12, identities: 11, withoutEmail: 1, assignments: 0, people: 11, notes: 4 },
  { file: 'okta-password-health-tab.tsv', format: 'okta-password-health', encoding: 'utf8', delimiter: 'tab', rows: 12, identities: 11, withoutEmail: 1, assignments: 0, people: 11, notes: 4 },
  { file: 'okta-rockstar-users.csv', format: 'okta-rockstar-users', encoding: 'utf8', delimiter: 'comma', rows: 8, identities: 8, withoutEmail: 0, assignments: 0, people: 8, notes: 0 },
  { file: 'okta-rockstar-users-semicolon.csv', format: 'okta-rockstar-users', encoding: 'utf8', delimiter: 'semicolon', rows: 8, identities: 8, withoutEmail: 0, assignments: 0, people: 8, notes: 0 },
  { file: 'okta-rockstar-users-duplicate-headers.csv', format: 'okta-rockstar-users', encoding: 'utf8', delimiter: 'comma', rows: 2, identities: 2, withoutEmail: 0, assignments: 0, people: 2, notes: 1 },
  { file: 'okta-current-assignments.csv', format: 'okta-current-assignments', encoding: 'utf8', delimiter: 'comma', rows: 6, identities: 0, withoutEmail: 0, assignments: 4, people: 3, notes: 1 },
  { file: 'okta-rockstar-app-users.csv', format: 'okta-rockstar-app-users', encoding: 'utf8', delimiter: 'comma', rows: 4, identities: 0, withoutEmail: 0, assignments: 4, people: 3, notes: 1 },
  { file: 'entra-users.csv', format: 'entra-users', encoding: 'utf8', delimiter: 'comma', rows: 5, identities: 5, withoutEmail: 0, assignments: 0, people: 5, notes: 3 },
  { file: 'entra-users-objectid.csv', format: 'entra-users', encoding: 'utf8', delimiter: 'comma', rows: 2, identities: 2, withoutEmail: 0, assignments: 0, people: 2, notes: 0 },
  { file: 'entra-users-preview.csv', format: 'entra-users', encoding: 'utf8', delimiter: 'comma', rows: 2, identities: 2, withoutEmail: 0, assignments: 0, people: 2, notes: 0 },
  { file: 'entra-template.csv', format: 'entra-users', encoding: 'utf8', delimiter: 'comma', rows: 3, identities: 2, withoutEmail: 0, assignments: 0, people: 2, notes: 0 },
  { file: 'm365-users.csv', format: 'm365-users', encoding: 'utf8-bom', delimiter: 'comma', rows: 4, identities: 3, withoutEmail: 1, assignments: 0, people: 3, notes: 1 },
  { file: 'm365-users-excel-mangled.csv', format: 'm365-users', encoding: 'utf8', delimiter: 'semicolon', rows: 4, identities: 4, withoutEmail: 0, assignments: 0, people: 4, notes: 0 },
  { file: 'google-users.csv', format: 'google-users', encoding: 'utf8', delimiter: 'comma', rows: 6, identities: 5, withoutEmail: 1, assignments: 0, people: 5, notes: 3 },
  { file: 'google-users-utf16le.txt', format: 'google-users', encoding: 'utf16le-bom', delimiter: 'tab', rows: 6, identities: 5, withoutEmail: 1, assignments: 0, people: 5, notes: 3 },
  { file: 'google-users-utf16be.csv', format: 'google-users', encoding: 'utf16be-bom', delimiter: 'comma', rows: 6, identities: 5, withoutEmail: 1, assignments: 0, people: 5, notes: 3 },
  { file: 'google-users-latin1.csv', format: 'google-users', encoding: 'latin1', delimiter: 'comma', rows: 6, identities: 5, withoutEmail: 1, assignments: 0, people: 5, notes: 3 },
  { file: 'google-group-members.csv', format: 'google-group-members', encoding: 'utf8', delimiter: 'comma', rows: 5, identities: 0, withoutEmail: 0, assignments: 4, people: 4, notes: 1 },
  { file: 'jumpcloud-user-groups.csv', format: 'jumpcloud-user-groups', encoding: 'utf8', delimiter: 'comma', rows: 6, identities: 5, withoutEmail: 0, assignments: 4, people: 5, notes: 0 },
  { file: 'jumpcloud-backup.csv', format: 'jumpcloud-backup', encoding: 'utf8', delimiter: 'comma', rows: 5, identities: 5, withoutEmail: 0, assignments: 0, people: 5, notes: 0 },
  { file: 'jumpcloud-backup-typeinfo.csv', format: 'jumpcloud-backup', encoding: 'utf8', delimiter: 'comma', rows: 5, identities: 5, withoutEmail: 0, assignments: 0, people: 5, notes: 0 },
  { file: 'onelogin-users.csv', format: 'onelogin-users', encoding: 'utf8', delimiter: 'comma', rows: 10, identities: 10, withoutEmail: 0, assignments: 0, people: 10, notes: 1 },
  { file: 'jumpcloud-user-groups-placeholders.csv', format: 'jumpcloud-user-groups', encoding: 'utf8', delimiter: 'comma', rows: 5, identities: 2, withoutEmail: 1, assignments: 4, people: 2, notes: 1 },
  { file: 'generic-simple.csv', format: 'generic', encoding: 'utf8', delimiter: 'comma', rows: 2, identities: 2, withoutEmail: 0, assignments: 0, people: 2, notes: 0 },
  { file: 'generic-hr.csv', format: 'generic', encoding: 'utf8', delimiter: 'comma', rows: 4, identities: 4, withoutEmail: 0, assignments: 0, people: 4, notes: 1, args: ['--config', fixture('generic-hr.config.json')] },
];

const JSON_SAMPLE = new Set(['okta-current-assignments.csv', 'm365-users-excel-mangled.csv', 'google-users-utf16le.txt', 'jumpcloud-user-groups.csv', 'generic-hr.csv']);

describe('the --json summary of every fixture (in-process, same code as the command)', () => {
  it.each(CASES)('$file', async (c) => {
    const config = c.args ? await loadConfig(c.args[1]) : undefined;
    const s = await summarizeIdp(await openIdpFile(fixture(c.file), { mapping: config?.idp.mapping }));
    const doc = JSON.parse(stableStringify(s)) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: c.format, encoding: c.encoding, rowsRead: c.rows, identities: c.identities, assignments: c.assignments, people: c.people });
    expect((doc.withoutEmail as { count: number }).count).toBe(c.withoutEmail);
    expect(doc.notes).toHaveLength(c.notes);
  });
});

describe.concurrent('access-audit idp on every fixture', () => {
  it.each(CASES)('$file: format, encoding, delimiter and counts', async (c) => {
    const r = await runCli(['idp', fixture(c.file), ...(c.args ?? [])]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const field = (name: string): string | undefined => new RegExp(`^  ${name}\\s+(.+)$`, 'm').exec(r.stdout)?.[1];
    expect(field('format')).toMatch(new RegExp(`^${c.format} \\(`));
    expect(field('encoding')).toBe(c.encoding);
    expect(field('delimiter')).toBe(c.delimiter);
    expect(field('rows read')).toBe(String(c.rows));
    expect(field('identities')).toBe(String(c.identities));
    expect(field('assignments')).toBe(String(c.assignments));
    expect(field('people')).toBe(String(c.people));
    if (c.withoutEmail > 0) expect(r.stdout).toMatch(new RegExp(`^  rows without a usable email: ${c.withoutEmail} \\(not counted as people; rows \\d+`, 'm'));
    else expect(r.stdout).not.toMatch(/rows without a usable email/);
    expect(r.stdout).toMatch(new RegExp(`^data-quality notes: ${c.notes}\\b`, 'm'));
    // Every note is printed with file:row.
    expect(r.stdout.split('\n').filter((l) => l.startsWith(`  ${fixture(c.file)}:`))).toHaveLength(c.notes);
  });

  // One spawn per vendor family (the machine is shared); every fixture's JSON summary is checked in-process below.
  it.each(CASES.filter((c) => JSON_SAMPLE.has(c.file)))('$file --json parses and carries the same counts', async (c) => {
    const r = await runCli(['idp', fixture(c.file), '--json', ...(c.args ?? [])]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ format: c.format, encoding: c.encoding, rowsRead: c.rows, identities: c.identities, assignments: c.assignments });
    expect(doc.notes).toHaveLength(c.notes);
  });
});

describe('access-audit idp output details', () => {
  it('prints the canonical and raw status breakdown, conditions and the notes with column', async () => {
    const r = await runCli(['idp', fixture('okta-password-health.csv')]);
    // Row 12 has no usable email: counted apart, so its Active is in no status count.
    expect(r.stdout).toContain('  rows without a usable email: 1 (not counted as people; rows 12)\n');
    expect(r.stdout).toContain('  status         active 7, suspended 1, deprovisioned 1, staged 1, unknown 1\n');
    expect(r.stdout).toContain('  conditions     locked_out 1, password_expired 1, password_reset 1, pending_activation 1\n');
    expect(r.stdout).toContain('  raw status     Active 3, Deactivated 1, Locked out 1, ON_LEAVE 1, PASSWORD_EXPIRED 1, Pending user action 1, RECOVERY 1, STAGED 1, SUSPENDED 1\n');
    expect(r.stdout).toContain(`  ${fixture('okta-password-health.csv')}:10 [Status] unknown_status: unknown status "ON_LEAVE"\n`);
    expect(r.stdout).toContain(`  ${fixture('okta-password-health.csv')}:13 [Last Login] invalid_date: unparseable date "yesterday"\n`);
  });

  it('JumpCloud: a "no users" placeholder row is no person and its group has zero members; a row without email is counted apart', async () => {
    const file = fixture('jumpcloud-user-groups-placeholders.csv');
    const s = await summarizeIdp(await openIdpFile(file));
    expect(s.identities).toBe(2);
    expect(s.people).toBe(2);
    expect(s.withoutEmail).toEqual({ count: 1, rows: [6] });
    // svc-backup has no email: not a person, so not a member either.
    expect(s.peoplePerGroup).toEqual({ 'Dixa Agents': 2, 'Dialpad Users': 1, 'Dialpad Admins': 0 });
    expect(s.rawStatuses).not.toHaveProperty('(empty)');
    const r = await runCli(['idp', file]);
    expect(r.stdout).toContain('  people per group/app  Dixa Agents 2, Dialpad Users 1, Dialpad Admins 0\n');
    expect(r.stdout).toContain('  rows without a usable email: 1 (not counted as people; rows 6)\n');
  });

  it('assignments exports show the distinct people per application or group, not "identities 0"', async () => {
    const okta = await summarizeIdp(await openIdpFile(fixture('okta-current-assignments.csv')));
    // Ada (dixa, dialpad), Grace (dixa), Alan (slack); Bob's ended assignment and the row naming nobody are no one.
    expect(okta.people).toBe(3);
    expect(okta.peoplePerGroup).toEqual({ dixa: 2, dialpad: 1, slack: 1 });
    const rockstar = await summarizeIdp(await openIdpFile(fixture('okta-rockstar-app-users.csv')));
    expect(rockstar.people).toBe(3);
    expect(rockstar.peoplePerGroup).toEqual({ 'Dixa Agents': 2, 'Support Leads': 1 });
    const r = await runCli(['idp', fixture('okta-current-assignments.csv')]);
    expect(r.stdout).toContain('  people         3\n');
    expect(r.stdout).toContain('  people per group/app  dixa 2, dialpad 1, slack 1\n');
  });

  it('prints the group columns and groups found', async () => {
    const r = await runCli(['idp', fixture('jumpcloud-user-groups.csv'), '--json']);
    const doc = JSON.parse(r.stdout) as { groupColumns: string[]; groups: Record<string, number>; statuses: Record<string, number> };
    expect(doc.groupColumns).toEqual(['User Group Name']);
    expect(doc.groups).toEqual({ 'Dialpad Users': 2, 'Dixa Agents': 2 });
    expect(doc.statuses).toEqual({ active: 3, suspended: 1, deprovisioned: 0, staged: 1, unknown: 0 });
  });

  it('prints the preamble it skipped', async () => {
    const r = await runCli(['idp', fixture('entra-template.csv')]);
    expect(r.stdout).toContain('  header         line 2, 9 columns (skipped before it: "version:v1.0")\n');
  });

  it('shows control characters from the file escaped, never sent to the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-ansi-'));
    const path = join(dir, 'ansi.csv');
    writeFileSync(path, 'Email,Name,Status\na@example.com,A,"\u001b[31mred"\n');
    const r = await runCli(['idp', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('unknown_status: unknown status "\\u001b[31mred"');
  });

  it('--format forces the reader', async () => {
    const r = await runCli(['idp', fixture('generic-simple.csv'), '--format', 'generic', '--json']);
    expect((JSON.parse(r.stdout) as { format: string }).format).toBe('generic');
  });
});

describe('bad input: exit 3 and one line naming the file, the problem and what to do', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-cli-'));
  const cases: Array<[string, string[], RegExp]> = [
    ['empty file', [fixture('bad/empty.csv')], /^access-audit: fixtures\/idp\/bad\/empty\.csv: empty file \(export the users again; the file has no header row\)$/],
    ['only a BOM and blank lines', [fixture('bad/bom-only.csv')], /^access-audit: fixtures\/idp\/bad\/bom-only\.csv: empty file \(/],
    ['binary (NUL bytes)', [fixture('bad/binary.csv')], /^access-audit: fixtures\/idp\/bad\/binary\.csv: not a CSV file \(it contains NUL bytes: binary data\) \(export the users as CSV/],
    ['an xlsx saved as .csv', [fixture('bad/workbook.csv')], /^access-audit: fixtures\/idp\/bad\/workbook\.csv: not a CSV file \(it is a ZIP archive, e\.g\. an \.xlsx workbook\) \(open it in Excel and save as CSV/],
    ['no recognisable email column', [fixture('bad/no-email.csv')], /^access-audit: fixtures\/idp\/bad\/no-email\.csv: no recognisable email column \(header: Full Name, Team, Started\) \(pass --format or a column mapping in the config: see README\)$/],
    ['a mapping naming absent columns', [fixture('bad/no-email.csv'), '--config', fixture('generic-hr.config.json')], /^access-audit: fixtures\/idp\/bad\/no-email\.csv: the column mapping names "Mail Address", .* which the header does not have \(fix idp\.mapping in the config/],
    ['an unclosed quote', [fixture('bad/unclosed-quote.csv')], /^access-audit: fixtures\/idp\/bad\/unclosed-quote\.csv: line 2: a quoted field is never closed/],
    ['no such file (ENOENT)', [fixture('missing.csv')], /^access-audit: fixtures\/idp\/missing\.csv: no such file \(check the path of the IdP export\)$/],
    ['a directory (EISDIR)', [fixture('bad')], /^access-audit: fixtures\/idp\/bad: is a directory, not a CSV file \(pass the path of the exported CSV file\)$/],
    ['unknown --format', [fixture('okta-password-health.csv'), '--format', 'okta'], /^access-audit: unknown --format "okta" \(use one of: auto, okta-password-health, /],
    ['a --format that does not fit', [fixture('okta-password-health.csv'), '--format', 'google-users'], /^access-audit: fixtures\/idp\/okta-password-health\.csv: the header has no email or login column of format google-users/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(['idp', ...args]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  // Root reads any file, so EACCES can only be produced for an unprivileged user; the mapping is checked directly too.
  it.skipIf(process.getuid?.() === 0)('unreadable file (EACCES)', async () => {
    const path = join(dir, 'locked.csv');
    writeFileSync(path, 'email\na@example.com\n');
    chmodSync(path, 0o000);
    const r = await runCli(['idp', path]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`access-audit: ${path}: permission denied (make the file readable by this user)`);
  });

  it('EACCES and other errno codes map to one line', () => {
    const eacces = describeOpenError('x.csv', Object.assign(new Error('denied'), { code: 'EACCES' }));
    expect(eacces).toBeInstanceOf(AuditError);
    expect((eacces as AuditError).line()).toBe('x.csv: permission denied (make the file readable by this user)');
    expect((describeOpenError('x.csv', Object.assign(new Error('io'), { code: 'EIO' })) as AuditError).line()).toBe('x.csv: cannot read (EIO) (check the path of the IdP export)');
  });
});
