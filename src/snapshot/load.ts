import { join } from 'node:path';
import { AuditError, ExitCode } from '../errors.js';
import { Account, Group, PhoneNumber } from '../model/account.js';
import { NormalizedSnapshot, type SnapshotManifest, type VendorSnapshot } from '../model/snapshot.js';
import type { z } from 'zod';
import { readJsonHandle } from '../util/json-file.js';
import { StringPool } from '../util/string-pool.js';
import { shareAccountStrings, shareGroupStrings, sharePhoneNumberStrings } from './shared-strings.js';
import type { JsonReadError } from '../util/json-split.js';
import { openRegular } from '../util/no-follow.js';
import { NORMALIZED_FILE } from './paths.js';
import { verifySnapshotWithManifest, type VerifyResult } from './verify.js';

/**
 * The snapshot an offline `audit` reads: a finalized manifest, every file it lists unchanged and nothing added
 * (the full `verify`: a planted or edited raw file is evidence someone relies on), and a normalized.json whose
 * bytes, read once more, still have the hash the manifest recorded. AuditError exit 3 otherwise, naming the files.
 */
export async function loadSnapshot(dir: string): Promise<{ snapshot: NormalizedSnapshot; manifest: SnapshotManifest; sha256: string }> {
  const { result, manifest } = await verifySnapshotWithManifest(dir);
  if (!result.intact) {
    throw new AuditError(`${dir}: the snapshot fails verification: ${describeTampering(result)}`, {
      exitCode: ExitCode.BAD_INPUT,
      hint: `access-audit verify ${dir} lists every file; audit only an intact snapshot`,
    });
  }
  const expected = manifest.files[NORMALIZED_FILE];
  const read = await readNormalized(dir, expected?.bytes ?? 0);
  if (!expected || expected.sha256 !== read.sha256) {
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} does not match the hash in manifest.json (changed after the snapshot was taken)`, {
      exitCode: ExitCode.BAD_INPUT,
      hint: `run access-audit verify ${dir}`,
    });
  }
  if (read.error) {
    // "is not valid JSON (a missing comma ... at byte 1234)" or "cannot be read: a record at byte 1234 is larger than ...".
    const what = read.error.kind === 'too-large' ? `cannot be read: ${read.error.message}` : `is ${read.error.message}`;
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} ${what}`, { exitCode: ExitCode.BAD_INPUT, hint: 'take a new snapshot' });
  }
  if (read.invalid) throw new AuditError(`${dir}: ${NORMALIZED_FILE}: ${read.invalid}`, { exitCode: ExitCode.BAD_INPUT });
  return { snapshot: read.snapshot as NormalizedSnapshot, manifest, sha256: result.manifestSha256 };
}

/** The per-record lists of a vendor snapshot, with the schema each record is checked against as it streams past. */
const RECORD_LISTS = { accounts: Account, groups: Group, numbers: PhoneNumber } as const;
type RecordList = keyof typeof RECORD_LISTS;

/** What each checked record shares with the records before it (see shared-strings.ts). */
const SHARE: { [L in RecordList]: (record: z.infer<(typeof RECORD_LISTS)[L]>, pool: StringPool) => void } = {
  accounts: shareAccountStrings,
  groups: shareGroupStrings,
  numbers: sharePhoneNumberStrings,
};

interface NormalizedRead {
  sha256: string;
  error: JsonReadError | null;
  /** The first schema problem, as `path: message`. */
  invalid: string | null;
  snapshot: NormalizedSnapshot | null;
}

/**
 * normalized.json streamed once: hashed, each account, group and number checked with zod as it is parsed (only the
 * checked copy is kept), the rest of the document checked at the end. Neither the file's bytes nor its text are held
 * whole, no record is held twice, and a value repeated across records (a status, a team name) is held once, so its
 * size is bounded by memory for the records the rules need, not by V8's string limit. Reads at most `maxBytes` (the size the manifest recorded): a grown file is a changed one.
 */
async function readNormalized(dir: string, maxBytes: number): Promise<NormalizedRead> {
  const opened = await openRegular(join(dir, NORMALIZED_FILE));
  if (!opened.ok) {
    throw new AuditError(`${dir}: ${NORMALIZED_FILE} is ${opened.kind === 'missing' ? 'missing' : `not a regular file (${opened.kind})`}`, {
      exitCode: ExitCode.BAD_INPUT,
      hint: `run access-audit verify ${dir}`,
    });
  }
  const lists = new Map<string, unknown[]>();
  const pool = new StringPool();
  let invalid: string | null = null;
  const key = (path: readonly string[]): string => path.join('\u0000');
  let read: Awaited<ReturnType<typeof readJsonHandle>>;
  try {
    read = await readJsonHandle(
      opened.handle,
      {
        arrays: Object.keys(RECORD_LISTS).map((list) => ['vendors', '*', list]),
        onArrayStart: (path) => lists.set(key(path), []),
        onElement: (path, value) => {
          const items = lists.get(key(path)) as unknown[];
          const list = path[2] as RecordList;
          const parsed = RECORD_LISTS[list].safeParse(value);
          if (parsed.success) {
            (SHARE[list] as (record: unknown, pool: StringPool) => void)(parsed.data, pool);
            items.push(parsed.data);
          }
          else invalid ??= describeIssue([...path, items.length], parsed.error.issues[0]);
          // An invalid record keeps its place, so later records are named by their own index.
          if (!parsed.success) items.push(null);
        },
      },
      opened.size > maxBytes ? 0 : maxBytes,
    );
  } finally {
    await opened.handle.close();
  }
  if (read === null) return { sha256: '', error: null, invalid: null, snapshot: null };
  if (!read.ok) return { sha256: read.sha256, error: read.error, invalid: null, snapshot: null };
  if (invalid) return { sha256: read.sha256, error: null, invalid, snapshot: null };
  const parsed = NormalizedSnapshot.safeParse(read.value);
  if (!parsed.success) return { sha256: read.sha256, error: null, invalid: describeIssue([], parsed.error.issues[0]), snapshot: null };
  const rawVendors = (read.value as { vendors: Record<string, Record<string, unknown>> }).vendors;
  for (const [vendor, snap] of Object.entries(parsed.data.vendors) as Array<[string, VendorSnapshot | undefined]>) {
    if (!snap) continue;
    for (const list of Object.keys(RECORD_LISTS) as RecordList[]) {
      // JSON.parse keeps the last of repeated keys; so does the splitter's onArrayStart, and the skeleton says which won.
      if (!Array.isArray(rawVendors[vendor]?.[list])) continue;
      (snap as Record<RecordList, unknown[]>)[list] = lists.get(key(['vendors', vendor, list])) ?? [];
    }
  }
  return { sha256: read.sha256, error: null, invalid: null, snapshot: parsed.data };
}

function describeIssue(prefix: Array<string | number>, issue: { path: PropertyKey[]; message: string } | undefined): string {
  return issue ? `${[...prefix, ...issue.path.map(String)].join('.')}: ${issue.message}` : 'invalid';
}

/** "2 changed (raw/a.json, raw/b.json), 1 added (raw/x.json)": each kind with its first few files. */
export function describeTampering(r: VerifyResult): string {
  const shown = 5;
  const part = (label: string, paths: string[]): string | null => {
    if (paths.length === 0) return null;
    const more = paths.length > shown ? `, and ${paths.length - shown} more` : '';
    return `${paths.length} ${label} (${paths.slice(0, shown).join(', ')}${more})`;
  };
  return [
    part('changed', r.changed),
    part('missing', r.missing),
    part('added', r.added),
    part('not a regular file', r.irregular.map((e) => `${e.path}: ${e.type}`)),
  ]
    .filter((p): p is string => p !== null)
    .join(', ');
}
