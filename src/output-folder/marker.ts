import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/atomic.js';
import { readRegular } from '../util/no-follow.js';
import { TOOL_VERSION } from '../version.js';

/**
 * How a folder proves access-audit wrote it: this file, written first into every staging folder, so it is in the
 * finished output and in any leftover of a killed run. Only a folder whose marker parses (and is of the kind
 * expected) is ever replaced or removed; a name alone proves nothing.
 */
export const OUTPUT_MARKER = '.access-audit-output.json';

export const OutputKind = z.enum(['report', 'snapshot', 'plan', 'apply']);
export type OutputKind = z.infer<typeof OutputKind>;

export const OutputMarker = z.object({
  tool: z.literal('access-audit'),
  schemaVersion: z.literal(1),
  kind: OutputKind,
  toolVersion: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  /** The writing process, so a leftover of a run still under way (same host, live pid) is left alone. */
  pid: z.number().int().positive(),
  host: z.string(),
});
export type OutputMarker = z.infer<typeof OutputMarker>;

export function markerText(kind: OutputKind, runId: string): string {
  const marker: OutputMarker = {
    tool: 'access-audit',
    schemaVersion: 1,
    kind,
    toolVersion: TOOL_VERSION,
    runId,
    createdAt: new Date().toISOString(),
    pid: process.pid,
    host: hostname(),
  };
  return JSON.stringify(marker, null, 2) + '\n';
}

export async function writeMarker(dir: string, kind: OutputKind, runId: string): Promise<void> {
  await writeFileAtomic(join(dir, OUTPUT_MARKER), markerText(kind, runId));
}

/** The folder's marker, or null when it has none that parses (a link, a FIFO or a huge file count as none). */
export async function readMarker(dir: string): Promise<OutputMarker | null> {
  const read = await readRegular(join(dir, OUTPUT_MARKER), 64 * 1024).catch(() => null);
  if (!read?.ok) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = OutputMarker.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** True while the process that wrote the marker may still be writing (same host, pid alive). */
export function writerMayBeAlive(marker: OutputMarker): boolean {
  if (marker.host !== hostname()) return true;
  // This very process: another folder it is building (an in-process caller runs several commands).
  if (marker.pid === process.pid) return true;
  try {
    process.kill(marker.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
