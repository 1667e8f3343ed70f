/**
 * Checks that an .xlsx opens cleanly: the worksheet XML follows the CT_Worksheet element order (exceljs's streaming
 * writer breaks it with hyperlinks + validations, which makes Excel offer a repair: exceljs #2784), no data cell
 * carries a formula, sheet names are legal for Excel, and LibreOffice converts it to PDF; page 1 is rendered to PNG.
 *
 *   node --import tsx scripts/validate-xlsx.ts reports/access-review.xlsx [--out DIR]
 *
 * Reads the zip with jszip, the reader exceljs itself depends on (no new dependency).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';

const run = promisify(execFile);

/** ECMA-376 Part 1, CT_Worksheet: the order children of <worksheet> must appear in. */
export const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
  'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
  'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing',
  'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts',
  'extLst',
];

export interface XlsxParts {
  /** Sheet name -> worksheet XML, in workbook order. */
  sheets: Map<string, string>;
  workbookXml: string;
}

export async function readXlsxParts(path: string): Promise<XlsxParts> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const text = async (name: string): Promise<string> => {
    const f = zip.file(name);
    if (!f) throw new Error(`${path}: missing part ${name}`);
    return f.async('string');
  };
  const workbookXml = await text('xl/workbook.xml');
  const rels = await text('xl/_rels/workbook.xml.rels');
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g)) target.set(m[1] ?? '', m[2] ?? '');
  const sheets = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]+)"/g)) {
    const t = target.get(m[2] ?? '') ?? '';
    const part = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
    sheets.set(unescapeXml(m[1] ?? ''), await text(part));
  }
  return { sheets, workbookXml };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Names of the direct children of <worksheet>, in document order. */
export function worksheetChildren(xml: string): string[] {
  const body = xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>');
  const names: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, close, name = '', selfClose] = m;
    if (name.startsWith('?')) continue;
    if (close) {
      depth--;
      continue;
    }
    if (depth === 1) names.push(name.replace(/^.*:/, ''));
    if (!selfClose) depth++;
  }
  return names;
}

/** Problems that make Excel repair or reject the file (empty when clean). */
export function checkParts(parts: XlsxParts): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, xml] of parts.sheets) {
    if (name.length > 31 || /[*?:\\/[\]]/.test(name) || /^'|'$/.test(name)) problems.push(`sheet name "${name}" is not legal in Excel`);
    if (seen.has(name.toLowerCase())) problems.push(`sheet name "${name}" repeats (case-insensitively)`);
    seen.add(name.toLowerCase());
    let last = -1;
    for (const child of worksheetChildren(xml)) {
      const at = WORKSHEET_ORDER.indexOf(child);
      if (at < 0) problems.push(`${name}: unknown element <${child}>`);
      else if (at < last) problems.push(`${name}: <${child}> after <${WORKSHEET_ORDER[last]}> breaks the CT_Worksheet order`);
      else last = at;
    }
    if (/<f[\s>]/.test(xml)) problems.push(`${name}: a cell carries a formula`);
    const rows = (xml.match(/<row\b/g) ?? []).length;
    if (rows > 1_048_576) problems.push(`${name}: ${rows} rows exceed Excel's limit`);
  }
  return problems;
}

export function libreOfficeBinary(): string | null {
  for (const p of ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice']) if (existsSync(p)) return p;
  return null;
}

/** Convert with LibreOffice headless (a private profile, so parallel runs do not collide); returns the PDF path. */
export async function convertToPdf(xlsx: string, outDir: string): Promise<string> {
  const bin = libreOfficeBinary();
  if (!bin) throw new Error('LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui)');
  await mkdir(outDir, { recursive: true });
  const profile = await mkdtemp(join(tmpdir(), 'lo-profile-'));
  try {
    await run(bin, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, xlsx], { timeout: 120_000 });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const pdf = join(outDir, basename(xlsx).replace(/\.xlsx$/i, '.pdf'));
  if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert ${xlsx}`);
  return pdf;
}

export async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
}

/** Render one page to `<prefix>.png` with pdftoppm (poppler-utils). */
export async function renderPage(pdf: string, page: number, prefix: string, dpi = 110): Promise<string> {
  await run('pdftoppm', ['-png', '-singlefile', '-r', String(dpi), '-f', String(page), '-l', String(page), pdf, prefix]);
  return `${prefix}.png`;
}

async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file) {
    console.error('usage: validate-xlsx.ts FILE.xlsx [--out DIR]');
    return 3;
  }
  const outIdx = argv.indexOf('--out');
  const outDir = resolve(outIdx >= 0 && argv[outIdx + 1] ? argv[outIdx + 1] ?? '.' : await mkdtemp(join(tmpdir(), 'validate-xlsx-')));
  const parts = await readXlsxParts(file);
  const problems = checkParts(parts);
  console.log(`${file}: ${parts.sheets.size} sheets: ${[...parts.sheets.keys()].join(', ')}`);
  for (const p of problems) console.log(`PROBLEM ${p}`);
  const pdf = await convertToPdf(resolve(file), outDir);
  const pages = await pdfPageCount(pdf);
  const png = await renderPage(pdf, 1, join(outDir, 'page-1'));
  console.log(`LibreOffice: ${pdf} (${pages} pages); page 1: ${png}`);
  return problems.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
