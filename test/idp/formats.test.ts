import { describe, expect, it } from 'vitest';
import { readIdpFile } from '../../src/idp/read.js';
import { IdpReadResult } from '../../src/model/identity.js';
import { sha256File } from '../../src/util/hash.js';
import { loadConfig } from '../../src/config/load.js';
import { assignmentRow, fixture, noteRow, row, statusCounts } from './helpers.js';

async function read(name: string, opts: Parameters<typeof readIdpFile>[1] = {}): Promise<IdpReadResult> {
  const r = await readIdpFile(fixture(name), opts);
  // The result honours the model contract (zod) as a whole.
  return IdpReadResult.parse(r);
}

describe('Okta Password Health report', () => {
  it('reads every status vocabulary, notes unknown status, duplicate, missing email and bad date', async () => {
    const r = await read('okta-password-health.csv');
    expect(r).toMatchObject({ format: 'okta-password-health', encoding: 'utf8', delimiter: ',', rowsRead: 12, groupColumns: [] });
    expect(r.sha256).toBe(await sha256File(fixture('okta-password-health.csv')));
    expect(r.identities.map(row)).toEqual([
      [2, 'ada@example.com', 'ada@example.com', 'ada@example.com', 'active', null, 'Active'],
      [3, 'grace@example.com', 'grace@example.com', 'grace@example.com', 'active', 'locked_out', 'Locked out'],
      [4, 'alan@example.com', 'alan@example.com', 'alan@example.com', 'active', 'password_expired', 'PASSWORD_EXPIRED'],
      [5, 'bob@example.com', 'bob@example.com', 'bob@example.com', 'deprovisioned', null, 'Deactivated'],
      [6, 'carol@example.com', 'carol@example.com', 'carol@example.com', 'suspended', null, 'SUSPENDED'],
      [7, 'dan@example.com', 'dan@example.com', 'dan@example.com', 'staged', null, 'STAGED'],
      [8, 'eve@example.com', 'eve@example.com', 'eve@example.com', 'active', 'pending_activation', 'Pending user action'],
      [9, 'frank@example.com', 'frank@example.com', 'frank@example.com', 'active', 'password_reset', 'RECOVERY'],
      [10, 'gina@example.com', 'gina@example.com', 'gina@example.com', 'unknown', null, 'ON_LEAVE'],
      [11, 'ADA@Example.com', 'ADA@Example.com', 'ADA@Example.com', 'active', null, 'Active'],
      [12, 'henry.svc', null, '', 'active', null, 'Active'],
      [13, 'ivy@example.com', 'ivy@example.com', 'ivy@example.com', 'active', null, 'Active'],
    ]);
    expect(r.identities[1]).toEqual({
      id: 'grace@example.com',
      primaryEmail: 'grace@example.com',
      emails: ['grace@example.com'],
      login: 'grace@example.com',
      displayName: 'Hopper, Grace',
      status: 'active',
      rawStatus: 'Locked out',
      condition: 'locked_out',
      format: 'okta-password-health',
      source: { file: fixture('okta-password-health.csv'), row: 3 },
      employeeId: null,
      department: null,
      manager: null,
      lastLogin: '2024-04-30T17:05:00.000Z',
      groups: [],
    });
    expect(r.notes.map(noteRow)).toEqual([
      [10, 'unknown_status', 'Status', 'ON_LEAVE'],
      [11, 'duplicate_email', 'Login', 'ADA@Example.com'],
      [12, 'no_email', 'Login', 'henry.svc'],
      [13, 'invalid_date', 'Last Login', 'yesterday'],
    ]);
    expect(r.notes[3]?.message).toBe('unparseable date "yesterday"');
    expect(r.identities[12 - 1]?.lastLogin).toBeNull();
  });
});

describe('Okta Rockstar users export', () => {
  it('keeps leading zeros, reads a quoted newline, primary and secondary emails, login distinct from email', async () => {
    const r = await read('okta-rockstar-users.csv');
    expect(r).toMatchObject({ format: 'okta-rockstar-users', rowsRead: 8, notes: [] });
    expect(r.identities.map(row)).toEqual([
      [2, '00u1ada', 'ada@example.com', 'ada@example.com ada.alias@example.com', 'active', null, 'ACTIVE'],
      [4, '00u1grace', 'grace@example.com', 'grace@example.com', 'active', null, 'ACTIVE'],
      [5, '00u1carol', 'carol@example.com', 'carol@example.com carol@personal.example.org', 'suspended', null, 'SUSPENDED'],
      [6, '00u1bob', 'bob@example.com', 'bob@example.com', 'deprovisioned', null, 'DEPROVISIONED'],
      [7, '00u1alan', 'alan@example.com', 'alan@example.com', 'active', 'locked_out', 'LOCKED_OUT'],
      [8, '00u1eve', 'eve@example.com', 'eve@example.com', 'active', 'pending_activation', 'PROVISIONED'],
      [9, '00u1dan', 'dan@example.com', 'dan@example.com', 'staged', null, 'STAGED'],
      [10, '00u1frank', 'frank@example.com', 'frank@example.com', 'active', 'password_expired', 'PASSWORD_EXPIRED'],
    ]);
    expect(r.identities[0]).toMatchObject({ employeeId: '00123', department: 'Support', manager: 'grace@example.com', lastLogin: '2024-05-01T08:30:00.000Z', displayName: 'Ada Lovelace' });
    expect(r.identities[1]).toMatchObject({ login: 'grace.login', displayName: 'Grace Hopper, Jr.', employeeId: '007', manager: null, lastLogin: null });
  });

  it('suffixes duplicate header names, notes them, and reads the first by name', async () => {
    const r = await read('okta-rockstar-users-duplicate-headers.csv');
    expect(r.notes.map(noteRow)).toEqual([[1, 'duplicate_header', 'Department (2)', 'Department']]);
    expect(r.identities.map((i) => i.department)).toEqual(['Support', 'Sales']);
  });
});

describe('Okta assignments exports', () => {
  it('Current Assignments: one assignment per current row, ended ones skipped, a row without user noted', async () => {
    const r = await read('okta-current-assignments.csv');
    expect(r).toMatchObject({ format: 'okta-current-assignments', rowsRead: 6, identities: [], groupColumns: ['Application name', 'Application instance'] });
    expect(r.assignments.map(assignmentRow)).toEqual([
      [2, 'ada@example.com', 'ada@example.com', 'dixa', null, null],
      [3, 'ada@example.com', 'ada@example.com', 'dialpad', null, null],
      [4, 'grace@example.com', 'grace@example.com grace.h@example.com', 'dixa', null, null],
      [6, 'alan@example.com', 'alan@example.com', 'slack', null, null],
    ]);
    expect(r.notes.map(noteRow)).toEqual([[7, 'no_email', 'Login', null]]);
  });

  it('Rockstar App Users: one assignment per granting group (multi-values joined with ;)', async () => {
    const r = await read('okta-rockstar-app-users.csv');
    expect(r).toMatchObject({ format: 'okta-rockstar-app-users', rowsRead: 4, groupColumns: ['groupName'] });
    expect(r.assignments.map(assignmentRow)).toEqual([
      [2, 'ada@example.com', 'ada@example.com', null, 'Dixa Agents', null],
      [3, 'grace@example.com', 'grace@example.com', null, null, null],
      [4, 'carol@example.com', 'carol@example.com', null, 'Dixa Agents', null],
      [4, 'carol@example.com', 'carol@example.com', null, 'Support Leads', null],
    ]);
    expect(r.notes.map(noteRow)).toEqual([[5, 'no_email', 'userName', null]]);
  });
});

describe('Microsoft Entra ID users download', () => {
  it('id variant: mail then UPN, guests, a row broken by an unquoted comma is noted not guessed', async () => {
    const r = await read('entra-users.csv');
    expect(r).toMatchObject({ format: 'entra-users', rowsRead: 5 });
    expect(r.identities.map(row)).toEqual([
      [2, '7cc0a1b2-0000-4000-8000-000000000001', 'ada.lovelace@contoso.example', 'ada.lovelace@contoso.example ada@contoso.example ada.home@example.org', 'active', null, 'True'],
      [3, '7cc0a1b2-0000-4000-8000-000000000002', 'grace@contoso.example', 'grace@contoso.example', 'suspended', null, 'False'],
      [4, '7cc0a1b2-0000-4000-8000-000000000003', 'msobbysec@outlook.com', 'msobbysec@outlook.com', 'active', null, 'True'],
      [5, '7cc0a1b2-0000-4000-8000-000000000004', 'alan@contoso.example', 'alan@contoso.example', 'unknown', null, 'Development'],
      [6, '7cc0a1b2-0000-4000-8000-000000000005', 'carol@contoso.example', 'carol@contoso.example', 'unknown', null, 'Maybe'],
    ]);
    // Formula text passes through as data: neutralising it is the report writers' job.
    expect(r.identities[2]).toMatchObject({ displayName: '=1+3 MSOBB', login: 'MSOBBYSec_outlook.com#EXT#@contoso.onmicrosoft.com' });
    expect(r.notes.map(noteRow)).toEqual([
      [5, 'wrong_field_count', null, null],
      [5, 'unknown_status', 'accountEnabled', 'Development'],
      [6, 'unknown_status', 'accountEnabled', 'Maybe'],
    ]);
  });

  it('objectId variant with a quoted newline in the address', async () => {
    const r = await read('entra-users-objectid.csv');
    expect(r.identities.map(row)).toEqual([
      [2, '5d1e0000-0000-4000-8000-00000000000a', 'dora@contoso.example', 'dora@contoso.example dora.auth@example.org', 'active', null, 'True'],
      [4, '5d1e0000-0000-4000-8000-00000000000b', 'eli@contoso.example', 'eli@contoso.example', 'suspended', null, 'False'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('preview download: display labels, Yes/No, proxy addresses and sign-in activity as JSON', async () => {
    const r = await read('entra-users-preview.csv');
    expect(r).toMatchObject({ format: 'entra-users', rowsRead: 2, notes: [] });
    expect(r.identities.map(row)).toEqual([
      [2, '9e000000-0000-4000-8000-000000000001', 'nia@contoso.example', 'nia@contoso.example nia.p@contoso.example', 'active', null, 'Yes'],
      [3, '9e000000-0000-4000-8000-000000000002', 'omar@contoso.example', 'omar@contoso.example', 'suspended', null, 'No'],
    ]);
    expect(r.identities.map((i) => [i.employeeId, i.lastLogin])).toEqual([
      ['000777', '2025-03-01T10:00:00.000Z'],
      ['000778', null],
    ]);
  });

  it('bulk template: version line skipped, example row skipped, Block sign in inverted', async () => {
    const r = await read('entra-template.csv');
    expect(r).toMatchObject({ format: 'entra-users', rowsRead: 3, notes: [] });
    expect(r.identities.map(row)).toEqual([
      [4, 'chris@contoso.example', 'chris@contoso.example', 'chris@contoso.example', 'active', null, 'No'],
      [5, 'pat@contoso.example', 'pat@contoso.example', 'pat@contoso.example', 'suspended', null, 'Yes'],
    ]);
    expect(r.identities[0]).toMatchObject({ displayName: 'Chris Green', department: 'Support', login: 'chris@contoso.example' });
  });
});

describe('Microsoft 365 admin center export', () => {
  it('BOM, Block credential inverted, SMTP primary, smtp aliases (with +tags), licenses as groups', async () => {
    const r = await read('m365-users.csv');
    expect(r).toMatchObject({ format: 'm365-users', encoding: 'utf8-bom', rowsRead: 4, groupColumns: ['Licenses'] });
    expect(r.identities.map(row)).toEqual([
      [2, 'a0000000-0000-4000-8000-000000000001', 'Adele.Vance@contoso.example', 'Adele.Vance@contoso.example AdeleV@contoso.example adele+dixa@contoso.example', 'active', null, 'False'],
      [3, 'a0000000-0000-4000-8000-000000000002', 'MarcoB@contoso.example', 'MarcoB@contoso.example', 'suspended', null, 'True'],
      [4, 'a0000000-0000-4000-8000-000000000003', null, '', 'active', null, 'FALSE'],
      [5, 'a0000000-0000-4000-8000-000000000004', 'LeeU@contoso.example', 'LeeU@contoso.example', 'suspended', null, 'TRUE'],
    ]);
    expect(r.identities[0]).toMatchObject({ displayName: 'Adele Vance', login: 'AdeleV@contoso.example', groups: ['Microsoft 365 Business Basic', 'Power BI Pro'] });
    expect(r.identities[1]).toMatchObject({ displayName: 'Bianchi, Marco', groups: [] });
    expect(r.notes.map(noteRow)).toEqual([[4, 'no_email', 'User principal name', 'guest_gmail.com#EXT#@contoso.onmicrosoft.com']]);
  });

  it('Excel-mangled: sep=; line, localized booleans, injection quote, leading zeros kept, scientific id kept as text', async () => {
    const r = await read('m365-users-excel-mangled.csv');
    expect(r).toMatchObject({ format: 'm365-users', delimiter: ';', rowsRead: 4, notes: [] });
    expect(r.identities.map((i) => [i.source.row, i.displayName, i.status, i.rawStatus, i.employeeId])).toEqual([
      [3, 'João Silva', 'active', 'FALSO', '1,23457E+11'],
      [4, 'Ana Costa', 'suspended', 'VERDADEIRO', '00042'],
      [5, 'Max Mustermann', 'suspended', 'WAHR', null],
      [6, 'Zoé Martin', 'active', 'FAUX', null],
    ]);
  });
});

describe('Google Workspace', () => {
  it('users download: bracket headers, Never logged in, Archived, quoted comma and newline, bad date and status noted', async () => {
    const r = await read('google-users.csv');
    expect(r).toMatchObject({ format: 'google-users', rowsRead: 6 });
    expect(r.identities.map(row)).toEqual([
      [2, 'adiella@example.com', 'adiella@example.com', 'adiella@example.com adiella.o@example.com adiella.personal@gmail.com', 'active', null, 'Active'],
      [4, 'comma.user@example.com', 'comma.user@example.com', 'comma.user@example.com', 'suspended', null, 'Suspended'],
      [5, 'never@example.com', 'never@example.com', 'never@example.com', 'active', null, 'Active'],
      [6, 'archie@example.com', 'archie@example.com', 'archie@example.com', 'suspended', null, 'Archived'],
      [7, 'odd@example.com', 'odd@example.com', 'odd@example.com', 'unknown', null, 'Pending'],
      [8, 'row:8', null, '', 'active', null, 'Active'],
    ]);
    expect(r.identities[0]).toMatchObject({ displayName: 'Adiella Oktaviani', employeeId: '00042', manager: 'lead@example.com', department: 'Support', lastLogin: '2024-04-10T04:05:20.000Z' });
    expect(r.identities[1]).toMatchObject({ displayName: 'Comma, Name User', lastLogin: '2023-11-02T10:00:00.000Z' });
    expect(r.identities[2]?.lastLogin).toBeNull();
    expect(r.notes.map(noteRow)).toEqual([
      [7, 'unknown_status', 'Status [READ ONLY]', 'Pending'],
      [7, 'invalid_date', 'Last Sign In [READ ONLY]', '2024/13/45 99:00:00'],
      [8, 'no_email', 'Email Address [Required]', null],
    ]);
  });

  it('group members: one assignment per row, group email as the group', async () => {
    const r = await read('google-group-members.csv');
    expect(r).toMatchObject({ format: 'google-group-members', rowsRead: 5, identities: [], groupColumns: ['Group Email [Required]'] });
    expect(r.assignments.map(assignmentRow)).toEqual([
      [2, 'adiella@example.com', 'adiella@example.com', null, 'dixa-agents@example.com', null],
      [3, 'comma.user@example.com', 'comma.user@example.com', null, 'dixa-agents@example.com', null],
      [4, 'never@example.com', 'never@example.com', null, 'dialpad-users@example.com', null],
      [5, 'dixa-agents@example.com', 'dixa-agents@example.com', null, 'dialpad-users@example.com', null],
    ]);
    expect(r.notes.map(noteRow)).toEqual([[6, 'no_email', 'Member Email', null]]);
  });
});

describe('JumpCloud', () => {
  it('users to groups: one identity per user with all groups, lock and expiry as conditions, memberships as assignments', async () => {
    const r = await read('jumpcloud-user-groups.csv');
    expect(r).toMatchObject({ format: 'jumpcloud-user-groups', rowsRead: 6, notes: [], groupColumns: ['User Group Name'] });
    expect(r.identities.map((i) => [...row(i), i.groups.join('|')])).toEqual([
      [2, '5f0000000000000000000001', 'ada@example.com', 'ada@example.com', 'active', null, 'ACTIVATED', 'Dixa Agents|Dialpad Users'],
      [4, '5f0000000000000000000002', 'grace@example.com', 'grace@example.com', 'active', 'locked_out', 'ACTIVATED', 'Dixa Agents'],
      [5, '5f0000000000000000000003', 'alan@example.com', 'alan@example.com', 'active', 'password_expired', 'ACTIVATED', ''],
      [6, '5f0000000000000000000004', 'carol@example.com', 'carol@example.com', 'suspended', null, 'SUSPENDED', 'Dialpad Users'],
      [7, '5f0000000000000000000005', 'dan@example.com', 'dan@example.com', 'staged', null, 'STAGED', ''],
    ]);
    expect(r.assignments.map(assignmentRow)).toEqual([
      [2, 'ada@example.com', 'ada@example.com', null, 'Dixa Agents', 'ACTIVATED'],
      [3, 'ada@example.com', 'ada@example.com', null, 'Dialpad Users', 'ACTIVATED'],
      [4, 'grace@example.com', 'grace@example.com', null, 'Dixa Agents', 'ACTIVATED'],
      [6, 'carol@example.com', 'carol@example.com', null, 'Dialpad Users', 'SUSPENDED'],
    ]);
  });

  it('PowerShell backup: state first, then suspended/activated booleans, JSON cells with commas', async () => {
    const r = await read('jumpcloud-backup.csv');
    expect(r).toMatchObject({ format: 'jumpcloud-backup', rowsRead: 5, notes: [] });
    expect(r.identities.map(row)).toEqual([
      [2, '5f0000000000000000000001', 'ada@example.com', 'ada@example.com ada.alt@example.org', 'active', null, 'ACTIVATED'],
      [3, '5f0000000000000000000002', 'grace@example.com', 'grace@example.com', 'active', 'locked_out', 'suspended=False activated=True'],
      [4, '5f0000000000000000000004', 'carol@example.com', 'carol@example.com', 'suspended', null, 'suspended=True activated=True'],
      [5, '5f0000000000000000000005', 'dan@example.com', 'dan@example.com', 'active', 'pending_activation', 'suspended=False activated=False'],
      [6, '5f0000000000000000000006', 'staged@example.com', 'staged@example.com', 'staged', null, 'STAGED'],
    ]);
    expect(r.identities[0]).toMatchObject({ displayName: 'Ada Lovelace', login: 'ada.l', employeeId: '00123', department: 'Support' });
    expect(r.identities[1]).toMatchObject({ displayName: 'Grace Hopper', employeeId: '007' });
  });
});

describe('OneLogin', () => {
  it('numeric status 0..8, state overriding, undocumented 6 unknown, member_of groups', async () => {
    const r = await read('onelogin-users.csv');
    expect(r).toMatchObject({ format: 'onelogin-users', rowsRead: 10, groupColumns: ['member_of'] });
    expect(r.identities.map((i) => [i.source.row, i.primaryEmail, i.status, i.condition, i.rawStatus])).toEqual([
      [2, 'ola@example.com', 'active', null, '1'],
      [3, 'kari@example.com', 'suspended', null, '2'],
      [4, 'lars@example.com', 'active', 'locked_out', '3'],
      [5, 'una@example.com', 'staged', null, '0'],
      [6, 'pia@example.com', 'staged', null, '7'],
      [7, 'six@example.com', 'unknown', null, '6'],
      [8, 'rex@example.com', 'suspended', null, '1 (state 2)'],
      [9, 'exp@example.com', 'active', 'password_expired', '4'],
      [10, 'sec@example.com', 'active', null, '8'],
      [11, 'res@example.com', 'active', 'password_reset', '5'],
    ]);
    expect(r.identities[0]).toMatchObject({
      id: '1001',
      emails: ['ola@example.com', 'ola@corp.example.com'],
      login: 'ola',
      displayName: 'Ola Nordmann',
      lastLogin: '2024-05-01T08:30:00.000Z',
      groups: ['CN=Dixa Agents,OU=Groups,DC=example,DC=com', 'CN=Staff,OU=Groups,DC=example,DC=com'],
    });
    expect(r.notes.map(noteRow)).toEqual([[7, 'unknown_status', 'status', '6']]);
  });
});

describe('generic CSV', () => {
  it('reads through the config column mapping with its own status words', async () => {
    const config = await loadConfig(fixture('generic-hr.config.json'));
    const r = await read('generic-hr.csv', { mapping: config.idp.mapping });
    expect(r).toMatchObject({ format: 'generic', rowsRead: 4, groupColumns: ['Teams'] });
    expect(r.identities.map(row)).toEqual([
      [2, '000417', 'jane.doe@example.com', 'jane.doe@example.com jd@example.com', 'active', null, 'Employed'],
      [3, '000418', 'john.roe@example.com', 'john.roe@example.com', 'suspended', null, 'On leave'],
      [4, '000419', 'left@example.com', 'left@example.com', 'deprovisioned', null, 'Left'],
      [5, '000420', 'maybe@example.com', 'maybe@example.com', 'unknown', null, 'Contractor'],
    ]);
    expect(r.identities[0]).toEqual({
      id: '000417',
      primaryEmail: 'jane.doe@example.com',
      emails: ['jane.doe@example.com', 'jd@example.com'],
      login: null,
      displayName: 'Doe, Jane',
      status: 'active',
      rawStatus: 'Employed',
      condition: null,
      format: 'generic',
      source: { file: fixture('generic-hr.csv'), row: 2 },
      employeeId: '000417',
      department: null,
      manager: 'boss@example.com',
      lastLogin: '2024-05-01T00:00:00.000Z',
      groups: ['Dixa Agents', 'Support'],
    });
    expect(r.identities[1]?.lastLogin).toBe('2024-05-02T13:00:00.000Z');
    expect(r.notes.map(noteRow)).toEqual([[5, 'unknown_status', 'Employment', 'Contractor']]);
  });

  it('without a mapping, an obvious email/name/status header is read with the default status words', async () => {
    const r = await read('generic-simple.csv');
    expect(r.format).toBe('generic');
    expect(statusCounts(r)).toEqual({ active: 1, suspended: 1 });
  });
});
