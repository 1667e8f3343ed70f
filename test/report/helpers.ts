import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const dirs: string[] = [];

/** A fresh temp dir, removed after each test. */
export async function tempDir(prefix = 'report-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  while (dirs.length) await rm(dirs.pop() ?? '', { recursive: true, force: true });
});

/**
 * Heavy external tools (Chromium, LibreOffice): a test may skip only when the tool is absent AND we are not on CI;
 * on CI (CI=true) the test runs and fails loudly if .ci/run did not install the tool.
 */
export function requireTool(path: string | null): { skip: boolean; reason: string } {
  const present = path !== null && existsSync(path);
  if (present || process.env.CI === 'true') return { skip: false, reason: '' };
  return { skip: true, reason: `${path ?? 'tool'} not installed (it is required when CI=true)` };
}
