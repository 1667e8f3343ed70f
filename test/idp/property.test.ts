import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIdpFile } from '../../src/idp/read.js';
import { AuditError } from '../../src/errors.js';
import { IdpReadResult, type IdpFormat } from '../../src/model/identity.js';

const dir = mkdtempSync(join(tmpdir(), 'idp-prop-'));
let n = 0;

/** The reader's contract on any input: a valid result or an AuditError (exit 3), never another exception. */
async function readOrAuditError(data: Uint8Array | string, opts: Parameters<typeof readIdpFile>[1] = {}): Promise<'read' | 'bad-input'> {
  const path = join(dir, `case-${n++}.csv`);
  writeFileSync(path, data);
  try {
    const r = await readIdpFile(path, opts);
    IdpReadResult.parse(r);
    for (const i of r.identities) expect(i.source.row).toBeGreaterThan(0);
    return 'read';
  } catch (err) {
    if (err instanceof AuditError) {
      expect(err.exitCode).toBe(3);
      expect(err.line()).not.toContain('\n');
      return 'bad-input';
    }
    throw err;
  }
}

const HEADER_POOL = [
  'Email', 'email', 'Login', 'User', 'Status', 'Status [READ ONLY]', 'Email Address [Required]', 'userPrincipalName', 'accountEnabled',
  'User principal name', 'Block credential', 'Proxy addresses', 'User Id', 'Username', 'Primary email', '_id', 'username', 'activated',
  'suspended', 'state', 'User Name', 'User Group Name', 'Application name', 'scope', 'syncState', 'Last Login', 'Last Sign In [READ ONLY]',
  'external_id', 'distinguished_name', 'Group Email [Required]', 'Member Email', 'Name', 'Department', '',
];
const CELL_POOL = [
  'a@example.com', 'A@Example.com', 'not-an-email', '', ' ', 'ACTIVE', 'Active', 'SUSPENDED', 'True', 'FALSE', 'VERDADEIRO', '0', '2', '8',
  'Never logged in', '2024/04/10 04:05:20', '8/19/2021 1:25:31 PM', '2024-13-45', "'=1+2", '00042', '1,23E+11', 'SMTP:a@x.com+smtp:b+c@x.com',
  'no user group', 'Example:', 'a,b', 'a;b', 'a\tb', 'line\nbreak', 'say "hi"', '"', '\u0000', '\ufeff', 'é', '’', '#TYPE x', 'sep=;',
];

function quote(cell: string, delimiter: string): string {
  return /["\n\r]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const csvShape = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  header: fc.array(fc.oneof(fc.constantFrom(...HEADER_POOL), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 8 }),
  rows: fc.array(fc.array(fc.oneof(fc.constantFrom(...CELL_POOL), fc.string({ maxLength: 20 })), { maxLength: 10 }), { maxLength: 12 }),
  preamble: fc.constantFrom('', 'sep=;\n', 'version:v1.0\n', '#TYPE System.Object\n', 'Report title\n\n'),
  quoteCells: fc.boolean(),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  encoding: fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'latin1-ish'),
});

type Shape = typeof csvShape extends fc.Arbitrary<infer T> ? T : never;

function render(s: Shape): Buffer {
  const line = (cells: string[]): string => cells.map((c) => (s.quoteCells ? quote(c, s.delimiter) : c)).join(s.delimiter);
  const text = s.preamble + [line(s.header), ...s.rows.map(line)].join(s.newline) + s.newline;
  if (s.encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  if (s.encoding === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (s.encoding === 'latin1-ish') return Buffer.from(text, 'latin1');
  return Buffer.from(text);
}

describe('property: any input gives a result or an AuditError', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
      await readOrAuditError(bytes);
    }), { numRuns: 150 });
  });

  it('random CSV shapes: delimiters, quoting, preambles, encodings, awkward cells', async () => {
    await fc.assert(fc.asyncProperty(csvShape, async (shape) => {
      await readOrAuditError(render(shape));
    }), { numRuns: 200 });
  });

  it('random CSV shapes with a forced format and a mapping', async () => {
    const format: fc.Arbitrary<IdpFormat | 'auto'> = fc.constantFrom('auto', 'okta-password-health', 'google-users', 'jumpcloud-user-groups', 'generic', 'entra-users');
    await fc.assert(fc.asyncProperty(csvShape, format, async (shape, f) => {
      await readOrAuditError(render(shape), { format: f, mapping: f === 'generic' ? { email: 'Email', secondaryEmails: [], groupSeparator: ';', activeValues: ['active'], suspendedValues: [], deprovisionedValues: [], stagedValues: [] } : undefined });
    }), { numRuns: 100 });
  });

  it('random CSV shapes read with a forced (possibly wrong) encoding and delimiter', async () => {
    const encoding = fc.constantFrom('utf8', 'utf16le', 'utf16be', 'latin1') as fc.Arbitrary<'utf8' | 'utf16le' | 'utf16be' | 'latin1'>;
    const delimiter = fc.constantFrom(',', ';', '\t', '|') as fc.Arbitrary<',' | ';' | '\t' | '|'>;
    await fc.assert(fc.asyncProperty(csvShape, encoding, delimiter, async (shape, e, d) => {
      await readOrAuditError(render(shape), { encoding: e, delimiter: d });
    }), { numRuns: 100 });
  });

  it('NUL bytes anywhere in a real export', async () => {
    const base = Buffer.from('Email,Name,Status\na@example.com,"A, B",active\nb@example.com,B,suspended\n');
    await fc.assert(fc.asyncProperty(fc.nat({ max: base.length - 1 }), async (at) => {
      const data = Buffer.concat([base.subarray(0, at), Buffer.from([0]), base.subarray(at)]);
      expect(await readOrAuditError(data)).toBe('bad-input');
    }), { numRuns: 30 });
  });

  it('huge fields, quoted and unquoted, up to past the record size limit', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(70_000, 1_000_000, 9_000_000), fc.boolean(), async (size, quoted) => {
      const big = 'x'.repeat(size);
      const cell = quoted ? `"${big}"` : big;
      const outcome = await readOrAuditError(`Email,Name,Status\na@example.com,${cell},active\n`);
      // Within the 8 MB record limit the row is read; past it, a clear bad-input error.
      expect(outcome).toBe(size > 8 * 1024 * 1024 ? 'bad-input' : 'read');
    }), { numRuns: 6 });
  });
});
