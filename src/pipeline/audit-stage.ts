import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { runAudit } from '../audit/audit.js';
import { buildFindingsDocument, loadFindingsDocument } from '../audit/document.js';
import { loadExceptions, type ExceptionsFile } from '../audit/exceptions.js';
import type { Config } from '../config/schema.js';
import { readIdpFile } from '../idp/read.js';
import type { IdpReadResult } from '../model/identity.js';
import { VENDORS, type Vendor } from '../model/common.js';
import type { FindingsDocument, RunInfo } from '../model/finding.js';
import type { RemediationPlan } from '../model/plan.js';
import { buildPlan } from '../plan/build.js';
import { writePlanFiles } from '../plan/write.js';
import { renderTerminalSummary } from '../report/terminal.js';
import { writeReports } from '../report/write.js';
import { loadSnapshot } from '../snapshot/load.js';
import { attachRecordSources } from '../snapshot/provenance.js';
import { writeFileAtomic } from '../util/atomic.js';
import { sha256File } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { writeStableJsonFile } from '../util/json-file.js';
import { TOOL_VERSION } from '../version.js';
import { timePhase, timePhaseSync } from '../util/timings.js';
import type { Output } from '../cli/output.js';
import { exitCodeFor, type FailOn } from './exit.js';
import { heapAdvice } from './heap-check.js';
import { exitCodeMeaning } from '../report/terminal.js';
import type { CheckedOutputFolder } from '../output-folder/guard.js';
import { OUTPUT_MARKER } from '../output-folder/marker.js';
import { withStagedDir } from '../output-folder/staged.js';
import { badInput } from '../errors.js';
import { buildCampaign } from '../review/campaign.js';
import { CAMPAIGN_DIR, CAMPAIGN_JSON, CAMPAIGN_MANIFEST, type Campaign, type PreviousDecision as PreviousReviewDecision } from '../review/model.js';
import { loadPreviousDecisions as loadPreviousReviewContext } from '../review/previous.js';
import { buildContext } from '../report/context.js';
import { writeReviewerWorkbooks } from '../report/reviewer-workbooks.js';
import { loadPreviousDecisions } from '../audit/previous-decisions.js';
import type { PreviousDecision } from '../model/remediation.js';
import { appliedCitations, loadAppliedResults, type AppliedResultFile } from '../audit/applied-evidence.js';

/** Everything the audit reads besides the snapshot, loaded and validated up front (see loadAuditInputs). */
export interface AuditInputs {
  idpPath: string;
  idp: IdpReadResult;
  assignmentsPath: string | undefined;
  /** Taken (set to null) by auditAndReport when its audit reads them. */
  assignments: IdpReadResult | null;
  exceptionsPath: string | undefined;
  exceptions: ExceptionsFile | null;
  previousDir: string | undefined;
  previous: FindingsDocument | null;
  /** Last quarter's decisions (review-record.json beside the previous findings), context for the review rows. */
  previousReviewContext: Map<string, PreviousReviewDecision> | null;
  /** Revoke/Exception decisions of the previous review folder, or null when it holds none. */
  previousDecisions: PreviousDecision[] | null;
  /** --applied: apply results of the previous review's final plan, checked to belong to it (empty without). */
  applied: AppliedResultFile[];
}

/**
 * Reads and validates the IdP export, assignments, exceptions and previous run. `run` calls this before it contacts
 * any vendor, so a bad file is one line at once, never a failure after a long snapshot.
 */
export async function loadAuditInputs(
  paths: { idpPath: string; assignmentsPath: string | undefined; exceptionsPath: string | undefined; previousDir: string | undefined; appliedDirs?: readonly string[] },
  config: Config,
): Promise<AuditInputs> {
  const idpOptions = {
    format: config.idp.format,
    ...(config.idp.delimiter ? { delimiter: config.idp.delimiter } : {}),
    ...(config.idp.encoding ? { encoding: config.idp.encoding } : {}),
    ...(config.idp.mapping ? { mapping: config.idp.mapping } : {}),
  };
  const idp = await timePhase('idp-read', () => readIdpFile(paths.idpPath, idpOptions));
  if (idp.identities.length === 0) {
    throw badInput(`${paths.idpPath}: no identities in this export (format ${idp.format})`, 'pass the users export with --idp and the app assignments with --assignments');
  }
  const assignmentsPath = paths.assignmentsPath;
  const assignments = assignmentsPath ? await timePhase('assignments-read', () => readIdpFile(assignmentsPath, { format: 'auto' })) : null;
  const exceptionsPath = paths.exceptionsPath ?? config.exceptionsFile;
  const previous = paths.previousDir ? await loadFindingsDocument(paths.previousDir) : null;
  const exceptionsSource = paths.exceptionsPath ? undefined : '$.exceptionsFile';
  return {
    idpPath: paths.idpPath,
    idp,
    assignmentsPath: paths.assignmentsPath,
    assignments,
    exceptionsPath,
    exceptions: exceptionsPath ? await loadExceptions(exceptionsPath, exceptionsSource) : null,
    previousDir: paths.previousDir,
    previous,
    previousReviewContext: paths.previousDir ? await loadPreviousReviewContext(paths.previousDir) : null,
    previousDecisions: paths.previousDir ? await loadPreviousDecisions(paths.previousDir, previous) : null,
    applied: paths.previousDir && paths.appliedDirs?.length ? await loadAppliedResults(paths.appliedDirs, paths.previousDir, previous) : [],
  };
}

export interface AuditStageInput {
  command: string;
  snapshotDir: string;
  inputs: AuditInputs;
  configPath: string | undefined;
  config: Config;
  /** Checked by the command before any work (checkOutputFolder, kind report). */
  out: CheckedOutputFolder;
  asOf: Date | undefined;
  allowMassRemoval: boolean;
  failOn: FailOn;
  vendors: Vendor[] | undefined;
  startedAt: Date;
  output: Output;
  /** `--split-by reviewer`: also one workbook per reviewer in <out>/campaign/, with campaign-manifest.json. */
  splitBy?: 'reviewer';
}

export interface AuditStageResult {
  exitCode: number;
  plan: RemediationPlan;
  doc: FindingsDocument;
  outDir: string;
  files: string[];
  /** SHA-256 of the audited snapshot's manifest.json (to pin with `verify --expect`). */
  snapshotSha256: string;
}

/** audit -> plan -> report: everything after collection, a pure function of its input files (DESIGN.md section 1). */
export async function auditAndReport(input: AuditStageInput): Promise<AuditStageResult> {
  const { output, config } = input;
  const { idp, exceptions, previous, exceptionsPath } = input.inputs;
  const assignmentsSha256 = input.inputs.assignments?.sha256 ?? null;
  const heapWarning = heapAdvice(input.snapshotDir);
  if (heapWarning) output.warn(heapWarning);
  const loaded = await timePhase('snapshot-load', () => loadSnapshot(input.snapshotDir));
  const snapshot = restrictVendors(loaded.snapshot, input.vendors);
  output.detail(`snapshot ${input.snapshotDir} (manifest sha256 ${loaded.sha256})`);
  output.detail(`IdP export ${input.inputs.idpPath}: ${idp.format}, ${idp.identities.length} identities`);
  const asOf = input.asOf ?? new Date(snapshot.finishedAt);

  const result = timePhaseSync('audit', () =>
    runAudit({
      snapshot,
      idp,
      assignments: takeAssignments(input.inputs),
      config,
      exceptions,
      previous,
      previousDecisions: input.inputs.previousDecisions,
      applied: input.inputs.applied.length > 0 ? appliedCitations(input.inputs.applied) : null,
      asOf,
      ...(input.vendors ? { vendors: input.vendors } : {}),
    }),
  );

  // Traceability (issue 14): each account fact names the raw response file and record it came from.
  await timePhase('record-sources', () => attachRecordSources(input.snapshotDir, snapshot, result.findings));

  const inputs: RunInfo['inputs'] = [
    { role: 'snapshot-manifest', path: join(input.snapshotDir, 'manifest.json'), sha256: loaded.sha256 },
    { role: 'idp', path: input.inputs.idpPath, sha256: idp.sha256 },
  ];
  if (assignmentsSha256 !== null && input.inputs.assignmentsPath) inputs.push({ role: 'assignments', path: input.inputs.assignmentsPath, sha256: assignmentsSha256 });
  if (input.configPath) inputs.push({ role: 'config', path: input.configPath, sha256: await sha256File(input.configPath) });
  if (exceptionsPath) inputs.push({ role: 'exceptions', path: exceptionsPath, sha256: await sha256File(exceptionsPath) });
  if (input.inputs.previousDir) {
    const previousFindings = join(input.inputs.previousDir, 'findings.json');
    inputs.push({ role: 'previous-findings', path: previousFindings, sha256: await sha256File(previousFindings) });
    for (const name of ['review-record.json', 'decisions-log.json']) {
      const path = join(input.inputs.previousDir, name);
      const sha = await sha256File(path).catch(() => null);
      if (sha) inputs.push({ role: `previous-${name.replace(/\.json$/, '')}`, path, sha256: sha });
    }
  }
  // The hash of the bytes read, not re-read: the file cited on the Remediation verified sheet is this one.
  for (const a of input.inputs.applied) inputs.push({ role: 'applied-result', path: a.path, sha256: a.sha256 });

  const run: RunInfo = {
    id: randomUUID(),
    toolVersion: TOOL_VERSION,
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: input.command,
    vendors: VENDORS.filter((v) => snapshot.vendors[v] !== undefined),
    inputs,
    snapshotDir: input.snapshotDir,
    snapshotSha256: loaded.sha256,
    failOn: input.failOn,
  };
  const doc = timePhaseSync('findings-document', () => buildFindingsDocument(result, run, snapshot));
  const plan = timePhaseSync('plan', () => buildPlan({
    doc,
    snapshot,
    snapshotSha256: loaded.sha256,
    config,
    identities: result.identities,
    allowMassRemoval: input.allowMassRemoval,
    generatedAt: run.finishedAt,
  }));
  const exitCode = exitCodeFor(doc, input.failOn);
  const campaign = timePhaseSync('review-rows', () => buildCampaign({
    doc,
    snapshot,
    identities: result.identities,
    correlations: result.correlations,
    config,
    ...(input.inputs.previousReviewContext ? { previous: input.inputs.previousReviewContext } : {}),
  }));

  const outDir = input.out.given;
  const files = await withStagedDir(input.out, run.id, async (staging) => {
    const reportInput = {
      outDir: staging,
      doc,
      snapshot,
      manifest: loaded.manifest,
      identities: result.identities,
      correlations: result.correlations,
      plan,
      campaign,
      exceptions: exceptions?.exceptions ?? null,
      idpRowsRead: idp.rowsRead,
    };
    const written = await writeReports(reportInput);
    const planFiles = await timePhase('plan-files', () => writePlanFiles(staging, plan, doc));
    await timePhase('review-campaign-json', () => writeStableJsonFile(join(staging, CAMPAIGN_JSON), campaign));
    const names = [...written.files, ...planFiles, CAMPAIGN_JSON].map((f) => basename(f));
    if (input.splitBy === 'reviewer') {
      const split = await timePhase('reviewer-workbooks', () => writeReviewerWorkbooks(join(staging, CAMPAIGN_DIR), buildContext(reportInput), campaign));
      names.push(...split.map((f) => `${CAMPAIGN_DIR}/${basename(f)}`));
    }
    const hashes: Record<string, string> = {};
    // run.json accounts for every file of the folder, the marker included.
    await timePhase('hashing', async () => {
      for (const name of [...new Set([...names, OUTPUT_MARKER])].sort()) hashes[name] = await sha256File(join(staging, name));
    });
    const runJson = {
      schemaVersion: 1,
      run,
      asOf: asOf.toISOString(),
      exitCode,
      exitMeaning: exitCodeMeaning(exitCode, input.failOn),
      outputs: hashes,
    };
    await writeFileAtomic(join(staging, 'run.json'), stableStringify(runJson));
    return [...Object.keys(hashes).filter((n) => n !== OUTPUT_MARKER), 'run.json'].sort();
  });

  // The per-reviewer workbooks can be hundreds of files: the terminal names their folder once.
  const shown = files.filter((f) => !f.startsWith(`${CAMPAIGN_DIR}/`)).map((f) => join(outDir, f));
  if (shown.length < files.length) shown.push(join(outDir, CAMPAIGN_DIR, CAMPAIGN_MANIFEST));
  output.info(renderTerminalSummary(doc, shown.sort(), exitCode, { color: output.color }));
  output.info(planLine(plan, join(outDir, 'remediation-plan.md')));
  output.info(campaignLine(campaign, input.splitBy === 'reviewer' ? join(outDir, CAMPAIGN_DIR) : null));
  return { exitCode, plan, doc, outDir, files, snapshotSha256: loaded.sha256 };
}

/**
 * The assignment rows feed the audit's entitlements and nothing after it: the stage takes them out of the inputs (no
 * caller reads them after handing them over), so they are garbage once the audit has read them, not held to the end
 * of the reports (26 MB at 30k people).
 */
function takeAssignments(inputs: AuditInputs): IdpReadResult | null {
  const rows = inputs.assignments;
  inputs.assignments = null;
  return rows;
}

/** `--vendors dixa` audits one vendor: the other vendor's data is left out, so its rules are "not evaluated". */
function restrictVendors<T extends { vendors: Partial<Record<Vendor, unknown>> }>(snapshot: T, vendors: Vendor[] | undefined): T {
  if (!vendors) return snapshot;
  const kept: Partial<Record<Vendor, unknown>> = {};
  for (const v of vendors) if (snapshot.vendors[v]) kept[v] = snapshot.vendors[v];
  return { ...snapshot, vendors: kept };
}

/** The campaign in one line: how many rows, reviewers, unassigned, and where the work lists are. */
function campaignLine(c: Campaign, splitDir: string | null): string {
  const where = splitDir ? `one workbook per reviewer in ${splitDir}` : 'Review sheet of access-review.xlsx (--split-by reviewer writes one workbook per reviewer)';
  const unassigned = c.unassigned.length > 0 ? `, ${c.unassigned.length} UNASSIGNED (see review-campaign.json)` : '';
  return `Review campaign: ${c.rows.length} accounts and ${c.findingTasks.length} findings without an account for ${c.reviewers.length} reviewers${unassigned}, due ${c.dueDate}; ${where}.`;
}

/** The plan's state in one line: a blocked plan must be noticed before anyone acts on it. */
function planLine(plan: RemediationPlan, path: string): string {
  const n = `${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}`;
  if (plan.status === 'blocked') return `Remediation plan: BLOCKED (${n}): ${plan.blockedReasons.join(' ')} See ${path}.`;
  if (plan.status === 'empty') return 'Remediation plan: nothing to do.';
  return `Remediation plan: ready for review (${n}, a dry run: nothing was changed). See ${path}.`;
}

/** The plan's state for `--json`: what a script needs to decide whether anyone may act on it. */
export function planStatusJson(plan: RemediationPlan): { status: RemediationPlan['status']; actions: number; blockedReasons: string[] } {
  return { status: plan.status, actions: plan.actions.length, blockedReasons: [...plan.blockedReasons] };
}
