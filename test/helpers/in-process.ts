import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * The CLI's `main()` in this process with the given environment, stderr captured: the same code path as the
 * binary minus node start-up, for tests that run many commands. Restores the environment afterwards.
 */
export async function runMain(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string; stdout: string }> {
  for (const [k, v] of Object.entries({ NO_COLOR: '1', ...env })) vi.stubEnv(k, v);
  let stderr = '';
  let stdout = '';
  const capture = (sink: (s: string) => void) => (chunk: string | Uint8Array) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (stderr += s)));
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (stdout += s)));
  try {
    return { code: await main(args), stderr, stdout };
  } finally {
    errSpy.mockRestore();
    outSpy.mockRestore();
    vi.unstubAllEnvs();
  }
}
