import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createHash } from 'node:crypto';

/**
 * Files inside folders we check (a snapshot, an output folder) may have been replaced by a link, a FIFO or a device:
 * O_NOFOLLOW refuses a link in the last component and O_NONBLOCK keeps a FIFO from blocking the open, so the type
 * is learned from the descriptor (fstat) before a single byte is read.
 */
const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type FileKind = 'file' | 'folder' | 'symbolic link' | 'FIFO' | 'socket' | 'device' | 'unknown';

export function kindOf(st: Pick<Stats, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>): FileKind {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'folder';
  if (st.isSymbolicLink()) return 'symbolic link';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device';
  return 'unknown';
}

export type RegularOpen = { ok: true; handle: FileHandle; size: number } | { ok: false; kind: FileKind | 'missing' };

/** Opens a regular file without following a link or blocking on a FIFO; anything else is reported by its kind. */
export async function openRegular(path: string): Promise<RegularOpen> {
  let handle: FileHandle;
  try {
    handle = await open(path, FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing' };
    // O_NOFOLLOW on a link: ELOOP on Linux, EMLINK on FreeBSD. A socket cannot be opened at all (ENXIO).
    if (code === 'ELOOP' || code === 'EMLINK') return { ok: false, kind: 'symbolic link' };
    if (code === 'ENXIO') return { ok: false, kind: 'socket' };
    throw err;
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    return { ok: false, kind: kindOf(st) };
  }
  return { ok: true, handle, size: st.size };
}

/** The whole file, if it is a regular file of at most maxBytes; otherwise why not. */
export async function readRegular(path: string, maxBytes: number): Promise<{ ok: true; bytes: Buffer } | { ok: false; why: string }> {
  const opened = await openRegular(path);
  if (!opened.ok) return { ok: false, why: opened.kind === 'missing' ? 'missing' : `not a regular file (${opened.kind})` };
  try {
    if (opened.size > maxBytes) return { ok: false, why: `larger than ${maxBytes} bytes` };
    // Up to the size fstat gave: a file that grows meanwhile is not read without bound.
    const buf = Buffer.alloc(opened.size);
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await opened.handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { ok: true, bytes: buf.subarray(0, filled) };
  } finally {
    await opened.handle.close();
  }
}

/** SHA-256 and byte count of a regular file read through its descriptor, at most maxBytes (null past it). */
export async function hashRegular(handle: FileHandle, maxBytes: number): Promise<{ sha256: string; bytes: number } | null> {
  const hash = createHash('sha256');
  const buf = Buffer.alloc(1 << 20);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > maxBytes) return null;
    hash.update(buf.subarray(0, bytesRead));
  }
  return { sha256: hash.digest('hex'), bytes: total };
}
