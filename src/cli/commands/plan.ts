import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { z } from 'zod';
import { ExitCode, badInput, oneLine } from '../../errors.js';
import { closeCampaign, type ReviewerProgress } from '../../review/close.js';
import { describeReviewIssues, writeCampaignOutputs } from '../../review/write.js';
import { Campaign, CAMPAIGN_JSON } from '../../review/model.js';
import { RECORD_JSON } from '../../review/previous.js';
import { buildRecord } from '../../review/record.js';
import { expandDecisionPaths, readCampaignWorkbook } from '../../review/read.js';
import { FindingsDocument, RemediationPlan } from '../../model/index.js';
import { describeIssues } from '../../plan/decisions.js';
import { PLAN_JSON, writeDecisionOutputs } from '../../plan/write.js';
import { writePlanRunRecord } from '../../plan/record.js';
import { checkOutputFolder } from '../../output-folder/guard.js';
import { withStagedDir } from '../../output-folder/staged.js';
import { readJsonFile as readJsonStream } from '../../util/json-file.js';
import { JsonReadError } from '../../util/json-split.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';

/** The record lists of the files plan reads (findings, plan actions, campaign rows): streamed one record at a time. */
const RECORD_LISTS = [['findings'], ['resolved'], ['actions'], ['rows'], ['findingTasks']];

async function readJsonFile<T extends z.ZodType>(path: string, schema: T, what: string): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = await readJsonStream(path, { arrays: RECORD_LISTS });
  } catch (err) {
    if (err instanceof JsonReadError) throw badInput(`${path}: ${err.kind === 'malformed' ? `not JSON; expected the ${what}` : `the ${what} cannot be read`} (${err.message})`);
    throw badInput(`${path}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((err as NodeJS.ErrnoException).code ?? 'error')})`, 'name it with --findings / --proposed');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${path}: not a valid ${what} (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'})`);
  }
  return parsed.data;
}

/** The run's folder: beside the first workbook, or one up (a reviewer's workbook sits in <run>/campaign/). */
async function runFolderOf(workbook: string): Promise<string> {
  const here = dirname(workbook);
  if (await exists(join(here, 'findings.json'))) return here;
  const up = dirname(here);
  return (await exists(join(up, 'findings.json'))) ? up : here;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function progressTable(rows: ReviewerProgress[], unassigned: number): string[] {
  const header = ['reviewer', 'decided/assigned', 'undecided', 'rejected', 'flagged'];
  const body = rows.map((p) => [oneLine(p.reviewer).slice(0, 60), p.assigned > 0 ? `${p.decided}/${p.assigned}` : `${p.decided}`, String(p.undecided), String(p.rejected), String(p.flagged)]);
  if (unassigned > 0) body.push(['UNASSIGNED', `0/${unassigned}`, String(unassigned), '0', '0']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...body.map(line)];
}

export const planCommand: CommandSpec = {
  command: 'plan',
  describe: 'Build the final remediation plan from reviewer decisions (one workbook, several, or a folder of them)',
  builder: (y: Argv) => y.option('decisions', { type: 'string', array: true, demandOption: true, describe: 'Workbooks with decisions filled in: access-review.xlsx, reviewer workbooks, or a folder of them (repeatable)' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
    .option('findings', { type: 'string', describe: "findings.json of the run (default: beside the workbook, or one folder up)" })
    .option('proposed', { type: 'string', describe: 'The proposed remediation-plan.json (default: beside findings.json)' })
    .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Let the plan exceed the destructive cap (plan.destructiveCapPercent)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
    .example('$0 plan --decisions reports/q4/access-review.xlsx --out reports/q4-final', 'Only Revoke decisions become actions')
    .example('$0 plan --decisions reports/q4/campaign --out reports/q4-final', 'Merge every reviewer workbook; exit 1 while the campaign is not closed'),
  handler: async (argv) => {
    const json = argv.json === true;
    const out = createOutput({ quiet: argv.quiet === true || json, verbose: argv.verbose as boolean | undefined });
    const given = (Array.isArray(argv.decisions) ? argv.decisions : [argv.decisions]).map((v) => String(v)).filter((v) => v !== '');
    if (given.length === 0) throw badInput('--decisions: name at least one workbook or folder');
    const paths = await expandDecisionPaths(given);
    const outDir = typeof argv.out === 'string' ? argv.out : '';
    const folder = await runFolderOf(paths[0] ?? '.');
    const findingsPath = typeof argv.findings === 'string' ? argv.findings : join(folder, 'findings.json');
    const proposedPath = typeof argv.proposed === 'string' ? argv.proposed : join(dirname(findingsPath), PLAN_JSON);
    if (outDir.trim() !== '' && resolve(outDir, PLAN_JSON) === resolve(proposedPath)) {
      throw badInput(`--out ${outDir}: would overwrite the proposed plan ${proposedPath}`, 'choose another output folder');
    }
    const target = await checkOutputFolder(argv.out, {
      flag: '--out',
      kind: 'plan',
      replace: 'own',
      inputs: [
        ...given.map((path) => ({ flag: '--decisions', path, type: 'file' as const })),
        { flag: '--findings', path: findingsPath, type: 'file' },
        { flag: '--proposed', path: proposedPath, type: 'file' },
      ],
    });
    const doc = await readJsonFile(findingsPath, FindingsDocument, 'findings document (findings.json)');
    const proposed = await readJsonFile(proposedPath, RemediationPlan, 'remediation plan (remediation-plan.json)');
    if (proposed.runId !== doc.run.id) {
      throw badInput(`${proposedPath}: plan of run ${proposed.runId}, but ${findingsPath} is run ${doc.run.id}`, 'use the plan and findings of the same run');
    }
    const campaignPath = join(dirname(findingsPath), CAMPAIGN_JSON);
    const campaign = (await exists(campaignPath)) ? await readJsonFile(campaignPath, Campaign, 'review campaign (review-campaign.json)') : null;
    const workbooks = [];
    for (const p of paths) workbooks.push(await readCampaignWorkbook(p));
    const generatedAt = new Date().toISOString();
    const result = closeCampaign({ doc, proposed, campaign, workbooks, allowMassRemoval: argv['allow-mass-removal'] === true, generatedAt });
    const record = buildRecord(doc, campaign, result, generatedAt);
    const findingsBytes = await readFile(findingsPath);
    const written = await withStagedDir(target, proposed.runId, async (staging) => {
      const files = [...(await writeDecisionOutputs(staging, result, doc)), ...(await writeCampaignOutputs(staging, record, findingsBytes))];
      // Last: it hashes every file above, so apply can prove the plan is the one the decisions produced.
      return [...files, await writePlanRunRecord(staging, doc.run, result.plan, files.map((f) => basename(f)))];
    });
    const files = written.map((f) => join(outDir, basename(f)));
    for (const line of describeIssues(paths[0] ?? '', result.log)) out.warn(line);
    for (const line of describeReviewIssues(result.review)) out.warn(line);
    const count = (o: string): number => result.log.filter((e) => e.outcome === o).length + result.review.filter((e) => e.outcome === o).length;
    out.info(
      `${result.log.length + result.review.length} rows from ${paths.length} workbook${paths.length === 1 ? '' : 's'}: ${count('revoked')} revoked, ${count('kept')} kept, ${count('exception_proposed')} exceptions proposed, ` +
        `${count('undecided')} undecided, ${count('rejected')} rejected, ${count('unassigned')} unassigned, ${count('no_action')} without action`,
    );
    for (const line of progressTable(result.progress, result.mode === 'campaign' ? (campaign?.unassigned.length ?? 0) : 0)) out.info(line);
    if (result.plan.status === 'blocked') for (const r of result.plan.blockedReasons) out.warn(`plan BLOCKED: ${r}`);
    out.info(`final plan: ${result.plan.status}, ${result.plan.actions.length} actions`);
    out.info(
      result.closed
        ? `Campaign CLOSED: ${record.coverage.decided}/${record.coverage.rows} rows decided (100%). Record: ${join(outDir, RECORD_JSON)}`
        : `Campaign NOT closed (exit 1): ${result.reasons.join('; ')}. Coverage ${record.coverage.decided}/${record.coverage.rows} (${record.coverage.percent}%).`,
    );
    for (const f of files) out.detail(`wrote ${f}`);
    const exitCode = result.closed ? ExitCode.OK : ExitCode.FINDINGS;
    if (json) {
      const outcomes = ['revoked', 'kept', 'exception_proposed', 'undecided', 'rejected', 'unassigned', 'no_action'] as const;
      out.data(
        JSON.stringify(
          {
            exitCode,
            outDir,
            files,
            plan: { status: result.plan.status, actions: result.plan.actions.length, blockedReasons: result.plan.blockedReasons },
            campaign: { closed: result.closed, reasons: result.reasons, coverage: record.coverage },
            decisions: { rows: result.log.length + result.review.length, ...Object.fromEntries(outcomes.map((o) => [o, count(o)])) },
          },
          null,
          2,
        ),
      );
    }
    return exitCode;
  },
};
