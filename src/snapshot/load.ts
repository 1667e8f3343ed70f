import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import { NormalizedSnapshot, type SnapshotManifest } from '../model/snapshot.js';
import { sha256 } from '../util/hash.js';
import { readManifest } from './manifest.js';
import { NORMALIZED_FILE } from './paths.js';

/**
 * The snapshot an offline `audit` reads: a finalized manifest and a normalized.json whose hash is the one the
 * manifest recorded (a changed normalized.json would change findings without anyone noticing).
 * AuditError exit 3 otherwise.
 */
export async function loadSnapshot(dir: string): Promise<{ snapshot: NormalizedSnapshot; manifest: SnapshotManifest; sha256: string }> {
  const { manifest, sha256: manifestSha } = await readManifest(dir);
  const expected = manifest.files[NORMALIZED_FILE];
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, NORMALIZED_FILE));
  } catch {
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} is missing`, { exitCode: ExitCode.BAD_INPUT, hint: `run access-audit verify ${dir}` });
  }
  if (!expected || expected.sha256 !== sha256(bytes)) {
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} does not match the hash in manifest.json (changed after the snapshot was taken)`, {
      exitCode: ExitCode.BAD_INPUT,
      hint: `run access-audit verify ${dir}`,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} is not valid JSON`, { exitCode: ExitCode.BAD_INPUT });
  }
  const parsed = NormalizedSnapshot.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuditError(`${dir}: ${NORMALIZED_FILE}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`, { exitCode: ExitCode.BAD_INPUT });
  }
  return { snapshot: parsed.data, manifest, sha256: manifestSha };
}
