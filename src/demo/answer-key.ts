import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { badInput } from '../errors.js';
import { describeZodIssue } from '../config/load.js';
import { RuleCode } from '../model/finding.js';
import { Severity, Vendor } from '../model/common.js';

/**
 * One finding the audit must produce for a demo organisation. Findings are identified by `rule` + `subject`
 * (docs/rules.md: subject forms; `id` = F- + first 16 hex of SHA-256 of `rule \u001f subject`); `severity` and
 * `suppressed` must match too. vendor, accountId and identityEmail are given to help a reader, `why` says what was planted.
 */
export const ExpectedFinding = z.strictObject({
  id: z.string().regex(/^F-[0-9a-f]{16}$/),
  rule: RuleCode,
  subject: z.string().min(1),
  severity: Severity,
  vendor: Vendor.nullable(),
  accountId: z.string().nullable(),
  /** Normalized primary email of the identity the finding is about (matched owner, or the MISSING_SEAT identity). */
  identityEmail: z.string().nullable(),
  suppressed: z.boolean(),
  /** Id of the exception that suppresses it, when suppressed. */
  exception: z.string().nullable(),
  why: z.string().min(1),
});
export type ExpectedFinding = z.infer<typeof ExpectedFinding>;

/** Something that resembles a problem but must produce no finding at all with this subject. */
export const LookAlike = z.strictObject({
  subject: z.string().min(1),
  why: z.string().min(1),
});
export type LookAlike = z.infer<typeof LookAlike>;

/** The reviewer the campaign must assign to a planted account (src/demo/review-cases.ts), and which chain link does. */
export const ExpectedReview = z.strictObject({
  vendor: Vendor,
  accountId: z.string(),
  /** Normalized primary email of the reviewer. */
  reviewer: z.string(),
  assignedBy: z.enum(['privileged', 'manager', 'app_owner', 'default']),
  why: z.string().min(1),
});
export type ExpectedReview = z.infer<typeof ExpectedReview>;

export const AnswerKey = z.strictObject({
  schemaVersion: z.literal(1),
  generatorVersion: z.string(),
  seed: z.number().int(),
  asOf: z.string(),
  idpFormat: z.string(),
  /** Every finding the audit must produce (suppressed ones included), nothing else; sorted like findings.json. */
  expected: z.array(ExpectedFinding),
  lookAlikes: z.array(LookAlike),
  /** Planted reviewer assignments of the review campaign (absent in keys written before it). */
  reviewAssignments: z.array(ExpectedReview).default([]),
});
export type AnswerKey = z.infer<typeof AnswerKey>;

export async function loadAnswerKey(path: string): Promise<AnswerKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw badInput(`answer key ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw badInput(`answer key ${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = AnswerKey.safeParse(raw);
  if (!parsed.success) throw badInput(describeZodIssue(`answer key ${path}`, parsed.error));
  return parsed.data;
}
