import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACK_MANIFEST } from '../../src/pack/layout.js';
import { verifyPack } from '../../src/pack/verify.js';
import { loadPublicKey } from '../../src/pack/sign.js';
import { runCli } from '../helpers/cli.js';

/** Issue 14 acceptance: a pack verifies; any changed, missing or added byte, and a wrong signature, are caught. */
const NO_TOKENS = { DIXA_API_TOKEN: undefined, DIALPAD_API_TOKEN: undefined };
let cwd: string;
let packPath: string;
let pack: Uint8Array;

/** Where each member's stored bytes are, read from the central directory (test-side only, to aim the flips). */
function memberData(zip: Uint8Array): Array<{ name: string; start: number; size: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.byteLength - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const out: Array<{ name: string; start: number; size: number }> = [];
  for (let i = 0; i < count; i++) {
    const size = view.getUint32(p + 20, true);
    const n = view.getUint16(p + 28, true);
    const e = view.getUint16(p + 30, true);
    const c = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = Buffer.from(zip.subarray(p + 46, p + 46 + n)).toString('utf8');
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.push({ name, start, size });
    p += 46 + n + e + c;
  }
  return out;
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-pack-'));
  const demo = await runCli(['run', '--demo', '--snapshot-dir', 'snap', '--out', 'review'], { cwd, env: NO_TOKENS });
  expect(demo.code, demo.stderr).toBe(0);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFile(join(cwd, 'sign.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(cwd, 'sign.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const other = generateKeyPairSync('ed25519');
  await writeFile(join(cwd, 'other.pub.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
  const made = await runCli(['pack', 'review', '--sign-key', 'sign.pem', '--json'], { cwd });
  expect(made.code, made.stderr).toBe(0);
  packPath = join(cwd, 'review.evidence.zip');
  pack = new Uint8Array(await readFile(packPath));
}, 180_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('access-audit pack', () => {
  it('holds the snapshot (manifest and raw files), findings, workbook, plan and run.json, and never prints the key', async () => {
    const names = Object.keys(unzipSync(pack));
    for (const n of ['manifest.json', 'manifest.sig', 'review/findings.json', 'review/access-review.xlsx', 'review/remediation-plan.json', 'review/run.json', 'snapshot/manifest.json', 'snapshot/normalized.json']) {
      expect(names).toContain(n);
    }
    expect(names.filter((n) => n.startsWith('snapshot/raw/')).length).toBeGreaterThan(5);
    const key = await readFile(join(cwd, 'sign.pem'), 'utf8');
    const body = key.split('\n')[1] ?? '';
    expect(body.length).toBeGreaterThan(20);
    expect(Buffer.from(pack).toString('latin1')).not.toContain(body);
  });

  it('is deterministic: the same review packs to the same bytes', async () => {
    const again = await runCli(['pack', 'review', '--sign-key', 'sign.pem', '--out', 'again.zip', '-q'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(Buffer.from(await readFile(join(cwd, 'again.zip'))).equals(Buffer.from(pack))).toBe(true);
  }, 60_000);

  it('refuses to overwrite an existing file (exit 3, one line)', async () => {
    const r = await runCli(['pack', 'review', '--sign-key', 'sign.pem'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/already exists/);
  }, 60_000);
});

describe('access-audit verify PACK', () => {
  it('verifies, with the signature and with --expect (archive or manifest hash)', async () => {
    const ok = await runCli(['verify', 'review.evidence.zip', '--pubkey', 'sign.pub.pem', '--json'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    const result = JSON.parse(ok.stdout) as { signature: string; archiveSha256: string; manifestSha256: string };
    expect(result.signature).toBe('valid');
    for (const sha of [result.archiveSha256, result.manifestSha256]) {
      expect((await runCli(['verify', 'review.evidence.zip', '--expect', sha], { cwd })).code).toBe(0);
    }
    const wrong = await runCli(['verify', 'review.evidence.zip', '--expect', 'f'.repeat(64)], { cwd });
    expect(wrong.code).toBe(1);
  }, 60_000);

  it('catches a wrong public key', async () => {
    const r = await runCli(['verify', 'review.evidence.zip', '--pubkey', 'other.pub.pem'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/signature INVALID/);
  }, 60_000);

  it('catches one flipped byte in every member, in turn', async () => {
    const publicKey = await loadPublicKey(join(cwd, 'sign.pub.pem'));
    const members = memberData(pack);
    expect(members.length).toBeGreaterThan(20);
    const target = join(cwd, 'flipped.zip');
    for (const m of members) {
      const copy = new Uint8Array(pack);
      const at = m.start + Math.floor(m.size / 2);
      copy[at] = (copy[at] as number) ^ 0xff;
      await writeFile(target, copy);
      const r = await verifyPack(target, { publicKey });
      expect(r.intact, m.name).toBe(false);
      // The member itself is named, unless it is the manifest or its signature (then the manifest or signature fails).
      if (m.name !== PACK_MANIFEST && m.name !== 'manifest.sig') expect(r.changed, m.name).toContain(m.name);
    }
  }, 300_000);

  it('catches a missing member, an added member and a replaced signature', async () => {
    const all = unzipSync(pack);
    const publicKey = await loadPublicKey(join(cwd, 'sign.pub.pem'));
    const rezip = async (files: Record<string, Uint8Array>): Promise<string> => {
      const path = join(cwd, 'edited.zip');
      await writeFile(path, zipSync(files));
      return path;
    };
    const { ['review/findings.json']: _gone, ...withoutFindings } = all;
    expect(_gone).toBeDefined();
    const missing = await verifyPack(await rezip(withoutFindings), { publicKey });
    expect(missing.missing).toEqual(['review/findings.json']);
    expect(missing.intact).toBe(false);
    const added = await verifyPack(await rezip({ ...all, 'review/extra.csv': new TextEncoder().encode('a,b\n') }), { publicKey });
    expect(added.added).toEqual(['review/extra.csv']);
    const other = generateKeyPairSync('ed25519');
    const { sign } = await import('node:crypto');
    const forged = sign(null, all[PACK_MANIFEST] as Uint8Array, other.privateKey).toString('base64') + '\n';
    const resigned = await verifyPack(await rezip({ ...all, 'manifest.sig': new TextEncoder().encode(forged) }), { publicKey });
    expect(resigned.signature).toBe('invalid');
    expect(resigned.intact).toBe(false);
    // Unchanged but re-zipped (other compression bytes): still intact, since hashes cover contents.
    expect((await verifyPack(await rezip(all), { publicKey })).intact).toBe(true);
  }, 60_000);

  it('refuses a crafted archive: a member name with .. or an absolute path, before inflating anything', async () => {
    for (const bad of ['../evil.txt', '/etc/passwd', 'review/../../x']) {
      const path = join(cwd, 'crafted.zip');
      await writeFile(path, zipSync({ [PACK_MANIFEST]: new TextEncoder().encode('{}'), [bad]: new Uint8Array([1]) }));
      const r = await runCli(['verify', 'crafted.zip'], { cwd });
      expect(r.code, bad).toBe(3);
      expect(r.stderr).toMatch(/refused/);
    }
  }, 60_000);
});
