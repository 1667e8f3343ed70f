import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { removeOnInterrupt } from '../util/interrupt.js';

/**
 * Outputs are produced in a staging folder beside the target and swapped in at the end, so a failed run leaves
 * the previous reports untouched and never a folder that looks complete.
 */
export async function withStagedDir<T>(target: string, produce: (staging: string) => Promise<T>): Promise<T> {
  const abs = resolve(target);
  const parent = dirname(abs);
  await mkdir(parent, { recursive: true });
  const tag = randomBytes(4).toString('hex');
  const staging = join(parent, `.${basename(abs)}.staging-${tag}`);
  await mkdir(staging, { recursive: true });
  const release = removeOnInterrupt(staging);
  let result: T;
  try {
    result = await produce(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    release();
    throw err;
  }
  const exists = await stat(abs).then(
    () => true,
    () => false,
  );
  if (exists) {
    const old = join(parent, `.${basename(abs)}.old-${tag}`);
    await rename(abs, old);
    await rename(staging, abs);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(staging, abs);
  }
  release();
  return result;
}
