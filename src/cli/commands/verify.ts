import type { Argv } from 'yargs';
import { lstat } from 'node:fs/promises';
import { badInput, ExitCode } from '../../errors.js';
import { verifySnapshot } from '../../snapshot/verify.js';
import { createOutput, type Output } from '../output.js';
import type { CommandSpec } from './types.js';
import { isRegularFile } from './args.js';
import { verifyPackCli } from './verify-pack.js';

interface VerifyRequest {
  dir: string;
  /** SHA-256 recorded elsewhere (run.json, a ticket) that manifest.json must still have. */
  expect: string | undefined;
  json: boolean;
  out: Output;
}

export const verifyCommand: CommandSpec = {
  command: 'verify <dir>',
  describe: 'Re-hash a snapshot folder and report changed, missing or added files, links and special files',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Snapshot folder' })
      .option('expect', { type: 'string', describe: 'SHA-256 recorded elsewhere: of the snapshot manifest.json (printed by snapshot and run), or of an evidence pack or its manifest' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
      .option('pubkey', { type: 'string', describe: 'Evidence pack: Ed25519 public key (PEM) its signature must verify under' })
      .example('$0 verify reports/q4.evidence.zip --pubkey pack-signing.pub.pem', 'An evidence pack (access-audit pack): hashes, members and signature')
      .example('$0 verify snapshots/q4', 'Exit 0 intact, 1 tampered, 3 not a snapshot')
      .example('$0 verify snapshots/q4 --expect 3f7a...', 'Also prove manifest.json is the one recorded (a consistently re-hashed snapshot fails)'),
  handler: async (argv) => {
    const out = createOutput({ quiet: argv.quiet as boolean | undefined, verbose: argv.verbose as boolean | undefined });
    const dir = String(argv.dir);
    // Before anything else: a mistyped path is "no such folder", not "not a finalized snapshot".
    if (!(await lstat(dir).catch(() => null))) throw badInput(`${dir}: no such folder`, 'name a snapshot folder written by snapshot or run, or an evidence pack');
    // One function per kind of target: a file is an evidence pack (src/pack/), a folder a snapshot.
    if (await isRegularFile(dir)) {
      return verifyPackCli(dir, { pubkey: argv.pubkey as string | undefined, expect: argv.expect as string | undefined, json: argv.json === true }, out);
    }
    const expect = argv.expect === undefined ? undefined : parseSha256(argv.expect);
    return verifySnapshotFolder({ dir, expect, json: argv.json === true, out });
  },
};

function parseSha256(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(text)) throw badInput(`--expect: "${String(raw)}" is not a SHA-256 (64 hex digits)`, 'copy the manifest.json sha256 that snapshot or run printed');
  return text;
}

async function verifySnapshotFolder(req: VerifyRequest): Promise<number> {
  const { dir, out } = req;
  const result = await verifySnapshot(dir);
  const manifestMatches = req.expect === undefined ? null : req.expect === result.manifestSha256;
  const intact = result.intact && manifestMatches !== false;
  if (req.json) out.data(JSON.stringify({ dir, ...result, intact, expectedManifestSha256: req.expect ?? null, manifestMatchesExpected: manifestMatches }, null, 2));
  for (const f of result.changed) out.warn(`changed: ${f}`);
  for (const f of result.missing) out.warn(`missing: ${f}`);
  for (const f of result.added) out.warn(`added: ${f}`);
  for (const f of result.irregular) out.warn(`not a regular file (${f.type}): ${f.path}`);
  if (manifestMatches === false) out.warn(`manifest.json: sha256 ${result.manifestSha256}, but --expect ${req.expect}: the manifest is not the one recorded`);
  const sha = `manifest.json sha256 ${result.manifestSha256}${manifestMatches ? ', as expected' : ''}`;
  if (intact) {
    out.info(`${dir}: intact (${sha})`);
    return ExitCode.OK;
  }
  const counts = `${result.changed.length} changed, ${result.missing.length} missing, ${result.added.length} added, ${result.irregular.length} not regular files`;
  out.warn(`${dir}: TAMPERED: ${counts}${manifestMatches === false ? ', manifest not the one expected' : ''} (${sha})`);
  return ExitCode.FINDINGS;
}
