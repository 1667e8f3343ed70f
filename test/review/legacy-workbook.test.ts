import { mkdtemp, readFile, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../../src/model/index.js';
import type { ReviewRecord } from '../../src/review/record.js';
import { runCli } from '../helpers/cli.js';
import { fillWorkbook } from './fill.js';

/** fixtures/workbook-v1: written by the code before the review campaign existed (Findings sheet only, no Review sheet). */
const V1 = 'fixtures/workbook-v1';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-wb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a workbook written before the campaign', () => {
  it('still reads back: Findings-sheet decisions build the final plan; the campaign closes when every open finding is decided', async () => {
    const run = join(dir, 'run');
    await cp(V1, run, { recursive: true });
    const doc = JSON.parse(await readFile(join(run, 'findings.json'), 'utf8')) as FindingsDocument;
    const open = new Map(doc.findings.filter((f) => !f.suppressed).map((f) => [f.id, f]));
    const revoke = doc.findings.find((f) => !f.suppressed && f.rule === 'TERMINATED_STILL_ACTIVE')!;
    const decide = (id: string) => {
      const f = open.get(id);
      if (!f) return null;
      return f.id === revoke.id
        ? { decision: 'Revoke', reviewer: 'ivo.it@example.com', date: new Date(Date.UTC(2026, 11, 1)), justification: 'left in October' }
        : { decision: 'Keep', reviewer: 'ivo.it@example.com', date: new Date(Date.UTC(2026, 11, 1)), justification: 'checked' };
    };
    // Half decided first: the plan is built, the campaign is not closed (exit 1).
    const half = new Set([...open.keys()].slice(0, Math.floor(open.size / 2)).concat(revoke.id));
    const book = join(run, 'access-review.xlsx');
    const copy = join(dir, 'half.xlsx');
    await cp(book, copy);
    await fillWorkbook(copy, () => null, (id) => (half.has(id) ? decide(id) : null));
    const partial = await runCli(['plan', '--decisions', copy, '--findings', join(run, 'findings.json'), '--out', join(dir, 'half-out')]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/Campaign NOT closed \(exit 1\): \d+ rows undecided/);

    await fillWorkbook(book, () => null, decide);
    const res = await runCli(['plan', '--decisions', book, '--out', join(dir, 'final'), '--allow-mass-removal']);
    expect(res.stderr).toMatch(/Campaign CLOSED/);
    expect(res.code).toBe(0);
    const plan = JSON.parse(await readFile(join(dir, 'final', 'remediation-plan.json'), 'utf8')) as { actions: Array<{ accountId: string | null; findingIds: string[] }> };
    expect(plan.actions.length).toBeGreaterThan(0);
    expect(plan.actions.every((a) => a.findingIds.includes(revoke.id))).toBe(true);
    const record = JSON.parse(await readFile(join(dir, 'final', 'review-record.json'), 'utf8')) as ReviewRecord;
    expect(record.mode).toBe('findings');
    expect(record.entries.find((e) => e.accountId === revoke.accountId && e.decision === 'Revoke')).toBeDefined();
  }, 120_000);
});
