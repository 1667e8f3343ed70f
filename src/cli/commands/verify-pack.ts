import { ExitCode } from '../../errors.js';
import { loadPublicKey } from '../../pack/sign.js';
import { verifyPack } from '../../pack/verify.js';
import type { Output } from '../output.js';

/** `verify PACK [--pubkey FILE] [--expect SHA]`: the evidence-pack half of the verify command. */
export async function verifyPackCli(path: string, opts: { pubkey: string | undefined; expect: string | undefined; json: boolean }, out: Output): Promise<number> {
  const publicKey = opts.pubkey ? await loadPublicKey(opts.pubkey) : null;
  const result = await verifyPack(path, { publicKey, expect: opts.expect ?? null });
  if (opts.json) out.data(JSON.stringify({ pack: path, ...result }, null, 2));
  for (const f of result.changed) out.warn(`changed: ${f}`);
  for (const f of result.missing) out.warn(`missing: ${f}`);
  for (const f of result.added) out.warn(`added: ${f}`);
  for (const p of result.problems) out.warn(`problem: ${p}`);
  const sig = { valid: 'signature valid', invalid: 'signature INVALID', absent: 'unsigned', 'not-checked': 'signed, signature not checked (give --pubkey)' }[result.signature];
  if (result.intact) {
    out.info(`${path}: intact, ${result.members} members, ${sig} (archive sha256 ${result.archiveSha256}; manifest sha256 ${result.manifestSha256 ?? '-'})`);
    return ExitCode.OK;
  }
  out.warn(
    `${path}: TAMPERED: ${result.changed.length} changed, ${result.missing.length} missing, ${result.added.length} added, ${result.problems.length} other problem(s); ${sig} (archive sha256 ${result.archiveSha256})`,
  );
  return ExitCode.FINDINGS;
}
