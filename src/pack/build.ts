import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { readManifest } from '../snapshot/manifest.js';
import { MANIFEST_FILE } from '../snapshot/paths.js';
import { verifySnapshot } from '../snapshot/verify.js';
import { sha256 } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { TOOL_VERSION } from '../version.js';
import { FIXED_MTIME, PACK_LIMITS, PACK_MANIFEST, PACK_SIGNATURE, REVIEW_PREFIX, SNAPSHOT_PREFIX, isSafeMemberName, type PackManifest } from './layout.js';
import { signManifest } from './sign.js';

export interface PackInput {
  /** An output folder of run/audit (and plan): findings, workbooks, decisions, review record, final plan, run.json. */
  reviewDir: string;
  /** The snapshot that review read; it must verify and be the one run.json names by hash. */
  snapshotDir: string;
  signingKey: KeyObject | null;
}

export interface BuiltPack {
  bytes: Uint8Array;
  manifest: PackManifest;
  manifestSha256: string;
  archiveSha256: string;
  signed: boolean;
}

const RunJson = z.object({ run: z.object({ id: z.string(), snapshotDir: z.string().nullable(), snapshotSha256: z.string().nullable() }) });

/** run.json of a review folder: which run it was, and which snapshot (by hash) it read. */
export async function readRunJson(reviewDir: string): Promise<z.infer<typeof RunJson>['run']> {
  const path = join(reviewDir, 'run.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badInput(`${path}: ${code ? `cannot read (${code})` : 'not valid JSON'}`, 'give the --out folder of an access-audit run or audit');
  }
  const parsed = RunJson.safeParse(raw);
  if (!parsed.success) throw badInput(`${path}: not an access-audit run.json (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data.run;
}

/** Regular files below dir, relative with forward slashes: hidden entries (staging, temp files) and links are left out, never followed. */
async function reviewFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? dir;
    const rel = relative(dir, join(parent, e.name)).split(sep).join('/');
    if (rel.split('/').some((seg) => seg.startsWith('.'))) continue;
    out.push(rel);
  }
  return out.sort();
}

async function readBounded(path: string, total: { bytes: number }): Promise<Uint8Array> {
  const st = await lstat(path);
  if (!st.isFile()) throw badInput(`${path}: not a regular file; a pack holds files only`);
  if (st.size > PACK_LIMITS.maxMemberBytes) throw badInput(`${path}: ${st.size} bytes, over the pack's limit of ${PACK_LIMITS.maxMemberBytes} per file`);
  total.bytes += st.size;
  if (total.bytes > PACK_LIMITS.maxTotalBytes) throw badInput(`${path}: the pack would exceed ${PACK_LIMITS.maxTotalBytes} bytes in all`);
  return new Uint8Array(await readFile(path));
}

/**
 * One deterministic archive of a review: its output folder under review/, its snapshot (manifest and raw files)
 * under snapshot/, and a top-level manifest.json of SHA-256 hashes, optionally signed (manifest.sig). Same inputs,
 * same bytes: members in sorted order, fixed timestamps, fixed compression level, no creation time anywhere.
 */
export async function buildPack(input: PackInput): Promise<BuiltPack> {
  const run = await readRunJson(input.reviewDir);
  const snap = await verifySnapshot(input.snapshotDir);
  if (!snap.intact) {
    throw badInput(`${input.snapshotDir}: the snapshot does not verify (${snap.changed.length} changed, ${snap.missing.length} missing, ${snap.added.length} added)`, 'run access-audit verify on it');
  }
  if (run.snapshotSha256 !== null && run.snapshotSha256 !== snap.manifestSha256) {
    throw badInput(`${input.snapshotDir}: manifest sha256 ${snap.manifestSha256} is not the snapshot this review read (${run.snapshotSha256})`, 'give that review\'s snapshot with --snapshot');
  }
  const { manifest: snapManifest } = await readManifest(input.snapshotDir);

  const total = { bytes: 0 };
  const contents = new Map<string, Uint8Array>();
  const add = async (name: string, path: string): Promise<void> => {
    if (!isSafeMemberName(name)) throw badInput(`${path}: its name cannot be stored safely in a pack`);
    if (contents.size >= PACK_LIMITS.maxMembers) throw badInput(`${input.reviewDir}: more than ${PACK_LIMITS.maxMembers} files to pack`);
    contents.set(name, await readBounded(path, total));
  };
  for (const rel of await reviewFiles(input.reviewDir)) await add(REVIEW_PREFIX + rel, join(input.reviewDir, ...rel.split('/')));
  for (const rel of [MANIFEST_FILE, ...Object.keys(snapManifest.files)].sort()) await add(SNAPSHOT_PREFIX + rel, join(input.snapshotDir, ...rel.split('/')));

  const names = [...contents.keys()].sort();
  const members: PackManifest['members'] = {};
  for (const name of names) {
    const data = contents.get(name) as Uint8Array;
    members[name] = { sha256: sha256(data), bytes: data.byteLength };
  }
  const manifest: PackManifest = {
    schemaVersion: 1,
    kind: 'access-audit-evidence-pack',
    toolVersion: TOOL_VERSION,
    runId: run.id,
    snapshotSha256: snap.manifestSha256,
    members,
  };
  const manifestBytes = new TextEncoder().encode(stableStringify(manifest));
  const zippable: Zippable = {};
  const put = (name: string, data: Uint8Array): void => {
    zippable[name] = [data, { mtime: FIXED_MTIME, level: 6 }];
  };
  put(PACK_MANIFEST, manifestBytes);
  if (input.signingKey) put(PACK_SIGNATURE, new TextEncoder().encode(signManifest(manifestBytes, input.signingKey)));
  for (const name of names) put(name, contents.get(name) as Uint8Array);
  const bytes = zipSync(zippable, { mtime: FIXED_MTIME });
  return { bytes, manifest, manifestSha256: sha256(manifestBytes), archiveSha256: sha256(bytes), signed: input.signingKey !== null };
}
