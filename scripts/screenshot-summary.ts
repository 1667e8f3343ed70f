/**
 * Renders summary.html of the report test fixture in headless Chromium and saves docs/img/summary.png (README).
 *   node --import tsx scripts/screenshot-summary.ts [OUT.png]
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
  const html = await writeSummaryHtml(dir, buildContext(buildReportInput({ outDir: dir, hostile: false })));
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(html).href);
  await page.screenshot({ path: out, fullPage: true });
  console.log(out);
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
