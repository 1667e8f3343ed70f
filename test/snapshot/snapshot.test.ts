import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditError } from '../../src/errors.js';
import type { NormalizedSnapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/snapshot/load.js';
import { verifySnapshot } from '../../src/snapshot/verify.js';
import { SnapshotWriter } from '../../src/snapshot/writer.js';
import { sha256 } from '../../src/util/hash.js';
import { tempOut } from '../collect/helpers.js';

const EMPTY: NormalizedSnapshot = { schemaVersion: 1, runId: 'r1', toolVersion: '0.0.0', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', vendors: {} };
const MANIFEST_BASE = { schemaVersion: 1 as const, kind: 'access-audit-snapshot' as const, toolVersion: '0.0.0', runId: 'r1', startedAt: EMPTY.startedAt, finishedAt: EMPTY.finishedAt, vendors: {} };

async function writeSample(): Promise<{ dir: string; sha: string }> {
  const w = await SnapshotWriter.create(tempOut());
  await w.write('raw/dixa/agents/0001.json', '{"data":[{"id":"a"}]}');
  await w.write('raw/dixa/presence/presence.json', Buffer.from('[]'));
  const done = await w.finalize(EMPTY, MANIFEST_BASE);
  return { dir: done.dir, sha: done.sha256 };
}

async function auditErrorOf(p: Promise<unknown>): Promise<AuditError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuditError);
  return err as AuditError;
}

describe('snapshot store', () => {
  let sample: { dir: string; sha: string };
  beforeAll(async () => {
    sample = await writeSample();
  });
  afterAll(() => rmSync(dirname(sample.dir), { recursive: true, force: true }));

  it('writes every file, then a finalized manifest hashing all of them, and renames into place', async () => {
    const manifestText = readFileSync(join(sample.dir, 'manifest.json'), 'utf8');
    expect(sha256(manifestText)).toBe(sample.sha);
    const manifest = JSON.parse(manifestText) as { finalized: boolean; files: Record<string, { sha256: string; bytes: number }> };
    expect(manifest.finalized).toBe(true);
    // The output marker is written first and hashed like any file (README "The output folder rule").
    expect(Object.keys(manifest.files).sort()).toEqual(['.access-audit-output.json', 'normalized.json', 'raw/dixa/agents/0001.json', 'raw/dixa/presence/presence.json']);
    expect(manifest.files['raw/dixa/agents/0001.json']).toEqual({ sha256: sha256('{"data":[{"id":"a"}]}'), bytes: 21 });
    // No partial folder is left beside it.
    expect(readdirSync(dirname(sample.dir))).toEqual(['snapshot']);
    const loaded = await loadSnapshot(sample.dir);
    expect(loaded.snapshot).toEqual(EMPTY);
    expect(loaded.sha256).toBe(sample.sha);
  });

  it('an interrupted snapshot leaves only a hidden partial folder, which load and verify refuse', async () => {
    const out = tempOut();
    const w = await SnapshotWriter.create(out);
    await w.write('raw/dixa/agents/0001.json', '{}');
    expect(existsSync(out)).toBe(false);
    expect((await auditErrorOf(loadSnapshot(w.tempDir))).exitCode).toBe(3);
    expect((await auditErrorOf(verifySnapshot(w.tempDir))).message).toMatch(/not a finalized access-audit snapshot \(no manifest\.json\)/);
    await w.abort();
    expect(existsSync(w.tempDir)).toBe(false);
  });

  it('refuses a manifest that is not finalized, and an --out folder that is not empty', async () => {
    const { dir } = await writeSample();
    const path = join(dir, 'manifest.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"finalized": true', '"finalized": false'));
    expect((await auditErrorOf(loadSnapshot(dir))).message).toMatch(/not finalized/);
    const err = await auditErrorOf(SnapshotWriter.create(dir));
    expect(err.exitCode).toBe(3);
    expect(err.message).toMatch(/not empty/);
  });

  it('load refuses a normalized.json that no longer matches its hash', async () => {
    const { dir } = await writeSample();
    appendFileSync(join(dir, 'normalized.json'), ' ');
    expect((await auditErrorOf(loadSnapshot(dir))).message).toMatch(/fails verification: 1 changed \(normalized\.json\)/);
  });
});

describe('verifySnapshot', () => {
  it('intact when untouched', async () => {
    const { dir, sha } = await writeSample();
    expect(await verifySnapshot(dir)).toEqual({ intact: true, changed: [], missing: [], added: [], irregular: [], manifestSha256: sha });
  });

  it('detects a changed byte (same size), a removed file and an added file', async () => {
    const { dir } = await writeSample();
    const agents = join(dir, 'raw/dixa/agents/0001.json');
    const bytes = readFileSync(agents);
    bytes[bytes.length - 3] = 'b'.charCodeAt(0);
    writeFileSync(agents, bytes);
    rmSync(join(dir, 'raw/dixa/presence/presence.json'));
    mkdirSync(join(dir, 'raw/dixa/extra'), { recursive: true });
    writeFileSync(join(dir, 'raw/dixa/extra/sneaky.json'), '{}');
    expect(await verifySnapshot(dir)).toMatchObject({
      intact: false,
      changed: ['raw/dixa/agents/0001.json'],
      missing: ['raw/dixa/presence/presence.json'],
      added: ['raw/dixa/extra/sneaky.json'],
    });
  });

  it('a folder that is not a snapshot is exit 3', async () => {
    const out = tempOut();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), '{"kind": "something else"}');
    const err = await auditErrorOf(verifySnapshot(out));
    expect(err.exitCode).toBe(3);
  });
});
