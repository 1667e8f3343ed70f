import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { Vendor } from '../model/common.js';
import { RuleCode } from '../model/finding.js';
import { badInput, badInputProblems } from '../errors.js';
import { readFailure } from '../config/load.js';
import { describeIssues } from '../config/issues.js';

/** docs/rules.md "Exceptions". Strict objects: a misspelt key is an error with its JSON path, not a silent no-op. */
export const ExceptionKind = z.enum(['service', 'shared', 'break-glass', 'accepted-risk']);
export type ExceptionKind = z.infer<typeof ExceptionKind>;

/** Kinds that declare an account has no personal owner by design: its owner state is `excluded`. */
export const EXCLUDING_KINDS: ReadonlySet<ExceptionKind> = new Set(['service', 'shared', 'break-glass']);

const DateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

export const ExceptionScope = z.union([
  z.strictObject({ vendor: Vendor, accountId: z.string().min(1) }),
  z.strictObject({ vendor: Vendor, email: z.string().min(1) }),
  z.strictObject({ identityEmail: z.string().min(1) }),
]);
export type ExceptionScope = z.infer<typeof ExceptionScope>;

export const AccessException = z.strictObject({
  id: z.string().min(1),
  kind: ExceptionKind,
  scope: ExceptionScope,
  rules: z.union([z.tuple([z.literal('*')]), z.array(RuleCode).min(1)]),
  reason: z.string().min(1),
  approver: z.string().min(1),
  expires: DateOnly.optional(),
});
export type AccessException = z.infer<typeof AccessException>;

export const ExceptionsFile = z
  .strictObject({
    $schema: z.string().optional(),
    /** Notes for the people who edit the file; never read. */
    $comment: z.string().optional(),
    /** A worked example, checked like an exception but never applied (`access-audit init` writes one). */
    $example: AccessException.optional(),
    exceptions: z.array(AccessException),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.exceptions.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', message: `duplicate exception id "${e.id}"`, path: ['exceptions', i, 'id'] });
      seen.add(e.id);
    });
  });
export type ExceptionsFile = z.infer<typeof ExceptionsFile>;

/** `exceptions[3].scope.vendor` style path of a zod issue. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(root)' : out;
}

export function parseExceptions(raw: unknown, path: string): ExceptionsFile {
  const parsed = ExceptionsFile.safeParse(raw);
  if (!parsed.success) throw badInputProblems(path, describeIssues(parsed.error, ExceptionsFile, raw));
  return parsed.data;
}

/**
 * Reads and validates an exceptions file. `source` names where the path came from when it was not a flag
 * (`$.exceptionsFile` of the config), so a missing file points at the line to fix.
 */
export async function loadExceptions(path: string, source?: string): Promise<ExceptionsFile> {
  const label = source ? `${source}: ${path}` : path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw badInput(`${label}: ${readFailure(err)}`, source ? `fix ${source} in the config, or create the file (access-audit init writes an empty one)` : 'check the --exceptions path');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw badInput(`${label}: not valid JSON (${(err as Error).message})`);
  }
  return parseExceptions(raw, label);
}

/**
 * An exception is valid through the whole of its `expires` day (UTC): it is expired when the as-of time is on a
 * later day. "Expires 2025-03-31" is read by people as "still good on the 31st".
 */
export function isExpired(exception: AccessException, asOf: Date): boolean {
  if (exception.expires === undefined) return false;
  return asOf.getTime() >= Date.parse(`${exception.expires}T00:00:00Z`) + 86_400_000;
}

export function coversRule(exception: AccessException, rule: RuleCode): boolean {
  const rules = exception.rules as readonly string[];
  return rules.includes('*') || rules.includes(rule);
}
