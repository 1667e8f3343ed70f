import { z } from 'zod';
import { Severity, Vendor } from './common.js';
import { LicenceWaste } from './licence.js';
import { RemediationReport } from './remediation.js';

/** Rule codes: a contract (DESIGN.md section 5). Add, never rename or remove. */
export const RuleCode = z.enum([
  'ORPHANED_ACCOUNT',
  'TERMINATED_STILL_ACTIVE',
  'DEACTIVATED_STILL_ASSIGNED',
  'MISSING_SEAT',
  'UNENTITLED_ACCOUNT',
  'UNACCEPTED_INVITE',
  'AMBIGUOUS_OWNER',
  'DUPLICATE_ACCOUNT',
  'PRIVILEGED_ACCOUNT',
  'SEAT_SHORTFALL',
  'EXCEPTION_EXPIRED',
  'DATA_QUALITY',
  'INACTIVE_ACCOUNT',
  'REVOCATION_NOT_DONE',
]);
export type RuleCode = z.infer<typeof RuleCode>;
export const RULE_CODES: readonly RuleCode[] = RuleCode.options;

export const DiffStatus = z.enum(['new', 'persisting']);

export const Finding = z.object({
  /** Stable across runs: hash of rule, vendor and account id (or identity email / subject key). */
  id: z.string(),
  rule: RuleCode,
  severity: Severity,
  vendor: Vendor.nullable(),
  accountId: z.string().nullable(),
  accountEmail: z.string().nullable(),
  identityId: z.string().nullable(),
  identityEmail: z.string().nullable(),
  /**
   * Natural key of what the finding is about; the id is a hash of rule + subject. Forms:
   * `<vendor>:<accountId>` (account rules), `<vendor>:identity:<normalized email>` (MISSING_SEAT),
   * `<vendor>:office:<officeId>` (SEAT_SHORTFALL), `exception:<id>` (EXCEPTION_EXPIRED),
   * `idp:<idp|assignments>:<email:<normalized email> | row:<cell hash> | header:<column>>:<kind>` (DATA_QUALITY:
   * content, never the file name or row number, so ids survive a renamed export), `<vendor>:<accountId>:lookalike_email`
   * (DATA_QUALITY look-alike).
   */
  subject: z.string(),
  title: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  suppressed: z.boolean(),
  exception: z.string().nullable(),
  /** Present only when --previous was given. */
  diff: DiffStatus.optional(),
});
export type Finding = z.infer<typeof Finding>;

export const NotEvaluated = z.object({
  rule: RuleCode,
  vendor: Vendor.nullable(),
  reason: z.string(),
});
export type NotEvaluated = z.infer<typeof NotEvaluated>;

/** Correlation outcome of one account (DESIGN.md section 4). One vocabulary: matched, unmatched, ambiguous, excluded. */
export const MatchRule = z.enum(['immutable_id', 'primary_email', 'any_email', 'domain_alias']);
export type MatchRule = z.infer<typeof MatchRule>;

export const OwnerState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('matched'), identityId: z.string(), rule: MatchRule, key: z.string() }),
  z.object({ state: z.literal('unmatched'), suggestions: z.array(z.string()) }),
  z.object({ state: z.literal('ambiguous'), candidates: z.array(z.string()), key: z.string() }),
  z.object({ state: z.literal('excluded'), exceptionId: z.string(), reason: z.string() }),
]);
export type OwnerState = z.infer<typeof OwnerState>;

export const Correlation = z.object({
  vendor: Vendor,
  accountId: z.string(),
  owner: OwnerState,
});
export type Correlation = z.infer<typeof Correlation>;

export const InputFile = z.object({ role: z.string(), path: z.string(), sha256: z.string() });

export const RunInfo = z.object({
  id: z.string(),
  toolVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  command: z.string(),
  vendors: z.array(Vendor),
  inputs: z.array(InputFile),
  snapshotDir: z.string().nullable(),
  snapshotSha256: z.string().nullable(),
  /** 'none': findings never change the exit code (the demo's default). */
  failOn: z.union([Severity, z.literal('none')]),
});
export type RunInfo = z.infer<typeof RunInfo>;

export const FindingsSummary = z.object({
  total: z.number().int(),
  unsuppressed: z.number().int(),
  suppressed: z.number().int(),
  byRule: z.record(z.string(), z.number().int()),
  bySeverity: z.record(z.string(), z.number().int()),
  byVendor: z.record(z.string(), z.number().int()),
  identities: z.number().int(),
  accounts: z.record(z.string(), z.number().int()),
  owners: z.record(z.string(), z.number().int()),
  complete: z.boolean(),
  resolved: z.number().int().optional(),
});
export type FindingsSummary = z.infer<typeof FindingsSummary>;

/** findings.json (DESIGN.md section 6). */
export const FindingsDocument = z.object({
  schemaVersion: z.literal(1),
  run: RunInfo,
  /** Reference time of every age and expiry (ISO); an input like the files, so outside the run block. Absent in older runs. */
  asOf: z.string().optional(),
  summary: FindingsSummary,
  notEvaluated: z.array(NotEvaluated),
  findings: z.array(Finding),
  /** Findings of the previous run that are gone now (only with --previous). */
  resolved: z.array(Finding).optional(),
  unusedExceptions: z.array(z.string()).default([]),
  /** Seats held by leavers, never-used and inactive accounts, with their monthly cost (absent in older documents). */
  licenceWaste: LicenceWaste.optional(),
  /** Last review's decisions checked against this snapshot (only with --previous holding decisions). */
  remediation: RemediationReport.optional(),
  /** The run --previous named (the diff's and the remediation check's baseline). */
  previousRun: z.object({ id: z.string(), finishedAt: z.string() }).optional(),
});
export type FindingsDocument = z.infer<typeof FindingsDocument>;
