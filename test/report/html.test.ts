import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingsDocument, RULE_CODES } from '../../src/model/index.js';
import { buildContext } from '../../src/report/context.js';
import { escapeHtml, renderSummaryHtml, writeSummaryHtml } from '../../src/report/html.js';
import { writeFindingsJson } from '../../src/report/findings-json.js';
import { buildReportInput, HOSTILE } from './fixtures.js';
import { CHROMIUM, launchChromium } from './browser.js';
import { requireTool, tempDir } from './helpers.js';

describe('summary.html (static)', () => {
  it('is self-contained: no script, no external resource, a CSP that forbids fetching', () => {
    const html = renderSummaryHtml(buildContext(buildReportInput({ outDir: '/unused' })));
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    // The hostile strings appear only escaped.
    for (const h of HOSTILE) if (/[<>"]/.test(h)) expect(html).not.toContain(h);
    expect(html).toContain(escapeHtml('<script>alert(1)</script>'));
  });

  it('says which source is incomplete, which listing and why, and which rules were therefore not evaluated', () => {
    const input = buildReportInput({ outDir: '/unused', incompleteDialpad: true });
    const html = renderSummaryHtml(buildContext(input));
    expect(html).toMatch(/data-testid="source-status-dialpad" class="bad">INCOMPLETE</);
    expect(html).toMatch(/data-testid="source-status-dixa" class="ok">complete</);
    expect(html).toMatch(/data-testid="listing-dialpad-users" class="bad">✗ users: \d+ items, \d+ pages \(INCOMPLETE\): HTTP 503 on page 3 after 5 retries</);
    expect((html.match(/data-testid="not-evaluated"/g) ?? []).length).toBe(input.doc.notEvaluated.length);
    expect(html).toContain('SEAT_SHORTFALL</span> (dialpad): the Dialpad snapshot is incomplete');
  });

  it('licence waste: the monthly figure per vendor when priced, seats only when not, office names escaped', () => {
    const input = buildReportInput({ outDir: '/unused' });
    const row = (vendor: 'dixa' | 'dialpad', scopeId: string | null, scopeName: string | null, total: number, cost: number | null) => ({
      vendor,
      scopeId,
      scopeName,
      seats: { leaver: 1, neverUsed: total - 1, inactive: 0, total },
      monthlyCost: cost,
      unpricedSeats: cost === null ? total : 0,
    });
    input.doc.licenceWaste = {
      currency: 'EUR',
      pricedVendors: ['dialpad'],
      totals: [row('dixa', null, null, 3, null), row('dialpad', null, null, 2, 1234.5)],
      rows: [row('dialpad', '48', '<img src=x onerror=alert(1)>', 2, 1234.5)],
      accounts: [],
    };
    const html = renderSummaryHtml(buildContext(input));
    expect(html).toContain('data-testid="licence-waste-dialpad">EUR 1,234.50</div>');
    expect(html).toContain('data-testid="licence-waste-dixa">3 seats</div>');
    expect(html).toContain('no price in licences.dixa');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(escapeHtml('office <img src=x onerror=alert(1)>'));
    delete input.doc.licenceWaste;
    expect(renderSummaryHtml(buildContext(input))).not.toContain('data-testid="licence-waste"');
  });

  it('escapes every HTML metacharacter', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

const tool = requireTool(CHROMIUM);
describe.skipIf(tool.skip)(`summary.html in headless Chromium ${tool.reason}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the figures of findings.json, requests nothing, runs no script, and prints', async () => {
    const dir = await tempDir('summary-');
    const input = buildReportInput({ outDir: dir });
    const ctx = buildContext(input);
    const htmlPath = await writeSummaryHtml(dir, ctx);
    const doc = FindingsDocument.parse(JSON.parse(await readFile(await writeFindingsJson(dir, input.doc), 'utf8')));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(htmlPath).href) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('**/*', (route) => {
      if (route.request().url() === pathToFileURL(htmlPath).href) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });

    const text = async (testId: string): Promise<string> => ((await page.getByTestId(testId).textContent()) ?? '').trim();
    const open = doc.findings.filter((f) => !f.suppressed);
    expect(await text('total-findings')).toBe(String(doc.findings.length));
    expect(await text('open-findings')).toBe(String(open.length));
    expect(await text('suppressed-findings')).toBe(String(doc.findings.length - open.length));
    expect(await text('critical-findings')).toBe(String(open.filter((f) => f.severity === 'critical').length));
    expect(await text('high-findings')).toBe(String(open.filter((f) => f.severity === 'high').length));
    expect(await text('identities-count')).toBe(String(input.identities.length));
    expect(await text('accounts-dixa')).toBe(String(input.snapshot.vendors.dixa?.accounts.length));
    expect(await text('new-findings')).toBe(String(doc.findings.filter((f) => f.diff === 'new').length));
    expect(await text('resolved-findings')).toBe(String(doc.resolved?.length));
    expect(await text('diff-persisting')).toBe(String(doc.findings.filter((f) => f.diff === 'persisting').length));
    for (const rule of RULE_CODES) {
      expect(await text(`chart-rule-count-${rule.toLowerCase()}`), rule).toBe(String(doc.findings.filter((f) => f.rule === rule).length));
    }
    for (const sev of ['critical', 'high', 'medium', 'low', 'info'] as const) {
      expect(await text(`chart-severity-count-${sev}`), sev).toBe(String(doc.findings.filter((f) => f.severity === sev).length));
    }
    expect(await text('chart-vendor-count-dialpad')).toBe(String(doc.findings.filter((f) => f.vendor === 'dialpad').length));
    expect(await text('chart-vendor-count-none')).toBe(String(doc.findings.filter((f) => f.vendor === null).length));
    expect(await text('source-status-dixa')).toBe('complete');
    expect(await page.getByTestId('not-evaluated').count()).toBe(doc.notEvaluated.length);
    const topIds = await page.getByTestId('top-finding').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-finding-id')));
    expect(topIds).toEqual(open.slice(0, 25).map((f) => f.id));

    // Hostile strings render as their literal text; nothing executes.
    const cells = await page.locator('td.who').allTextContents();
    for (const h of HOSTILE) expect(cells, h).toContain(h);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('body script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests).toEqual([]);

    const shot = join(dir, 'summary.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  }, 60_000);
});
