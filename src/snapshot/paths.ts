import { sha256 } from '../util/hash.js';

/** File names inside a snapshot folder. */
export const MANIFEST_FILE = 'manifest.json';
export const NORMALIZED_FILE = 'normalized.json';

/** Names Windows reserves in every folder, with or without an extension, in any case (CON, con.json, Nul.txt). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_LENGTH = 120;

/**
 * A raw file name (without `.json`) derived from a vendor id (uuid, int64 text, or anything a hostile vendor sends),
 * portable to every filesystem a snapshot may be copied to: only `A-Z a-z 0-9 . _ -`, no leading dot (`.`, `..`,
 * hidden files), no trailing dot or space, no Windows-reserved name. Ids that had to be changed, were cut, or hold
 * an upper-case letter get `-` and 8 hex of the id's SHA-256, so two ids that differ only in case or in replaced
 * characters (`Abc` and `abc`, `a/b` and `a_b`) never share a name on a case-insensitive filesystem. Plain
 * lower-case ids (uuids, numbers) keep their own name.
 */
export function safeSegment(id: string): string {
  let name = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length)).replace(/\.+$/, (m) => '_'.repeat(m.length));
  if (name.length === 0) name = '_';
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name.length > MAX_LENGTH) name = name.slice(0, MAX_LENGTH);
  if (name !== id || /[A-Z]/.test(name)) name = `${name}-${sha256(id).slice(0, 8)}`;
  return name;
}
