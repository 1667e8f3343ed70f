import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIdpFile, readIdpFile, type IdpItem } from '../../src/idp/read.js';
import { fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'idp-stream-'));

/** A Google-style export with `n` rows; every 97th suspended, every 101st with a broken email. */
function writeGoogleExport(path: string, n: number): void {
  const lines = ['First Name [Required],Last Name [Required],Email Address [Required],Status [READ ONLY],Last Sign In [READ ONLY],Employee ID'];
  for (let i = 0; i < n; i++) {
    const email = i % 101 === 0 ? `user${i}-at-example.com` : `user${i}@example.com`;
    lines.push(`"Name${i}, Jr.",Last${i},${email},${i % 97 === 0 ? 'Suspended' : 'Active'},2024/04/10 04:05:20,${String(i).padStart(8, '0')}`);
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
}

describe('streaming core', () => {
  it('yields the same identities and notes as readIdpFile collects, in file order', async () => {
    const s = await openIdpFile(fixture('google-users.csv'));
    expect(s).toMatchObject({ format: 'google-users', kind: 'users', encoding: 'utf8', delimiter: ',', headerLine: 1, preamble: [] });
    const items: IdpItem[] = [];
    for await (const item of s.items()) items.push(item);
    expect(s.rowsRead).toBe(6);
    const r = await readIdpFile(fixture('google-users.csv'));
    expect(items.filter((i) => i.type === 'identity').map((i) => i.identity)).toEqual(r.identities);
    expect(items.filter((i) => i.type === 'note').map((i) => i.note)).toEqual(r.notes);
    // A row's notes come before its identity, so a consumer can attach them.
    const rows = items.map((i) => (i.type === 'identity' ? `i${i.identity.source.row}` : i.type === 'note' ? `n${i.note.source.row}` : '?'));
    expect(rows).toEqual(['i2', 'i4', 'i5', 'i6', 'n7', 'n7', 'i7', 'n8', 'i8']);
  });

  it('reads a few thousand generated rows with CRLF and quoted commas, counting exactly', async () => {
    const path = join(dir, 'User_Download_01012025_000000.csv');
    writeGoogleExport(path, 5000);
    const r = await readIdpFile(path);
    expect(r.rowsRead).toBe(5000);
    expect(r.identities).toHaveLength(5000);
    expect(r.identities.filter((i) => i.status === 'suspended')).toHaveLength(Math.ceil(5000 / 97));
    expect(r.notes.filter((n) => n.kind === 'no_email')).toHaveLength(Math.ceil(5000 / 101));
    expect(r.notes).toHaveLength(Math.ceil(5000 / 101));
    expect(r.identities[4999]).toMatchObject({ displayName: 'Name4999, Jr. Last4999', employeeId: '00004999', source: { row: 5001 } });
  });

  it('can be abandoned part way (break) without leaking an error', async () => {
    const path = join(dir, 'abandon.csv');
    writeGoogleExport(path, 3000);
    const s = await openIdpFile(path);
    let seen = 0;
    for await (const item of s.items()) {
      if (item.type === 'identity' && ++seen === 10) break;
    }
    expect(seen).toBe(10);
  });

  it('reads JumpCloud memberships as separate items, merged by readIdpFile', async () => {
    const s = await openIdpFile(fixture('jumpcloud-user-groups.csv'));
    const memberships: string[] = [];
    for await (const item of s.items()) if (item.type === 'membership') memberships.push(`${item.identityId}:${item.group}`);
    expect(memberships).toEqual(['5f0000000000000000000001:Dialpad Users']);
  });
});

describe('edge files', () => {
  it('a header with no rows reads as zero identities, not an error', async () => {
    const path = join(dir, 'header-only.csv');
    writeFileSync(path, 'User Id,Status,Username,First name,Last name,Primary email\r\n');
    const r = await readIdpFile(path);
    expect(r).toMatchObject({ format: 'okta-rockstar-users', rowsRead: 0, identities: [], notes: [] });
  });

  it('blank lines and delimiter-only lines are skipped; line numbers still match the file', async () => {
    const path = join(dir, 'blanks.csv');
    writeFileSync(path, 'Email,Name,Status\n\na@example.com,A,active\n,,\n\nb@example.com,"B\nB",active\nc@example.com,C,active\n');
    const r = await readIdpFile(path);
    expect(r.identities.map((i) => [i.primaryEmail, i.source.row])).toEqual([
      ['a@example.com', 3],
      ['b@example.com', 6],
      ['c@example.com', 8],
    ]);
    expect(r.rowsRead).toBe(3);
  });

  it('mixed line endings (CRLF, LF, CR) end rows; a CRLF inside quotes is one line', async () => {
    const path = join(dir, 'mixed.csv');
    writeFileSync(path, 'Email,Name,Status\r\na@example.com,A,active\nb@example.com,"B\r\nB",active\r\nc@example.com,C,active\rd@example.com,D,active\n');
    const r = await readIdpFile(path);
    expect(r.identities.map((i) => [i.primaryEmail, i.displayName, i.status, i.source.row])).toEqual([
      ['a@example.com', 'A', 'active', 2],
      ['b@example.com', 'B\r\nB', 'active', 3],
      ['c@example.com', 'C', 'active', 5],
      ['d@example.com', 'D', 'active', 6],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('UTF-16LE without a BOM is recognised from its NUL pattern', async () => {
    const path = join(dir, 'utf16-nobom.csv');
    writeFileSync(path, Buffer.from('Email,Name,Status\r\nzoë@example.com,Zoë,active\r\n', 'utf16le'));
    const r = await readIdpFile(path);
    expect(r).toMatchObject({ encoding: 'utf16le', format: 'generic' });
    expect(r.identities[0]).toMatchObject({ primaryEmail: 'zoë@example.com', displayName: 'Zoë' });
  });
});

describe('passes', () => {
  it('items() can be read twice with the same result (no state carried over)', async () => {
    const s = await openIdpFile(fixture('jumpcloud-user-groups.csv'));
    const pass = async (): Promise<string[]> => {
      const out: string[] = [];
      for await (const item of s.items()) out.push(item.type === 'identity' ? `i:${item.identity.id}` : item.type);
      return out;
    };
    const first = await pass();
    expect(first.filter((x) => x.startsWith('i:'))).toHaveLength(5);
    expect(await pass()).toEqual(first);
    expect(s.rowsRead).toBe(6);
  });
});
