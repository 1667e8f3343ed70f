/**
 * Report benchmark: access-review.xlsx with about 1,000,000 finding + inventory rows (500k findings, 250k Dixa
 * agents, 250k Dialpad users), then the CSVs of the same data. Samples RSS as rows are written to show that the
 * streaming workbook's memory stays flat (exceljs needs a turn of the event loop every ~100 rows: libs.md 2).
 *
 *   node --expose-gc --import tsx bench/report.ts [accountsPerVendor=250000]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildContext } from '../src/report/context.js';
import { writeFindingsCsv, writeInventoryCsvs } from '../src/report/csv.js';
import { writeWorkbook } from '../src/report/workbook.js';
import type { Table } from '../src/report/tables.js';
import { buildReportInput } from '../test/report/fixtures.js';

const perVendor = Number(process.argv[2] ?? 250_000);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Phase A: the writer alone, 1,000,000 rows of a findings-like table (16 columns) generated on the fly, so the input
 * itself takes no memory: whatever grows here is the writer's.
 */
async function writerOnly(dir: string): Promise<void> {
  const rows = 1_000_000;
  const ctx = buildContext(buildReportInput({ outDir: dir, previous: false, hostile: false }));
  const table: Table = {
    sheet: 'Findings',
    csv: null,
    columns: Array.from({ length: 16 }, (_, i) => ({ header: `Column ${i + 1}`, width: 12 })),
    count: rows,
    *rows() {
      for (let i = 0; i < rows; i++) {
        const n = String(i).padStart(7, '0');
        yield [`F-${n}0a1b2c3d4e`, 'ORPHANED_ACCOUNT', 'high', 'dixa', `b0000000-0000-4000-8000-00000${n}`, `agent${n}@acme.test`, null,
          `Dixa agent Generated Agent ${n} (agent${n}@acme.test) has no owner in the IdP`, null, `dixa:b0000000-${n}`, 'unmatched', false, null, null, 'status: active; teams: ["Tier 1"]', null];
      }
    },
  };
  gc?.();
  const base = process.memoryUsage();
  const marks = [250_000, 500_000, 750_000, 1_000_000];
  const out: string[] = [`| 0 | ${mb(base.rss)} | ${mb(base.heapUsed)} | ${mb(base.arrayBuffers)} |`];
  const t = performance.now();
  const cpu = process.cpuUsage();
  const path = await writeWorkbook(dir, ctx, {
    onProgress: (n) => {
      if (n !== marks[0]) return;
      marks.shift();
      gc?.();
      const m = process.memoryUsage();
      out.push(`| ${n.toLocaleString('en')} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.arrayBuffers)} |`);
    },
  }, [table]);
  const secs = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu);
  console.log(`A. writer only, ${rows.toLocaleString('en')} rows x 16 columns: ${secs.toFixed(1)} s wall (${((c.user + c.system) / 1e6).toFixed(1)} s CPU), ${mb((await stat(path)).size)}`);
  console.log('| rows written | rss | heapUsed | arrayBuffers |');
  console.log('|---|---|---|---|');
  for (const line of out) console.log(line);
  await rm(path);
}

const dir = await mkdtemp(join(tmpdir(), 'bench-report-'));
try {
  await writerOnly(dir);
  let t = performance.now();
  const input = buildReportInput({ outDir: dir, previous: false, extraAccountsPerVendor: perVendor });
  const ctx = buildContext(input);
  const findings = input.doc.findings.length;
  const inventory = (input.snapshot.vendors.dixa?.accounts.length ?? 0) + (input.snapshot.vendors.dialpad?.accounts.length ?? 0);
  console.log(`B. realistic workbook (every sheet) + C. CSVs`);
  console.log(`input: ${findings} findings, ${inventory} accounts, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  gc?.();
  const baseline = process.memoryUsage();
  console.log(`baseline after building the input: rss ${mb(baseline.rss)}, heapUsed ${mb(baseline.heapUsed)}`);

  const quarter = Math.round((findings + inventory) / 4);
  const marks = [quarter, 2 * quarter, 3 * quarter];
  const samples: Array<{ rows: number; rss: number; heap: number; ab: number }> = [];
  let peakRss = baseline.rss;
  const sample = (rows: number): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    if (marks.length && rows >= (marks[0] ?? Infinity)) {
      marks.shift();
      // Collect first: the figure is what the writer retains, not garbage V8 has not collected yet.
      gc?.();
      const r = process.memoryUsage();
      samples.push({ rows, rss: r.rss, heap: r.heapUsed, ab: r.arrayBuffers });
    }
  };
  t = performance.now();
  let cpu = process.cpuUsage();
  const xlsx = await writeWorkbook(dir, ctx, { onProgress: sample });
  const xlsxSecs = (performance.now() - t) / 1000;
  const xlsxCpu = process.cpuUsage(cpu);
  const cpuSecs = (c: NodeJS.CpuUsage): string => `${((c.user + c.system) / 1e6).toFixed(1)} s CPU`;
  gc?.();
  const end = process.memoryUsage();
  samples.push({ rows: -1, rss: end.rss, heap: end.heapUsed, ab: end.arrayBuffers });
  const size = (await stat(xlsx)).size;
  console.log(`xlsx: ${xlsxSecs.toFixed(1)} s wall (${cpuSecs(xlsxCpu)}, ${Math.round((findings + inventory) / xlsxSecs)} rows/s), ${mb(size)}, peak rss during write ${mb(peakRss)} (baseline ${mb(baseline.rss)})`);
  console.log('| rows written | rss | heapUsed | arrayBuffers |');
  console.log('|---|---|---|---|');
  console.log(`| 0 (baseline) | ${mb(baseline.rss)} | ${mb(baseline.heapUsed)} | ${mb(baseline.arrayBuffers)} |`);
  for (const s of samples) console.log(`| ${s.rows < 0 ? `${(findings + inventory).toLocaleString('en')}+ (end, after commit)` : s.rows.toLocaleString('en')} | ${mb(s.rss)} | ${mb(s.heap)} | ${mb(s.ab)} |`);

  t = performance.now();
  cpu = process.cpuUsage();
  await writeFindingsCsv(dir, ctx);
  const csvFiles = await writeInventoryCsvs(dir, ctx);
  const csvSecs = (performance.now() - t) / 1000;
  const csvCpu = process.cpuUsage(cpu);
  let csvBytes = (await stat(join(dir, 'findings.csv'))).size;
  for (const f of csvFiles) csvBytes += (await stat(f)).size;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`csv (findings + 7 inventories): ${csvSecs.toFixed(1)} s wall (${cpuSecs(csvCpu)}), ${mb(csvBytes)}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`process peak rss (incl. the in-memory input): ${mb(maxRss)}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
