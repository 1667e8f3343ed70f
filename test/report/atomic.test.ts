import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Correlation } from '../../src/model/index.js';
import { buildContext } from '../../src/report/context.js';
import { writeTableCsv } from '../../src/report/csv.js';
import { writeWorkbook, workbookTables } from '../../src/report/workbook.js';
import { writeReports } from '../../src/report/write.js';
import type { Table } from '../../src/report/tables.js';
import { buildReportInput } from './fixtures.js';
import { tempDir } from './helpers.js';

/** A table whose row source fails after `after` rows, as a bug or a full disk would mid-stream. */
function failingTable(after: number): Table {
  return {
    sheet: 'Boom',
    csv: 'boom.csv',
    columns: [{ header: 'n', width: 6 }, { header: 'text', width: 30 }],
    count: after + 1,
    *rows() {
      for (let i = 0; i < after; i++) yield [i, `row ${i} ${'x'.repeat(200)}`];
      throw new Error('disk on fire');
    },
  };
}

describe('atomic report files', () => {
  it('a CSV that fails mid-stream leaves neither the file nor a temp file', async () => {
    const dir = await tempDir();
    await expect(writeTableCsv(join(dir, 'boom.csv'), failingTable(5_000))).rejects.toThrow('disk on fire');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a workbook that fails mid-sheet leaves neither the file nor a temp file', async () => {
    const dir = await tempDir();
    const ctx = buildContext(buildReportInput({ outDir: dir }));
    const tables = workbookTables(ctx);
    tables.splice(2, 0, failingTable(3_000));
    await expect(writeWorkbook(dir, ctx, {}, tables)).rejects.toThrow('disk on fire');
    expect(await readdir(dir)).toEqual([]);
  });

  it('writeReports writes every file, and a failure part-way leaves the previous reports untouched and no debris', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const { files } = await writeReports(input);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(
      ['access-review.xlsx', 'dialpad-callcenters.csv', 'dialpad-offices.csv', 'dialpad-users.csv', 'dixa-agents.csv', 'dixa-queues.csv', 'dixa-teams.csv', 'findings.csv', 'findings.json', 'identities.csv', 'summary.html'],
    );
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(names);
    const before = await readFile(join(dir, 'findings.json'), 'utf8');

    // A second run whose data breaks the report after findings.json was staged (a correlation no writer knows).
    const broken = buildReportInput({ outDir: dir });
    broken.doc.run.id = 'second-run';
    const target = broken.doc.findings.find((f) => f.accountId !== null);
    const bogus = { vendor: target?.vendor ?? 'dixa', accountId: target?.accountId ?? '', owner: { state: 'bogus' } } as unknown as Correlation;
    broken.correlations = [bogus, ...broken.correlations.filter((c) => c.accountId !== target?.accountId)];
    await expect(writeReports(broken)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(names);
    expect(await readFile(join(dir, 'findings.json'), 'utf8')).toBe(before);
  });

  it('writeReports into a fresh folder leaves it empty when it fails', async () => {
    const fresh = join(await tempDir(), 'fresh');
    const broken = buildReportInput({ outDir: fresh });
    // An identity the tables cannot read: fails while identities.csv is being staged, after findings.json and findings.csv.
    const first = broken.identities[0];
    if (first) first.groups = null as unknown as string[];
    await expect(writeReports(broken)).rejects.toThrow();
    expect(await readdir(fresh)).toEqual([]);
  });
});
