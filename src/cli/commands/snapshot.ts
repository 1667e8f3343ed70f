import type { Argv } from 'yargs';
import { collectSnapshot } from '../../collect/collect.js';
import { progressFor } from '../../collect/progress.js';
import { loadConfig } from '../../config/load.js';
import { AuditError, ExitCode } from '../../errors.js';
import { Vendor } from '../../model/common.js';
import { vendorModule } from '../../vendors/registry.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';
import { vendorOptions } from './options.js';

/** `--vendors dixa,dialpad` as a checked list; an unknown name is a usage error naming the flag. */
export function parseVendors(raw: unknown): Vendor[] {
  const names = String(raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.length === 0) throw new AuditError('--vendors: name at least one vendor', { exitCode: ExitCode.BAD_INPUT, hint: `one of ${Vendor.options.join(', ')}` });
  const out: Vendor[] = [];
  for (const name of names) {
    const parsed = Vendor.safeParse(name);
    if (!parsed.success) throw new AuditError(`--vendors: unknown vendor "${name}"`, { exitCode: ExitCode.BAD_INPUT, hint: `one of ${Vendor.options.join(', ')}` });
    if (!out.includes(parsed.data)) out.push(parsed.data);
  }
  return out;
}

/** Tokens from the environment only (DESIGN.md section 7); a missing one names its variable. */
export function tokensFromEnv(vendors: Vendor[], env: NodeJS.ProcessEnv = process.env): Partial<Record<Vendor, string>> {
  const tokens: Partial<Record<Vendor, string>> = {};
  for (const vendor of vendors) {
    const mod = vendorModule(vendor);
    const token = env[mod.tokenEnv]?.trim();
    if (!token) throw new AuditError(`${mod.tokenEnv} is not set`, { exitCode: ExitCode.BAD_INPUT, hint: `export ${mod.tokenEnv}=<token> or leave ${vendor} out of --vendors` });
    tokens[vendor] = token;
  }
  return tokens;
}

/** --dixa-url / --dialpad-url, checked to be http(s) URLs. */
export function baseUrlsFromArgs(argv: Record<string, unknown>): Partial<Record<Vendor, string>> {
  const out: Partial<Record<Vendor, string>> = {};
  for (const vendor of Vendor.options) {
    const flag = `${vendor}-url`;
    const raw = argv[flag];
    if (raw === undefined || raw === null || raw === '') continue;
    let url: URL;
    try {
      url = new URL(String(raw));
    } catch {
      throw new AuditError(`--${flag}: not a URL: ${String(raw)}`, { exitCode: ExitCode.BAD_INPUT, hint: `e.g. ${vendorModule(vendor).documentedBaseUrl}` });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuditError(`--${flag}: must be an http(s) URL`, { exitCode: ExitCode.BAD_INPUT });
    out[vendor] = url.href.replace(/\/+$/, '');
  }
  return out;
}

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
      if (snap.invalidRecords.length > 0) out.warn(`access-audit: ${vendorModule(v).label}: ${snap.invalidRecords.length} records broke the schema (see manifest.json)`);
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
