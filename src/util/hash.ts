import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Short stable id from parts (finding ids, plan action ids). */
export function stableId(prefix: string, ...parts: Array<string | null | undefined>): string {
  return `${prefix}-${sha256(parts.map((p) => p ?? '').join('\u001f')).slice(0, 16)}`;
}
