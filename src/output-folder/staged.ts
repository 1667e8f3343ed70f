import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AuditError, ExitCode, badInput } from '../errors.js';
import { removeOnInterrupt } from '../util/interrupt.js';
import type { CheckedOutputFolder } from './guard.js';
import { readMarker, writeMarker, writerMayBeAlive } from './marker.js';

/** What a staging folder beside the target is called: `.NAME.staging-*` (reports, plans) or `.NAME.partial-*` (snapshots). */
export type StagingSuffix = 'staging' | 'partial';

const LEFTOVER_SUFFIXES = ['staging', 'partial', 'old'] as const;

/**
 * Creates the hidden staging folder beside the target (after removing leftovers of killed runs into the same
 * target). The caller writes the marker into it before anything else.
 */
export async function createStaging(out: CheckedOutputFolder, suffix: StagingSuffix): Promise<{ dir: string; release: () => void }> {
  const parent = dirname(out.path);
  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw badInput(`${out.flag} ${out.given}: cannot create ${parent} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  await removeLeftovers(out);
  const dir = join(parent, `.${basename(out.path)}.${suffix}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir);
  } catch (err) {
    throw badInput(`${out.flag} ${out.given}: cannot create a staging folder in ${parent} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { dir, release: removeOnInterrupt(dir) };
}

/**
 * Removes `.NAME.staging-*`, `.NAME.partial-*` and `.NAME.old-*` folders beside the target that a killed run left:
 * only real folders whose marker parses and whose writer is gone. A user's folder with such a name survives.
 */
export async function removeLeftovers(out: CheckedOutputFolder): Promise<string[]> {
  const parent = dirname(out.path);
  const prefix = `.${basename(out.path)}.`;
  const removed: string[] = [];
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (!LEFTOVER_SUFFIXES.some((s) => rest.startsWith(`${s}-`))) continue;
    const dir = join(parent, name);
    const st = await lstat(dir).catch(() => null);
    if (!st?.isDirectory()) continue;
    const marker = await readMarker(dir);
    if (!marker || writerMayBeAlive(marker)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/**
 * Moves the finished staging folder to the target: into a free path or over an empty folder, or over an earlier
 * output of the same kind (checked again here: the target may have changed while we worked), which is renamed
 * aside and removed only once the new one is in place. Anything else at the target by now: exit 3, staging removed.
 */
export async function publishStaging(staging: string, out: CheckedOutputFolder): Promise<void> {
  const lost = async (why: string): Promise<never> => {
    await rm(staging, { recursive: true, force: true });
    throw new AuditError(`${out.flag} ${out.given}: ${why}`, { exitCode: ExitCode.BAD_INPUT, hint: 'nothing was written there; choose another folder or run again' });
  };
  const st = await lstat(out.path).catch(() => null);
  if (st && (!st.isDirectory() || st.isSymbolicLink())) return lost('something other than a folder appeared there while access-audit was writing');
  if (st) {
    const empty = (await readdir(out.path)).length === 0;
    if (empty) {
      // rename(2) replaces an empty folder on Linux, not everywhere; another run may fill it meanwhile (then rmdir fails).
      await rmdir(out.path).catch(() => undefined);
    } else {
      const marker = await readMarker(out.path);
      if (out.replace !== 'own' || marker?.kind !== out.kind) return lost('another run wrote there first');
      const old = join(dirname(out.path), `.${basename(out.path)}.old-${randomBytes(4).toString('hex')}`);
      await rename(out.path, old);
      try {
        await rename(staging, out.path);
      } catch {
        // Someone took the path between the two renames: put the earlier output back rather than lose it.
        await rename(old, out.path).catch(() => undefined);
        return lost('another run wrote there first');
      }
      await rm(old, { recursive: true, force: true });
      return;
    }
  }
  try {
    await rename(staging, out.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') return lost('another run wrote there first');
    throw err;
  }
}

/**
 * Outputs are produced in a staging folder beside the target, marker first, and swapped in at the end, so a failed
 * run leaves the previous output untouched and never a folder that looks complete.
 */
export async function withStagedDir<T>(out: CheckedOutputFolder, runId: string, produce: (staging: string) => Promise<T>): Promise<T> {
  const { dir, release } = await createStaging(out, 'staging');
  try {
    await writeMarker(dir, out.kind, runId);
    const result = await produce(dir);
    await publishStaging(dir, out);
    return result;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    release();
  }
}
