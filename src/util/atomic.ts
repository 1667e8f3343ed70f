import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Writable } from 'node:stream';

function tempPathFor(path: string): string {
  // Same directory, so the rename stays on one filesystem and is atomic; dot-prefixed so a
  // half-written file never looks like an output.
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Write a whole file atomically: temp file + rename. A crash leaves no file that looks complete. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Write a whole file atomically, only if no file of that name exists: the temp file is hard-linked into place, which
 * fails (EEXIST) rather than replace a file someone created meanwhile. Returns false when the file exists.
 */
export async function writeFileAtomicExclusive(path: string, data: string | Uint8Array): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Stream into a temp file and rename on success. `produce` writes into the stream and resolves when done
 * (it must end the stream or let this function end it); on any error the temp file is removed.
 */
export async function writeStreamAtomic(path: string, produce: (out: Writable) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const out = createWriteStream(tmp);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    await produce(out);
    if (!out.writableEnded) out.end();
    await closed;
    await rename(tmp, path);
  } catch (err) {
    out.destroy();
    await closed.catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Path of a temporary file next to `path`, for writers (exceljs) that want a filename. */
export function siblingTempPath(path: string): string {
  return tempPathFor(path);
}
