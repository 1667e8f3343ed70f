import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { NORMALIZED_FILE } from '../snapshot/paths.js';

/**
 * JavaScript heap an audit needs per byte of normalized.json, with the collector's headroom: measured end to end at
 * 100k, 300k and 1M people (BENCHMARKS.md, "End to end"), rounded up.
 */
export const HEAP_PER_SNAPSHOT_BYTE = 8;

/** The --max-old-space-size (MiB) to give for a normalized.json of this size: a quarter over the estimate, in whole GiB; null when the limit suffices. */
export function advisedHeapMiB(normalizedBytes: number, limitBytes: number = getHeapStatistics().heap_size_limit): number | null {
  const needed = normalizedBytes * HEAP_PER_SNAPSHOT_BYTE;
  if (needed <= limitBytes) return null;
  return Math.ceil((needed * 1.25) / 2 ** 30) * 1024;
}

/**
 * One line of advice when the snapshot is too big for this process's heap limit, else null. Node's default limit
 * is at most about 4 GB however much memory the machine has, and running out of it ends the process with a fatal error and a stack
 * after minutes of work: a user with a very large organisation is told up front which setting to give instead.
 */
export function heapAdvice(snapshotDir: string, limitBytes: number = getHeapStatistics().heap_size_limit): string | null {
  let size: number;
  try {
    const st = lstatSync(join(snapshotDir, NORMALIZED_FILE));
    if (!st.isFile()) return null;
    size = st.size;
  } catch {
    // A missing or unreadable file is the snapshot check's to report, with its own message.
    return null;
  }
  const suggestMiB = advisedHeapMiB(size, limitBytes);
  if (suggestMiB === null) return null;
  const needed = size * HEAP_PER_SNAPSHOT_BYTE;
  const gib = (n: number): string => (n / 2 ** 30).toFixed(1);
  return (
    `access-audit: warning: ${NORMALIZED_FILE} is ${gib(size)} GiB; auditing it needs about ${gib(needed)} GiB of ` +
    `JavaScript heap and this Node allows ${gib(limitBytes)} GiB: if the run stops with "heap out of memory", run it again ` +
    `with NODE_OPTIONS=--max-old-space-size=${suggestMiB} (README, "Large organisations")`
  );
}
