import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { stableJsonChunks } from './json.js';
import { JsonReadError, JsonSplitter, type JsonSplitOptions } from './json-split.js';

export interface WrittenJson {
  sha256: string;
  bytes: number;
}

/**
 * stableStringify(value) into an open file, in pieces, hashing the bytes as they are written: the same bytes as the
 * one-string writer, without a string as large as the file (V8 stops at 536,870,888 characters).
 */
export async function writeStableJson(file: FileHandle, value: unknown, chunkChars?: number): Promise<WrittenJson> {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of stableJsonChunks(value, 2, chunkChars)) {
    const buf = Buffer.from(chunk, 'utf8');
    hash.update(buf);
    bytes += buf.length;
    await file.write(buf);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** writeStableJson into a temp file beside `path`, renamed into place when complete (a failure leaves no file). */
export async function writeStableJsonFile(path: string, value: unknown): Promise<WrittenJson> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(tmp, 'wx');
    let written: WrittenJson;
    try {
      written = await writeStableJson(file, value);
    } finally {
      await file.close();
    }
    await rename(tmp, path);
    return written;
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

const READ_CHUNK = 1 << 20;

export type JsonRead = { ok: true; value: unknown; sha256: string; bytes: number } | { ok: false; error: JsonReadError; sha256: string; bytes: number };

/**
 * A JSON file read in 1 MiB pieces through JsonSplitter (the named arrays parsed element by element), hashed on the
 * way: no string as large as the file is ever made. At most `maxBytes` are read (null past that). Text that is not
 * JSON, or a part too large to hold, is a JsonReadError in the result, after the whole file is hashed (so a caller
 * can tell a changed file from a malformed one).
 */
export async function readJsonHandle(file: FileHandle, opts: JsonSplitOptions, maxBytes = Number.MAX_SAFE_INTEGER): Promise<JsonRead | null> {
  const hash = createHash('sha256');
  const splitter = new JsonSplitter(opts);
  let error: JsonReadError | null = null;
  let bytes = 0;
  const take = (fn: () => void): void => {
    if (error) return;
    try {
      fn();
    } catch (err) {
      if (!(err instanceof JsonReadError)) throw err;
      error = err;
    }
  };
  for (;;) {
    // A fresh buffer per read: the splitter keeps pieces of it (a record cut by the chunk's end).
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    const { bytesRead } = await file.read(buf, 0, READ_CHUNK, null);
    if (bytesRead === 0) break;
    bytes += bytesRead;
    if (bytes > maxBytes) return null;
    const piece = buf.subarray(0, bytesRead);
    hash.update(piece);
    take(() => splitter.write(piece));
  }
  let value: unknown;
  take(() => {
    value = splitter.end();
  });
  const sha256 = hash.digest('hex');
  return error ? { ok: false, error, sha256, bytes } : { ok: true, value, sha256, bytes };
}

/** readJsonHandle on a path: the value, or JsonReadError thrown (fs errors propagate, with their code). */
export async function readJsonFile(path: string, opts: JsonSplitOptions = { arrays: [] }): Promise<unknown> {
  const file = await open(path, 'r');
  try {
    const read = (await readJsonHandle(file, opts)) as JsonRead;
    if (!read.ok) throw read.error;
    return read.value;
  } finally {
    await file.close();
  }
}
