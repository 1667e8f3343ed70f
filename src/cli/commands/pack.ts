import { stat } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { ExitCode, badInput } from '../../errors.js';
import { buildPack, readRunJson } from '../../pack/build.js';
import { loadSigningKey, SIGNING_KEY_ENV } from '../../pack/sign.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { createOutput } from '../output.js';
import { flag, requireDir, str } from './args.js';
import type { CommandSpec } from './types.js';

export const packCommand: CommandSpec = {
  command: 'pack <dir>',
  describe: 'Write one deterministic (optionally signed) evidence archive of a review: snapshot, findings, workbooks, decisions, plan, run.json',
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Output folder of run/audit (and plan) to pack' })
      .option('snapshot', { type: 'string', describe: "The review's snapshot folder (default: the one its run.json names)" })
      .option('out', { type: 'string', describe: 'Archive to write (default <dir>.evidence.zip); an existing file is never overwritten' })
      .option('sign-key', { type: 'string', describe: `Ed25519 private key (PEM) to sign the pack manifest; or set ${SIGNING_KEY_ENV}` })
      .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout' })
      .example('$0 pack reports/2026-q4 --sign-key pack-signing.pem', 'Then: $0 verify reports/2026-q4.evidence.zip --pubkey pack-signing.pub.pem'),
  handler: async (argv) => {
    const out = createOutput({ quiet: flag(argv, 'quiet') || flag(argv, 'json'), verbose: flag(argv, 'verbose') });
    const reviewDir = await requireDir(str(argv, 'dir'), 'pack <dir>');
    const run = await readRunJson(reviewDir);
    const snapshotDir = str(argv, 'snapshot') ?? run.snapshotDir;
    if (!snapshotDir) throw badInput(`${reviewDir}/run.json names no snapshot folder`, 'give it with --snapshot');
    await requireDir(snapshotDir, '--snapshot');
    const target = str(argv, 'out') ?? `${reviewDir.replace(/[\\/]+$/, '')}.evidence.zip`;
    if (await stat(target).then(() => true, () => false)) throw badInput(`--out ${target}: already exists; never overwritten`, 'remove it or give another --out');
    const signingKey = await loadSigningKey(str(argv, 'sign-key'));
    const pack = await buildPack({ reviewDir, snapshotDir, signingKey });
    await writeFileAtomic(target, pack.bytes);
    const members = Object.keys(pack.manifest.members).length;
    if (flag(argv, 'json')) {
      out.data(JSON.stringify({ pack: target, archiveSha256: pack.archiveSha256, manifestSha256: pack.manifestSha256, members, signed: pack.signed, runId: pack.manifest.runId }, null, 2));
    }
    out.info(`${target}: ${members} files of run ${pack.manifest.runId}, ${pack.signed ? 'signed (Ed25519)' : 'unsigned'}`);
    out.info(`archive sha256 ${pack.archiveSha256}; manifest sha256 ${pack.manifestSha256} (record one; check later with: access-audit verify ${target} --expect <sha256>)`);
    return ExitCode.OK;
  },
};
