import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { badInput } from '../errors.js';
import { sha256 } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { readRegular } from '../util/no-follow.js';

export const JOURNAL_FILE = 'apply-journal.jsonl';
/** A journal is read back whole on --resume: past this it is not a journal this tool wrote for one plan. */
const MAX_JOURNAL_BYTES = 256 * 1024 * 1024;
const GENESIS = '0'.repeat(64);

export type JournalData = { type: string } & Record<string, unknown>;

export interface JournalEntry extends JournalData {
  seq: number;
  at: string;
  /** hash of the entry before (zeros for the first): a removed or edited entry breaks the chain. */
  prev: string;
  /** SHA-256 of prev and the entry's canonical JSON without this field. */
  hash: string;
}

function entryHash(prev: string, body: Omit<JournalEntry, 'hash'>): string {
  return sha256(`${prev}\n${stableStringify(body, 0)}`);
}

/**
 * The apply journal: JSON Lines, append-only, each entry synced to disk before the call it announces is sent, so a
 * kill at any point leaves a journal that says what was sent. Entries are hash-chained; the caller redacts tokens
 * before anything reaches append().
 */
export class Journal {
  readonly path: string;
  #handle: FileHandle;
  #seq: number;
  #last: string;

  private constructor(path: string, handle: FileHandle, seq: number, last: string) {
    this.path = path;
    this.#handle = handle;
    this.#seq = seq;
    this.#last = last;
  }

  /** A new journal (the file must not exist), or one continued after the entries read back by readJournal. */
  static async open(path: string, after: ReadJournal | null): Promise<Journal> {
    const flags = after === null ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND : constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW;
    const handle = await open(path, flags, 0o600);
    // A torn last line (kill during its write) goes, or the next entry would be glued to it.
    if (after?.tornTail) await handle.truncate(after.validBytes);
    const tail = after?.entries.at(-1);
    return new Journal(path, handle, tail ? tail.seq : 0, tail ? tail.hash : GENESIS);
  }

  async append(data: JournalData): Promise<JournalEntry> {
    const body = { ...data, seq: this.#seq + 1, at: new Date().toISOString(), prev: this.#last };
    const entry = { ...body, hash: entryHash(this.#last, body) } as JournalEntry;
    // stableStringify ends its text with a line feed: exactly one line per entry.
    await this.#handle.write(stableStringify(entry, 0));
    await this.#handle.datasync();
    this.#seq = entry.seq;
    this.#last = entry.hash;
    return entry;
  }

  async close(): Promise<void> {
    await this.#handle.close();
  }
}

export interface ReadJournal {
  entries: JournalEntry[];
  /** A last line cut short by a kill during its write (never synced, so its call was never sent): dropped. */
  tornTail: boolean;
  /** Bytes of the complete entries. */
  validBytes: number;
}

/** Reads a journal back and proves its chain; any break (edited, removed or reordered entry) is exit 3. */
export async function readJournal(path: string): Promise<ReadJournal> {
  const read = await readRegular(path, MAX_JOURNAL_BYTES).catch(() => null);
  if (!read?.ok) throw badInput(`${path}: cannot read the apply journal`, 'give --out the folder of the apply run to resume');
  const text = read.bytes.toString('utf8');
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  let tornTail = last !== '';
  const entries: JournalEntry[] = [];
  let prev = GENESIS;
  for (const [i, line] of lines.entries()) {
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      throw badInput(`${path} line ${i + 1}: not JSON; the journal was changed after it was written`);
    }
    const { hash, ...body } = entry;
    if (typeof hash !== 'string' || entry.prev !== prev || entry.seq !== i + 1 || entryHash(prev, body) !== hash) {
      throw badInput(`${path} line ${i + 1}: the hash chain is broken; the journal was changed after it was written`, 'a journal is evidence: start a new apply with a new --out instead');
    }
    entries.push(entry);
    prev = hash;
  }
  if (tornTail) {
    // A complete entry without its newline is not torn; anything else on the last line is.
    try {
      JSON.parse(last);
      throw badInput(`${path}: the last line is complete but has no line end; the journal was changed after it was written`);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  } else tornTail = false;
  return { entries, tornTail, validBytes: read.bytes.length - Buffer.byteLength(last) };
}
