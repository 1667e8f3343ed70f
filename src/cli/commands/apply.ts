import type { Argv } from 'yargs';
import { runApply } from '../../apply/run.js';
import { RESULT_JSON, RESULT_MD, type ActionResult } from '../../apply/result.js';
import { progressFor } from '../../collect/progress.js';
import { httpProfileFromEnv } from '../../collect/http-profile.js';
import { ExitCode } from '../../errors.js';
import { Vendor } from '../../model/common.js';
import { stopOnInterrupt } from '../../util/interrupt.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import { baseUrlsFromArgs, configFromArgs, flag, str } from './args.js';
import type { CommandSpec } from './types.js';

const MARK: Record<ActionResult['outcome'], string> = { done: 'DONE', planned: 'WOULD', skipped: 'SKIP', failed: 'FAIL', manual: 'MANUAL' };

export const applyCommand: CommandSpec = {
  command: 'apply',
  describe: 'Carry out a final remediation plan (dry run unless --execute), each action re-checked live and journaled',
  builder: (y: Argv) =>
    y
      .option('plan', { type: 'string', demandOption: true, describe: 'remediation-plan.json written by `plan --decisions` (status ready)' })
      .option('out', { type: 'string', describe: 'Apply folder: journal (apply-journal.jsonl) and result (apply-result.json/.md); required with --execute' })
      .option('execute', { type: 'boolean', default: false, describe: 'Send the changes (without it: a dry run that sends only GET requests)' })
      .option('resume', { type: 'boolean', default: false, describe: 'Continue the run journaled in --out; nothing done is done again' })
      .option('include-permanent', { type: 'boolean', default: false, describe: 'Also run permanent deletes whose retention period is over' })
      .option('confirm-manual', { type: 'boolean', default: false, describe: "The plan's manual steps are done: run the actions that wait for them" })
      .option('allow-mass-removal', { type: 'boolean', default: false, describe: 'Go over the destructive cap (plan.destructiveCapPercent)' })
      .option('config', { type: 'string', describe: 'access-audit.config.json (base URLs, rate limits)' })
      .option('dixa-url', { type: 'string', describe: 'Dixa API base URL (default https://dev.dixa.io)' })
      .option('dialpad-url', { type: 'string', describe: 'Dialpad API base URL (default https://dialpad.com)' })
      .option('allow-insecure-http', { type: 'boolean', default: false, describe: 'Allow a plain http:// base URL to a host that is not loopback' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the apply result as JSON on stdout' })
      .example('$0 apply --plan reports/q4-final/remediation-plan.json', 'Dry run: what would be done, preconditions checked live (GET only)')
      .example('$0 apply --plan reports/q4-final/remediation-plan.json --execute --out reports/q4-apply', 'Carry it out; --resume continues it after a kill'),
  handler: async (argv) => {
    const json = flag(argv, 'json');
    const out = createOutput({ quiet: flag(argv, 'quiet') || json, verbose: flag(argv, 'verbose') });
    const { config } = await configFromArgs(argv);
    const tokens: Partial<Record<Vendor, string>> = {};
    for (const v of Vendor.options) {
      const token = process.env[vendorModule(v).tokenEnv]?.trim();
      if (token) tokens[v] = token;
    }
    let stop = false;
    const release = stopOnInterrupt(() => {
      stop = true;
    });
    const progress = progressFor({ quiet: out.quiet });
    const execute = flag(argv, 'execute');
    try {
      const run = await runApply({
        planFile: str(argv, 'plan') ?? '',
        out: str(argv, 'out'),
        execute,
        resume: flag(argv, 'resume'),
        includePermanent: flag(argv, 'include-permanent'),
        confirmManual: flag(argv, 'confirm-manual'),
        allowMassRemoval: flag(argv, 'allow-mass-removal'),
        baseUrls: baseUrlsFromArgs(argv),
        tokens,
        config,
        allowInsecureHttp: flag(argv, 'allow-insecure-http'),
        http: httpProfileFromEnv(),
        stopRequested: () => stop,
        onResult: (r) => out.info(`${MARK[r.outcome].padEnd(6)} #${r.order + 1} ${r.vendor} ${r.title}${r.outcome === 'done' && r.code === null ? '' : `: ${r.code ? `${r.code}: ` : ''}${r.reason}`}`),
        onWait: (vendor, ms, why) => progress.waiting(vendor, ms, why),
      });
      const r = run.result;
      out.info(
        `${execute ? 'apply' : 'dry run (nothing sent but GET)'}: ${Object.entries(r.counts).map(([k, n]) => `${n} ${k}`).join(', ')}; ${run.counter.attempts} HTTP requests`,
      );
      for (const s of r.stoppedVendors) out.warn(`access-audit: stopped ${vendorModule(s.vendor).label}: ${s.reason}`);
      if (r.interrupted) out.warn('access-audit: interrupted: continue with --resume and the same --plan and --out');
      if (run.dir) out.info(`wrote ${run.dir}/${RESULT_JSON} and ${RESULT_MD} (journal ${r.journal?.file ?? ''})`);
      const exitCode = !r.complete ? (r.interrupted || r.stoppedVendors.length > 0 ? ExitCode.INCOMPLETE : ExitCode.FINDINGS) : r.actions.some((a) => a.outcome === 'skipped' && (a.code === 'drift' || a.code === 'dependency' || a.code === 'call_mismatch')) ? ExitCode.FINDINGS : ExitCode.OK;
      if (json) out.data(JSON.stringify({ exitCode, dir: run.dir, ...r }, null, 2));
      return exitCode;
    } finally {
      release();
      progress.stop();
    }
  },
};
