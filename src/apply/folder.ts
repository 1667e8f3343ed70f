import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors.js';
import { checkOutputFolder } from '../output-folder/guard.js';
import { readMarker, writeMarker, writerMayBeAlive } from '../output-folder/marker.js';
import { JOURNAL_FILE, Journal, readJournal, type ReadJournal } from './journal.js';

export interface ApplyFolder {
  dir: string;
  journal: Journal;
  /** The journal read back (--resume), or null for a new run. */
  previous: ReadJournal | null;
}

const HINT = 'see README, "Applying a plan"';

/**
 * The apply folder is written in place, not staged: the journal must survive a kill at any instant, so it lives in
 * the folder from the first entry on, under an `apply` marker written before it. A new run takes a new or empty
 * folder (never the plan's); --resume takes only a folder whose marker says apply and whose writer is gone.
 */
export async function openApplyFolder(raw: string, opts: { resume: boolean; planFile: string; applyId: string }): Promise<ApplyFolder> {
  if (opts.resume) return resumeFolder(raw, opts.applyId);
  const given = raw;
  const existing = await readMarker(given).catch(() => null);
  if (existing?.kind === 'apply') throw badInput(`--out ${given}: holds an earlier apply run; continue it with --resume, or choose a new folder`, HINT);
  const target = await checkOutputFolder(given, { flag: '--out', kind: 'apply', replace: 'never', inputs: [{ flag: '--plan', path: opts.planFile, type: 'file' }] });
  try {
    await mkdir(target.path, { recursive: true });
  } catch (err) {
    throw badInput(`--out ${given}: cannot create (${(err as NodeJS.ErrnoException).code ?? 'error'})`, HINT);
  }
  if ((await readdir(target.path)).length > 0) throw badInput(`--out ${given}: another run wrote there first`, HINT);
  await writeMarker(target.path, 'apply', opts.applyId);
  const journal = await Journal.open(join(target.path, JOURNAL_FILE), null);
  return { dir: target.path, journal, previous: null };
}

async function resumeFolder(given: string, applyId: string): Promise<ApplyFolder> {
  const st = await lstat(given).catch(() => null);
  if (!st?.isDirectory() || st.isSymbolicLink()) throw badInput(`--out ${given}: no apply folder to resume there`, HINT);
  const marker = await readMarker(given);
  if (marker?.kind !== 'apply') throw badInput(`--out ${given}: not an access-audit apply folder (no apply marker); --resume continues only an apply run`, HINT);
  if (marker.pid !== process.pid && writerMayBeAlive(marker)) throw badInput(`--out ${given}: the apply run that wrote it is still running (pid ${marker.pid} on ${marker.host})`, 'wait for it, or stop it first');
  const path = join(given, JOURNAL_FILE);
  const previous = await readJournal(path);
  await writeMarker(given, 'apply', marker.runId || applyId);
  const journal = await Journal.open(path, previous);
  return { dir: given, journal, previous };
}
