import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FindingsDocument } from '../../src/model/index.js';
import { buildContext } from '../../src/report/context.js';
import { writeFindingsCsv, writeInventoryCsvs, writeTableCsv } from '../../src/report/csv.js';
import { writeFindingsJson } from '../../src/report/findings-json.js';
import { neutralizeFormula } from '../../src/report/cells.js';
import { stableStringify } from '../../src/util/json.js';
import { buildReportInput, HOSTILE } from './fixtures.js';
import { tempDir } from './helpers.js';

async function readCsv(path: string): Promise<{ raw: Buffer; rows: Record<string, string>[] }> {
  const raw = await readFile(path);
  const rows = parse(raw, { bom: true, columns: true }) as Record<string, string>[];
  return { raw, rows };
}

describe('findings.json', () => {
  it('is the FindingsDocument, key-sorted, and parses back to the same document', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const path = await writeFindingsJson(dir, input.doc);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(stableStringify(input.doc));
    const back = FindingsDocument.parse(JSON.parse(text));
    expect(back).toEqual(input.doc);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['findings', 'notEvaluated', 'resolved', 'run', 'schemaVersion', 'summary', 'unusedExceptions']);
  });
});

describe('CSV files', () => {
  it('findings.csv: BOM, one row per finding in order, explicit boolean casts', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const { raw, rows } = await readCsv(await writeFindingsCsv(dir, buildContext(input)));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows.map((r) => r['Finding ID'])).toEqual(input.doc.findings.map((f) => f.id));
    expect(rows.map((r) => r.Suppressed)).toEqual(input.doc.findings.map((f) => String(f.suppressed)));
    expect(rows.map((r) => r.Rule)).toEqual(input.doc.findings.map((f) => f.rule));
    // Findings without a vendor leave the cell empty rather than writing "null".
    const dq = rows.find((r) => r.Rule === 'DATA_QUALITY');
    expect(dq?.Vendor).toBe('');
  });

  it('inventories: one CSV per inventory with one row per record', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const files = await writeInventoryCsvs(dir, buildContext(input));
    const dixa = input.snapshot.vendors.dixa;
    const dialpad = input.snapshot.vendors.dialpad;
    const expected: Record<string, number> = {
      'dixa-agents.csv': dixa?.accounts.length ?? -1,
      'dixa-teams.csv': dixa?.groups.filter((g) => g.kind === 'team').length ?? -1,
      'dixa-queues.csv': dixa?.groups.filter((g) => g.kind === 'queue').length ?? -1,
      'dialpad-users.csv': dialpad?.accounts.length ?? -1,
      'dialpad-offices.csv': dialpad?.groups.filter((g) => g.kind === 'office').length ?? -1,
      'dialpad-callcenters.csv': dialpad?.groups.filter((g) => g.kind === 'callcenter').length ?? -1,
      'identities.csv': input.identities.length,
    };
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, count] of Object.entries(expected)) {
      const { raw, rows } = await readCsv(join(dir, file));
      expect([...raw.subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
      expect(rows, file).toHaveLength(count);
    }
    const queues = (await readCsv(join(dir, 'dixa-queues.csv'))).rows;
    expect(queues.find((q) => q.Name === 'English')?.['Unresolved Member IDs']).toBe('deadbeef-0000-4000-8000-00000000dead');
    const agents = (await readCsv(join(dir, 'dixa-agents.csv'))).rows;
    const ghost = agents.find((a) => a.Email === 'ghost@acme.test');
    expect(ghost).toMatchObject({ Admin: 'true', 'Owner State': 'unmatched', Status: 'active', Findings: 'ORPHANED_ACCOUNT' });
    expect(agents.find((a) => a.Email === 'alice@acme.test')?.Admin).toBe('false');
  });

  it('neutralises every hostile value: formula-like cells start with a quote, the rest stay as written', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const ctx = buildContext(input);
    const findings = (await readCsv(await writeFindingsCsv(dir, ctx))).rows;
    await writeInventoryCsvs(dir, ctx);
    const agents = (await readCsv(join(dir, 'dixa-agents.csv'))).rows;
    for (const h of HOSTILE) {
      const formulaLike = /^[\s]*[=+\-@]/.test(h);
      const expected = formulaLike ? `'${h}` : h;
      expect(findings.some((r) => r['Account Email'] === expected), `findings ${h}`).toBe(true);
      expect(agents.some((r) => r['Display Name'] === expected && r.Email === expected), `agents ${h}`).toBe(true);
      if (formulaLike) expect(expected.startsWith("'")).toBe(true);
    }
    // No cell anywhere begins with a formula character once parsed.
    for (const row of [...findings, ...agents]) for (const v of Object.values(row)) expect(v, v).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it('neutralizeFormula covers the cases csv-stringify misses', () => {
    expect(neutralizeFormula(' =1+1')).toBe("' =1+1");
    expect(neutralizeFormula('\u00a0@SUM(1)')).toBe("'\u00a0@SUM(1)");
    expect(neutralizeFormula('\uFF1D1+1')).toBe("'\uFF1D1+1");
    expect(neutralizeFormula('alice@acme.test')).toBe('alice@acme.test');
    expect(neutralizeFormula('a=b')).toBe('a=b');
  });

  it('writes dates as ISO text and numbers as numbers', async () => {
    const dir = await tempDir();
    const path = join(dir, 'casts.csv');
    await writeTableCsv(path, {
      sheet: 'x',
      csv: 'casts.csv',
      columns: [{ header: 'n', width: 5 }, { header: 'neg', width: 5 }, { header: 'b', width: 5 }, { header: 'd', width: 5 }],
      count: 1,
      *rows() {
        yield [42, -1, false, new Date('2025-06-30T09:00:00Z') as unknown as string];
      },
    });
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    expect(text).toBe('n,neg,b,d\n42,-1,false,2025-06-30T09:00:00.000Z\n');
  });
});
