import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { NormalizedSnapshot } from '../model/snapshot.js';

/** Where a vendor record sits in the snapshot: the raw response file and a JSON pointer (RFC 6901) to the record. */
export interface RecordSource {
  file: string;
  pointer: string;
}

/**
 * The records one account id is looked for by: the first with the id, and for each primary email a finding names,
 * the first with the id whose JSON text (lower case) holds that email. Settled as the raw files stream past, so no
 * raw record, nor its text, outlives its own file.
 */
interface Wanted {
  first: RecordSource | null;
  /** Lower-case email -> the first record holding it (null until one does). */
  byEmail: Map<string, RecordSource | null>;
}

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every object with an `id` in a raw response, in document order (vendor-neutral: no envelope is assumed); `path`
 * holds the pointer's segments, joined only for a record some finding wants.
 */
function visit(node: unknown, path: string[], file: string, vendor: string, wanted: ReadonlyMap<string, Wanted>): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      if (item === null || typeof item !== 'object') continue;
      path.push(String(i));
      visit(item, path, file, vendor, wanted);
      path.pop();
    }
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const id = obj['id'];
  if (typeof id === 'string' || typeof id === 'number') {
    const w = wanted.get(`${vendor}:${String(id)}`);
    if (w) settle(w, obj, { file, pointer: path.map((p) => `/${p}`).join('') });
  }
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || typeof v !== 'object') continue;
    path.push(escapePointer(k));
    visit(v, path, file, vendor, wanted);
    path.pop();
  }
}

function settle(w: Wanted, record: Record<string, unknown>, source: RecordSource): void {
  w.first ??= source;
  let text: string | null = null;
  for (const [email, found] of w.byEmail) {
    if (found) continue;
    text ??= JSON.stringify(record).toLowerCase();
    if (text.includes(email)) w.byEmail.set(email, source);
  }
}

/** The account evidence of a finding that can carry a source: its id and lower-case primary email. */
function accountOf(f: Finding): { id: string; email: string | null; account: Record<string, unknown> } | null {
  if (f.vendor === null || f.evidence['account'] === undefined) return null;
  const account = f.evidence['account'] as { id?: unknown; emails?: unknown } | null;
  if (!account || typeof account.id !== 'string') return null;
  const email = Array.isArray(account.emails) && typeof account.emails[0] === 'string' ? account.emails[0].toLowerCase() : null;
  return { id: account.id, email, account: account as Record<string, unknown> };
}

/**
 * Adds `source` (raw file + JSON pointer) to the account evidence of each finding, so an auditor can open the raw
 * response the snapshot stored and find the record. The record is the first one with the account's id (in the
 * order the listings were read) that also carries its primary email, when it has one. Read-only on the snapshot.
 */
export async function attachRecordSources(snapshotDir: string, snapshot: NormalizedSnapshot, findings: readonly Finding[]): Promise<void> {
  const wanted = new Map<string, Wanted>();
  for (const f of findings) {
    const a = accountOf(f);
    if (!a) continue;
    const key = `${f.vendor}:${a.id}`;
    let w = wanted.get(key);
    if (!w) wanted.set(key, (w = { first: null, byEmail: new Map() }));
    if (a.email !== null && !w.byEmail.has(a.email)) w.byEmail.set(a.email, null);
  }
  if (wanted.size === 0) return;
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
        visit(parsed, [], file, vendor, wanted);
      }
    }
  }
  for (const f of findings) {
    const a = accountOf(f);
    if (!a) continue;
    const w = wanted.get(`${f.vendor}:${a.id}`) as Wanted;
    const hit = (a.email !== null ? w.byEmail.get(a.email) : null) ?? w.first;
    if (hit) f.evidence['account'] = { ...a.account, source: { file: hit.file, pointer: hit.pointer } };
  }
}
