import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { badInput } from '../errors.js';

export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be' | 'latin1';

export interface FileProbe {
  size: number;
  sha256: string;
  encoding: TextEncodingName;
  bom: boolean;
  /** The first bytes of the file (up to HEAD_BYTES), for header detection. */
  head: Buffer;
}

export const HEAD_BYTES = 64 * 1024;

/** WHATWG labels: `latin1` is decoded as windows-1252, which is what Excel's "CSV (Comma delimited)" writes on Western Windows. */
export const DECODER_LABEL: Record<TextEncodingName, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  latin1: 'windows-1252',
};

/** Label for reports: `utf8-bom`, `utf16le-bom`, `latin1`. */
export function encodingLabel(probe: Pick<FileProbe, 'encoding' | 'bom'>): string {
  return probe.bom ? `${probe.encoding}-bom` : probe.encoding;
}

function bomOf(head: Buffer): { encoding: TextEncodingName; length: number } | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM shows as ASCII with NUL in every other byte. */
function utf16WithoutBom(head: Buffer): TextEncodingName | null {
  const len = Math.min(head.length, 4096) & ~1;
  if (len < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < len; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = len / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf16be';
  return null;
}

export function describeOpenError(path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return badInput(`${path}: no such file`, 'check the path of the IdP export');
  if (code === 'EACCES' || code === 'EPERM') return badInput(`${path}: permission denied`, 'make the file readable by this user');
  if (code === 'EISDIR') return badInput(`${path}: is a directory, not a CSV file`, 'pass the path of the exported CSV file');
  return badInput(`${path}: cannot read (${code ?? String(err)})`, 'check the path of the IdP export');
}

/**
 * One pass over the file before parsing: SHA-256 for evidence, and the encoding, which needs the whole file: a
 * cp1252 file re-saved by Excel is valid UTF-8 for its first thousand rows if the first accented name comes later.
 * Rejects what is not a CSV text file (NUL bytes, a ZIP/XLSX, an empty file) with one line.
 */
export async function probeFile(path: string, forced?: TextEncodingName): Promise<FileProbe> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (err) {
    throw describeOpenError(path, err);
  }
  const hash = createHash('sha256');
  const headParts: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let hasNul = false;
  let utf8Valid = true;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) {
      const buf = chunk as Buffer;
      hash.update(buf);
      size += buf.length;
      if (headLength < HEAD_BYTES) {
        const part = buf.subarray(0, HEAD_BYTES - headLength);
        headParts.push(part);
        headLength += part.length;
      }
      if (!hasNul && buf.includes(0)) hasNul = true;
      if (utf8Valid) {
        try {
          utf8.decode(buf, { stream: true });
        } catch {
          utf8Valid = false;
        }
      }
    }
    if (utf8Valid) {
      try {
        utf8.decode();
      } catch {
        utf8Valid = false;
      }
    }
  } catch (err) {
    throw describeOpenError(path, err);
  }
  const head = Buffer.concat(headParts);
  const bom = bomOf(head);
  const sha256 = hash.digest('hex');
  const emptyHint = 'export the users again; the file has no header row';
  if (size === 0 || (bom && size === bom.length)) throw badInput(`${path}: empty file`, emptyHint);

  let encoding: TextEncodingName;
  if (forced) encoding = forced;
  else if (bom) encoding = bom.encoding;
  else {
    const utf16 = hasNul ? utf16WithoutBom(head) : null;
    if (utf16) encoding = utf16;
    else if (hasNul) {
      if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
        throw badInput(`${path}: not a CSV file (it is a ZIP archive, e.g. an .xlsx workbook)`, 'open it in Excel and save as CSV UTF-8, or export CSV from the IdP');
      }
      throw badInput(`${path}: not a CSV file (it contains NUL bytes: binary data)`, 'export the users as CSV from the identity provider');
    } else encoding = utf8Valid ? 'utf8' : 'latin1';
  }
  const hasBom = bom !== null && bom.encoding === encoding;
  return { size, sha256, encoding, bom: hasBom, head };
}

/** Decode the head for header detection (a partial character at the cut is held back, not mangled). */
export function decodeHead(probe: FileProbe): string {
  const decoder = new TextDecoder(DECODER_LABEL[probe.encoding], { ignoreBOM: false });
  return decoder.decode(probe.head, { stream: true });
}

/**
 * Bytes in any supported encoding to UTF-8 for csv-parse, with the BOM and `skipChars` characters of preamble
 * (`sep=;`, `version:v1.0`, `#TYPE ...`) dropped, so the parser starts at the header row. UTF-8 input passes through
 * as bytes (only `skipBytes` dropped): decoding and re-encoding a million rows for nothing costs seconds.
 */
export class DecodeToUtf8 extends Transform {
  private readonly decoder: TextDecoder | null;
  private skip: number;

  constructor(encoding: TextEncodingName, skip: { chars: number; bytes: number }) {
    super();
    this.decoder = encoding === 'utf8' ? null : new TextDecoder(DECODER_LABEL[encoding], { ignoreBOM: false });
    this.skip = encoding === 'utf8' ? skip.bytes : skip.chars;
  }

  private pushText(text: string): void {
    if (this.skip > 0) {
      const drop = Math.min(this.skip, text.length);
      this.skip -= drop;
      text = text.slice(drop);
    }
    if (text.length > 0) this.push(text, 'utf8');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.decoder) this.pushText(this.decoder.decode(chunk, { stream: true }));
    else {
      if (this.skip > 0) {
        const drop = Math.min(this.skip, chunk.length);
        this.skip -= drop;
        chunk = chunk.subarray(drop);
      }
      if (chunk.length > 0) this.push(chunk);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.decoder) this.pushText(this.decoder.decode());
    callback();
  }
}
