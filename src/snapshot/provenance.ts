import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';

/** Where a vendor record sits in the snapshot: the raw response file and a JSON pointer (RFC 6901) to the record. */
export interface RecordSource {
  file: string;
  pointer: string;
}

interface Candidate extends RecordSource {
  text: string;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every object with an `id` in a raw response, by id, in document order (vendor-neutral: no envelope is assumed). */
function collect(node: unknown, pointer: string, file: string, vendor: string, out: Map<string, Candidate[]>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => collect(item, `${pointer}/${i}`, file, vendor, out));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const id = obj['id'];
  if (typeof id === 'string' || typeof id === 'number') {
    const key = `${vendor}:${String(id)}`;
    const list = out.get(key) ?? [];
    list.push({ file, pointer, text: JSON.stringify(obj).toLowerCase() });
    out.set(key, list);
  }
  for (const [k, v] of Object.entries(obj)) if (v !== null && typeof v === 'object') collect(v, `${pointer}/${escapePointer(k)}`, file, vendor, out);
}

/**
 * Adds `source` (raw file + JSON pointer) to the account evidence of each finding, so an auditor can open the raw
 * response the snapshot stored and find the record. The record is the first one with the account's id (in the
 * order the listings were read) that also carries its primary email, when it has one. Read-only on the snapshot.
 */
export async function attachRecordSources(snapshotDir: string, snapshot: NormalizedSnapshot, findings: readonly Finding[]): Promise<void> {
  const wanted = findings.filter((f) => f.vendor !== null && f.evidence['account'] !== undefined);
  if (wanted.length === 0) return;
  const index = new Map<string, Candidate[]>();
  for (const [vendor, vs] of Object.entries(snapshot.vendors)) {
    if (!vs) continue;
    for (const listing of vs.listings) {
      for (const file of listing.files) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readFile(join(snapshotDir, ...file.split('/')), 'utf8'));
        } catch {
          // Verified by hash before the audit: a file that does not parse is a non-JSON response body (an error page).
          continue;
        }
        collect(parsed, '', file, vendor, index);
      }
    }
  }
  for (const f of wanted) {
    const account = f.evidence['account'] as { id?: unknown; emails?: unknown } | null;
    if (!account || typeof account.id !== 'string') continue;
    const email = Array.isArray(account.emails) && typeof account.emails[0] === 'string' ? account.emails[0].toLowerCase() : null;
    const candidates = index.get(`${f.vendor}:${account.id}`) ?? [];
    const hit = (email ? candidates.find((c) => c.text.includes(email)) : undefined) ?? candidates[0];
    if (hit) f.evidence['account'] = { ...account, source: { file: hit.file, pointer: hit.pointer } };
  }
}
