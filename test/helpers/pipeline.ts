import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import type { Vendor } from '../../src/model/common.js';
import type { FindingsDocument } from '../../src/model/finding.js';
import type { FaultSpec, RateLimitOptions, RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';

/** Distinctive tokens (different from test/collect's): any leak shows up in a scan. */
export const HARD_DIXA_TOKEN = 'dxa_hArd3n-Z9q+W/x=7kP2-secret';
export const HARD_DIALPAD_TOKEN = 'dpd_hArd3n-M4v&L8?r%1-secret';

const created: string[] = [];
/** A new folder under the OS temp dir, removed by removeTempDirs() (the kill and matrix tests write hundreds of MB). */
export function tempDir(prefix = 'aa-hard-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Removes every folder tempDir() made in this test file. test/setup/temp-dirs.ts calls it after every file; a file
 * that writes hundreds of MB may call it sooner.
 */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let fixture: Promise<DemoFixture> | null = null;
/** The committed demo organisation (fixtures/demo), loaded once per test file. */
export function demoFixture(): Promise<DemoFixture> {
  fixture ??= loadDemoFixture(demoFixtureDir('demo'));
  return fixture;
}

export interface AnswerKeyEntry {
  rule: string;
  subject: string;
  vendor: Vendor | null;
  severity: string;
  suppressed: boolean;
}

/**
 * The demo answer key. Its EXCEPTION_EXPIRED entries carry no vendor, while the audit files such a finding under the
 * vendor of the exception's scope: `vendor` here is taken from exceptions.json for them, so a test can split the
 * key by vendor (the comparison itself is by rule + subject, as the key's own check does).
 */
export async function answerKey(): Promise<AnswerKeyEntry[]> {
  const fx = await demoFixture();
  const expected = (JSON.parse(readFileSync(fx.paths.answerKey, 'utf8')) as { expected: AnswerKeyEntry[] }).expected;
  const scopes = new Map(
    (JSON.parse(readFileSync(fx.paths.exceptions, 'utf8')) as { exceptions: Array<{ id: string; scope?: { vendor?: Vendor } }> }).exceptions.map((e) => [`exception:${e.id}`, e.scope?.vendor ?? null]),
  );
  return expected.map((e) => (e.rule === 'EXCEPTION_EXPIRED' && e.vendor === null ? { ...e, vendor: scopes.get(e.subject) ?? null } : e));
}

/** "RULE subject", the comparison key of the answer key (rule + subject), sorted. */
export function keys(findings: ReadonlyArray<{ rule: string; subject: string }>): string[] {
  return findings.map((f) => `${f.rule} ${f.subject}`).sort();
}

/**
 * The demo config plus rate limits well above the simulators' (which run unlimited here): the fault tests test
 * faults, not pacing, and the documented 10/s for Dixa would make every cell take seconds.
 */
export async function writeFastConfig(dir: string, from?: string, rate = { perSecond: 500, burst: 50 }, name = 'access-audit.config.json'): Promise<string> {
  const source = from ?? (await demoFixture()).paths.config;
  const config = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
  config.vendors = {
    dixa: { rateLimit: rate },
    dialpad: { rateLimit: rate },
  };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

export interface DemoSims {
  dixa: RunningSimulator<DixaState>;
  dialpad: RunningSimulator<DialpadState>;
  close(): Promise<void>;
}

/** Both simulators of the demo organisation on loopback, unlimited, with the given faults and accepted tokens. */
export async function startDemoSims(opts: {
  tokens: Record<Vendor, string>;
  faults?: Partial<Record<Vendor, FaultSpec[]>>;
  fixture?: DemoFixture;
  /** Per vendor: the simulator's rate limit (default none). */
  rateLimit?: Partial<Record<Vendor, RateLimitOptions>>;
  /** Dialpad: the key authenticates but is not a company-admin key (admin-only endpoints answer 403). */
  dialpadKeyNotAdmin?: boolean;
}): Promise<DemoSims> {
  const fx = opts.fixture ?? (await demoFixture());
  const dixa = await startDixaSimulator(fx.dixa, { tokens: [opts.tokens.dixa], rateLimit: opts.rateLimit?.dixa ?? false, faults: opts.faults?.dixa ?? [] });
  const dialpad = await startDialpadSimulator(fx.dialpad, { tokens: [opts.tokens.dialpad], rateLimit: opts.rateLimit?.dialpad ?? false, faults: opts.faults?.dialpad ?? [], ...(opts.dialpadKeyNotAdmin ? { nonAdminTokens: [opts.tokens.dialpad] } : {}) }).catch(async (err: unknown) => {
    await dixa.close();
    throw err;
  });
  return { dixa, dialpad, close: () => Promise.all([dixa.close(), dialpad.close()]).then(() => undefined) };
}

/** A loopback port that nothing listens on (bound, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** The audit arguments of the demo organisation (or another generated one) (inputs, as-of), for `run` and `audit`. */
export async function demoAuditArgs(configPath: string, fixture?: DemoFixture): Promise<string[]> {
  const fx = fixture ?? (await demoFixture());
  return ['--idp', fx.paths.idpUsers, '--assignments', fx.paths.assignments, '--exceptions', fx.paths.exceptions, '--config', configPath, '--as-of', fx.meta.asOf];
}

/** What a report folder says about completeness, read back from each file a person or tool would look at. */
export interface ReportView {
  doc: FindingsDocument;
  runJson: { exitCode: number; exitMeaning: string; outputs: Record<string, string> };
  /** summary.html's status cell per vendor source ("complete" / "INCOMPLETE"), null if absent. */
  htmlStatus: Record<Vendor, string | null>;
  /** The Overview sheet's Source row per vendor (column C), null if absent. */
  overviewStatus: Record<Vendor, string | null>;
  /** Overview rows in the "Not evaluated" section: "RULE vendor". */
  overviewNotEvaluated: string[];
}

export async function readReport(outDir: string): Promise<ReportView> {
  const doc = JSON.parse(readFileSync(join(outDir, 'findings.json'), 'utf8')) as FindingsDocument;
  const runJson = JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8')) as ReportView['runJson'];
  const html = readFileSync(join(outDir, 'summary.html'), 'utf8');
  const htmlStatus = { dixa: null, dialpad: null } as Record<Vendor, string | null>;
  for (const v of ['dixa', 'dialpad'] as const) {
    htmlStatus[v] = new RegExp(`data-testid="source-status-${v}" class="(?:ok|bad)">([^<]*)<`).exec(html)?.[1] ?? null;
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(outDir, 'access-review.xlsx'));
  const rows: string[][] = [];
  wb.getWorksheet('Overview')?.eachRow((r) => rows.push([1, 2, 3, 4].map((c) => String(r.getCell(c).value ?? ''))));
  const overviewStatus = { dixa: null, dialpad: null } as Record<Vendor, string | null>;
  for (const v of ['dixa', 'dialpad'] as const) overviewStatus[v] = rows.find((r) => r[0] === 'Source' && r[1] === v)?.[2] ?? null;
  const overviewNotEvaluated = rows.filter((r) => r[0] === 'Not evaluated').map((r) => `${r[1]} ${r[2]}`);
  return { doc, runJson, htmlStatus, overviewStatus, overviewNotEvaluated };
}

/** Relative path -> SHA-256 of every file under dir (a folder's exact content, to tell "untouched"). */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = join(e.parentPath, e.name);
    out[relative(dir, abs)] = createHash('sha256').update(readFileSync(abs)).digest('hex');
  }
  return out;
}
