/**
 * End to end at enterprise size, as a user runs it, beside a DuckDB peer (issue 19).
 *
 *   npm run build && node --import tsx bench/e2e-scale.ts                          # 10k, 100k, 300k, 1M
 *   node --import tsx bench/e2e-scale.ts --sizes 10000,100000 --runs 3 --write     # and write bench/RESULTS-e2e-scale.md
 *   node --import tsx bench/e2e-scale.ts --sizes 300000 --runs 1 --no-duckdb
 *   node --import tsx bench/e2e-scale.ts --orgs /var/tmp/aa-orgs --prepare-only      # generate + snapshot, keep them
 *   node --import tsx bench/e2e-scale.ts --orgs /var/tmp/aa-orgs                     # audit what --orgs holds
 *
 * For each size N:
 * 1. the demo generator (scripts/generate-demo.ts) writes an organisation of N people into a scratch folder;
 * 2. a child process serves it from the Dixa and Dialpad simulators with rate limits off (`--serve`);
 * 3. one `access-audit snapshot` through the built CLI (client pacing raised to 1000 requests/s by a config file);
 * 4. `--runs` times, interleaved: `access-audit audit --snapshot S --idp idp-users.csv --assignments
 *    idp-assignments.csv --out O` under `/usr/bin/time -v` with ACCESS_AUDIT_TIMINGS=1 (one stderr line per phase),
 *    then the DuckDB peer (bench/duckdb-peer.mjs, `@duckdb/node-api` installed on demand into bench/.duckdb, never a
 *    dependency of the product) under `/usr/bin/time -v` on the same normalized.json and CSVs;
 * 5. the peer's ORPHANED_ACCOUNT, TERMINATED_STILL_ACTIVE and MISSING_SEAT counts must equal findings.json's,
 *    or the bench fails.
 * Medians of the runs are printed as markdown tables (and written with --write).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { advisedHeapMiB } from '../src/pipeline/heap-check.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const PEER = join(ROOT, 'bench/duckdb-peer.mjs');
const DUCKDB_DIR = join(ROOT, 'bench/.duckdb');
/** The version the peer was written against; installed on demand, never in the product's package.json. */
const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.6-r.1';
const DEFAULT_SIZES = [10_000, 100_000, 300_000, 1_000_000];
/** The phases ACCESS_AUDIT_TIMINGS prints, in pipeline order (src/pipeline/audit-stage.ts, src/report/write.ts). */
const PHASES = [
  'idp-read',
  'assignments-read',
  'snapshot-load',
  'audit',
  'record-sources',
  'findings-document',
  'plan',
  'review-rows',
  'report-context',
  'findings-json',
  'csvs',
  'workbook',
  'html',
  'plan-files',
  'review-campaign-json',
  'hashing',
];
const RULES = ['ORPHANED_ACCOUNT', 'TERMINATED_STILL_ACTIVE', 'MISSING_SEAT'] as const;

interface Measured {
  wallMs: number;
  cpuS: number;
  peakRssMB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time -v; wall from our own clock, CPU and peak RSS from time's report. */
function timeV(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const num = (re: RegExp): number => Number(re.exec(stderr)?.[1] ?? NaN);
      const cpuS = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
      const peakRssMB = num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024;
      const exit = /Exit status: (\d+)/.exec(stderr);
      resolve({ wallMs, cpuS, peakRssMB, code: exit ? Number(exit[1]) : code, stdout, stderr });
    });
  });
}

/** `access-audit timing: phase=x wall_ms=1 cpu_ms=2 rss_mb=3 peak_rss_mb=4` lines -> phase -> figures. */
function parseTimings(stderr: string): Map<string, { wallMs: number; cpuMs: number; rssMB: number; peakRssMB: number }> {
  const out = new Map<string, { wallMs: number; cpuMs: number; rssMB: number; peakRssMB: number }>();
  for (const m of stderr.matchAll(/^access-audit timing: phase=(\S+) wall_ms=(\d+)(?: cpu_ms=(\d+))? rss_mb=(\d+) peak_rss_mb=(\d+)$/gm)) {
    out.set(m[1] as string, { wallMs: Number(m[2]), cpuMs: m[3] === undefined ? NaN : Number(m[3]), rssMB: Number(m[4]), peakRssMB: Number(m[5]) });
  }
  return out;
}

function ensureDuckdb(): void {
  if (existsSync(join(DUCKDB_DIR, 'node_modules/@duckdb/node-api/package.json'))) return;
  mkdirSync(DUCKDB_DIR, { recursive: true });
  writeFileSync(join(DUCKDB_DIR, 'package.json'), JSON.stringify({ name: 'access-audit-bench-duckdb', private: true, type: 'module' }, null, 2) + '\n');
  console.error(`bench e2e-scale: installing ${DUCKDB_PACKAGE} into bench/.duckdb (once)`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', DUCKDB_DIR, DUCKDB_PACKAGE], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm install ${DUCKDB_PACKAGE} failed (exit ${r.status}); run with --no-duckdb to skip the peer`);
}

/** Child mode: serve a demo folder from both simulators, rate limits off, until SIGTERM; then report own cost. */
async function serve(dir: string): Promise<void> {
  const { loadDemoFixture } = await import('../src/demo/fixtures.js');
  const { DEMO_DIALPAD_TOKEN, DEMO_DIXA_TOKEN } = await import('../src/demo/constants.js');
  const { startDixaSimulator } = await import('../src/vendors/dixa/simulator/index.js');
  const { startDialpadSimulator } = await import('../src/vendors/dialpad/simulator/index.js');
  const started = performance.now();
  let fx: Awaited<ReturnType<typeof loadDemoFixture>> | null = await loadDemoFixture(dir);
  const dixa = await startDixaSimulator(fx.dixa, { tokens: [DEMO_DIXA_TOKEN], rateLimit: false });
  const dialpad = await startDialpadSimulator(fx.dialpad, { tokens: [DEMO_DIALPAD_TOKEN], rateLimit: false });
  fx = null;
  globalThis.gc?.();
  const readyMs = performance.now() - started;
  const idleRssMB = process.memoryUsage.rss() / 2 ** 20;
  const cpuAtReady = process.cpuUsage();
  console.log(JSON.stringify({ dixaUrl: dixa.url, dialpadUrl: dialpad.url, dixaToken: DEMO_DIXA_TOKEN, dialpadToken: DEMO_DIALPAD_TOKEN }));
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  const cpu = process.cpuUsage(cpuAtReady);
  const requests = dixa.stats.requests + dialpad.stats.requests;
  const report = {
    readyMs: Math.round(readyMs),
    idleRssMB: Math.round(idleRssMB),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    requests,
    cpuMsPerRequest: requests > 0 ? (cpu.user + cpu.system) / 1000 / requests : 0,
    throttled: dixa.stats.throttled + dialpad.stats.throttled,
  };
  await Promise.all([dixa.close(), dialpad.close()]);
  console.log(JSON.stringify(report));
}

interface ServeReport {
  readyMs: number;
  idleRssMB: number;
  peakRssMB: number;
  requests: number;
  cpuMsPerRequest: number;
  throttled: number;
}

/** Starts the `--serve` child and waits for its URLs. */
async function startServer(dir: string, heapMB: number): Promise<{ urls: Record<string, string>; stop(): Promise<ServeReport | null> }> {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMB}`, '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), `--serve=${dir}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffered = '';
  let onLine: (() => void) | null = null;
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      onLine?.();
    }
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const nextLine = async (): Promise<string | null> => {
    while (lines.length === 0) {
      const more = new Promise<void>((resolve) => (onLine = resolve));
      const code = await Promise.race([more.then(() => undefined), closed]);
      if (code !== undefined && lines.length === 0) return null;
    }
    return lines.shift() as string;
  };
  const first = await nextLine();
  if (first === null) throw new Error('the simulators did not start');
  return {
    urls: JSON.parse(first) as Record<string, string>,
    stop: async () => {
      child.kill('SIGTERM');
      const last = await nextLine();
      await closed;
      return last ? (JSON.parse(last) as ServeReport) : null;
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const sec = (ms: number): string => (Number.isFinite(ms) ? (ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`) : '-');
const gb = (mb: number): string => (Number.isFinite(mb) ? `${(mb / 1024).toFixed(2)} GB` : '-');
const int = (n: number): string => n.toLocaleString('en');

interface SizeResult {
  people: number;
  accounts: number;
  findings: number;
  load: string;
  runs: number;
  generate: Measured;
  snapshot: Measured;
  server: ServeReport | null;
  oursWall: number;
  oursPeak: number;
  oursCpu: number;
  duckWall: number;
  duckPeak: number;
  phases: Map<string, number>;
  phaseCpu: Map<string, number>;
  phasePeak: Map<string, number>;
  counts: Record<string, [number, number | null]>;
  agree: boolean;
}

function countsFromFindings(outDir: string): Record<string, number> {
  // Only the summary, from the end of the file (stable JSON puts it last): at 1M people findings.json is 928 MB, past
  // the longest string Node can hold, and reading it whole ended the first 1M bench after the audit had finished.
  const path = join(outDir, 'findings.json');
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const tail = Buffer.alloc(Math.min(size, 1 << 20));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  closeSync(fd);
  const text = tail.toString('utf8');
  const at = text.lastIndexOf('\n  "summary": ');
  if (at < 0) throw new Error(`${path}: no summary in its last MiB`);
  const doc = JSON.parse(`{${text.slice(at)}`) as { summary: { byRule: Record<string, number>; accounts: Record<string, number>; total: number } };
  return { ...doc.summary.byRule, accounts: Object.values(doc.summary.accounts).reduce((a, b) => a + b, 0), total: doc.summary.total };
}

interface Setup {
  generate: Measured;
  snapshot: Measured;
  served: ServeReport | null;
}
/** What `--orgs` keeps beside a prepared organisation, so a later run reports the setup it reuses. */
const SETUP_FILE = 'setup.json';

/** Generates the organisation, serves it and snapshots it into `work`; null when a step failed. */
async function prepare(n: number, work: string, heapMB: number): Promise<Setup | null> {
  const org = join(work, 'org');
  const generated = join(work, 'generate.json');
  let generate: Measured;
  if (existsSync(generated)) {
    // --orgs: an organisation generated by an earlier run whose snapshot failed is not generated again.
    generate = JSON.parse(readFileSync(generated, 'utf8')) as Measured;
  } else {
    generate = await timeV(process.execPath, [`--max-old-space-size=${heapMB}`, '--import', 'tsx', join(ROOT, 'scripts/generate-demo.ts'), '--people', String(n), '--out', org, '--quiet']);
    if (generate.code !== 0) {
      console.error(`generate failed (exit ${generate.code}): ${generate.stderr.split('\n').slice(0, 5).join(' | ')}`);
      return null;
    }
    writeFileSync(generated, JSON.stringify({ ...generate, stdout: '', stderr: '' }));
  }
  console.error(`generated in ${sec(generate.wallMs)}, peak ${gb(generate.peakRssMB)}`);
  const config = join(work, 'snapshot.config.json');
  // The client paces itself at the vendors' documented limits by default; the simulators run without limits here.
  // The http bounds are sized for real organisations (DESIGN.md section 9): at 1M people Dixa's presence listing is
  // one body over 64 MiB and Dialpad's /userdevices over 10,000 pages, so the bench raises them as such a user would.
  const http = { maxResponseBytes: 2 ** 30, maxPagesPerListing: 1_000_000, perVendor: { maxRequests: 1_000_000, maxBytes: 64 * 2 ** 30, maxSeconds: 7200 } };
  writeFileSync(config, JSON.stringify({ http, vendors: { dixa: { rateLimit: { perSecond: 1000, burst: 1000 } }, dialpad: { rateLimit: { perSecond: 1000, burst: 1000 } } } }));
  const server = await startServer(org, heapMB);
  const snap = join(work, 'snapshot');
  const snapshot = await timeV(process.execPath, [CLI, 'snapshot', '--dixa-url', server.urls.dixaUrl as string, '--dialpad-url', server.urls.dialpadUrl as string, '--config', config, '--out', snap, '--quiet'], {
    DIXA_API_TOKEN: server.urls.dixaToken,
    DIALPAD_API_TOKEN: server.urls.dialpadToken,
  });
  const served = await server.stop();
  if (snapshot.code !== 0) {
    console.error(`snapshot exit ${snapshot.code}: ${snapshot.stderr.split('\n').filter((l) => l.startsWith('access-audit')).slice(0, 5).join(' | ')}`);
    if (snapshot.code !== 2) return null;
  }
  console.error(`snapshot in ${sec(snapshot.wallMs)}, peak ${gb(snapshot.peakRssMB)}; simulators: ${JSON.stringify(served)}`);
  return { generate, snapshot, served };
}

/** The setup figures without the commands' output (kept small; stderr of a 1M snapshot is not evidence). */
function setupJson(setup: Setup): string {
  return JSON.stringify({ ...setup, generate: { ...setup.generate, stdout: '', stderr: '' }, snapshot: { ...setup.snapshot, stdout: '', stderr: '' } });
}

async function runSize(n: number, opts: { runs: number; duck: boolean; keep: boolean; heapMB: number; cliHeapMB: number | null; orgs: string | null }): Promise<SizeResult | null> {
  // --orgs DIR: the organisation, its snapshot and the setup figures live in DIR/<n> and are reused by later runs
  // (generating and snapshotting 1M people takes longer than the audit being measured).
  const work = opts.orgs ? join(opts.orgs, String(n)) : mkdtempSync(join(tmpdir(), `aa-e2e-${n}-`));
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  console.error(`\n=== ${int(n)} people in ${work} (load ${load})`);
  try {
    const org = join(work, 'org');
    const snap = join(work, 'snapshot');
    const setupPath = join(work, SETUP_FILE);
    let setup: Setup | null;
    if (opts.orgs && existsSync(setupPath)) {
      setup = JSON.parse(readFileSync(setupPath, 'utf8')) as Setup;
      console.error(`reusing the organisation and snapshot in ${work}`);
    } else {
      mkdirSync(work, { recursive: true });
      setup = await prepare(n, work, opts.heapMB);
      if (!setup) return null;
      if (opts.orgs) writeFileSync(setupPath, setupJson(setup));
    }
    const { generate, snapshot, served } = setup;
    if (opts.duck) ensureDuckdb();

    const ours: Measured[] = [];
    const duck: Measured[] = [];
    const phaseRuns = new Map<string, number[]>();
    const phaseCpus = new Map<string, number[]>();
    const phasePeaks = new Map<string, number[]>();
    let ourCounts: Record<string, number> = {};
    let duckCounts: Record<string, number> | null = null;
    // The heap a user is told to give (the audit's own advice, README "Large organisations") unless --cli-heap says.
    const cliHeapMB = opts.cliHeapMB ?? advisedHeapMiB(statSync(join(snap, 'normalized.json')).size);
    if (cliHeapMB) console.error(`audit with NODE_OPTIONS=--max-old-space-size=${cliHeapMB}`);
    const cliEnv: NodeJS.ProcessEnv = { ACCESS_AUDIT_TIMINGS: '1', ...(cliHeapMB ? { NODE_OPTIONS: `--max-old-space-size=${cliHeapMB}` } : {}) };
    for (let r = 0; r < opts.runs; r++) {
      const out = join(work, `out-${r}`);
      const a = await timeV(process.execPath, [CLI, 'audit', '--snapshot', snap, '--idp', join(org, 'idp-users.csv'), '--assignments', join(org, 'idp-assignments.csv'), '--out', out, '--quiet'], cliEnv);
      // Exit 1 = done with findings at or above --fail-on: the normal outcome on the demo organisation.
      if (a.code !== 0 && a.code !== 1) {
        console.error(`audit exit ${a.code}: ${a.stderr.split('\n').filter((l) => l.startsWith('access-audit:')).slice(0, 5).join(' | ')}`);
        return null;
      }
      ours.push(a);
      for (const [phase, t] of parseTimings(a.stderr)) {
        phaseRuns.set(phase, [...(phaseRuns.get(phase) ?? []), t.wallMs]);
        phaseCpus.set(phase, [...(phaseCpus.get(phase) ?? []), t.cpuMs]);
        phasePeaks.set(phase, [...(phasePeaks.get(phase) ?? []), t.peakRssMB]);
      }
      ourCounts = countsFromFindings(out);
      console.error(`run ${r + 1}: audit ${sec(a.wallMs)}, peak ${gb(a.peakRssMB)}`);
      if (r < opts.runs - 1 || !opts.keep) rmSync(out, { recursive: true, force: true });
      if (opts.duck) {
        const peerOut = join(work, `duck-${r}`);
        const d = await timeV(process.execPath, [PEER, join(snap, 'normalized.json'), join(org, 'idp-users.csv'), join(org, 'idp-assignments.csv'), peerOut]);
        if (d.code !== 0) {
          console.error(`duckdb peer exit ${d.code}: ${d.stderr.slice(0, 2000)}`);
          return null;
        }
        duck.push(d);
        duckCounts = JSON.parse(d.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
        console.error(`run ${r + 1}: duckdb ${sec(d.wallMs)}, peak ${gb(d.peakRssMB)}`);
        if (!opts.keep) rmSync(peerOut, { recursive: true, force: true });
      }
    }
    const counts: Record<string, [number, number | null]> = {};
    let agree = true;
    for (const rule of RULES) {
      const theirs = duckCounts ? (duckCounts[rule] ?? NaN) : null;
      counts[rule] = [ourCounts[rule] ?? 0, theirs];
      if (theirs !== null && theirs !== ourCounts[rule]) agree = false;
    }
    const phases = new Map<string, number>();
    const phasePeak = new Map<string, number>();
    const phaseCpu = new Map<string, number>();
    for (const [p, xs] of phaseRuns) phases.set(p, median(xs));
    for (const [p, xs] of phaseCpus) phaseCpu.set(p, median(xs));
    for (const [p, xs] of phasePeaks) phasePeak.set(p, median(xs));
    return {
      people: n,
      accounts: ourCounts.accounts ?? 0,
      findings: ourCounts.total ?? 0,
      load,
      runs: opts.runs,
      generate,
      snapshot,
      server: served,
      oursWall: median(ours.map((m) => m.wallMs)),
      oursPeak: median(ours.map((m) => m.peakRssMB)),
      oursCpu: median(ours.map((m) => m.cpuS)),
      duckWall: duck.length > 0 ? median(duck.map((m) => m.wallMs)) : NaN,
      duckPeak: duck.length > 0 ? median(duck.map((m) => m.peakRssMB)) : NaN,
      phases,
      phaseCpu,
      phasePeak,
      counts,
      agree,
    };
  } finally {
    if (opts.keep || opts.orgs) console.error(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

function tables(results: SizeResult[]): string {
  const lines: string[] = [];
  lines.push('| people | accounts | findings | access-audit wall | CPU | peak RSS | DuckDB peer wall | DuckDB peak RSS | ratio | runs | load (1/5/15 min) |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const ratio = r.oursWall / r.duckWall;
    lines.push(
      `| ${int(r.people)} | ${int(r.accounts)} | ${int(r.findings)} | ${sec(r.oursWall)} | ${r.oursCpu.toFixed(1)} s | ${gb(r.oursPeak)} | ${sec(r.duckWall)} | ${gb(r.duckPeak)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(1)} ×` : '-'} | ${r.runs} | ${r.load} |`,
    );
  }
  lines.push('');
  lines.push('Phases (ACCESS_AUDIT_TIMINGS=1; medians of the runs): wall / CPU, then each phase\'s share of the CPU sum and its CPU');
  lines.push('time per person. On a loaded machine wall time stretches with the load; CPU time is the steadier figure.');
  lines.push('');
  lines.push(`| phase | ${results.map((r) => int(r.people)).join(' | ')} |`);
  lines.push(`|---|${results.map(() => '---:').join('|')}|`);
  const seen = new Set<string>();
  for (const r of results) for (const p of r.phases.keys()) seen.add(p);
  const order = [...PHASES.filter((p) => seen.has(p)), ...[...seen].filter((p) => !PHASES.includes(p))];
  const sums = results.map((r) => [...r.phases.values()].reduce((a, b) => a + b, 0));
  const cpuSums = results.map((r) => [...r.phaseCpu.values()].reduce((a, b) => a + b, 0));
  for (const p of order) {
    lines.push(
      `| ${p} | ${results
        .map((r, i) => {
          const ms = r.phases.get(p);
          const cpu = r.phaseCpu.get(p) ?? NaN;
          if (ms === undefined) return '-';
          return `${sec(ms)} / ${sec(cpu)} (${Math.round((100 * cpu) / (cpuSums[i] as number))} %, ${((cpu * 1000) / r.people).toFixed(0)} µs)`;
        })
        .join(' | ')} |`,
    );
  }
  lines.push(`| sum of phases | ${results.map((r, i) => `${sec(sums[i] as number)} / ${sec(cpuSums[i] as number)} (${(((cpuSums[i] as number) * 1000) / r.people).toFixed(0)} µs)`).join(' | ')} |`);
  lines.push(`| process wall (startup, module load, exit included) | ${results.map((r) => sec(r.oursWall)).join(' | ')} |`);
  lines.push(`| peak RSS at the end of the workbook phase | ${results.map((r) => gb(r.phasePeak.get('workbook') ?? NaN)).join(' | ')} |`);
  lines.push('');
  lines.push('Counts, access-audit / DuckDB peer (they must agree; the bench fails otherwise):');
  lines.push('');
  lines.push(`| people | ${RULES.join(' | ')} |`);
  lines.push(`|---:|${RULES.map(() => '---:').join('|')}|`);
  for (const r of results) lines.push(`| ${int(r.people)} | ${RULES.map((rule) => `${int(r.counts[rule]?.[0] ?? 0)} / ${r.counts[rule]?.[1] === null ? '-' : int(r.counts[rule]?.[1] ?? NaN)}`).join(' | ')} |`);
  lines.push('');
  lines.push('Setup cost per size (not part of the comparison):');
  lines.push('');
  lines.push('| people | generate org (wall, peak RSS) | simulators: ready, idle RSS, peak RSS, requests, CPU per request | snapshot (wall, peak RSS) |');
  lines.push('|---:|---|---|---|');
  for (const r of results) {
    const s = r.server;
    lines.push(
      `| ${int(r.people)} | ${sec(r.generate.wallMs)}, ${gb(r.generate.peakRssMB)} | ${s ? `${sec(s.readyMs)}, ${gb(s.idleRssMB)}, ${gb(s.peakRssMB)}, ${int(s.requests)}, ${s.cpuMsPerRequest.toFixed(2)} ms` : '-'} | ${sec(r.snapshot.wallMs)}, ${gb(r.snapshot.peakRssMB)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const serveArg = process.argv.find((a) => a.startsWith('--serve='));
  if (serveArg) return serve(serveArg.slice('--serve='.length));
  const argv = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const sizes = (value('--sizes')?.split(',').map(Number) ?? DEFAULT_SIZES).filter((n) => Number.isInteger(n) && n > 0);
  const runs = Number(value('--runs') ?? 3);
  // 1 run for the big sizes unless told otherwise: three 1M runs do not fit a working session on 2 cores.
  const bigRuns = Number(value('--big-runs') ?? 1);
  const heapMB = Number(value('--heap') ?? 16_384);
  const cliHeap = value('--cli-heap');
  const opts = { duck: !argv.includes('--no-duckdb'), keep: argv.includes('--keep'), heapMB, cliHeapMB: cliHeap ? Number(cliHeap) : null, orgs: value('--orgs') ?? null };
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run npm run build first');
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
  console.error(machine);
  if (argv.includes('--prepare-only')) {
    if (!opts.orgs) throw new Error('--prepare-only needs --orgs DIR (where the organisations are kept)');
    for (const n of sizes) {
      const work = join(opts.orgs, String(n));
      if (existsSync(join(work, SETUP_FILE))) continue;
      mkdirSync(work, { recursive: true });
      const setup = await prepare(n, work, opts.heapMB);
      if (!setup) {
        process.exitCode = 1;
        return;
      }
      writeFileSync(join(work, SETUP_FILE), setupJson(setup));
    }
    return;
  }
  const results: SizeResult[] = [];
  let failed = false;
  for (const n of sizes) {
    const r = await runSize(n, { ...opts, runs: n >= 300_000 ? bigRuns : runs });
    if (!r) {
      failed = true;
      console.error(`bench e2e-scale: ${int(n)} people did not complete; larger sizes skipped`);
      break;
    }
    if (!r.agree) {
      failed = true;
      console.error(`bench e2e-scale: counts differ at ${int(n)}: ${JSON.stringify(r.counts)}`);
    }
    results.push(r);
    console.log(tables(results));
  }
  if (results.length > 0 && argv.includes('--write')) {
    const cmd = `node --import tsx bench/e2e-scale.ts ${argv.filter((a) => a !== '--write').join(' ')}`.trim();
    const md = [
      '# End to end at enterprise size, beside a DuckDB peer',
      '',
      `Command: \`npm run build && ${cmd} --write\`.`,
      `Machine: ${machine}; shared with other builds (load averages per size in the table).`,
      '',
      tables(results),
      '',
    ].join('\n');
    writeFileSync(join(ROOT, 'bench/RESULTS-e2e-scale.md'), md);
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
