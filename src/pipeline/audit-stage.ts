import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { runAudit } from '../audit/audit.js';
import { buildFindingsDocument, loadFindingsDocument } from '../audit/document.js';
import { loadExceptions } from '../audit/exceptions.js';
import type { Config } from '../config/schema.js';
import { readIdpFile } from '../idp/read.js';
import type { Vendor } from '../model/common.js';
import type { FindingsDocument, RunInfo } from '../model/finding.js';
import { buildPlan } from '../plan/build.js';
import { writePlanFiles } from '../plan/write.js';
import { renderTerminalSummary } from '../report/terminal.js';
import { writeReports } from '../report/write.js';
import { loadSnapshot } from '../snapshot/load.js';
import { writeFileAtomic } from '../util/atomic.js';
import { sha256File } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { TOOL_VERSION } from '../version.js';
import type { Output } from '../cli/output.js';
import { exitCodeFor, type FailOn } from './exit.js';
import { exitCodeMeaning } from '../report/terminal.js';
import { withStagedDir } from './out-dir.js';
import { badInput } from '../errors.js';

export interface AuditStageInput {
  command: string;
  snapshotDir: string;
  idpPath: string;
  assignmentsPath: string | undefined;
  configPath: string | undefined;
  config: Config;
  exceptionsPath: string | undefined;
  previousDir: string | undefined;
  outDir: string;
  asOf: Date | undefined;
  allowMassRemoval: boolean;
  failOn: FailOn;
  vendors: Vendor[] | undefined;
  startedAt: Date;
  output: Output;
}

export interface AuditStageResult {
  exitCode: number;
  doc: FindingsDocument;
  outDir: string;
  files: string[];
}

/** audit -> plan -> report: everything after collection, a pure function of its input files (DESIGN.md section 1). */
export async function auditAndReport(input: AuditStageInput): Promise<AuditStageResult> {
  const { output, config } = input;
  const loaded = await loadSnapshot(input.snapshotDir);
  const snapshot = restrictVendors(loaded.snapshot, input.vendors);
  output.detail(`snapshot ${input.snapshotDir} (manifest sha256 ${loaded.sha256})`);

  const idpOptions = {
    format: config.idp.format,
    ...(config.idp.delimiter ? { delimiter: config.idp.delimiter } : {}),
    ...(config.idp.encoding ? { encoding: config.idp.encoding } : {}),
    ...(config.idp.mapping ? { mapping: config.idp.mapping } : {}),
  };
  const idp = await readIdpFile(input.idpPath, idpOptions);
  output.detail(`IdP export ${input.idpPath}: ${idp.format}, ${idp.identities.length} identities`);
  if (idp.identities.length === 0) {
    throw badInput(`${input.idpPath}: no identities in this export (format ${idp.format})`, 'pass the users export with --idp and the app assignments with --assignments');
  }
  const assignments = input.assignmentsPath ? await readIdpFile(input.assignmentsPath, { format: 'auto' }) : null;
  const exceptionsPath = input.exceptionsPath ?? config.exceptionsFile;
  const exceptions = exceptionsPath ? await loadExceptions(exceptionsPath) : null;
  const previous = input.previousDir ? await loadFindingsDocument(input.previousDir) : null;
  const asOf = input.asOf ?? new Date(snapshot.finishedAt);

  const result = runAudit({ snapshot, idp, assignments, config, exceptions, previous, asOf });

  const inputs: RunInfo['inputs'] = [
    { role: 'snapshot-manifest', path: join(input.snapshotDir, 'manifest.json'), sha256: loaded.sha256 },
    { role: 'idp', path: input.idpPath, sha256: idp.sha256 },
  ];
  if (assignments && input.assignmentsPath) inputs.push({ role: 'assignments', path: input.assignmentsPath, sha256: assignments.sha256 });
  if (input.configPath) inputs.push({ role: 'config', path: input.configPath, sha256: await sha256File(input.configPath) });
  if (exceptionsPath) inputs.push({ role: 'exceptions', path: exceptionsPath, sha256: await sha256File(exceptionsPath) });
  if (input.previousDir) inputs.push({ role: 'previous-findings', path: join(input.previousDir, 'findings.json'), sha256: await sha256File(join(input.previousDir, 'findings.json')) });

  const run: RunInfo = {
    id: randomUUID(),
    toolVersion: TOOL_VERSION,
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: input.command,
    vendors: Object.keys(snapshot.vendors).filter((v): v is Vendor => v === 'dixa' || v === 'dialpad'),
    inputs,
    snapshotDir: input.snapshotDir,
    snapshotSha256: loaded.sha256,
    failOn: input.failOn,
  };
  const doc = buildFindingsDocument(result, run, snapshot);
  const plan = buildPlan({
    doc,
    snapshot,
    snapshotSha256: loaded.sha256,
    config,
    identities: result.identities,
    allowMassRemoval: input.allowMassRemoval,
    generatedAt: run.finishedAt,
  });
  const exitCode = exitCodeFor(doc, input.failOn);

  const files = await withStagedDir(input.outDir, async (staging) => {
    const written = await writeReports({
      outDir: staging,
      doc,
      snapshot,
      manifest: loaded.manifest,
      identities: result.identities,
      correlations: result.correlations,
      plan,
    });
    const planFiles = await writePlanFiles(staging, plan, doc);
    const names = [...written.files, ...planFiles].map((f) => basename(f));
    const hashes: Record<string, string> = {};
    for (const name of [...new Set(names)].sort()) hashes[name] = await sha256File(join(staging, name));
    const runJson = {
      schemaVersion: 1,
      run,
      asOf: asOf.toISOString(),
      exitCode,
      exitMeaning: exitCodeMeaning(exitCode, input.failOn),
      outputs: hashes,
    };
    await writeFileAtomic(join(staging, 'run.json'), stableStringify(runJson));
    return [...Object.keys(hashes), 'run.json'].sort();
  });

  output.info(renderTerminalSummary(doc, files.map((f) => join(input.outDir, f)), exitCode, { color: output.color }));
  return { exitCode, doc, outDir: input.outDir, files };
}

/** `--vendors dixa` audits one vendor: the other vendor's data is left out, so its rules are "not evaluated". */
function restrictVendors<T extends { vendors: Partial<Record<Vendor, unknown>> }>(snapshot: T, vendors: Vendor[] | undefined): T {
  if (!vendors) return snapshot;
  const kept: Partial<Record<Vendor, unknown>> = {};
  for (const v of vendors) if (snapshot.vendors[v]) kept[v] = snapshot.vendors[v];
  return { ...snapshot, vendors: kept };
}
