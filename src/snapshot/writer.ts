import { randomUUID } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { NormalizedSnapshot, SnapshotManifest } from '../model/snapshot.js';
import { checkOutputFolder, type CheckedOutputFolder } from '../output-folder/guard.js';
import { markerText, OUTPUT_MARKER } from '../output-folder/marker.js';
import { createStaging, publishStaging } from '../output-folder/staged.js';
import { sha256 } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { writeStableJson } from '../util/json-file.js';
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
 * looks like a snapshot. Hashes are taken from the bytes as they are written. The output marker is the first file
 * (listed in the manifest like any other), so a leftover of a killed run is recognised as ours.
 */
export class SnapshotWriter {
  readonly dir: string;
  readonly tempDir: string;
  private readonly out: CheckedOutputFolder;
  private readonly files = new Map<string, { sha256: string; bytes: number }>();
  private done = false;
  private readonly release: () => void;

  private constructor(out: CheckedOutputFolder, tempDir: string, release: () => void) {
    this.out = out;
    this.dir = out.path;
    this.tempDir = tempDir;
    this.release = release;
  }

  /** A folder path is checked here (a new or empty folder only); a command passes the one it checked with its inputs. */
  static async create(outDir: string | CheckedOutputFolder, runId: string = randomUUID()): Promise<SnapshotWriter> {
    const out = typeof outDir === 'string' ? await checkOutputFolder(outDir, { flag: '--out', kind: 'snapshot', replace: 'never' }) : outDir;
    const staging = await createStaging(out, 'partial');
    const writer = new SnapshotWriter(out, staging.dir, staging.release);
    try {
      await writer.write(OUTPUT_MARKER, markerText('snapshot', runId));
    } catch (err) {
      await writer.abort();
      throw err;
    }
    return writer;
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
    const file = await open(path, 'wx');
    try {
      this.files.set(relPath, await writeStableJson(file, value));
    } finally {
      await file.close();
    }
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
    try {
      await publishStaging(this.tempDir, this.out);
    } finally {
      this.release();
    }
    this.done = true;
    return { dir: this.dir, manifest: full, sha256: sha256(text) };
  }

  /** Removes the partial folder (after an internal error). */
  async abort(): Promise<void> {
    if (!this.done) await rm(this.tempDir, { recursive: true, force: true });
    this.release();
  }
}
