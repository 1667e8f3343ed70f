import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_PER_SNAPSHOT_BYTE, heapAdvice } from '../../src/pipeline/heap-check.js';
import { tempDir } from '../helpers/pipeline.js';

/** A snapshot folder whose normalized.json has `bytes` bytes (a sparse file: nothing is written). */
function snapshotOf(bytes: number): string {
  const dir = tempDir('aa-heap-');
  writeFileSync(join(dir, 'normalized.json'), '');
  truncateSync(join(dir, 'normalized.json'), bytes);
  return dir;
}

describe('heap advice before a large audit', () => {
  it('says nothing when the heap limit covers the snapshot', () => {
    expect(heapAdvice(snapshotOf(1_000_000), 1_000_000 * HEAP_PER_SNAPSHOT_BYTE)).toBeNull();
  });

  it('names the file size, the heap needed and the setting to give when it does not', () => {
    const size = 1.5 * 2 ** 30;
    const line = heapAdvice(snapshotOf(size), 4 * 2 ** 30);
    expect(line).not.toBeNull();
    expect(line).toContain('normalized.json is 1.5 GiB');
    expect(line).toContain(`about ${((size * HEAP_PER_SNAPSHOT_BYTE) / 2 ** 30).toFixed(1)} GiB`);
    expect(line).toContain('allows 4.0 GiB');
    // 25 % headroom over the estimate, rounded up to whole GiB.
    expect(line).toContain(`--max-old-space-size=${Math.ceil((size * HEAP_PER_SNAPSHOT_BYTE * 1.25) / 2 ** 30) * 1024}`);
    expect(line?.split('\n')).toHaveLength(1);
  });

  it('leaves a missing file or a link to the snapshot check', () => {
    const empty = tempDir('aa-heap-');
    expect(heapAdvice(empty, 1)).toBeNull();
    const linked = tempDir('aa-heap-');
    const real = snapshotOf(10 * 2 ** 30);
    symlinkSync(join(real, 'normalized.json'), join(linked, 'normalized.json'));
    expect(heapAdvice(linked, 1)).toBeNull();
  });
});
