import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import { progressFor } from '../../collect/progress.js';
import { loadConfig } from '../../config/load.js';
import { ExitCode } from '../../errors.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';
import { baseUrlsFromArgs, parseVendors, tokensFromEnv } from './args.js';
import { vendorOptions } from './options.js';

export const snapshotCommand: CommandSpec = {
  command: 'snapshot',
  describe: 'Collect both vendors into a verifiable snapshot folder',
  builder: (y: Argv) =>
    vendorOptions(y)
      .option('out', { type: 'string', demandOption: true, describe: 'Snapshot folder to write (must not exist or be empty)' })
      .option('config', { type: 'string', describe: 'access-audit.config.json (base URLs, rate limits, page sizes)' })
      .example('$0 snapshot --out snapshots/q4', 'Snapshot Dixa and Dialpad using DIXA_API_TOKEN and DIALPAD_API_TOKEN'),
  handler: async (argv) => {
    const out = createOutput({ quiet: argv.quiet as boolean | undefined, verbose: argv.verbose as boolean | undefined });
    const vendors = parseVendors(argv.vendors);
    const baseUrls = baseUrlsFromArgs(argv);
    const tokens = tokensFromEnv(vendors);
    const config = await loadConfig(argv.config as string | undefined);
    const result = await collectSnapshot({ outDir: String(argv.out), vendors, baseUrls, tokens, config, progress: progressFor({ quiet: out.quiet }) });
    for (const v of vendors) {
      const snap = result.snapshot.vendors[v];
      if (!snap) continue;
      for (const l of snap.listings) if (l.complete && l.reason) out.warn(`access-audit: note: ${vendorModule(v).label} ${l.name}: ${l.reason}`);
      if (snap.invalidRecords.length > 0) {
        const n = snap.invalidRecords.length;
        const where = snap.invalidRecords.slice(0, 5).map((r) => `${r.file ?? r.listing} #${r.index}`);
        out.warn(
          `access-audit: ${vendorModule(v).label}: ${n} unusable ${n === 1 ? 'record' : 'records'} (no id of its own, or a type the document does not allow), counted apart: ${where.join(', ')}${n > 5 ? ', ...' : ''} (all in normalized.json invalidRecords)`,
        );
      }
    }
    out.info(`snapshot written to ${result.dir}`);
    out.info(`manifest.json sha256 ${result.sha256}`);
    if (!result.complete) {
      for (const line of result.failures) out.warn(`access-audit: incomplete: ${line}`);
      return ExitCode.INCOMPLETE;
    }
    return ExitCode.OK;
  },
};
