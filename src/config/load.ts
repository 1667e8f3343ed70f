import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { badInput } from '../errors.js';
import { Config } from './schema.js';

/** A key as the user wrote it, cut short: a megabyte-long unknown key must not come back as a megabyte-long message. */
function shownKey(key: PropertyKey): string {
  const s = String(key);
  return s.length > 80 ? `${s.slice(0, 80)}…(${s.length} chars)` : s;
}

/** `$.vendors.dixa.rateLimit.perSecond` style path for messages. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${shownKey(p)}`)).join('');
}

/** First zod issue as one line: where, and what is allowed. */
export function describeZodIssue(file: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${file}: invalid`;
  let what = issue.message;
  if (issue.code === 'unrecognized_keys') what = `unknown key ${issue.keys.map((k) => `"${shownKey(k)}"`).join(', ')}`;
  return `${file}: ${jsonPath(issue.path)}: ${what}`;
}

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
    raw = JSON.parse(text);
  } catch (err) {
    throw badInput(`config file ${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) throw badInput(describeZodIssue(`config file ${path}`, parsed.error), 'see `access-audit init` for an example');
  return parsed.data;
}
