import { existsSync, rmSync } from 'node:fs';

/**
 * Folders being built (a snapshot's hidden partial folder, report staging folders) that an interrupted run must not
 * leave behind. They are never mistaken for complete output (no finalized manifest, hidden names), but Ctrl-C should
 * still leave the disk as it found it. SIGKILL cannot be caught: that case rests on the hidden, unfinalized names.
 */
const inProgress = new Set<string>();
/** Runs that stop at a safe point (apply: after the current call) instead of exiting at once. */
const stopRequests = new Set<() => void>();
let installed = false;

/**
 * Removes dir, again if a write already queued in libuv's thread pool lands in it meanwhile: on a loaded machine a
 * raw response being saved made one removal fail (ENOTEMPTY) and left the hidden partial folder behind.
 */
function removeSettled(dir: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 });
    } catch {
      // tried again below; best effort on the way out
    }
    if (!existsSync(dir)) return;
    Atomics.wait(pause, 0, 0, 20);
  }
}

function removeAll(): void {
  for (const dir of inProgress) removeSettled(dir);
  inProgress.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      if (stopRequests.size > 0) {
        // The first signal asks the run to stop at its next safe point; the listener is gone, so a second one ends the process.
        for (const stop of stopRequests) stop();
        stopRequests.clear();
        process.stderr.write(`access-audit: ${signal}: stopping after the current call (press Ctrl-C again to quit at once)\n`);
        return;
      }
      removeAll();
      process.stderr.write(`access-audit: interrupted (${signal}); partial output removed\n`);
      process.exit(code);
    });
  }
}

/** Registers a folder to remove if the process is interrupted; call the returned function once it is renamed into place or removed. */
export function removeOnInterrupt(dir: string): () => void {
  install();
  inProgress.add(dir);
  return () => {
    inProgress.delete(dir);
  };
}

/** Asks for `stop` to be called on the first Ctrl-C instead of exiting; call the returned function when done. */
export function stopOnInterrupt(stop: () => void): () => void {
  install();
  stopRequests.add(stop);
  return () => {
    stopRequests.delete(stop);
  };
}
