import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIdpFile } from '../../src/idp/read.js';
import { AuditError } from '../../src/errors.js';
import type { IdpFormat } from '../../src/model/identity.js';
import { fixture } from './helpers.js';

const DETECTED: Array<[string, IdpFormat]> = [
  ['okta-password-health.csv', 'okta-password-health'],
  ['okta-rockstar-users.csv', 'okta-rockstar-users'],
  ['okta-current-assignments.csv', 'okta-current-assignments'],
  ['okta-rockstar-app-users.csv', 'okta-rockstar-app-users'],
  ['entra-users.csv', 'entra-users'],
  ['entra-users-objectid.csv', 'entra-users'],
  ['entra-template.csv', 'entra-users'],
  ['entra-users-preview.csv', 'entra-users'],
  ['m365-users.csv', 'm365-users'],
  ['google-users.csv', 'google-users'],
  ['google-group-members.csv', 'google-group-members'],
  ['jumpcloud-user-groups.csv', 'jumpcloud-user-groups'],
  ['jumpcloud-backup.csv', 'jumpcloud-backup'],
  ['onelogin-users.csv', 'onelogin-users'],
  ['generic-simple.csv', 'generic'],
];

describe('format detection from the header row', () => {
  it.each(DETECTED)('%s is %s', async (file, format) => {
    expect((await readIdpFile(fixture(file))).format).toBe(format);
  });

  it('detects by names, not positions: shuffled columns read the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-detect-'));
    const path = join(dir, 'shuffled.csv');
    writeFileSync(path, 'Last Login,Status,Login,User\n2024-05-01T08:30:00Z,SUSPENDED,zed@example.com,Zed\n');
    const r = await readIdpFile(path);
    expect(r.format).toBe('okta-password-health');
    expect(r.identities[0]).toMatchObject({ primaryEmail: 'zed@example.com', status: 'suspended', displayName: 'Zed', lastLogin: '2024-05-01T08:30:00.000Z' });
  });

  it('a CSV with an email column and no known signature is read as generic; an address State is not a status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-generic-'));
    const path = join(dir, 'people.csv');
    writeFileSync(path, 'Full Name;E-mail;State;Status\nAna;ana@example.com;WA;Active\nBo;bo@example.com;CA;\n');
    const r = await readIdpFile(path);
    expect(r).toMatchObject({ format: 'generic', delimiter: ';' });
    expect(r.identities.map((i) => [i.displayName, i.primaryEmail, i.status, i.rawStatus])).toEqual([
      ['Ana', 'ana@example.com', 'active', 'Active'],
      ['Bo', 'bo@example.com', 'unknown', ''],
    ]);
    expect(r.notes.map((n) => [n.source.row, n.kind, n.column, n.message])).toEqual([[3, 'unknown_status', 'Status', 'empty status']]);
  });

  it('a forced format reads a file whose header it fits', async () => {
    expect((await readIdpFile(fixture('generic-simple.csv'), { format: 'generic' })).identities).toHaveLength(2);
  });

  it('a forced format that does not fit the header is bad input naming the file', async () => {
    const err = await readIdpFile(fixture('okta-password-health.csv'), { format: 'google-users' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).line()).toMatch(/okta-password-health\.csv: the header has no email or login column of format google-users/);
  });

  it('an unknown format is bad input', async () => {
    const err = await readIdpFile(fixture('okta-password-health.csv'), { format: 'okta' as IdpFormat }).catch((e: unknown) => e);
    expect((err as AuditError).exitCode).toBe(3);
    expect((err as AuditError).line()).toMatch(/unknown --format "okta"/);
  });
});
