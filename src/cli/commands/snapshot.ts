import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import { progressFor } from '../../collect/progress.js';
import { loadConfig } from '../../config/load.js';
import { ExitCode } from '../../errors.js';
import { vendorModule } from '../../vendors/registry.js';
import { checkOutputFolder } from '../../output-folder/guard.js';
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
      .option('json', { type: 'boolean', default: false, describe: 'Print the result (folder, completeness, manifest.json sha256) as JSON on stdout' })
      .example('$0 snapshot --out snapshots/q4', 'Snapshot Dixa and Dialpad using DIXA_API_TOKEN and DIALPAD_API_TOKEN'),
  handler: async (argv) => {
    const json = argv.json === true;
    const out = createOutput({ quiet: (argv.quiet as boolean | undefined) || json, verbose: argv.verbose as boolean | undefined });
    const vendors = parseVendors(argv.vendors);
    const baseUrls = baseUrlsFromArgs(argv);
    const tokens = tokensFromEnv(vendors);
    const configPath = argv.config as string | undefined;
    const config = await loadConfig(configPath);
    const folder = await checkOutputFolder(argv.out, {
      flag: '--out',
      kind: 'snapshot',
      replace: 'never',
      inputs: configPath ? [{ flag: '--config', path: configPath, type: 'file' }] : [],
    });
    const result = await collectSnapshot({
      outDir: folder,
      vendors,
      baseUrls,
      tokens,
      config,
      progress: progressFor({ quiet: out.quiet, verbose: out.verbose }),
      allowInsecureHttp: argv['allow-insecure-http'] === true,
    });
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
    for (const line of result.failures) out.warn(`access-audit: incomplete: ${line}`);
    // Last, so it is the line to copy into the ticket: `verify --expect` later proves the snapshot unchanged.
    out.info(`manifest.json sha256 ${result.sha256}: record it; access-audit verify ${folder.given} --expect ${result.sha256} proves the snapshot unchanged.`);
    const exitCode = result.complete ? ExitCode.OK : ExitCode.INCOMPLETE;
    if (json) {
      const perVendor = Object.fromEntries(
        vendors.flatMap((v) => {
          const snap = result.snapshot.vendors[v];
          return snap ? [[v, { complete: snap.complete, accounts: snap.accounts.length, groups: snap.groups.length, invalidRecords: snap.invalidRecords.length }]] : [];
        }),
      );
      out.data(JSON.stringify({ exitCode, dir: result.dir, manifestSha256: result.sha256, complete: result.complete, failures: result.failures, vendors: perVendor }, null, 2));
    }
    return exitCode;
  },
};
