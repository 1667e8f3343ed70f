import { join } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import { SnapshotManifest } from '../model/snapshot.js';
import { sha256 } from '../util/hash.js';
import { readRegular } from '../util/no-follow.js';
import { MANIFEST_FILE } from './paths.js';

function notASnapshot(dir: string, why: string): AuditError {
  return new AuditError(`${dir}: not a finalized access-audit snapshot (${why})`, {
    exitCode: ExitCode.BAD_INPUT,
    hint: 'point at a folder written by `access-audit snapshot`; an interrupted snapshot has no finalized manifest',
  });
}

/** Far above the manifest of the largest organisation we snapshot (a line per raw file); a bound for a planted one. */
const MANIFEST_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads and checks manifest.json; refuses a folder without one, an unreadable one, or one not finalized. A
 * manifest.json that is a link, a FIFO or a device is refused unread (a link to /dev/zero must not hang us).
 */
export async function readManifest(dir: string): Promise<{ manifest: SnapshotManifest; sha256: string }> {
  let bytes: Buffer;
  try {
    const read = await readRegular(join(dir, MANIFEST_FILE), MANIFEST_MAX_BYTES);
    if (!read.ok) throw notASnapshot(dir, read.why === 'missing' ? `no ${MANIFEST_FILE}` : `${MANIFEST_FILE} is ${read.why}`);
    bytes = read.bytes;
  } catch (err) {
    if (err instanceof AuditError) throw err;
    throw notASnapshot(dir, `cannot read ${MANIFEST_FILE}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw notASnapshot(dir, `${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = SnapshotManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notASnapshot(dir, `${MANIFEST_FILE}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
  }
  if (!parsed.data.finalized) throw notASnapshot(dir, `${MANIFEST_FILE} is not finalized`);
  return { manifest: parsed.data, sha256: sha256(bytes) };
}
