import { join } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import { NormalizedSnapshot, type SnapshotManifest } from '../model/snapshot.js';
import { sha256 } from '../util/hash.js';
import { readRegular } from '../util/no-follow.js';
import { NORMALIZED_FILE } from './paths.js';
import { verifySnapshotWithManifest, type VerifyResult } from './verify.js';

/**
 * The snapshot an offline `audit` reads: a finalized manifest, every file it lists unchanged and nothing added
 * (the full `verify`: a planted or edited raw file is evidence someone relies on), and a normalized.json whose
 * bytes, read once more, still have the hash the manifest recorded. AuditError exit 3 otherwise, naming the files.
 */
export async function loadSnapshot(dir: string): Promise<{ snapshot: NormalizedSnapshot; manifest: SnapshotManifest; sha256: string }> {
  const { result, manifest } = await verifySnapshotWithManifest(dir);
  if (!result.intact) {
    throw new AuditError(`${dir}: the snapshot fails verification: ${describeTampering(result)}`, {
      exitCode: ExitCode.BAD_INPUT,
      hint: `access-audit verify ${dir} lists every file; audit only an intact snapshot`,
    });
  }
  const expected = manifest.files[NORMALIZED_FILE];
  const read = await readRegular(join(dir, NORMALIZED_FILE), expected?.bytes ?? 0);
  if (!read.ok) throw new AuditError(`${dir}: ${NORMALIZED_FILE} is ${read.why}`, { exitCode: ExitCode.BAD_INPUT, hint: `run access-audit verify ${dir}` });
  const bytes = read.bytes;
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
  return { snapshot: parsed.data, manifest, sha256: result.manifestSha256 };
}

/** "2 changed (raw/a.json, raw/b.json), 1 added (raw/x.json)": each kind with its first few files. */
export function describeTampering(r: VerifyResult): string {
  const shown = 5;
  const part = (label: string, paths: string[]): string | null => {
    if (paths.length === 0) return null;
    const more = paths.length > shown ? `, and ${paths.length - shown} more` : '';
    return `${paths.length} ${label} (${paths.slice(0, shown).join(', ')}${more})`;
  };
  return [
    part('changed', r.changed),
    part('missing', r.missing),
    part('added', r.added),
    part('not a regular file', r.irregular.map((e) => `${e.path}: ${e.type}`)),
  ]
    .filter((p): p is string => p !== null)
    .join(', ');
}
