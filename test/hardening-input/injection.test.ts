/**
 * Injection everywhere: hostile text in EVERY vendor field (Dixa agent names, emails, additional emails, team and
 * queue names, end users; Dialpad names, emails, office and call-center names) and EVERY IdP column (names, emails,
 * department, manager, title, groups; the assignments export's user names; the exceptions' reasons), a whole
 * `access-audit run` over real HTTP against the simulators serving the poisoned organisation, then every output is
 * checked for being inert:
 * - CSV: no cell a spreadsheet would read as a formula (those start with `'`);
 * - XLSX: no `<f>` element in any sheet, every cell read back by exceljs is a value, never a formula;
 * - HTML: opened in headless Chromium, no dialog, no script, no element from data, the text equals the raw value;
 * - Markdown (remediation-plan.md): no raw HTML, no live link or image, table rows keep their column count.
 * test/report/* proves the writers escape a hostile fixture; this proves it for data that went the whole way.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg } from '../../src/demo/generate.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { CHROMIUM, launchChromium } from '../report/browser.js';
import { requireTool } from '../report/helpers.js';
import { tempDir } from '../helpers/pipeline.js';

/** Formula starters first: they must also land at the start of a cell. */
const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  '+1+1',
  '@SUM(1)',
  '-2+3',
  ' =1+1',
  '\t=1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '| pipe |',
  '`code`',
  'line1\nline2 | =1+1',
  '![img](http://127.0.0.1:9/x.png)',
  '<a href="javascript:alert(1)">a</a>',
];
const P = (i: number): string => PAYLOADS[((i % PAYLOADS.length) + PAYLOADS.length) % PAYLOADS.length] as string;

const TOKENS = { dixa: 'inj-dixa-token', dialpad: 'inj-dialpad-token' };
const chromium = requireTool(CHROMIUM);

let work: string;
let out: string;
let cli: CliResult;
const sims: RunningSimulator[] = [];

type Row = Record<string, string>;

function poisonIdp(csv: string): string {
  const rows = parse(csv, { columns: true, bom: true }) as Row[];
  const header = [...Object.keys(rows[0] ?? {}), 'Groups'];
  rows.forEach((r, i) => {
    r['First name'] = P(i);
    r['Last name'] = P(i + 3);
    r['Department'] = P(i + 5);
    r['Title'] = P(i + 7);
    r['Manager'] = P(i + 9);
    r['Secondary email'] = i % 2 === 0 ? P(i + 11) : `${P(i + 11)}@harbourline.example`;
    // Every fifth person's primary address is hostile: no vendor account matches it (missing seats, orphans).
    if (i % 5 === 0) r['Primary email'] = i % 10 === 0 ? P(i) : `${P(i)}@harbourline.example`;
    r['Groups'] = `${P(i + 1)};Support;${P(i + 2)}`;
  });
  return stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
}

function poisonAssignments(csv: string): string {
  const rows = parse(csv, { columns: true, bom: true }) as Row[];
  const header = Object.keys(rows[0] ?? {});
  rows.forEach((r, i) => {
    r['User'] = P(i);
  });
  return stringify([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
}

beforeAll(async () => {
  work = tempDir('aa-harden-inject-');
  out = join(work, 'out');
  const org = generateOrg({ seed: 9, people: 330, asOf: '2026-11-01T00:00:00Z' });

  const dixa = org.dixa;
  dixa.agents.forEach((a, i) => {
    a.displayName = P(i);
    a.firstName = P(i + 1);
    a.lastName = P(i + 2);
    a.additionalEmails = [...(a.additionalEmails ?? []), P(i + 4), `${P(i + 6)}@harbourline.example`];
    if (i % 4 === 0) a.email = i % 8 === 0 ? P(i) : `${P(i)}@harbourline.example`;
  });
  dixa.endUsers.forEach((u, i) => {
    u.displayName = P(i + 1);
    if (u.email !== undefined) u.email = `${P(i)}@harbourline.example`;
  });
  dixa.teams.forEach((t, i) => (t.name = P(i)));
  dixa.queues.forEach((q, i) => (q.queue.name = P(i + 2)));

  const dialpad = org.dialpad;
  dialpad.users.forEach((u, i) => {
    u.first_name = P(i);
    u.last_name = P(i + 1);
    u.display_name = P(i + 2);
    const emails = [...(u.emails ?? [])];
    if (i % 4 === 0) emails[0] = i % 8 === 0 ? P(i + 3) : `${P(i + 3)}@harbourline.example`;
    u.emails = [...emails, P(i + 5)];
  });
  dialpad.offices.forEach((o, i) => (o.name = P(i)));
  dialpad.callcenters.forEach((c, i) => (c.name = P(i + 1)));

  const files = org.files;
  writeFileSync(join(work, 'idp-users.csv'), poisonIdp(files['idp-users.csv'] as string));
  writeFileSync(join(work, 'idp-assignments.csv'), poisonAssignments(files['idp-assignments.csv'] as string));
  const exceptions = JSON.parse(files['exceptions.json'] as string) as { exceptions: Array<Record<string, unknown>> };
  exceptions.exceptions.forEach((e, i) => {
    e.reason = P(i);
    e.approver = P(i + 1);
  });
  writeFileSync(join(work, 'exceptions.json'), JSON.stringify(exceptions));
  const config = JSON.parse(files['access-audit.config.json'] as string) as Record<string, unknown>;
  config.vendors = { dixa: { rateLimit: { perSecond: 500, burst: 50 } }, dialpad: { rateLimit: { perSecond: 500, burst: 50 } } };
  config.idp = {
    format: 'generic',
    mapping: {
      email: 'Primary email', id: 'User Id', firstName: 'First name', lastName: 'Last name', status: 'Status', secondaryEmails: ['Secondary email'],
      department: 'Department', manager: 'Manager', lastLogin: 'Last Login Date', groups: 'Groups', employeeId: 'Employee number',
    },
  };
  config.adminGroups = [P(1), P(8)];
  writeFileSync(join(work, 'access-audit.config.json'), JSON.stringify(config));

  sims.push(await startDixaSimulator(dixa, { tokens: [TOKENS.dixa], rateLimit: false }));
  sims.push(await startDialpadSimulator(dialpad, { tokens: [TOKENS.dialpad], rateLimit: false }));
  cli = await runCli(
    [
      'run', '--idp', join(work, 'idp-users.csv'), '--assignments', join(work, 'idp-assignments.csv'), '--config', join(work, 'access-audit.config.json'),
      '--exceptions', join(work, 'exceptions.json'), '--dixa-url', sims[0]?.url ?? '', '--dialpad-url', sims[1]?.url ?? '',
      '--snapshot-dir', join(work, 'snapshot'), '--out', out, '--as-of', '2026-11-01T00:00:00Z', '--quiet',
    ],
    { env: { DIXA_API_TOKEN: TOKENS.dixa, DIALPAD_API_TOKEN: TOKENS.dialpad } },
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

/** What in a Markdown document could render as markup from data: raw HTML, links, images, broken table rows. */
function markdownProblems(md: string): string[] {
  const lines = md.split('\n');
  let fence: string | null = null;
  let tableCols: number | null = null;
  const problems: string[] = [];
  const unescapedPipes = (line: string): number => (line.match(/(?<!\\)\|/g) ?? []).length;
  for (const [n, line] of lines.entries()) {
    const at = `line ${n + 1}: ${line.slice(0, 160)}`;
    const f = /^(```|~~~~)/.exec(line);
    if (fence) {
      if (f && line.startsWith(fence)) fence = null;
      continue;
    }
    if (f) {
      fence = f[1] as string;
      continue;
    }
    // Outside code spans (whose content is literal), nothing from data may form markup.
    const prose = line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    if (/(^|[^\\])</.test(prose)) problems.push(`raw HTML at ${at}`);
    if (/(^|[^\\])!\[/.test(prose)) problems.push(`image at ${at}`);
    if (/(^|[^\\])\]\(/.test(prose)) problems.push(`link at ${at}`);
    // GFM splits table cells on every unescaped pipe, even inside code spans.
    if (line.startsWith('|')) {
      const cols = unescapedPipes(line);
      if (tableCols === null) tableCols = cols;
      else if (cols !== tableCols) problems.push(`table row with ${cols} pipes, header has ${tableCols}, at ${at}`);
    } else {
      tableCols = null;
    }
  }
  if (fence) problems.push(`unclosed fence ${fence}`);
  return problems;
}

const outFiles = (ext: string): string[] => readdirSync(out).filter((f) => f.endsWith(ext)).map((f) => join(out, f));

describe('the checks themselves', () => {
  it('catch raw HTML, links, images and a table row broken by a pipe', () => {
    expect(markdownProblems('a <b>x</b>')).toHaveLength(1);
    expect(markdownProblems('[click](javascript:alert(1))').length).toBeGreaterThan(0);
    expect(markdownProblems('![i](http://x/y.png)').length).toBeGreaterThan(0);
    expect(markdownProblems('| a | b |\n|---|---|\n| x | y | z |')).toHaveLength(1);
    expect(markdownProblems('| a | b |\n|---|---|\n| `x|y` | z |')).toHaveLength(1);
    expect(markdownProblems('| a | b |\n|---|---|\n| x \\| y | z |\n\\<b\\> \\[c\\](d) `<i>`')).toEqual([]);
  });
});

describe('a whole run over a poisoned organisation', () => {
  it('completes with findings (exit 1), and the hostile values reached the outputs', () => {
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(1);
    const json = readFileSync(join(out, 'findings.json'), 'utf8');
    const doc = JSON.parse(json) as { summary: { total: number }; findings: Array<Record<string, unknown>> };
    expect(doc.summary.total).toBeGreaterThan(20);
    // The raw values are in the evidence, unaltered (JSON escapes them; nothing is stripped).
    for (const p of PAYLOADS) expect(json.includes(JSON.stringify(p).slice(1, -1)), p).toBe(true);
  });

  it('CSV: every cell a spreadsheet would read as a formula is quoted; the payloads are there, neutralised', () => {
    const csvs = outFiles('.csv');
    expect(csvs.length).toBeGreaterThanOrEqual(2);
    const seen = new Set<string>();
    for (const file of csvs) {
      const rows = parse(readFileSync(file, 'utf8'), { bom: true, relax_column_count: false }) as string[][];
      for (const [r, row] of rows.entries()) {
        for (const cell of row) {
          const where = `${file} row ${r + 1}: ${JSON.stringify(cell)}`;
          // A pure E.164 number is written as is (issue 16): it can only evaluate to itself.
          const e164 = /^\+[1-9]\d{0,14}$/.test(cell);
          expect(!e164 && /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell), where).toBe(false);
          expect(/^[\s\u00A0\u2000-\u200B\u3000]+[=+\-@]/.test(cell), where).toBe(false);
          for (const p of PAYLOADS) if (cell.includes(p)) seen.add(p);
        }
      }
    }
    for (const p of ["=cmd|' /C calc'!A0", '+1+1', '@SUM(1)', '-2+3', '<script>alert(1)</script>']) expect(seen.has(p), p).toBe(true);
    const all = csvs.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).toContain(`'=cmd|' /C calc'!A0`);
    expect(all).toContain(`'@SUM(1)`);
  });

  it('XLSX: no formula anywhere; every payload comes back as a plain string cell', async () => {
    const [xlsx] = outFiles('.xlsx');
    if (!xlsx) throw new Error('no workbook');
    const zip = await JSZip.loadAsync(readFileSync(xlsx));
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets.length).toBeGreaterThan(3);
    for (const s of sheets) {
      const xml = await zip.file(s)?.async('string');
      expect(xml, s).toBeDefined();
      expect(xml, s).not.toMatch(/<f[\s>/]/);
      // exceljs's streaming writer stores text as t="str" with a <v> and no <f>: a value, as a cell with t="s" is.
      expect(xml, s).toMatch(/<c [^>]*t="str"[^>]*><v>/);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const found = new Set<string>();
    let cells = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          cells++;
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Hyperlink);
          if (typeof cell.value === 'string') for (const p of PAYLOADS) if (cell.value === p || cell.value.includes(p)) found.add(p);
        });
      });
    }
    expect(cells).toBeGreaterThan(1000);
    // Cells are values: the raw text, not a quoted or altered form.
    for (const p of ["=cmd|' /C calc'!A0", '+1+1', '@SUM(1)', '-2+3', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']) expect(found.has(p), p).toBe(true);
  });

  describe.skipIf(chromium.skip)(`HTML in headless Chromium${chromium.skip ? ` (skipped: ${chromium.reason})` : ''}`, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('summary.html: no dialog, no script, no element from data; the text shows the raw values', async () => {
      const path = join(out, 'summary.html');
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.route('**/*', (route) => {
        if (route.request().url() === pathToFileURL(path).href) return route.continue();
        requests.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      // A string, so the test needs no DOM types: it runs in the page.
      const facts = (await page.evaluate(`({
        scripts: document.querySelectorAll('script').length,
        imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
        onAttrs: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + '.' + a.name)),
        text: document.body.textContent || '',
      })`)) as { scripts: number; imgs: Array<string | null>; links: Array<string | null>; onAttrs: string[]; text: string };
      await page.close();
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      expect(facts.scripts).toBe(0);
      expect(facts.imgs.filter((s) => s !== null && !s.startsWith('data:'))).toEqual([]);
      expect(facts.links.filter((h) => !h?.startsWith('#'))).toEqual([]);
      expect(facts.onAttrs).toEqual([]);
      // The summary shows the top findings: the hostile values in them are text, character for character.
      const html = readFileSync(path, 'utf8');
      const shown = PAYLOADS.filter((p) => facts.text.includes(p));
      expect(shown).toEqual(expect.arrayContaining(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']));
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).not.toContain('<img src=x');
    });
  });

  it('plan --decisions with hostile reviewer text: decisions-log.csv, the final plan and the warnings stay inert', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'access-review.xlsx'));
    const ws = wb.getWorksheet('Findings');
    if (!ws) throw new Error('no Findings sheet');
    const col = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => col.set(String(c.value), n));
    const at = (name: string): number => col.get(name) ?? 0;
    const DECISIONS = ['Revoke', 'Exception', 'Keep', 'Revoke\n\u001b[2Jaccess-audit: all clear'];
    for (let r = 2; r <= Math.min(ws.rowCount, 60); r++) {
      const row = ws.getRow(r);
      row.getCell(at('Decision')).value = DECISIONS[r % DECISIONS.length] as string;
      row.getCell(at('Reviewer')).value = P(r);
      row.getCell(at('Justification')).value = P(r + 1);
      if (r === 7) row.getCell(at('Finding ID')).value = 'nope\naccess-audit: forged line \u001b[31m';
    }
    const decided = join(work, 'decided.xlsx');
    await wb.xlsx.writeFile(decided);
    const finalDir = join(work, 'final');
    const res = await runCli(['plan', '--decisions', decided, '--findings', join(out, 'findings.json'), '--proposed', join(out, 'remediation-plan.json'), '--out', finalDir]);
    // Rejected rows: the campaign is not closed (exit 1), and says so.
    expect(res.code, res.stderr).toBe(1);
    // Every warning is one line of its own, with no control character a terminal would act on.
    const lines = res.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(5);
    const quoting = lines.filter((l) => l.includes('all clear') || l.includes('forged line'));
    expect(quoting.length).toBeGreaterThan(3);
    for (const l of quoting) expect(l, l).toMatch(/^(access-audit: )?decided\.xlsx row \d+: /);
    // eslint-disable-next-line no-control-regex
    expect(res.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    const log = parse(readFileSync(join(finalDir, 'decisions-log.csv'), 'utf8'), { bom: true }) as string[][];
    let hostile = 0;
    for (const row of log) {
      for (const cell of row) {
        expect(/^[=+\-@\t\r]/.test(cell), cell).toBe(false);
        expect(/^[\s\u00A0]+[=+\-@]/.test(cell), JSON.stringify(cell)).toBe(false);
        if (cell.startsWith("'")) hostile++;
      }
    }
    expect(hostile).toBeGreaterThan(5);
    expect(markdownProblems(readFileSync(join(finalDir, 'remediation-plan.md'), 'utf8'))).toEqual([]);
  });

  it('remediation-plan.md: no raw HTML, no live link or image from data, table rows intact, payloads present', () => {
    const md = readFileSync(join(out, 'remediation-plan.md'), 'utf8');
    expect(markdownProblems(md)).toEqual([]);
    // The data is there, escaped rather than dropped.
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(md).toContain('\\| pipe \\|');
    expect(md).toContain('\\[click\\]\\(javascript\\:alert\\(1\\)\\)');
  });
});
