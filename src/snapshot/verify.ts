import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotManifest } from '../model/snapshot.js';
import { hashRegular, openRegular, type FileKind } from '../util/no-follow.js';
import { readManifest } from './manifest.js';
import { MANIFEST_FILE } from './paths.js';

export interface VerifyResult {
  intact: boolean;
  changed: string[];
  missing: string[];
  /** Files the manifest does not list, and folders holding nothing it lists (with a trailing `/`). */
  added: string[];
  /** Links, FIFOs, sockets and devices: never followed or read, always tampering (the writer makes none). */
  irregular: Array<{ path: string; type: FileKind }>;
  /** SHA-256 of manifest.json, to compare with the value recorded when the snapshot was taken. */
  manifestSha256: string;
}

/**
 * Re-hashes every file the manifest lists and looks for anything it does not list, without following a link or
 * opening anything but a regular file (a link to /dev/zero is reported, never read). AuditError exit 3 if not a
 * snapshot.
 */
export async function verifySnapshot(dir: string): Promise<VerifyResult> {
  return (await verifySnapshotWithManifest(dir)).result;
}

/** verifySnapshot, with the manifest it checked against (what `audit` then reads, not a second copy). */
export async function verifySnapshotWithManifest(dir: string): Promise<{ result: VerifyResult; manifest: SnapshotManifest }> {
  const { manifest, sha256 } = await readManifest(dir);
  const disk = await walk(dir);
  const irregularPaths = new Set(disk.irregular.map((e) => e.path));
  const changed: string[] = [];
  const missing: string[] = [];
  const irregular = [...disk.irregular];
  for (const [rel, expected] of Object.entries(manifest.files)) {
    if (irregularPaths.has(rel)) continue;
    if (!disk.files.has(rel)) {
      missing.push(rel);
      continue;
    }
    const opened = await openRegular(join(dir, ...rel.split('/')));
    if (!opened.ok) {
      // Replaced between the walk and the open.
      if (opened.kind === 'missing') missing.push(rel);
      else irregular.push({ path: rel, type: opened.kind });
      continue;
    }
    try {
      if (opened.size !== expected.bytes) {
        changed.push(rel);
        continue;
      }
      const hashed = await hashRegular(opened.handle, expected.bytes);
      if (!hashed || hashed.sha256 !== expected.sha256) changed.push(rel);
    } finally {
      await opened.handle.close();
    }
  }
  const added = [...disk.files].filter((rel) => rel !== MANIFEST_FILE && !(rel in manifest.files));
  // A folder is reported only when nothing inside it is (an empty planted folder); otherwise its content names it.
  const explained = foldersOf([...Object.keys(manifest.files), ...added, ...irregular.map((e) => e.path)]);
  for (const folder of disk.folders) if (!explained.has(folder)) added.push(`${folder}/`);
  changed.sort();
  missing.sort();
  added.sort();
  irregular.sort((a, b) => a.path.localeCompare(b.path));
  const intact = changed.length + missing.length + added.length + irregular.length === 0;
  return { result: { intact, changed, missing, added, irregular, manifestSha256: sha256 }, manifest };
}

/** Every folder on the way to these paths. */
function foldersOf(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return out;
}

/** Every entry under root by lstat type (readdir's own types): folders are entered, nothing else is followed. */
async function walk(root: string): Promise<{ files: Set<string>; folders: string[]; irregular: Array<{ path: string; type: FileKind }> }> {
  const files = new Set<string>();
  const folders: string[] = [];
  const irregular: Array<{ path: string; type: FileKind }> = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    const entries = await readdir(rel === '' ? root : join(root, ...rel.split('/')), { withFileTypes: true });
    for (const e of entries) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isFile()) files.add(path);
      else if (e.isDirectory()) {
        folders.push(path);
        pending.push(path);
      } else irregular.push({ path, type: direntKind(e) });
    }
  }
  return { files, folders, irregular };
}

function direntKind(e: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): FileKind {
  if (e.isSymbolicLink()) return 'symbolic link';
  if (e.isFIFO()) return 'FIFO';
  if (e.isSocket()) return 'socket';
  if (e.isBlockDevice() || e.isCharacterDevice()) return 'device';
  return 'unknown';
}
