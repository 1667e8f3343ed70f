import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { CLI } from './cli.js';

export interface KillRun {
  /** Exit code, null when killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** When the marker entry first appeared in watchDir (ms since spawn), null if never seen. */
  markerAtMs: number | null;
  /** From the marker to the end of the process (ms). */
  afterMarkerMs: number | null;
}

/**
 * Runs the built CLI and, once an entry matching `marker` appears in `watchDir` (the staging folder a command
 * creates when it starts writing), waits `killAfterMs` and sends SIGKILL. Without `killAfterMs` it runs to the end
 * (a control run, which measures how long the writing lasts). Bounded by `timeoutMs` either way.
 */
export function runCliKilled(
  args: string[],
  opts: { env?: Record<string, string>; watchDir: string; marker: RegExp; killAfterMs?: number; timeoutMs?: number },
): Promise<KillRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let markerAt: number | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    // Polling is coarse but enough: the kill point is drawn inside a window many polls wide.
    const poll = setInterval(() => {
      if (markerAt !== null) return;
      let names: string[] = [];
      try {
        names = readdirSync(opts.watchDir);
      } catch {
        return;
      }
      if (!names.some((n) => opts.marker.test(n))) return;
      markerAt = performance.now();
      if (opts.killAfterMs !== undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    }, 2);
    const hardStop = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ended = performance.now();
      clearInterval(poll);
      clearTimeout(hardStop);
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal, stderr, markerAtMs: markerAt === null ? null : markerAt - started, afterMarkerMs: markerAt === null ? null : ended - markerAt });
    });
  });
}
