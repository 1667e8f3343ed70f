import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256File } from '../util/hash.js';
import { readManifest } from './manifest.js';
import { MANIFEST_FILE } from './paths.js';

export interface VerifyResult {
  intact: boolean;
  changed: string[];
  missing: string[];
  added: string[];
  /** SHA-256 of manifest.json, to compare with the value recorded when the snapshot was taken. */
  manifestSha256: string;
}

/** Re-hashes every file the manifest lists and looks for files it does not list. AuditError exit 3 if not a snapshot. */
export async function verifySnapshot(dir: string): Promise<VerifyResult> {
  const { manifest, sha256 } = await readManifest(dir);
  const onDisk = new Set(await listFiles(dir));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [rel, expected] of Object.entries(manifest.files)) {
    if (!onDisk.has(rel)) {
      missing.push(rel);
      continue;
    }
    const path = join(dir, ...rel.split('/'));
    const size = (await stat(path)).size;
    if (size !== expected.bytes || (await sha256File(path)) !== expected.sha256) changed.push(rel);
  }
  const added = [...onDisk].filter((rel) => rel !== MANIFEST_FILE && !(rel in manifest.files));
  changed.sort();
  missing.sort();
  added.sort();
  return { intact: changed.length + missing.length + added.length === 0, changed, missing, added, manifestSha256: sha256 };
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? root;
    out.push(relative(root, join(parent, e.name)).split(sep).join('/'));
  }
  return out;
}
