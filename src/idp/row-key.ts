import { sha256 } from '../util/hash.js';
import { normalizeEmail } from '../util/email.js';

/**
 * What a data-quality note is about, independent of where the row sits in the file or what the file is called:
 * the person's normalized primary email when the row has one, else a hash of the row's cells (trimmed, NFC). A row
 * moved down by an inserted row, or an export saved under a new name, keeps its key, so its finding keeps its id.
 */
export function rowContentKey(primaryEmail: string | null, cells: readonly string[]): string {
  if (primaryEmail) return `email:${normalizeEmail(primaryEmail)}`;
  return `row:${sha256(cells.map((c) => c.trim().normalize('NFC')).join('\u001f')).slice(0, 16)}`;
}

/** Key of a note on the header itself (a duplicated column name). */
export function headerContentKey(column: string): string {
  return `header:${column}`;
}
