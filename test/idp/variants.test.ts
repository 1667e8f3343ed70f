import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readIdpFile } from '../../src/idp/read.js';
import type { Identity, IdpReadResult } from '../../src/model/identity.js';
import { fixture } from './helpers.js';

/** An identity without where it came from, and with its row shifted back by the lines a variant adds before the header. */
function portable(i: Identity, shift: number): Omit<Identity, 'source'> & { row: number } {
  const { source, ...rest } = i;
  return { ...rest, row: source.row - shift };
}

function sameReading(variant: IdpReadResult, base: IdpReadResult, shift: number): void {
  expect(variant.format).toBe(base.format);
  expect(variant.rowsRead).toBe(base.rowsRead);
  expect(variant.identities.map((i) => portable(i, shift))).toEqual(base.identities.map((i) => portable(i, 0)));
  expect(variant.notes.map((n) => [n.kind, n.source.row - shift, n.column, n.value])).toEqual(base.notes.map((n) => [n.kind, n.source.row, n.column, n.value]));
}

describe('encoding and delimiter variants read exactly like their base file', () => {
  it('UTF-8 with BOM', async () => {
    const v = await readIdpFile(fixture('okta-password-health-utf8-bom.csv'));
    expect(readFileSync(fixture('okta-password-health-utf8-bom.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(v).toMatchObject({ encoding: 'utf8-bom', delimiter: ',' });
    sameReading(v, await readIdpFile(fixture('okta-password-health.csv')), 0);
  });

  it('tab-delimited', async () => {
    const v = await readIdpFile(fixture('okta-password-health-tab.tsv'));
    expect(v).toMatchObject({ encoding: 'utf8', delimiter: '\t' });
    sameReading(v, await readIdpFile(fixture('okta-password-health.csv')), 0);
  });

  it('UTF-16LE with BOM, tab-delimited, CRLF (Excel "Unicode Text")', async () => {
    const v = await readIdpFile(fixture('google-users-utf16le.txt'));
    expect(v).toMatchObject({ encoding: 'utf16le-bom', delimiter: '\t' });
    sameReading(v, await readIdpFile(fixture('google-users.csv')), 0);
  });

  it('UTF-16BE with BOM', async () => {
    const v = await readIdpFile(fixture('google-users-utf16be.csv'));
    expect(v).toMatchObject({ encoding: 'utf16be-bom', delimiter: ',' });
    sameReading(v, await readIdpFile(fixture('google-users.csv')), 0);
  });

  it('latin-1 / cp1252: invalid UTF-8 falls back, accented names and the cp1252 apostrophe decode', async () => {
    const v = await readIdpFile(fixture('google-users-latin1.csv'));
    expect(v).toMatchObject({ encoding: 'latin1', format: 'google-users', rowsRead: 6 });
    expect(v.identities.map((i) => i.displayName)).toEqual(['José Müller', 'Comma, Name User', 'Never Loggedin', 'Zoë D’Ångström', 'Odd Status', 'No Email']);
  });

  it('semicolons after a sep=; line, every field quoted', async () => {
    const v = await readIdpFile(fixture('okta-rockstar-users-semicolon.csv'));
    expect(v).toMatchObject({ delimiter: ';', format: 'okta-rockstar-users' });
    sameReading(v, await readIdpFile(fixture('okta-rockstar-users.csv')), 1);
  });

  it('#TYPE preamble and CRLF (Windows PowerShell Export-Csv)', async () => {
    const v = await readIdpFile(fixture('jumpcloud-backup-typeinfo.csv'));
    expect(v).toMatchObject({ delimiter: ',', format: 'jumpcloud-backup' });
    sameReading(v, await readIdpFile(fixture('jumpcloud-backup.csv')), 1);
  });

  it('the encoding and delimiter can be forced', async () => {
    const v = await readIdpFile(fixture('google-users-latin1.csv'), { encoding: 'latin1', delimiter: ',' });
    expect(v.identities[0]?.displayName).toBe('José Müller');
    // Forced wrong delimiter: one column, no email column: a clear error rather than a silent empty read.
    await expect(readIdpFile(fixture('google-users.csv'), { delimiter: ';' })).rejects.toThrow(/no recognisable email column/);
  });
});
