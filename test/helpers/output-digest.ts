import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { loadDemoFixture } from '../../src/demo/fixtures.js';
import { runCli } from './cli.js';
import { demoAuditArgs, startDemoSims, tempDir, writeFastConfig } from './pipeline.js';

/**
 * The outputs whose bytes must not change when only the way they are written or read changes (issue 19): a
 * generated organisation goes through the built CLI (snapshot from the simulators, then audit with the fixture's
 * --as-of), and each output is hashed with the values that differ between two runs of the same inputs (run id,
 * timestamps, temp paths, the snapshot's manifest hash) replaced by placeholders. The same code produced the committed
 * reference hashes on the code before the change (scripts/output-digests.ts).
 *
 * Every file of the audit folder that is a pure function of the inputs is digested: run.json is not (it hashes the
 * files, the marker and names the run's paths), nor is the workbook's docProps (the run's time). The workbook is
 * digested by its sheet XML parts (every cell of every sheet, with its style id), the sheet names and the style
 * table, read straight from the zip: no spreadsheet library in between, so a typed date cell is the serial exceljs
 * wrote, not a Date rounded back from it.
 */
export const DIGESTED: readonly string[] = [
  'findings.json',
  'remediation-plan.json',
  'remediation-plan.md',
  'findings.csv',
  'identities.csv',
  'dixa-agents.csv',
  'dixa-teams.csv',
  'dixa-queues.csv',
  'dialpad-users.csv',
  'dialpad-offices.csv',
  'dialpad-callcenters.csv',
  'review-campaign.json',
  'summary.html',
  'access-review.xlsx',
];

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
  // A typed date cell holds the time as exceljs's date serial (days since 1899-12-30, its own arithmetic).
  for (const t of [doc.run.startedAt, doc.run.finishedAt, manifest.startedAt, manifest.finishedAt]) values.push(String(25569 + Date.parse(t) / 86_400_000));
  // Markdown escapes the colons of a time.
  for (const v of [...values]) if (v.includes(':')) values.push(v.replaceAll(':', '\\:'));
  return [...new Set(values.filter((v) => v.length >= 8))].sort((a, b) => b.length - a.length);
}

function scrub(text: string, values: string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join('<volatile>');
  return out;
}

async function digestOutputs(outDir: string, snapshotDir: string, extra: string[]): Promise<Record<string, string>> {
  const values = volatileValues(outDir, snapshotDir, extra);
  const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
  const out: Record<string, string> = {};
  const dump = process.env.AA_DIGEST_DUMP;
  for (const name of DIGESTED) {
    const text = scrub(name === 'access-review.xlsx' ? workbookText(join(outDir, name)) : readFileSync(join(outDir, name), 'utf8'), values);
    out[name] = sha(text);
    // To see what differs when a digest does not match: the scrubbed texts, to diff.
    if (dump) writeFileSync(join(dump, `${out[name].slice(0, 12)}-${name}.txt`), text);
  }
  return out;
}

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The workbook's content parts as text, in a fixed order: the sheet names (xl/workbook.xml), the style table the
 * cells' style ids point into (xl/styles.xml), then every sheet's XML in sheet order. The zip's member times and
 * docProps (the run's time) are left out.
 */
function workbookText(path: string): string {
  const parts = unzipSync(readFileSync(path));
  const sheets = Object.keys(parts)
    .map((name) => ({ name, n: Number(SHEET_PART.exec(name)?.[1] ?? NaN) }))
    .filter((p) => !Number.isNaN(p.n))
    .sort((a, b) => a.n - b.n)
    .map((p) => p.name);
  const out: string[] = [];
  for (const name of ['xl/workbook.xml', 'xl/styles.xml', ...sheets]) {
    const bytes = parts[name];
    out.push(`# ${name}`, bytes ? scrubMarkerBytes(strFromU8(bytes)) : '(missing)');
  }
  return out.join('\n');
}

/**
 * The Evidence sheet lists the snapshot's files with their sizes. The snapshot's output marker names the process id of
 * the snapshot run, so its size changes with the id's digits (the "two alternating digests" this digest once had):
 * that one Bytes cell is volatile.
 */
function scrubMarkerBytes(xml: string): string {
  if (!xml.includes('>.access-audit-output.json</v>')) return xml;
  return xml.replace(/<row [^>]*>(?:(?!<\/row>).)*?>\.access-audit-output\.json<\/v>(?:(?!<\/row>).)*<\/row>/g, (row) => row.replace(/(<c r="E\d+"[^>]*><v>)\d+(<\/v>)/, '$1<volatile>$2'));
}
