import { access, constants, lstat, stat } from 'node:fs/promises';
import { badInput } from '../../errors.js';
import { AuditError, ExitCode } from '../../errors.js';
import { Severity, Vendor, VENDORS } from '../../model/common.js';
import { vendorModule } from '../../vendors/registry.js';
import type { Config } from '../../config/schema.js';
import { loadConfig } from '../../config/load.js';
import type { FailOn } from '../../pipeline/exit.js';
import type { CommandInput } from '../../output-folder/guard.js';

export function str(argv: Record<string, unknown>, key: string): string | undefined {
  const v = argv[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function flag(argv: Record<string, unknown>, key: string): boolean {
  return argv[key] === true;
}

export function parseFailOn(raw: string | undefined, config: Config): FailOn {
  if (raw === undefined) return config.failOn;
  if (raw === 'none') return 'none';
  const s = Severity.safeParse(raw);
  if (!s.success) throw badInput(`--fail-on: unknown severity "${raw}"`, 'use critical, high, medium, low, info or none');
  return s.data;
}

export function parseAsOf(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw badInput(`--as-of: "${raw}" is not a date`, 'use ISO 8601, e.g. 2026-11-01 or 2026-11-01T00:00:00Z');
  return d;
}

/** True for an existing regular file (links are not followed). */
export async function isRegularFile(path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => null);
  return st !== null && st.isFile();
}

/** A readable regular file, or exit 3 naming the flag and the path. */
export async function requireFile(path: string | undefined, flagName: string, what: string): Promise<string> {
  if (!path) throw badInput(`${flagName} is required: ${what}`);
  let st;
  try {
    st = await stat(path);
    await access(path, constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw badInput(`${flagName} ${path}: cannot read (${code})`, 'check the path');
  }
  if (!st.isFile()) throw badInput(`${flagName} ${path}: not a file`);
  return path;
}

export async function requireDir(path: string | undefined, flagName: string): Promise<string> {
  if (!path) throw badInput(`${flagName} is required`);
  const st = await stat(path).catch(() => null);
  if (!st) throw badInput(`${flagName} ${path}: no such folder`);
  if (!st.isDirectory()) throw badInput(`${flagName} ${path}: not a folder`);
  return path;
}

/** Flags override the config file. */
export function withUrlOverrides(config: Config, argv: Record<string, unknown>): Config {
  const urls = baseUrlsFromArgs(argv);
  const vendors: Config['vendors'] = { ...config.vendors };
  for (const vendor of VENDORS) {
    const url = urls[vendor];
    if (url) Object.assign(vendors, { [vendor]: { ...vendors[vendor], baseUrl: url } });
  }
  return { ...config, vendors };
}

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

export interface AuditInputPaths {
  idpPath: string;
  assignmentsPath: string | undefined;
  exceptionsPath: string | undefined;
  previousDir: string | undefined;
}

/** --idp, --assignments, --exceptions, --previous: present and readable (or the given defaults), else one line naming the flag. */
export async function auditInputPaths(argv: Record<string, unknown>, defaults: Partial<AuditInputPaths> = {}): Promise<AuditInputPaths> {
  const idpPath = await requireFile(str(argv, 'idp') ?? defaults.idpPath, '--idp', 'the IdP users export (CSV)');
  const assignments = str(argv, 'assignments') ?? defaults.assignmentsPath;
  const exceptions = str(argv, 'exceptions') ?? defaults.exceptionsPath;
  const previous = str(argv, 'previous') ?? defaults.previousDir;
  return {
    idpPath,
    assignmentsPath: assignments ? await requireFile(assignments, '--assignments', 'the app assignments export') : undefined,
    exceptionsPath: exceptions ? await requireFile(exceptions, '--exceptions', 'the exceptions file') : undefined,
    previousDir: previous ? await requireDir(previous, '--previous') : undefined,
  };
}

/** --config (or a default path) read and validated; URL flags override it. */
export async function configFromArgs(argv: Record<string, unknown>, defaultPath?: string): Promise<{ config: Config; configPath: string | undefined }> {
  const given = str(argv, 'config');
  if (given) await requireFile(given, '--config', 'access-audit.config.json');
  const configPath = given ?? defaultPath;
  return { config: withUrlOverrides(await loadConfig(configPath), argv), configPath };
}

/** The files and folders an audit reads, for the output-folder rule: none of their folders is ever an output. */
export function auditInputsOf(paths: AuditInputPaths, configPath: string | undefined, config: Config): CommandInput[] {
  const inputs: CommandInput[] = [{ flag: '--idp', path: paths.idpPath, type: 'file' }];
  if (paths.assignmentsPath) inputs.push({ flag: '--assignments', path: paths.assignmentsPath, type: 'file' });
  const exceptions = paths.exceptionsPath ?? config.exceptionsFile;
  if (exceptions) inputs.push({ flag: '--exceptions', path: exceptions, type: 'file' });
  if (configPath) inputs.push({ flag: '--config', path: configPath, type: 'file' });
  if (paths.previousDir) inputs.push({ flag: '--previous', path: paths.previousDir, type: 'folder' });
  return inputs;
}
