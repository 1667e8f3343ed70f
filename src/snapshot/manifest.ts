import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import { SnapshotManifest } from '../model/snapshot.js';
import { sha256 } from '../util/hash.js';
import { MANIFEST_FILE } from './paths.js';

function notASnapshot(dir: string, why: string): AuditError {
  return new AuditError(`${dir}: not a finalized access-audit snapshot (${why})`, {
    exitCode: ExitCode.BAD_INPUT,
    hint: 'point at a folder written by `access-audit snapshot`; an interrupted snapshot has no finalized manifest',
  });
}

/** Reads and checks manifest.json; refuses a folder without one, an unreadable one, or one not finalized. */
export async function readManifest(dir: string): Promise<{ manifest: SnapshotManifest; sha256: string }> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw notASnapshot(dir, code === 'ENOENT' ? `no ${MANIFEST_FILE}` : `cannot read ${MANIFEST_FILE}: ${code ?? 'error'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw notASnapshot(dir, `${MANIFEST_FILE} is not valid JSON`);
  }
  const parsed = SnapshotManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notASnapshot(dir, `${MANIFEST_FILE}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
  }
  if (!parsed.data.finalized) throw notASnapshot(dir, `${MANIFEST_FILE} is not finalized`);
  return { manifest: parsed.data, sha256: sha256(text) };
}
