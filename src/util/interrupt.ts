import { rmSync } from 'node:fs';

/**
 * Folders being built (a snapshot's hidden partial folder, report staging folders) that an interrupted run must not
 * leave behind. They are never mistaken for complete output (no finalized manifest, hidden names), but Ctrl-C should
 * still leave the disk as it found it. SIGKILL cannot be caught: that case rests on the hidden, unfinalized names.
 */
const inProgress = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const dir of inProgress) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort on the way out
    }
  }
  inProgress.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
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
