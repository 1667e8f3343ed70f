/**
 * The workbook on real data: the stages of `audit` run in-process on a snapshot and IdP files (as bench/e2e-scale.ts
 * leaves them with --keep), then access-review.xlsx is written `--repeat` times and timed alone, rows counted.
 *
 *   node --expose-gc --import tsx bench/workbook-real.ts DIR [--repeat 3] [--profile out.cpuprofile]
 *
 * DIR holds snapshot/ and org/. --profile records a CPU profile of the workbook writes only; --out DIR keeps the
 * workbook there (to compare two versions of the writer cell by cell).
 *
 * Rows per second here are the figure issue 19 sets a floor for (50k rows/s of review rows, findings and
 * inventories); peak RSS is sampled every 1,000 rows, so "flat" is visible as the spread between start and peak.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../src/audit/audit.js';
import { buildFindingsDocument } from '../src/audit/document.js';
import { Config } from '../src/config/schema.js';
import type { RunInfo } from '../src/model/finding.js';
import { loadAuditInputs } from '../src/pipeline/audit-stage.js';
import { buildPlan } from '../src/plan/build.js';
import { buildContext } from '../src/report/context.js';
import { writeWorkbook } from '../src/report/workbook.js';
import { buildCampaign } from '../src/review/campaign.js';
import { loadSnapshot } from '../src/snapshot/load.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: bench/workbook-real.ts DIR (with snapshot/ and org/ inside, e.g. from bench/e2e-scale.ts --keep)');
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 3;
const profileAt = process.argv.indexOf('--profile');
const profilePath = profileAt > 0 ? process.argv[profileAt + 1] : undefined;

const config = Config.parse({});
const inputs = await loadAuditInputs({ idpPath: join(dir, 'org/idp-users.csv'), assignmentsPath: join(dir, 'org/idp-assignments.csv'), exceptionsPath: undefined, previousDir: undefined }, config);
const loaded = await loadSnapshot(join(dir, 'snapshot'));
const snapshot = loaded.snapshot;
const asOf = new Date(snapshot.finishedAt);
const result = runAudit({ snapshot, idp: inputs.idp, assignments: inputs.assignments, config, exceptions: null, previous: null, previousDecisions: null, asOf });
const run: RunInfo = {
  id: 'bench',
  toolVersion: '0',
  startedAt: snapshot.finishedAt,
  finishedAt: snapshot.finishedAt,
  command: 'audit',
  vendors: ['dixa', 'dialpad'],
  inputs: [],
  snapshotDir: join(dir, 'snapshot'),
  snapshotSha256: loaded.sha256,
  failOn: 'high',
};
const doc = buildFindingsDocument(result, run, snapshot);
const plan = buildPlan({ doc, snapshot, snapshotSha256: loaded.sha256, config, identities: result.identities, allowMassRemoval: false, generatedAt: run.finishedAt });
const campaign = buildCampaign({ doc, snapshot, identities: result.identities, correlations: result.correlations, config });
const outAt = process.argv.indexOf('--out');
const keptOut = outAt > 0 ? process.argv[outAt + 1] : undefined;
const out = keptOut ?? mkdtempSync(join(tmpdir(), 'aa-workbook-real-'));
const ctx = buildContext({ outDir: out, doc, snapshot, manifest: loaded.manifest, identities: result.identities, correlations: result.correlations, plan, campaign, exceptions: null, idpRowsRead: inputs.idp.rowsRead });
const session = profilePath ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
try {
  for (let r = 0; r < repeat; r++) {
    globalThis.gc?.();
    const startRss = process.memoryUsage.rss();
    let peakRss = startRss;
    let rows = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await writeWorkbook(out, ctx, {
      onProgress: (n) => {
        rows = n;
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      },
    });
    const ms = performance.now() - started;
    const c = process.cpuUsage(cpu);
    const mb = (b: number): number => Math.round(b / 2 ** 20);
    console.log(
      JSON.stringify({ rows, wallS: +(ms / 1000).toFixed(2), cpuS: +((c.user + c.system) / 1e6).toFixed(2), rowsPerS: Math.round(rows / (ms / 1000)), rssStartMB: mb(startRss), rssPeakMB: mb(peakRss) }),
    );
  }
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    session.disconnect();
  }
} finally {
  if (!keptOut) rmSync(out, { recursive: true, force: true });
}
