/**
 * Renders a summary.html in headless Chromium and saves docs/img/summary.png (README).
 *   node --import tsx scripts/screenshot-summary.ts [OUT.png] [reports/demo/summary.html]
 * Without an html file it renders the report test fixture. The README's picture is the demo run's own page:
 *   npm start && node --import tsx scripts/screenshot-summary.ts docs/img/summary.png reports/demo/summary.html
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildContext } from '../src/report/context.js';
import { writeSummaryHtml } from '../src/report/html.js';
import { buildReportInput } from '../test/report/fixtures.js';
import { launchChromium } from '../test/report/browser.js';

const out = resolve(process.argv[2] ?? 'docs/img/summary.png');
const dir = await mkdtemp(join(tmpdir(), 'summary-shot-'));
const browser = await launchChromium();
try {
  // The fixture without its hostile rows: a picture of a normal review.
  const given = process.argv[3];
  const html = given ? resolve(given) : await writeSummaryHtml(dir, buildContext(buildReportInput({ outDir: dir, hostile: false })));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(html).href);
  await page.screenshot({ path: out, fullPage: true });
  console.log(out);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
