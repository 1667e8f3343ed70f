import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/report/context.js';
import { writeWorkbook, SheetNamer, FINDINGS_SHEET } from '../../src/report/workbook.js';
import { checkParts, convertToPdf, libreOfficeBinary, pdfPageCount, readXlsxParts, renderPage, worksheetChildren } from '../../scripts/validate-xlsx.js';
import { buildReportInput, HOSTILE } from './fixtures.js';
import { requireTool, tempDir } from './helpers.js';

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function headers(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: false }, (c) => out.push(String(c.value)));
  return out;
}

const CONTRACT_HEADERS = ['Finding ID', 'Rule', 'Severity', 'Vendor', 'Account ID', 'Account Email', 'Identity Email', 'Title', 'Decision', 'Reviewer', 'Date', 'Justification'];

describe('access-review.xlsx', () => {
  it('has every sheet, the Findings contract, reviewer dropdown and frozen headers', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const path = await writeWorkbook(dir, buildContext(input));
    const wb = await readBack(path);

    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Overview', 'Findings', 'Ambiguous', 'Suppressed & Excluded', 'Identities', 'Dixa Agents', 'Dixa Teams', 'Dixa Queues',
      'Dialpad Users', 'Dialpad Offices', 'Dialpad Call Centers', 'Remediation Plan', 'Diff', 'Evidence',
    ]);

    const ws = wb.getWorksheet(FINDINGS_SHEET);
    if (!ws) throw new Error('no Findings sheet');
    const head = headers(ws);
    // Contract columns appear in this relative order (others may sit between them).
    const positions = CONTRACT_HEADERS.map((h) => head.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(ws.actualRowCount).toBe(input.doc.findings.length + 1);
    const idCol = head.indexOf('Finding ID') + 1;
    const ids: string[] = [];
    for (let r = 2; r <= input.doc.findings.length + 1; r++) ids.push(String(ws.getRow(r).getCell(idCol).value));
    expect(ids).toEqual(input.doc.findings.map((f) => f.id));

    // One list validation covering every Decision cell.
    const decisionCol = head.indexOf('Decision') + 1;
    for (const r of [2, input.doc.findings.length + 1]) {
      const dv = ws.getRow(r).getCell(decisionCol).dataValidation;
      expect(dv.type).toBe('list');
      expect(dv.formulae).toEqual(['"Keep,Revoke,Exception"']);
    }
    expect(ws.getRow(input.doc.findings.length + 2).getCell(decisionCol).dataValidation).toBeUndefined();

    for (const sheet of wb.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
    expect(ws.autoFilter).toBeTruthy();
  });

  it('has one row per inventory record, with each identity and their accounts side by side', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const wb = await readBack(await writeWorkbook(dir, buildContext(input)));
    const dixa = input.snapshot.vendors.dixa;
    const dialpad = input.snapshot.vendors.dialpad;
    if (!dixa || !dialpad) throw new Error('fixture lacks a vendor');
    const expected: Record<string, number> = {
      'Dixa Agents': dixa.accounts.length,
      'Dixa Teams': dixa.groups.filter((g) => g.kind === 'team').length,
      'Dixa Queues': dixa.groups.filter((g) => g.kind === 'queue').length,
      'Dialpad Users': dialpad.accounts.length,
      'Dialpad Offices': dialpad.groups.filter((g) => g.kind === 'office').length,
      'Dialpad Call Centers': dialpad.groups.filter((g) => g.kind === 'callcenter').length,
      Identities: input.identities.length,
      'Remediation Plan': input.plan?.actions.length ?? 0,
      Ambiguous: input.correlations.filter((c) => c.owner.state === 'ambiguous').length,
      'Suppressed & Excluded': input.doc.findings.filter((f) => f.suppressed).length + input.correlations.filter((c) => c.owner.state === 'excluded').length,
      Diff: input.doc.findings.length + (input.doc.resolved?.length ?? 0),
    };
    for (const [name, rows] of Object.entries(expected)) {
      expect(rows, name).toBeGreaterThan(0);
      expect(wb.getWorksheet(name)?.actualRowCount, name).toBe(rows + 1);
    }

    const ids = wb.getWorksheet('Identities');
    if (!ids) throw new Error('no Identities sheet');
    const head = headers(ids);
    const alice = ids.getRows(2, ids.actualRowCount - 1)?.find((r) => r.getCell(head.indexOf('Primary Email') + 1).value === 'alice@acme.test');
    expect(alice?.getCell(head.indexOf('Dixa Email') + 1).value).toBe('alice@acme.test');
    expect(alice?.getCell(head.indexOf('Dialpad User ID') + 1).value).toBe('4800000000000001');

    const diffSheet = wb.getWorksheet('Diff');
    const changes = new Set<string>();
    diffSheet?.eachRow((row, n) => {
      if (n > 1) changes.add(String(row.getCell(1).value));
    });
    expect(changes).toEqual(new Set(['new', 'persisting', 'resolved']));
  });

  it('gives auditors sources, counts that reconcile, not-evaluated rules, hashes and the evidence manifest', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const wb = await readBack(await writeWorkbook(dir, buildContext(input)));
    const overview = wb.getWorksheet('Overview');
    if (!overview) throw new Error('no Overview');
    const rows: string[][] = [];
    overview.eachRow((r) => rows.push([1, 2, 3, 4].map((c) => String(r.getCell(c).value ?? ''))));
    const find = (section: string, item: string): string[] | undefined => rows.find((r) => r[0] === section && r[1] === item);
    expect(find('Run', 'Run ID')?.[2]).toBe(input.doc.run.id);
    expect(find('Findings', 'Total')?.[2]).toBe(String(input.doc.findings.length));
    for (const rule of new Set(input.doc.findings.map((f) => f.rule))) {
      expect(find('By rule', rule)?.[2], rule).toBe(String(input.doc.findings.filter((f) => f.rule === rule).length));
    }
    expect(find('Source', 'dixa')?.[3]).toContain(input.snapshot.vendors.dixa?.finishedAt);
    expect(find('Not evaluated', 'UNENTITLED_ACCOUNT')?.[3]).toBe(input.doc.notEvaluated[0]?.reason);
    expect(find('Input hash', 'idp')?.[2]).toBe(input.doc.run.inputs[0]?.sha256);
    const recon = find('Reconciliation', 'dixa accounts');
    expect(recon?.[2]).toBe(String(input.snapshot.vendors.dixa?.accounts.length));
    expect(recon?.[3]).toMatch(new RegExp(`= ${input.snapshot.vendors.dixa?.accounts.length}$`));

    const evidence = wb.getWorksheet('Evidence');
    const hashes = new Set<string>();
    evidence?.eachRow((r) => hashes.add(String(r.getCell(4).value)));
    for (const f of Object.values(input.manifest?.files ?? {})) expect(hashes.has(f.sha256)).toBe(true);
  });

  it('lists suppressed findings with the exception, its reason and approver, and excluded accounts', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const wb = await readBack(await writeWorkbook(dir, buildContext(input)));
    const ws = wb.getWorksheet('Suppressed & Excluded');
    if (!ws) throw new Error('no Suppressed & Excluded sheet');
    const head = headers(ws);
    const rows = (ws.getRows(2, ws.actualRowCount - 1) ?? []).map((r) => Object.fromEntries(head.map((h, i) => [h, r.getCell(i + 1).value])));
    const hana = input.doc.findings.find((f) => f.exception === 'EXC-hana-leave');
    expect(rows.find((r) => r['Finding ID'] === hana?.id)).toMatchObject({
      Kind: 'suppressed finding',
      Exception: 'EXC-hana-leave',
      'Exception Kind': 'accepted-risk',
      Reason: 'Parental leave; account kept for return on 2025-09-01',
      Approver: 'hr-lead@acme.test',
      // A typed date cell since issue 16 (ISO number format), no longer text.
      Expires: new Date('2025-09-01T00:00:00Z'),
    });
    const excluded = input.correlations.find((c) => c.owner.state === 'excluded');
    expect(rows.find((r) => r.Kind === 'excluded account' && r['Account ID'] === excluded?.accountId)?.Reason).toBe(
      excluded?.owner.state === 'excluded' ? excluded.owner.reason : 'not excluded',
    );
  });

  it('marks an incomplete source INCOMPLETE with its reason in the Overview', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir, incompleteDialpad: true });
    const wb = await readBack(await writeWorkbook(dir, buildContext(input)));
    const rows: string[][] = [];
    wb.getWorksheet('Overview')?.eachRow((r) => rows.push([1, 2, 3, 4].map((c) => String(r.getCell(c).value ?? ''))));
    const dialpad = rows.find((r) => r[0] === 'Source' && r[1] === 'dialpad');
    expect(dialpad?.[2]).toBe('INCOMPLETE');
    expect(dialpad?.[3]).toContain('users: HTTP 503 on page 3 after 5 retries');
    expect(rows.find((r) => r[0] === 'Source' && r[1] === 'dixa')?.[2]).toBe('complete');
    expect(rows.filter((r) => r[0] === 'Not evaluated').map((r) => r[1])).toEqual(input.doc.notEvaluated.map((n) => n.rule));
  });

  it('leaves out the Diff sheet when no previous run was given', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir, previous: false });
    const wb = await readBack(await writeWorkbook(dir, buildContext(input)));
    expect(wb.getWorksheet('Diff')).toBeUndefined();
    expect(wb.getWorksheet('Evidence')).toBeDefined();
  });

  it('writes hostile names and emails as plain strings, never formulas', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const path = await writeWorkbook(dir, buildContext(input));
    const wb = await readBack(path);
    for (const sheetName of ['Findings', 'Dixa Agents']) {
      const ws = wb.getWorksheet(sheetName);
      const seen = new Set<string>();
      ws?.eachRow((row) =>
        row.eachCell((cell) => {
          if (HOSTILE.includes(cell.value as (typeof HOSTILE)[number])) {
            expect(cell.type, `${sheetName} ${cell.address}`).toBe(ExcelJS.ValueType.String);
            expect(cell.formula).toBeUndefined();
            seen.add(cell.value as string);
          }
        }),
      );
      expect([...seen].sort(), sheetName).toEqual([...HOSTILE].sort());
    }
    const parts = await readXlsxParts(path);
    for (const [name, xml] of parts.sheets) expect(xml, name).not.toMatch(/<f[\s>]/);
    expect(parts.sheets.get('Findings')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps the worksheet XML in CT_Worksheet order (the check itself catches exceljs hyperlink + validation files)', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const parts = await readXlsxParts(await writeWorkbook(dir, buildContext(input)));
    expect(checkParts(parts)).toEqual([]);
    expect(worksheetChildren(parts.sheets.get('Findings') ?? '')).toEqual(
      expect.arrayContaining(['sheetViews', 'cols', 'sheetData', 'autoFilter', 'conditionalFormatting', 'dataValidations', 'pageSetup']),
    );

    // The known-bad shape (exceljs #2784): a cell hyperlink plus a data validation in the streaming writer.
    const bad = join(dir, 'bad.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: bad, useStyles: true });
    const ws = wb.addWorksheet('Bad');
    ws.addRow([{ text: 'link', hyperlink: 'https://example.test' }, 'x']).commit();
    (ws as unknown as { dataValidations: { add(r: string, v: ExcelJS.DataValidation): void } }).dataValidations.add('B1:B1', { type: 'list', allowBlank: true, formulae: ['"a,b"'] });
    ws.commit();
    await wb.commit();
    expect(checkParts(await readXlsxParts(bad)).join('\n')).toMatch(/breaks the CT_Worksheet order/);
  });

  it('continues a sheet past the row limit on "Name (2)", each part with its header and dropdown', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const n = input.doc.findings.length;
    const wb = await readBack(await writeWorkbook(dir, buildContext(input), { maxRowsPerSheet: 10 }));
    const parts = wb.worksheets.filter((w) => w.name === 'Findings' || /^Findings \(\d+\)$/.test(w.name));
    expect(parts.map((w) => w.name)).toEqual(['Findings', 'Findings (2)', 'Findings (3)'].slice(0, Math.ceil(n / 10)));
    expect(parts.reduce((sum, w) => sum + w.actualRowCount - 1, 0)).toBe(n);
    for (const w of parts) {
      expect(headers(w)[0]).toBe('Finding ID');
      expect(w.getRow(2).getCell(headers(w).indexOf('Decision') + 1).dataValidation?.type).toBe('list');
    }
  });

  it('keeps the XML valid with control characters and over-long text, and handles an empty run', async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir, previous: false });
    const first = input.doc.findings[0];
    if (!first) throw new Error('fixture has no findings');
    first.title = `bell\u0007 nul\u0000 ${'x'.repeat(40_000)}`;
    const path = await writeWorkbook(dir, buildContext(input));
    expect(checkParts(await readXlsxParts(path))).toEqual([]);
    const ws = (await readBack(path)).getWorksheet('Findings');
    const title = String(ws?.getRow(2).getCell(headers(ws as ExcelJS.Worksheet).indexOf('Title') + 1).value);
    expect(title.length).toBeLessThanOrEqual(32_767);
    expect(title.startsWith('bell\uFFFD nul\uFFFD')).toBe(true);
    expect(title.endsWith('[truncated]')).toBe(true);

    const empty = buildReportInput({ outDir: dir, previous: false, hostile: false });
    empty.doc.findings = [];
    empty.snapshot.vendors = {};
    empty.correlations = [];
    empty.identities = [];
    empty.plan = null;
    empty.manifest = null;
    const emptyDir = join(dir, 'empty');
    const emptyPath = await writeWorkbook(emptyDir, buildContext(empty));
    expect(checkParts(await readXlsxParts(emptyPath))).toEqual([]);
    const wb = await readBack(emptyPath);
    expect(wb.getWorksheet('Findings')?.actualRowCount).toBe(1);
    expect(headers(wb.getWorksheet('Findings') as ExcelJS.Worksheet)).toEqual(expect.arrayContaining(CONTRACT_HEADERS));
    const evidence: string[] = [];
    wb.getWorksheet('Evidence')?.eachRow((r) => evidence.push(String(r.getCell(3).value)));
    expect(evidence).toContain('no manifest');
  });

  it('sanitizes sheet names: 31 characters, no forbidden characters, unique ignoring case', () => {
    const namer = new SheetNamer();
    const a = namer.name('Sales/Support: [EMEA] * all? \\ queues and more');
    expect(a.length).toBeLessThanOrEqual(31);
    expect(a).not.toMatch(/[*?:\\/[\]]/);
    expect(namer.name('Dixa Agents')).toBe('Dixa Agents');
    const dup = namer.name('DIXA AGENTS');
    expect(dup.toLowerCase()).not.toBe('dixa agents');
    const long = namer.name('x'.repeat(40), ' (2)');
    expect(long).toHaveLength(31);
    expect(long.endsWith(' (2)')).toBe(true);
  });

  const lo = requireTool(libreOfficeBinary() ?? '/usr/bin/libreoffice');
  it.skipIf(lo.skip)(`opens in LibreOffice and renders to PDF and PNG ${lo.reason}`, async () => {
    const dir = await tempDir();
    const input = buildReportInput({ outDir: dir });
    const path = await writeWorkbook(dir, buildContext(input));
    const pdf = await convertToPdf(path, join(dir, 'pdf'));
    // One or more printed pages per sheet.
    expect(await pdfPageCount(pdf)).toBeGreaterThanOrEqual(14);
    // The footer names the sheet, with "&" printed as written (it starts a footer code unless doubled).
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', pdf, '-']);
    expect(stdout).toMatch(/Suppressed & Excluded +\d+ \/ \d+/);
    const png = await renderPage(pdf, 2, join(dir, 'pdf', 'findings'), 40);
    expect(png.endsWith('.png')).toBe(true);
  }, 120_000);
});
