import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { badInput } from '../errors.js';

/** Environment variable that may hold the PEM private key instead of a key file (never printed, never stored). */
export const SIGNING_KEY_ENV = 'ACCESS_AUDIT_PACK_SIGNING_KEY';

async function readKeyText(path: string, flagName: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw badInput(`${flagName} ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'give a PEM key file');
  }
}

/** The Ed25519 private key from --sign-key FILE, else from the environment, else none (the pack is unsigned). */
export async function loadSigningKey(path: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<KeyObject | null> {
  const where = path ? `--sign-key ${path}` : SIGNING_KEY_ENV;
  const text = path ? await readKeyText(path, '--sign-key') : env[SIGNING_KEY_ENV];
  if (!text) return null;
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    // The key's text is never quoted: it is a secret.
    throw badInput(`${where}: not a PEM private key`, 'generate one with: openssl genpkey -algorithm ed25519 -out pack-signing.pem');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw badInput(`${where}: a ${key.asymmetricKeyType ?? 'unknown'} key; pack signatures are Ed25519`);
  return key;
}

export async function loadPublicKey(path: string): Promise<KeyObject> {
  const text = await readKeyText(path, '--pubkey');
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw badInput(`--pubkey ${path}: not a PEM public key`, 'export it with: openssl pkey -in pack-signing.pem -pubout -out pack-signing.pub.pem');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw badInput(`--pubkey ${path}: a ${key.asymmetricKeyType ?? 'unknown'} key; pack signatures are Ed25519`);
  return key;
}

/** Ed25519 signs the message itself (no separate digest): the manifest's exact bytes. Base64, one line. */
export function signManifest(manifest: Uint8Array, key: KeyObject): string {
  return sign(null, manifest, key).toString('base64') + '\n';
}

export function signatureValid(manifest: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  const text = Buffer.from(signature).toString('ascii').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return false;
  try {
    return verify(null, manifest, key, Buffer.from(text, 'base64'));
  } catch {
    return false;
  }
}
