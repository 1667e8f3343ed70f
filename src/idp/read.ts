import type { Config } from '../config/schema.js';
import type { Assignment, DataQualityNote, Identity, IdpFormat, IdpReadResult } from '../model/identity.js';
import { openIdpFile } from './stream.js';

export interface ReadIdpOptions {
  /** `auto` (default) detects the export from its header row. */
  format?: IdpFormat | 'auto';
  /** Overrides the delimiter sniffed from the header line. */
  delimiter?: ',' | ';' | '\t' | '|';
  /** Overrides the detected encoding (BOM, NUL pattern, UTF-8 validity, else latin1 read as windows-1252). */
  encoding?: 'utf8' | 'utf16le' | 'utf16be' | 'latin1';
  /** Column mapping for a CSV that is none of the known exports (config `idp.mapping`). */
  mapping?: Config['idp']['mapping'];
}

export { openIdpFile, type IdpItem, type IdpStream } from './stream.js';

/**
 * Read a whole IdP export (users or assignments) into memory. Bad input throws AuditError (exit 3) with one line
 * naming the file; everything questionable inside the file becomes a data-quality note instead.
 */
export async function readIdpFile(path: string, opts: ReadIdpOptions = {}): Promise<IdpReadResult> {
  const stream = await openIdpFile(path, opts);
  const identities: Identity[] = [];
  const byId = new Map<string, Identity>();
  const assignments: Assignment[] = [];
  const notes: DataQualityNote[] = [];
  for await (const item of stream.items()) {
    switch (item.type) {
      case 'identity':
        identities.push(item.identity);
        if (!byId.has(item.identity.id)) byId.set(item.identity.id, item.identity);
        break;
      case 'membership': {
        const identity = byId.get(item.identityId);
        if (identity && !identity.groups.includes(item.group)) identity.groups.push(item.group);
        break;
      }
      case 'assignment':
        assignments.push(item.assignment);
        break;
      case 'note':
        notes.push(item.note);
        break;
      case 'group':
        // A group without members entitles nobody.
        break;
    }
  }
  return {
    file: stream.file,
    sha256: stream.sha256,
    format: stream.format,
    encoding: stream.encoding,
    delimiter: stream.delimiter,
    rowsRead: stream.rowsRead,
    identities,
    assignments,
    notes,
    groupColumns: stream.groupColumns,
  };
}
