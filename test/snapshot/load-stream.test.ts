import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/errors.js';
import { NormalizedSnapshot, type VendorSnapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/snapshot/load.js';
import { SnapshotWriter } from '../../src/snapshot/writer.js';
import { sha256 } from '../../src/util/hash.js';
import { runCli } from '../helpers/cli.js';
import { tempOut } from '../collect/helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(dirname(d), { recursive: true, force: true });
});

function vendor(name: 'dixa' | 'dialpad', n: number): VendorSnapshot {
  return {
    vendor: name,
    baseUrl: 'http://127.0.0.1:1',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
    org: { id: 'o', name: 'Org "quoted" ]}' },
    complete: true,
    incompleteReasons: [],
    listings: [],
    accounts: Array.from({ length: n }, (_, i) => ({
      vendor: name,
      id: name === 'dialpad' ? String(9007199254740993n + BigInt(i)) : `agent-${i}`,
      emails: [`person.${i}@example.com`],
      displayName: `Person ${i} \\ "x" é ${'}'.repeat(i % 3)}`,
      status: i % 5 === 0 ? 'invited' : 'active',
      rawStatus: 'active',
      roles: ['Agent'],
      isAdmin: i % 50 === 0,
      createdAt: null,
      lastSeen: null,
      firstLogin: null,
      license: null,
      officeId: null,
      phoneNumbers: [],
      memberships: [{ kind: 'team', id: 't1', name: 'Team [1]', role: null }],
    })),
    groups: [{ vendor: name, kind: 'team', id: 't1', name: 'Team [1]', memberIds: ['agent-1', 'gone'], officeId: null }],
    seatPools: [],
    numbers: [{ vendor: name, number: '+15555550100', status: 'assigned', targetType: 'user', targetId: '1', officeId: null }],
    invalidRecords: [],
  };
}

const SNAPSHOT: NormalizedSnapshot = { schemaVersion: 1, runId: 'r1', toolVersion: '0.0.0', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', vendors: { dixa: vendor('dixa', 3000), dialpad: vendor('dialpad', 2000) } };

async function writeSnapshot(): Promise<string> {
  const w = await SnapshotWriter.create(tempOut());
  const done = await w.finalize(SNAPSHOT, { schemaVersion: 1, kind: 'access-audit-snapshot', toolVersion: '0.0.0', runId: 'r1', startedAt: SNAPSHOT.startedAt, finishedAt: SNAPSHOT.finishedAt, vendors: {} });
  made.push(done.dir);
  return done.dir;
}

/** normalized.json replaced, and the manifest re-hashed to match (what a careless hand edit of both would leave). */
function replaceNormalized(dir: string, edit: (text: string) => string): void {
  const path = join(dir, 'normalized.json');
  const text = edit(readFileSync(path, 'utf8'));
  writeFileSync(path, text);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
  manifest.files['normalized.json'] = { sha256: sha256(text), bytes: Buffer.byteLength(text) };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

async function loadError(dir: string): Promise<AuditError> {
  const err = await loadSnapshot(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuditError);
  return err as AuditError;
}

describe('loadSnapshot streams normalized.json', () => {
  it('gives what parsing the whole file with the schema gives (int64 ids, brackets and quotes in names)', async () => {
    const dir = await writeSnapshot();
    const whole = NormalizedSnapshot.parse(JSON.parse(readFileSync(join(dir, 'normalized.json'), 'utf8')));
    const loaded = await loadSnapshot(dir);
    expect(loaded.snapshot).toEqual(whole);
    expect(loaded.snapshot).toEqual(NormalizedSnapshot.parse(SNAPSHOT));
    expect(loaded.snapshot.vendors.dialpad?.accounts[1]?.id).toBe('9007199254740994');
  });

  it('names the record and field that fails the schema, by its place in the file', async () => {
    const dir = await writeSnapshot();
    replaceNormalized(dir, (t) => t.replace('"status": "active"', '"status": "sleeping"'));
    const err = await loadError(dir);
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/normalized\.json: vendors\.dialpad\.accounts\.1\.status: /);
  });

  it('a changed file is "changed", not "not valid JSON", even when it is not JSON any more', async () => {
    const dir = await writeSnapshot();
    const path = join(dir, 'normalized.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"accounts": [', '"accounts": [,'));
    // verify runs first and names the file; loadSnapshot's own hash check is the same words.
    expect((await loadError(dir)).message).toMatch(/1 changed \(normalized\.json\)|does not match the hash/);
  });

  it('audit (built CLI) on a snapshot whose normalized.json is not JSON: one line naming the file and the byte, exit 3, no output', async () => {
    const dir = await writeSnapshot();
    replaceNormalized(dir, (t) => t.replace(/"accounts": \[\n(\s+)\{/, '"accounts": [\n$1{} {'));
    const out = join(dirname(dir), 'out');
    const res = await runCli(['audit', '--snapshot', dir, '--idp', join(import.meta.dirname, '..', '..', 'fixtures', 'demo', 'idp-users.csv'), '--out', out]);
    expect(res.code).toBe(3);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/normalized\.json is not valid JSON \(a missing comma between elements at byte \d+\)/);
    expect(res.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});
