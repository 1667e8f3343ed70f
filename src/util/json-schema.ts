import type { z } from 'zod';
import { badInput } from '../errors.js';

/**
 * A small JSON file already read (bounded) as bytes, checked against its schema: one line naming the file and the
 * first problem, never a stack trace. `what` reads "a remediation plan", "an apply result".
 */
export function parseJsonBytes<T>(bytes: Buffer, schema: z.ZodType<T>, name: string, what: string, hint: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw badInput(`${name}: not JSON`, hint);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`${name}: not ${what} (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'})`, hint);
  }
  return parsed.data;
}
