import { access, constants, readdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isExpired, loadExceptions } from '../audit/exceptions.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { AuditError, oneLine } from '../errors.js';
import { checkOutputFolder as checkFolderRule, type CheckedOutputFolder, type OutputFolderRule } from '../output-folder/guard.js';
import { openIdpFile } from '../idp/read.js';
import { summarizeIdp } from '../idp/summary.js';
import { fail, pass, type DoctorCheck } from './check.js';

/** An exception expiring within this many days expires during a review that starts now. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

function problem(err: unknown): string {
  if (err instanceof AuditError) return err.lines().map((l) => l.trim()).join('; ');
  throw err;
}

export async function checkConfig(path: string | undefined): Promise<{ check: DoctorCheck; config: Config | null }> {
  if (!path) return { check: pass('Config', 'no --config: documented defaults (access-audit init writes a starter file)'), config: await loadConfig(undefined) };
  try {
    const config = await loadConfig(path);
    return { check: pass('Config', `${path} is valid`), config };
  } catch (err) {
    return { check: fail('Config', problem(err), 'fix the keys named (access-audit init shows every section with its default)'), config: null };
  }
}

/** Format detected, people counted, statuses found, rows without email: what the audit will make of the export. */
export async function checkIdpExport(name: string, flag: string, path: string | undefined, config: Config | null, required: boolean): Promise<DoctorCheck | null> {
  if (!path) {
    return required ? fail(name, `no ${flag} given`, `pass ${flag} <file>: the doctor reads it as the audit will`) : null;
  }
  try {
    const stream = await openIdpFile(path, {
      format: flag === '--idp' ? (config?.idp.format ?? 'auto') : 'auto',
      ...(flag === '--idp' && config?.idp.delimiter ? { delimiter: config.idp.delimiter } : {}),
      ...(flag === '--idp' && config?.idp.encoding ? { encoding: config.idp.encoding } : {}),
      ...(flag === '--idp' && config?.idp.mapping ? { mapping: config.idp.mapping } : {}),
    });
    const s = await summarizeIdp(stream);
    const statuses = Object.entries(s.statuses)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    const noEmail = s.notesByKind['no_email'] ?? 0;
    const detail = `${path}: ${s.formatLabel}, ${s.identities} people${statuses ? ` (${statuses})` : ''}, ${s.assignments} assignment rows, ${noEmail} rows without email`;
    if (flag === '--idp' && s.identities === 0) return fail(name, detail, 'pass the users export with --idp (the app assignments go to --assignments)');
    if (flag === '--assignments' && s.assignments === 0 && s.groupColumns.length === 0) return fail(name, detail, 'pass the app assignments export (who is entitled to which app) with --assignments');
    if (noEmail > 0) return fail(name, detail, `give those rows an email in the IdP (they cannot be matched to any account); \`access-audit idp ${path}\` lists them`);
    if ((s.statuses.unknown ?? 0) > 0) return fail(name, detail, `map the unknown statuses (idp.mapping in the config) or fix them in the IdP; \`access-audit idp ${path}\` lists them`);
    return pass(name, detail);
  } catch (err) {
    return fail(name, problem(err), `check ${flag}`);
  }
}

/** Valid, and nothing expired or expiring during the review: an expired exception stops suppressing at once. */
export async function checkExceptions(path: string | undefined, source: string | undefined, now: Date): Promise<DoctorCheck | null> {
  if (!path) return null;
  const name = 'Exceptions';
  let file;
  try {
    file = await loadExceptions(path, source);
  } catch (err) {
    return fail(name, problem(err), source ? `fix ${source} in the config or create the file` : 'check --exceptions');
  }
  const soon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  const expired = file.exceptions.filter((e) => isExpired(e, now));
  const expiring = file.exceptions.filter((e) => !isExpired(e, now) && isExpired(e, soon));
  const list = (xs: typeof expired): string => xs.slice(0, 5).map((e) => `${e.id} (${e.expires ?? '?'})`).join(', ') + (xs.length > 5 ? `, and ${xs.length - 5} more` : '');
  const counted = `${path}: ${file.exceptions.length} exceptions`;
  if (expired.length > 0 || expiring.length > 0) {
    const parts = [expired.length > 0 ? `${expired.length} expired: ${list(expired)}` : '', expiring.length > 0 ? `${expiring.length} expire within ${EXPIRY_WARNING_DAYS} days: ${list(expiring)}` : ''].filter(Boolean);
    return fail(name, `${counted}; ${parts.join('; ')}`, 'renew them (new expiry and approver) or remove them and fix what they covered');
  }
  return pass(name, `${counted}, none expired or expiring within ${EXPIRY_WARNING_DAYS} days`);
}

/**
 * An output folder the run may use without destroying anything it did not create: new (its nearest existing parent
 * writable), empty, or an earlier output of access-audit (it holds `marker`). Nothing is written to find out.
 */
/**
 * The output folder rule (README), checked exactly as the run will check it (src/output-folder/guard.ts, which writes
 * nothing), then whether the folder, or the one it would be created in, is writable.
 */
export async function checkOutputFolder(name: string, path: string, rule: OutputFolderRule): Promise<DoctorCheck> {
  const { flag } = rule;
  let checked: CheckedOutputFolder;
  try {
    checked = await checkFolderRule(path, rule);
  } catch (err) {
    if (err instanceof AuditError) return fail(name, oneLine(err.message), err.hint ?? `choose another ${flag}`);
    throw err;
  }
  const abs = checked.path;
  const st = await stat(abs).catch(() => null);
  if (st) {
    if (!(await writable(abs))) return fail(name, `${path} is not writable`, `fix its permissions or choose another ${flag}`);
    const entries = await readdir(abs);
    return pass(name, `${path}: ${entries.length === 0 ? 'empty' : `an earlier access-audit ${rule.kind} (its marker), replaced by the run`}, writable`);
  }
  let parent = dirname(abs);
  for (;;) {
    const p = await stat(parent).catch(() => null);
    if (p) {
      if (!p.isDirectory()) return fail(name, `${parent} is a file, so ${path} cannot be created`, `choose another ${flag}`);
      if (!(await writable(parent))) return fail(name, `${path} would be created in ${parent}, which is not writable`, `fix its permissions or choose another ${flag}`);
      return pass(name, `${path}: new, created in ${parent}`);
    }
    const up = dirname(parent);
    if (up === parent) return fail(name, `no existing parent of ${path}`, `choose another ${flag}`);
    parent = up;
  }
}

async function writable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}
