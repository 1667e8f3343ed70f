import type { Argv } from 'yargs';
import { ExitCode } from '../../errors.js';
import { verifySnapshot } from '../../snapshot/verify.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';
import { isRegularFile } from './args.js';
import { verifyPackCli } from './verify-pack.js';

export const verifyCommand: CommandSpec = {
  command: 'verify <dir>',
  describe: 'Re-hash a snapshot folder and report changed, missing or added files',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Snapshot folder' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
      .option('pubkey', { type: 'string', describe: 'Evidence pack: Ed25519 public key (PEM) its signature must verify under' })
      .option('expect', { type: 'string', describe: 'Evidence pack: the archive or manifest SHA-256 recorded when it was made' })
      .example('$0 verify reports/q4.evidence.zip --pubkey pack-signing.pub.pem', 'An evidence pack (access-audit pack): hashes, members and signature')
      .example('$0 verify snapshots/q4', 'Exit 0 intact, 1 tampered, 3 not a snapshot'),
  handler: async (argv) => {
    const out = createOutput({ quiet: argv.quiet as boolean | undefined, verbose: argv.verbose as boolean | undefined });
    const dir = String(argv.dir);
    // A file is an evidence pack (src/pack/); a folder is a snapshot.
    if (await isRegularFile(dir)) {
      return verifyPackCli(dir, { pubkey: argv.pubkey as string | undefined, expect: argv.expect as string | undefined, json: argv.json === true }, out);
    }
    const result = await verifySnapshot(dir);
    if (argv.json) out.data(JSON.stringify({ dir, ...result }, null, 2));
    for (const f of result.changed) out.warn(`changed: ${f}`);
    for (const f of result.missing) out.warn(`missing: ${f}`);
    for (const f of result.added) out.warn(`added: ${f}`);
    if (result.intact) {
      out.info(`${dir}: intact (manifest.json sha256 ${result.manifestSha256})`);
      return ExitCode.OK;
    }
    out.warn(`${dir}: TAMPERED: ${result.changed.length} changed, ${result.missing.length} missing, ${result.added.length} added (manifest.json sha256 ${result.manifestSha256})`);
    return ExitCode.FINDINGS;
  },
};
