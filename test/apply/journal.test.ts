import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, readJournal } from '../../src/apply/journal.js';

const dir = mkdtempSync(join(tmpdir(), 'aa-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function threeEntries(name: string): Promise<string> {
  const path = join(dir, name);
  const j = await Journal.open(path, null);
  await j.append({ type: 'start', planSha256: 'abc' });
  await j.append({ type: 'request', method: 'DELETE', url: 'http://127.0.0.1/v1/queues/q/members', body: { agentIds: ['a\nb'] } });
  await j.append({ type: 'response', status: 204, body: '{"message":"line\\nbreak"}' });
  await j.close();
  return path;
}

describe('the apply journal', () => {
  it('is one JSON entry per line, hash-chained, and reads back whole', async () => {
    const path = await threeEntries('ok.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const { entries, tornTail } = await readJournal(path);
    expect(tornTail).toBe(false);
    expect(entries.map((e) => [e.seq, e.type])).toEqual([[1, 'start'], [2, 'request'], [3, 'response']]);
    expect(entries[1]?.prev).toBe(entries[0]?.hash);
    expect(entries[2]?.prev).toBe(entries[1]?.hash);
  });

  it('continues after the entries read back, and a torn last line (a kill mid-write) is dropped', async () => {
    const path = await threeEntries('torn.jsonl');
    appendFileSync(path, '{"type":"requ');
    const read = await readJournal(path);
    expect(read.tornTail).toBe(true);
    expect(read.entries).toHaveLength(3);
    const j = await Journal.open(path, read);
    await j.append({ type: 'start', resumed: true });
    await j.close();
    const again = await readJournal(path);
    expect(again.tornTail).toBe(false);
    expect(again.entries.map((e) => e.type)).toEqual(['start', 'request', 'response', 'start']);
  });

  it('shows an edited, removed or reordered entry: exit 3 naming the line', async () => {
    const path = await threeEntries('edit.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [lines[0], lines[1]?.replace('DELETE', 'PATCH'), lines[2], ''].join('\n'));
    await expect(readJournal(path)).rejects.toMatchObject({ exitCode: 3, message: expect.stringMatching(/line 2: the hash chain is broken/) });
    writeFileSync(path, [lines[0], lines[2], ''].join('\n'));
    await expect(readJournal(path)).rejects.toMatchObject({ message: expect.stringMatching(/line 2/) });
  });

  it('never overwrites an existing file when it starts a new journal', async () => {
    const path = await threeEntries('exists.jsonl');
    await expect(Journal.open(path, null)).rejects.toMatchObject({ code: 'EEXIST' });
  });
});
