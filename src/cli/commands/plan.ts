import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { z } from 'zod';
import { badInput } from '../../errors.js';
import { FindingsDocument, RemediationPlan } from '../../model/index.js';
import { applyDecisions, describeIssues, readDecisions } from '../../plan/decisions.js';
import { PLAN_JSON, writeDecisionOutputs } from '../../plan/write.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';

async function readJsonFile<T extends z.ZodType>(path: string, schema: T, what: string): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw badInput(`${path}: cannot read the ${what} (no such file)`, 'name it with --findings / --proposed');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badInput(`${path}: not JSON; expected the ${what}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${path}: not a valid ${what} (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'})`);
  }
  return parsed.data;
}

export const planCommand: CommandSpec = {
  command: 'plan',
  describe: 'Build the final remediation plan from reviewer decisions in the workbook',
  builder: (y: Argv) => y.option('decisions', { type: 'string', demandOption: true, describe: 'access-review.xlsx with the Decision column filled in' })
    .option('out', { type: 'string', demandOption: true, describe: 'Output folder' })
    .option('findings', { type: 'string', describe: 'findings.json of the run (default: beside the workbook)' })
    .option('proposed', { type: 'string', describe: 'The proposed remediation-plan.json (default: beside the workbook)' })
    .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Let the plan exceed the destructive cap (plan.destructiveCapPercent)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
    .example('$0 plan --decisions reports/q4/access-review.xlsx --out reports/q4-final', 'Only Revoke decisions become actions'),
  handler: async (argv) => {
    const json = argv.json === true;
    const out = createOutput({ quiet: argv.quiet === true || json, verbose: argv.verbose as boolean | undefined });
    const decisionsPath = String(argv.decisions);
    const outDir = String(argv.out);
    const folder = dirname(decisionsPath);
    const findingsPath = typeof argv.findings === 'string' ? argv.findings : join(folder, 'findings.json');
    const proposedPath = typeof argv.proposed === 'string' ? argv.proposed : join(folder, PLAN_JSON);
    if (resolve(outDir, PLAN_JSON) === resolve(proposedPath)) {
      throw badInput(`--out ${outDir}: would overwrite the proposed plan ${proposedPath}`, 'choose another output folder');
    }
    const doc = await readJsonFile(findingsPath, FindingsDocument, 'findings document (findings.json)');
    const proposed = await readJsonFile(proposedPath, RemediationPlan, 'remediation plan (remediation-plan.json)');
    if (proposed.runId !== doc.run.id) {
      throw badInput(`${proposedPath}: plan of run ${proposed.runId}, but ${findingsPath} is run ${doc.run.id}`, 'use the plan and findings of the same run');
    }
    const decisions = await readDecisions(decisionsPath);
    const result = applyDecisions(proposed, doc, decisions, {
      allowMassRemoval: argv['allow-mass-removal'] === true,
      generatedAt: new Date().toISOString(),
    });
    const files = await writeDecisionOutputs(outDir, result, doc);
    for (const line of describeIssues(decisionsPath, result.log)) out.warn(line);
    const count = (o: string): number => result.log.filter((e) => e.outcome === o).length;
    out.info(
      `${result.log.length} rows: ${count('revoked')} revoked, ${count('kept')} kept, ${count('exception_proposed')} exceptions proposed, ` +
        `${count('undecided')} undecided, ${count('rejected')} rejected, ${count('no_action')} without action`,
    );
    if (result.plan.status === 'blocked') for (const r of result.plan.blockedReasons) out.warn(`plan BLOCKED: ${r}`);
    out.info(`final plan: ${result.plan.status}, ${result.plan.actions.length} actions`);
    for (const f of files) out.detail(`wrote ${f}`);
    if (json) {
      const outcomes = ['revoked', 'kept', 'exception_proposed', 'undecided', 'rejected', 'no_action'] as const;
      out.data(
        JSON.stringify(
          {
            exitCode: 0,
            outDir,
            files,
            plan: { status: result.plan.status, actions: result.plan.actions.length, blockedReasons: result.plan.blockedReasons },
            decisions: { rows: result.log.length, ...Object.fromEntries(outcomes.map((o) => [o, count(o)])) },
          },
          null,
          2,
        ),
      );
    }
    return 0;
  },
};
