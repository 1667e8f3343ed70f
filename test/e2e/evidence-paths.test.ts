import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import type { FindingsDocument } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';

/**
 * Issue 14 "reproducible and stable", through the built CLI: the same inputs typed as relative and as absolute paths
 * give byte-identical findings.json apart from the run block (and identical reports), and finding ids survive an IdP
 * export that was renamed and had its rows reordered.
 */
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };
let cwd: string;
let fx: DemoFixture;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-paths-'));
  fx = await loadDemoFixture(demoFixtureDir('demo'));
  const demo = await runCli(['run', '--demo', '--snapshot-dir', 'snap', '--out', 'demo-out'], { cwd, env: NO_TOKENS });
  expect(demo.code, demo.stderr).toBe(0);
  for (const [from, to] of [
    [fx.paths.idpUsers, 'idp-users.csv'],
    [fx.paths.assignments, 'idp-assignments.csv'],
    [fx.paths.exceptions, 'exceptions.json'],
    [fx.paths.config, 'access-audit.config.json'],
  ] as const) {
    await copyFile(from, join(cwd, to));
  }
}, 180_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function auditArgs(base: string, idp: string, out: string): string[] {
  return [
    'audit',
    '--snapshot', join(base, 'snap'),
    '--idp', idp,
    '--assignments', join(base, 'idp-assignments.csv'),
    '--exceptions', join(base, 'exceptions.json'),
    '--config', join(base, 'access-audit.config.json'),
    '--as-of', '2026-10-01T00:00:00Z',
    '--fail-on', 'none',
    '--out', out,
    '-q',
  ];
}

/** findings.json without its run block, as the bytes the writer produced for everything else. */
async function withoutRun(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'findings.json'), 'utf8');
  const doc = JSON.parse(text) as Record<string, unknown>;
  expect(doc['run']).toBeDefined();
  // The writer sorts keys, so the run block is one contiguous span: cut it out of the text itself.
  return text.replace(/\n {2}"run": \{[\s\S]*?\n {2}\},?\n/, '\n');
}

describe('paths typed relative or absolute', () => {
  it('write byte-identical findings.json apart from the run block, and reports without the machine\'s paths', async () => {
    const rel = await runCli(auditArgs('.', 'idp-users.csv', 'rel'), { cwd });
    expect(rel.code, rel.stderr).toBe(0);
    const abs = await runCli(auditArgs(cwd, join(resolve(cwd), 'idp-users.csv'), join(cwd, 'abs')), { cwd });
    expect(abs.code, abs.stderr).toBe(0);
    const a = await withoutRun(join(cwd, 'rel'));
    const b = await withoutRun(join(cwd, 'abs'));
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
    expect(a).not.toContain(cwd);
    const doc = JSON.parse(await readFile(join(cwd, 'rel', 'findings.json'), 'utf8')) as FindingsDocument;
    expect(doc.asOf).toBe('2026-10-01T00:00:00.000Z');
    // The run block keeps the path as typed, with the file's SHA-256.
    expect(doc.run.inputs.find((i) => i.role === 'idp')?.path).toBe('idp-users.csv');
    for (const f of ['summary.html', 'findings.csv', 'identities.csv', 'remediation-plan.md']) {
      expect(await readFile(join(cwd, 'abs', f), 'utf8'), f).not.toContain(cwd);
    }
    const html = await readFile(join(cwd, 'rel', 'summary.html'), 'utf8');
    expect(html).toContain('2026-10-01T00:00:00.000Z');
  }, 120_000);

  it('keep every finding id when the IdP export is renamed and its rows reordered', async () => {
    const text = await readFile(join(cwd, 'idp-users.csv'), 'utf8');
    const [header, ...rows] = text.split('\n').filter((l) => l !== '');
    // The demo's Okta export has no line breaks inside quoted cells: one record per line.
    await writeFile(join(cwd, 'okta-export-renamed.csv'), [header, ...rows.reverse()].join('\n') + '\n');
    const moved = await runCli(auditArgs('.', 'okta-export-renamed.csv', 'renamed'), { cwd });
    expect(moved.code, moved.stderr).toBe(0);
    const before = JSON.parse(await readFile(join(cwd, 'rel', 'findings.json'), 'utf8')) as FindingsDocument;
    const after = JSON.parse(await readFile(join(cwd, 'renamed', 'findings.json'), 'utf8')) as FindingsDocument;
    const ids = (d: FindingsDocument) => d.findings.map((f) => `${f.rule} ${f.id}`).sort();
    expect(ids(before).filter((i) => i.startsWith('DATA_QUALITY')).length).toBeGreaterThan(3);
    expect(ids(after)).toEqual(ids(before));
    // The evidence still names where the fact is now: the new file and its row.
    const dq = after.findings.find((f) => f.rule === 'DATA_QUALITY');
    expect(dq?.evidence['file']).toBe('okta-export-renamed.csv');
  }, 120_000);

  it('traces every account fact to its raw response file and record, and every exception kind to its approver and expiry', async () => {
    const doc = JSON.parse(await readFile(join(cwd, 'rel', 'findings.json'), 'utf8')) as FindingsDocument;
    const withAccount = doc.findings.filter((f) => f.evidence['account'] !== undefined);
    expect(withAccount.length).toBeGreaterThan(20);
    for (const f of withAccount) {
      const source = (f.evidence['account'] as { source?: { file: string; pointer: string } }).source;
      expect(source, f.id).toBeDefined();
      expect(source?.file).toMatch(/^raw\//);
      let node: unknown = JSON.parse(await readFile(join(cwd, 'snap', ...(source?.file ?? '').split('/')), 'utf8'));
      for (const part of (source?.pointer ?? '').split('/').slice(1)) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      expect(String((node as { id: unknown }).id), f.id).toBe(f.accountId);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(cwd, 'rel', 'access-review.xlsx'));
    const ws = wb.getWorksheet('Suppressed & Excluded');
    const header = (ws?.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (name: string) => header.indexOf(name);
    let excluded = 0;
    ws?.eachRow((row, n) => {
      if (n === 1 || row.getCell(col('Kind')).text !== 'excluded account') return;
      excluded++;
      expect(row.getCell(col('Exception Kind')).text, `row ${n}`).toMatch(/^(service|shared|break-glass)$/);
      expect(row.getCell(col('Approver')).text, `row ${n}`).not.toBe('');
    });
    expect(excluded).toBeGreaterThan(0);
  }, 60_000);
});
