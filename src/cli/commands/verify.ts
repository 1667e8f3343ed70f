import type { Argv } from 'yargs';
import { lstat } from 'node:fs/promises';
import { badInput, ExitCode } from '../../errors.js';
import { verifySnapshot } from '../../snapshot/verify.js';
import { createOutput } from '../output.js';
import type { CommandSpec } from './types.js';

export const verifyCommand: CommandSpec = {
  command: 'verify <dir>',
  describe: 'Re-hash a snapshot folder and report changed, missing or added files',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Snapshot folder' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
      .example('$0 verify snapshots/q4', 'Exit 0 intact, 1 tampered, 3 not a snapshot'),
  handler: async (argv) => {
    const out = createOutput({ quiet: argv.quiet as boolean | undefined, verbose: argv.verbose as boolean | undefined });
    const dir = String(argv.dir);
    // Before the snapshot checks: a mistyped path is "no such folder", not "not a finalized snapshot".
    if (!(await lstat(dir).catch(() => null))) throw badInput(`${dir}: no such folder`, 'name a snapshot folder written by snapshot or run');
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
