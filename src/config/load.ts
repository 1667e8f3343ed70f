import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { badInput, badInputProblems } from '../errors.js';
import { describeIssues, jsonPath as issuePath } from './issues.js';
import { Config } from './schema.js';

/** `$.vendors.dixa.rateLimit.perSecond` style path for messages. */
export const jsonPath = issuePath;

/** First zod issue as one line: where, and what is allowed (for files with no schema-aware description). */
export function describeZodIssue(file: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${file}: invalid`;
  let what = issue.message;
  if (issue.code === 'unrecognized_keys') what = `unknown key ${issue.keys.map((k) => `"${k.length > 80 ? `${k.slice(0, 80)}…(${k.length} chars)` : k}"`).join(', ')}`;
  return `${file}: ${jsonPath(issue.path)}: ${what}`;
}

/** Why a file could not be read, in words a user knows. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? 'error'})`;
}

/**
 * Config keys that name files, resolved against the config file's folder (as `$schema` is): `init` writes the config
 * and its exceptions file side by side, and the run must find them from any working directory.
 */
export const CONFIG_PATH_KEYS = ['exceptionsFile'] as const;

export async function loadConfig(path: string | undefined): Promise<Config> {
  if (!path) return Config.parse({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw badInput(`config file ${path}: cannot read (${code ?? 'error'})`, 'check the --config path');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw badInput(`config file ${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) throw badInputProblems(`config file ${path}`, describeIssues(parsed.error, Config, raw), 'see `access-audit init` for an example');
  const config = parsed.data;
  for (const key of CONFIG_PATH_KEYS) {
    const value = config[key];
    if (value !== undefined && !isAbsolute(value)) config[key] = join(dirname(path), value);
  }
  return config;
}
