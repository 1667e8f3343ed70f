import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import type { Config } from '../../config/schema.js';
import { VENDORS, type Vendor } from '../../model/common.js';
import { vendorModule } from '../../vendors/registry.js';
import { compareWithAnswerKey, type ExpectedFinding } from '../../pipeline/answer-key-check.js';
import { auditAndReport, loadAuditInputs, planStatusJson, type AuditInputs } from '../../pipeline/audit-stage.js';
import { demoFixtureDir, loadDemoFixture } from '../../demo/fixtures.js';
import { startDemoSimulators } from '../../pipeline/demo.js';
import { progressFor } from '../../collect/progress.js';
import { folderTimestamp } from '../../util/time.js';
import { createOutput, type Output } from '../output.js';
import { checkOutputFolder, type CheckedOutputFolder } from '../../output-folder/guard.js';
import { auditInputPaths, auditInputsOf, configFromArgs, flag, parseAsOf, parseFailOn, parseVendors, str, tokensFromEnv, type AuditInputPaths } from './args.js';
import { auditOptions, vendorOptions } from './options.js';
import type { CommandSpec } from './types.js';
import type { FailOn } from '../../pipeline/exit.js';

export const runCommand: CommandSpec = {
  command: 'run',
  describe: 'Snapshot the vendors, then audit, plan and report (use --demo to try it with no tokens)',
  builder: (y: Argv) =>
    auditOptions(vendorOptions(y))
      .option('snapshot-dir', { type: 'string', describe: 'Where to store the snapshot (default snapshots/<UTC timestamp>)' })
      .option('out', { type: 'string', describe: 'Output folder (default reports/<UTC timestamp>; reports/demo with --demo)' })
      .option('demo', { type: 'boolean', default: false, describe: 'Run against built-in simulators with the demo organisation' })
      .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Do not block a plan over the destructive-action cap' })
      .example('$0 run --demo', 'The demo audit: no tokens, no network, writes reports/demo/')
      .example('$0 run --demo --split-by reviewer', 'The demo audit plus one review workbook per reviewer in reports/demo/campaign/')
      .example('DIXA_API_TOKEN=... DIALPAD_API_TOKEN=... $0 run --idp okta.csv --assignments assignments.csv', 'A real quarterly review'),
  handler: async (argv) => {
    const output = createOutput({ quiet: flag(argv, 'quiet') || flag(argv, 'json'), verbose: flag(argv, 'verbose') });
    const startedAt = new Date();
    const result = flag(argv, 'demo') ? await runDemo(argv, output, startedAt) : await runReal(argv, output, startedAt);
    // Last, so it is the line to copy into the ticket: `verify --expect` later proves the evidence unchanged.
    output.info(pinLine(String(result.json.snapshotDir), String(result.json.snapshotSha256)));
    if (flag(argv, 'json')) output.data(JSON.stringify(result.json, null, 2));
    return result.exitCode;
  },
};

interface RunOutcome {
  exitCode: number;
  json: Record<string, unknown>;
}

async function runReal(argv: Record<string, unknown>, output: Output, startedAt: Date): Promise<RunOutcome> {
  const { config, configPath } = await configFromArgs(argv);
  const vendors = parseVendors(str(argv, 'vendors'));
  const failOn = parseFailOn(str(argv, 'fail-on'), config);
  const paths = await auditInputPaths(argv);
  const asOf = parseAsOf(str(argv, 'as-of'));
  const tokens = tokensFromEnv(vendors);
  const stamp = folderTimestamp(startedAt);
  const folders = await checkRunFolders(argv, paths, configPath, config, {
    snapshotDir: join('snapshots', stamp),
    outDir: join('reports', stamp),
    replaceSnapshot: 'never',
  });
  const inputs = await loadAuditInputs(paths, config);
  return collectAuditReport({
    argv,
    output,
    startedAt,
    config,
    configPath,
    vendors,
    tokens,
    baseUrls: Object.fromEntries(vendors.map((v) => [v, vendorModule(v).baseUrl(config)])),
    ...folders,
    inputs,
    asOf,
    failOn,
  });
}

async function runDemo(argv: Record<string, unknown>, output: Output, startedAt: Date): Promise<RunOutcome> {
  const fx = await loadDemoFixture(demoFixtureDir('demo'));
  const { config, configPath } = await configFromArgs(argv, fx.paths.config);
  const vendors = parseVendors(str(argv, 'vendors'));
  // The demo's findings are the expected result: it fails only on an incomplete source unless asked otherwise.
  const failOn = str(argv, 'fail-on') ? parseFailOn(str(argv, 'fail-on'), config) : 'none';
  const asOf = parseAsOf(str(argv, 'as-of')) ?? new Date(fx.meta.asOf);
  const paths = await auditInputPaths(argv, { idpPath: fx.paths.idpUsers, assignmentsPath: fx.paths.assignments, exceptionsPath: fx.paths.exceptions });
  // The demo's own snapshot folder is replaced run after run (an earlier demo snapshot, by its marker); one named
  // with --snapshot-dir never is, like any snapshot.
  const folders = await checkRunFolders(argv, paths, configPath, config, {
    snapshotDir: join('snapshots', 'demo'),
    outDir: join('reports', 'demo'),
    replaceSnapshot: argv['snapshot-dir'] === undefined ? 'own' : 'never',
  });
  const inputs = await loadAuditInputs(paths, config);
  const sims = await startDemoSimulators(fx);
  output.info(`Demo: ${VENDORS.map((v) => `${vendorModule(v).label} simulator at ${sims.urls[v]}`).join(', ')} (loopback only)`);
  try {
    const outcome = await collectAuditReport({
      argv,
      output,
      startedAt,
      config,
      configPath,
      vendors,
      tokens: sims.tokens,
      baseUrls: sims.urls,
      ...folders,
      inputs,
      asOf,
      failOn,
    });
    // The answer key covers every vendor of the demo organisation: a partial run is not compared with it.
    if (VENDORS.every((v) => vendors.includes(v)) && !str(argv, 'idp')) {
      const key = JSON.parse(await readFile(fx.paths.answerKey, 'utf8')) as { expected: ExpectedFinding[] };
      const doc = JSON.parse(await readFile(join(String(outcome.json.outDir), 'findings.json'), 'utf8')) as Parameters<typeof compareWithAnswerKey>[0];
      const cmp = compareWithAnswerKey(doc, key.expected);
      outcome.json.answerKey = { precision: cmp.precision, recall: cmp.recall, missing: cmp.missing.length, unexpected: cmp.unexpected.length };
      output.info(
        `Answer key (fixtures/demo/answer-key.json): ${cmp.found} findings, ${cmp.expected} expected; precision ${(cmp.precision * 100).toFixed(1)}%, recall ${(cmp.recall * 100).toFixed(1)}%`,
      );
    }
    output.info(`Open ${join(String(outcome.json.outDir), 'summary.html')} in a browser, or access-review.xlsx in Excel/LibreOffice.`);
    return outcome;
  } finally {
    await sims.close();
  }
}

interface CollectAuditInput {
  argv: Record<string, unknown>;
  output: Output;
  startedAt: Date;
  config: Config;
  configPath: string | undefined;
  vendors: Vendor[];
  tokens: Partial<Record<Vendor, string>>;
  baseUrls: Partial<Record<Vendor, string>>;
  snapshot: CheckedOutputFolder;
  out: CheckedOutputFolder;
  inputs: AuditInputs;
  asOf: Date | undefined;
  failOn: FailOn;
}

async function collectAuditReport(i: CollectAuditInput): Promise<RunOutcome> {
  i.output.info(`Collecting ${i.vendors.join(' and ')} into ${i.snapshot.given}`);
  const collected = await collectSnapshot({
    outDir: i.snapshot,
    vendors: i.vendors,
    baseUrls: i.baseUrls,
    tokens: i.tokens,
    config: i.config,
    progress: progressFor({ quiet: i.output.quiet, verbose: i.output.verbose }),
    allowInsecureHttp: flag(i.argv, 'allow-insecure-http'),
  });
  for (const line of collected.failures) i.output.warn(`access-audit: ${line}`);
  const audited = await auditAndReport({
    command: i.argv['demo'] ? 'run --demo' : 'run',
    snapshotDir: collected.dir,
    inputs: i.inputs,
    configPath: i.configPath,
    config: i.config,
    out: i.out,
    asOf: i.asOf,
    allowMassRemoval: flag(i.argv, 'allow-mass-removal'),
    failOn: i.failOn,
    vendors: i.vendors,
    startedAt: i.startedAt,
    output: i.output,
    ...(str(i.argv, 'split-by') === 'reviewer' ? { splitBy: 'reviewer' as const } : {}),
  });
  return {
    exitCode: audited.exitCode,
    json: { exitCode: audited.exitCode, snapshotDir: collected.dir, snapshotSha256: collected.sha256, outDir: audited.outDir, files: audited.files, summary: audited.doc.summary, notEvaluated: audited.doc.notEvaluated, plan: planStatusJson(audited.plan) },
  };
}

/**
 * Both folders `run` writes, checked before any vendor is contacted (README "The output folder rule"). An unset
 * flag takes the default; an empty one (an unset $OUT) is refused, never defaulted.
 */
async function checkRunFolders(
  argv: Record<string, unknown>,
  paths: AuditInputPaths,
  configPath: string | undefined,
  config: Config,
  defaults: { snapshotDir: string; outDir: string; replaceSnapshot: 'own' | 'never' },
): Promise<{ snapshot: CheckedOutputFolder; out: CheckedOutputFolder }> {
  const inputs = auditInputsOf(paths, configPath, config);
  const snapshot = await checkOutputFolder(argv['snapshot-dir'] ?? defaults.snapshotDir, {
    flag: '--snapshot-dir',
    kind: 'snapshot',
    replace: defaults.replaceSnapshot,
    inputs,
  });
  const out = await checkOutputFolder(argv['out'] ?? defaults.outDir, {
    flag: '--out',
    kind: 'report',
    replace: 'own',
    inputs: [{ flag: '--snapshot-dir', path: snapshot.path, type: 'folder' }, ...inputs],
  });
  return { snapshot, out };
}

function pinLine(snapshotDir: string, sha256: string): string {
  return `Snapshot manifest.json sha256 ${sha256}: record it; access-audit verify ${snapshotDir} --expect ${sha256} proves the snapshot unchanged.`;
}
