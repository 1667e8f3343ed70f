import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import type { NormalizedSnapshot, SnapshotManifest } from '../model/snapshot.js';
import { sha256 } from '../util/hash.js';
import { stableJsonChunks, stableStringify } from '../util/json.js';
import { removeOnInterrupt } from '../util/interrupt.js';
import { MANIFEST_FILE, NORMALIZED_FILE } from './paths.js';

export interface FinalizedSnapshot {
  dir: string;
  manifest: SnapshotManifest;
  /** SHA-256 of manifest.json as written: the one value an auditor needs to pin the whole snapshot. */
  sha256: string;
}

/**
 * Collects a snapshot in a hidden sibling folder and renames it into place when done, manifest last with
 * `finalized: true` (DESIGN.md section 9): an interrupted run leaves only a dot-folder, never a folder that
 * looks like a snapshot. Hashes are taken from the bytes as they are written.
 */
export class SnapshotWriter {
  readonly dir: string;
  readonly tempDir: string;
  private readonly files = new Map<string, { sha256: string; bytes: number }>();
  private done = false;
  private readonly release: () => void;

  private constructor(dir: string, tempDir: string) {
    this.dir = dir;
    this.tempDir = tempDir;
    this.release = removeOnInterrupt(tempDir);
  }

  static async create(outDir: string): Promise<SnapshotWriter> {
    const dir = resolve(outDir);
    const existing = await stat(dir).catch(() => null);
    if (existing && !existing.isDirectory()) throw new AuditError(`--out ${outDir}: exists and is not a folder`, { exitCode: ExitCode.BAD_INPUT });
    if (existing && (await readdir(dir)).length > 0) {
      throw new AuditError(`--out ${outDir}: folder exists and is not empty`, { exitCode: ExitCode.BAD_INPUT, hint: 'a snapshot is never overwritten; choose a new folder' });
    }
    await mkdir(dirname(dir), { recursive: true });
    const tempDir = join(dirname(dir), `.${basename(dir)}.partial-${randomBytes(4).toString('hex')}`);
    await mkdir(tempDir, { recursive: true });
    return new SnapshotWriter(dir, tempDir);
  }

  /** Writes one file (relative posix path) and records its hash. */
  async write(relPath: string, data: string | Uint8Array): Promise<void> {
    const path = await this.target(relPath);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.files.set(relPath, { sha256: sha256(bytes), bytes: bytes.length });
    await writeFile(path, bytes);
  }

  /**
   * Writes stableStringify(value) in chunks, hashing the bytes as they are written: a snapshot with a gigabyte of
   * names never becomes one string (V8 refuses strings past about 512 MB).
   */
  async writeJson(relPath: string, value: unknown): Promise<void> {
    const path = await this.target(relPath);
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(path, 'wx');
    try {
      for (const chunk of stableJsonChunks(value)) {
        const bytes = Buffer.from(chunk, 'utf8');
        hash.update(bytes);
        size += bytes.length;
        await file.write(bytes);
      }
    } finally {
      await file.close();
    }
    this.files.set(relPath, { sha256: hash.digest('hex'), bytes: size });
  }

  /** The file's place in the staging folder, its parent created; refuses paths outside it and second writes. */
  private async target(relPath: string): Promise<string> {
    if (this.done) throw new Error(`snapshot ${this.dir} already finalized`);
    if (relPath === MANIFEST_FILE || relPath.startsWith('/') || relPath.split('/').includes('..')) throw new Error(`bad snapshot path ${relPath}`);
    if (this.files.has(relPath)) throw new Error(`snapshot file written twice: ${relPath}`);
    // Reserved before the first await: concurrent fan-out calls pick free names with has().
    this.files.set(relPath, { sha256: '', bytes: 0 });
    const path = join(this.tempDir, ...relPath.split('/'));
    await mkdir(dirname(path), { recursive: true });
    return path;
  }

  has(relPath: string): boolean {
    return this.files.has(relPath);
  }

  /** normalized.json, then manifest.json (finalized, hashing every other file), then the rename into place. */
  async finalize(snapshot: NormalizedSnapshot, manifest: Omit<SnapshotManifest, 'files' | 'finalized'>): Promise<FinalizedSnapshot> {
    await this.writeJson(NORMALIZED_FILE, snapshot);
    const files: SnapshotManifest['files'] = {};
    for (const key of [...this.files.keys()].sort()) files[key] = this.files.get(key) as { sha256: string; bytes: number };
    const full: SnapshotManifest = { ...manifest, finalized: true, files };
    const text = stableStringify(full);
    await writeFile(join(this.tempDir, MANIFEST_FILE), text);
    // create() refused a non-empty folder; an empty one is removed so the rename also works where rename(2) cannot replace it.
    await rmdir(this.dir).catch(() => undefined);
    await rename(this.tempDir, this.dir);
    this.release();
    this.done = true;
    return { dir: this.dir, manifest: full, sha256: sha256(text) };
  }

  /** Removes the partial folder (after an internal error). */
  async abort(): Promise<void> {
    if (!this.done) await rm(this.tempDir, { recursive: true, force: true });
    this.release();
  }
}
