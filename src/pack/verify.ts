import { readFile, stat } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { AuditError, ExitCode, badInput } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { PACK_LIMITS, PACK_MANIFEST, PACK_SIGNATURE, PackManifest, SNAPSHOT_PREFIX, isSafeMemberName } from './layout.js';
import { signatureValid } from './sign.js';

export type SignatureState = 'valid' | 'invalid' | 'absent' | 'not-checked';

export interface PackVerifyResult {
  intact: boolean;
  /** Listed in the manifest, present, but other bytes (or unreadable: a corrupt compressed stream). */
  changed: string[];
  missing: string[];
  added: string[];
  /** Problems with the archive as a whole (manifest unreadable, snapshot hash disagreeing, --expect not matched). */
  problems: string[];
  signature: SignatureState;
  manifestSha256: string | null;
  archiveSha256: string;
  members: number;
}

/** A crafted archive: refused before anything is inflated. */
class Refused extends Error {}

function notAPack(path: string, why: string): AuditError {
  return new AuditError(`${path}: not an access-audit evidence pack (${why})`, { exitCode: ExitCode.BAD_INPUT, hint: 'give a .zip written by access-audit pack, or a snapshot folder' });
}

/**
 * The central directory only: names and declared sizes, checked against the pack's bounds (count, per member,
 * total, safe names, no duplicates) before a single byte is inflated. Nothing is ever written to disk.
 */
function listMembers(path: string, archive: Uint8Array): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  const check = (f: UnzipFileInfo): boolean => {
    if (names.length >= PACK_LIMITS.maxMembers) throw new Refused(`more than ${PACK_LIMITS.maxMembers} members`);
    if (!isSafeMemberName(f.name)) throw new Refused(`a member name that is not a plain relative path (${JSON.stringify(f.name.slice(0, 80))})`);
    if (seen.has(f.name)) throw new Refused(`member ${f.name} appears twice`);
    if (f.originalSize > PACK_LIMITS.maxMemberBytes) throw new Refused(`member ${f.name} declares ${f.originalSize} bytes, over ${PACK_LIMITS.maxMemberBytes}`);
    total += f.originalSize;
    if (total > PACK_LIMITS.maxTotalBytes) throw new Refused(`members declare over ${PACK_LIMITS.maxTotalBytes} bytes in all`);
    seen.add(f.name);
    names.push(f.name);
    return false;
  };
  try {
    unzipSync(archive, { filter: check });
  } catch (err) {
    if (err instanceof Refused) throw badInput(`${path}: refused: ${err.message}`);
    throw notAPack(path, `not a readable zip archive: ${(err as Error).message}`);
  }
  return names;
}

/** Inflates members one by one, so a corrupt one is named rather than failing the whole archive. */
function readMembers(archive: Uint8Array, names: readonly string[]): { data: Map<string, Uint8Array>; unreadable: string[] } {
  try {
    const all = unzipSync(archive);
    return { data: new Map(names.map((n) => [n, all[n] as Uint8Array])), unreadable: [] };
  } catch {
    const data = new Map<string, Uint8Array>();
    const unreadable: string[] = [];
    for (const name of names) {
      try {
        const one = unzipSync(archive, { filter: (f) => f.name === name });
        data.set(name, one[name] as Uint8Array);
      } catch {
        unreadable.push(name);
      }
    }
    return { data, unreadable };
  }
}

/**
 * Checks an evidence pack: every member's SHA-256 and size against the pack manifest, no member missing or added,
 * the snapshot manifest inside matching the hash the pack names, the signature when a public key is given, and the
 * archive or manifest SHA-256 when one is expected (recorded elsewhere when the pack was made).
 */
export async function verifyPack(path: string, opts: { publicKey?: KeyObject | null; expect?: string | null } = {}): Promise<PackVerifyResult> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw badInput(`${path}: cannot read (${err.code ?? 'error'})`);
  });
  if (st.size > PACK_LIMITS.maxArchiveBytes) throw badInput(`${path}: ${st.size} bytes, over the ${PACK_LIMITS.maxArchiveBytes} a pack may have`);
  const archive = new Uint8Array(await readFile(path));
  const archiveSha256 = sha256(archive);
  const names = listMembers(path, archive);
  if (!names.includes(PACK_MANIFEST)) throw notAPack(path, `no ${PACK_MANIFEST}`);
  const { data, unreadable } = readMembers(archive, names);

  const problems: string[] = [];
  const changed = new Set<string>(unreadable.filter((n) => n !== PACK_MANIFEST && n !== PACK_SIGNATURE));
  const manifestBytes = data.get(PACK_MANIFEST);
  let manifest: PackManifest | null = null;
  if (manifestBytes === undefined) problems.push(`${PACK_MANIFEST} is unreadable`);
  else {
    try {
      const parsed = PackManifest.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes)));
      if (parsed.success) manifest = parsed.data;
      else problems.push(`${PACK_MANIFEST} is not a pack manifest (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    } catch {
      problems.push(`${PACK_MANIFEST} is not valid JSON`);
    }
  }
  const manifestSha256 = manifestBytes === undefined ? null : sha256(manifestBytes);

  const missing: string[] = [];
  const added: string[] = [];
  const present = new Set(names);
  if (manifest) {
    const listed = manifest.members;
    for (const [name, entry] of Object.entries(listed)) {
      if (!present.has(name)) {
        missing.push(name);
        continue;
      }
      const bytes = data.get(name);
      if (bytes === undefined || bytes.byteLength !== entry.bytes || sha256(bytes) !== entry.sha256) changed.add(name);
    }
    for (const name of names) if (name !== PACK_MANIFEST && name !== PACK_SIGNATURE && !Object.hasOwn(listed, name)) added.push(name);
    const snapManifest = listed[`${SNAPSHOT_PREFIX}manifest.json`];
    if (manifest.snapshotSha256 !== null && snapManifest && snapManifest.sha256 !== manifest.snapshotSha256) {
      problems.push(`the snapshot manifest inside is not the snapshot the pack names (${manifest.snapshotSha256})`);
    }
  }

  const sig = data.get(PACK_SIGNATURE);
  let signature: SignatureState;
  if (!present.has(PACK_SIGNATURE)) signature = 'absent';
  else if (!opts.publicKey) signature = 'not-checked';
  else signature = sig !== undefined && manifestBytes !== undefined && signatureValid(manifestBytes, sig, opts.publicKey) ? 'valid' : 'invalid';
  if (opts.publicKey && signature === 'absent') problems.push('the pack is not signed, but --pubkey was given');
  if (signature === 'invalid') problems.push('the signature does not match the manifest under this public key');

  if (opts.expect) {
    const want = opts.expect.toLowerCase();
    if (want !== archiveSha256 && want !== manifestSha256) problems.push(`--expect ${opts.expect} is neither the archive's sha256 (${archiveSha256}) nor its manifest's (${manifestSha256 ?? 'unreadable'})`);
  }

  const changedList = [...changed].sort();
  missing.sort();
  added.sort();
  return {
    intact: changedList.length + missing.length + added.length + problems.length === 0,
    changed: changedList,
    missing,
    added,
    problems,
    signature,
    manifestSha256,
    archiveSha256,
    members: names.length,
  };
}
