import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import type { NormalizedSnapshot } from '../../src/model/snapshot.js';
import { attachRecordSources } from '../../src/snapshot/provenance.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-provenance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, value: unknown): string {
  mkdirSync(join(dir, 'raw'), { recursive: true });
  writeFileSync(join(dir, ...file.split('/')), typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

function finding(vendor: 'dixa' | 'dialpad' | null, account: unknown): Finding {
  return { id: 'f', rule: 'ORPHANED_ACCOUNT', severity: 'high', vendor, accountId: null, accountEmail: null, identityId: null, identityEmail: null, title: '', evidence: { account }, suppressed: false, exception: null } as unknown as Finding;
}

function snapshotOf(files: Record<string, string[]>): NormalizedSnapshot {
  const vendors: Record<string, unknown> = {};
  for (const [vendor, list] of Object.entries(files)) vendors[vendor] = { listings: [{ files: list }] };
  return { vendors } as unknown as NormalizedSnapshot;
}

const sourceOf = (f: Finding): unknown => (f.evidence['account'] as { source?: unknown }).source;

describe('attachRecordSources', () => {
  it('names the first record with the id that holds the primary email, else the first with the id, with escaped pointers', async () => {
    const a = write('raw/a.json', { data: [{ id: 'u1', email: 'other@x.example' }, { id: 7, email: 'n@x.example' }] });
    const b = write('raw/b.json', { 'a/b~c': [{ id: 'u1', emails: ['Ann@X.example'] }, { id: 'u1', emails: ['ann@x.example'] }] });
    const bad = write('raw/error.json', '<html>bad gateway</html>');
    const byEmail = finding('dixa', { id: 'u1', emails: ['ANN@x.example'] });
    const noMatch = finding('dixa', { id: 'u1', emails: ['nobody@x.example'] });
    const noEmail = finding('dixa', { id: 'u1', emails: [] });
    const numeric = finding('dixa', { id: '7', emails: ['n@x.example'] });
    const otherVendor = finding('dialpad', { id: 'u1', emails: ['ann@x.example'] });
    const unknown = finding('dixa', { id: 'u9', emails: [] });
    const noVendor = finding(null, { id: 'u1', emails: [] });
    await attachRecordSources(dir, snapshotOf({ dixa: [a, bad, b], dialpad: [] }), [byEmail, noMatch, noEmail, numeric, otherVendor, unknown, noVendor]);
    expect(sourceOf(byEmail)).toEqual({ file: 'raw/b.json', pointer: '/a~1b~0c/0' });
    expect(sourceOf(noMatch)).toEqual({ file: 'raw/a.json', pointer: '/data/0' });
    expect(sourceOf(noEmail)).toEqual({ file: 'raw/a.json', pointer: '/data/0' });
    expect(sourceOf(numeric)).toEqual({ file: 'raw/a.json', pointer: '/data/1' });
    expect(sourceOf(otherVendor)).toBeUndefined();
    expect(sourceOf(unknown)).toBeUndefined();
    expect(sourceOf(noVendor)).toBeUndefined();
    // The rest of the account evidence is kept as it was.
    expect(byEmail.evidence['account']).toMatchObject({ id: 'u1', emails: ['ANN@x.example'] });
  });
});
