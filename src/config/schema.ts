import { z } from 'zod';
import { IdpFormat } from '../model/identity.js';
import { RuleCode } from '../model/finding.js';
import { Severity, Vendor } from '../model/common.js';

/** Strict objects everywhere: a misspelt key is an error with its JSON path, not a silently ignored option. */
const RateLimit = z.strictObject({
  /** Sustained requests per second. */
  perSecond: z.number().positive().max(1000),
  /** Requests that may go at once after idle time (token bucket size). */
  burst: z.number().int().positive().max(1000),
});

const DixaConfig = z.strictObject({
  baseUrl: z.url().default('https://dev.dixa.io'),
  // research/dixa.md section 5: 10 requests/s per token, bursts of 4.
  rateLimit: RateLimit.default({ perSecond: 10, burst: 4 }),
  /** pageLimit for GET /v1/agents; no documented maximum, so a moderate value. */
  pageLimit: z.number().int().positive().max(1000).default(100),
  concurrency: z.number().int().positive().max(64).default(4),
});

const DialpadConfig = z.strictObject({
  baseUrl: z.url().default('https://dialpad.com'),
  // research/dialpad.md section 7: 20 requests/s per company (1200/min per endpoint).
  rateLimit: RateLimit.default({ perSecond: 20, burst: 20 }),
  /** Page size for list endpoints: more than 100 fails with 400 on some calls. */
  pageLimit: z.number().int().positive().max(100).default(100),
  concurrency: z.number().int().positive().max(64).default(8),
});

/** Column mapping for a CSV that is none of the known exports (format: generic). */
const ColumnMapping = z.strictObject({
  email: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  status: z.string().optional(),
  secondaryEmails: z.array(z.string()).default([]),
  employeeId: z.string().optional(),
  department: z.string().optional(),
  manager: z.string().optional(),
  lastLogin: z.string().optional(),
  groups: z.string().optional(),
  /** Separator inside the groups cell. */
  groupSeparator: z.string().default(';'),
  /** Status values (case-insensitive) and what they mean; anything else is `unknown`. */
  activeValues: z.array(z.string()).default(['active', 'enabled', 'true']),
  suspendedValues: z.array(z.string()).default(['suspended', 'disabled', 'blocked', 'false']),
  deprovisionedValues: z.array(z.string()).default(['deprovisioned', 'deactivated', 'terminated', 'deleted']),
  stagedValues: z.array(z.string()).default(['staged', 'pending']),
});

const IdpConfig = z.strictObject({
  format: z.union([z.literal('auto'), IdpFormat]).default('auto'),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  encoding: z.enum(['utf8', 'utf16le', 'utf16be', 'latin1']).optional(),
  mapping: ColumnMapping.optional(),
});

const VendorEntitlement = z.strictObject({
  /** Regular expressions (case-insensitive) matched against application names in the assignments export. */
  apps: z.array(z.string()),
  /** Group names (exact, case-insensitive) whose members are entitled. */
  groups: z.array(z.string()).default([]),
});

const Entitlements = z.strictObject({
  dixa: VendorEntitlement.default({ apps: ['dixa'], groups: [] }),
  dialpad: VendorEntitlement.default({ apps: ['dialpad'], groups: [] }),
});

const Correlation = z.strictObject({
  /** Identity field holding an immutable id that vendors may carry (rarely: neither vendor has an external id on users). */
  immutableId: z.enum(['employeeId', 'id']).optional(),
  /** Acquired or alternate domains: {"oldco.com": "example.com"} makes a@oldco.com match a@example.com. */
  domainAliases: z.record(z.string(), z.string()).default({}),
  stripPlusTags: z.boolean().default(false),
  stripDots: z.boolean().default(false),
});

const Thresholds = z.strictObject({
  /** An invite older than this, never accepted, is UNACCEPTED_INVITE. */
  inviteMaxAgeDays: z.number().int().positive().default(14),
  /** Days between suspending a Dialpad user and the permanent delete the plan schedules. */
  retentionDays: z.number().int().nonnegative().default(30),
  /** An active account unused (or never signed in since it was created) for longer than this is INACTIVE_ACCOUNT. */
  inactiveDays: z.number().int().positive().max(3650).default(90),
});

/** Licence type -> monthly price of one seat; `default` prices a seat whose type is not listed (or a vendor without types). */
const LicencePrices = z.record(z.string().min(1).max(100), z.number().nonnegative().max(1_000_000));

/** What a seat costs a month, per vendor (Dialpad: by the user's `license`; Dixa: one price per agent under `default`). */
const Licences = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or EUR').default('USD'),
  dixa: LicencePrices.optional(),
  dialpad: LicencePrices.optional(),
});

const PlanConfig = z.strictObject({
  /** Destructive actions per vendor may not exceed this share of its accounts; over it the plan is blocked. */
  destructiveCapPercent: z.number().min(0).max(100).default(10),
  /** What to do with old unaccepted invites. */
  invites: z.enum(['cancel', 'resend']).default('cancel'),
  /** Dialpad office for new users when the IdP does not say (POST /users needs office_id). */
  dialpadDefaultOfficeId: z.string().optional(),
});

/**
 * Bounds on what one vendor may cost a run (DESIGN.md section 9): a hostile or broken API ends as an incomplete
 * listing with the reason, never as a machine out of memory or a run that never ends.
 */
const HttpConfig = z.strictObject({
  /** One response body larger than this is not read further: its listing is incomplete. Sized far above the largest real page (100 records of a few KB). */
  maxResponseBytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** The longest Retry-After one request waits for; a server asking for more ends the request (try again later). */
  maxRetryAfterSeconds: z.number().nonnegative().default(60),
  /** Pages of one listing; more is a loop or a broken API, not a big organisation. */
  maxPagesPerListing: z.number().int().positive().default(10_000),
  /** Per vendor and run: reaching any of these ends that vendor's collection as incomplete. */
  perVendor: z
    .strictObject({
      maxRequests: z.number().int().positive().default(50_000),
      /** Response bytes, all requests together. */
      maxBytes: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
      /** Wall time from the vendor's first request, waits included. */
      maxSeconds: z.number().positive().default(7200),
    })
    .default({ maxRequests: 50_000, maxBytes: 2 * 1024 * 1024 * 1024, maxSeconds: 7200 }),
});
export type HttpConfig = z.infer<typeof HttpConfig>;

/**
 * The quarterly review campaign (docs/campaign.md). Reviewer chain per account: the privileged-access reviewer for
 * admin accounts (when set), the owner's manager from the IdP export, the vendor's app owner, the default reviewer.
 * Every candidate must be an active person of the IdP export and never the account's owner; the chain moves on and
 * the review row says why. Descriptions feed the JSON Schema written by `access-audit init`.
 */
const ReviewConfig = z.strictObject({
  remediationDays: z.number().int().nonnegative().default(14).describe('Days after a Revoke decision by which the next snapshot must show it done, else REVOCATION_NOT_DONE.'),
  useManager: z.boolean().default(true).describe("Assign an account to its owner's manager from the IdP export (Manager column), resolved to a person of the export by email, login, employee id, user id or exact display name."),
  appOwners: z
    .partialRecord(Vendor, z.string().min(3))
    .default({})
    .describe('Per-vendor app owner (an email of an active person in the IdP export): reviewer when the manager cannot review.'),
  defaultReviewer: z.string().min(3).optional().describe('Reviewer of last resort (an email of an active person in the IdP export); also reviews findings without an account when no app owner does.'),
  privilegedReviewer: z.string().min(3).optional().describe('Admin accounts go to this reviewer first (an email of an active person in the IdP export), e.g. the security lead.'),
  dueDays: z.number().int().positive().max(365).default(14).describe('Days from the audit to the campaign due date written in the campaign manifest and every reviewer workbook.'),
});

export const Config = z.strictObject({
  $schema: z.string().optional(),
  vendors: z
    .strictObject({ dixa: DixaConfig.default(DixaConfig.parse({})), dialpad: DialpadConfig.default(DialpadConfig.parse({})) })
    .default({ dixa: DixaConfig.parse({}), dialpad: DialpadConfig.parse({}) }),
  idp: IdpConfig.default(IdpConfig.parse({})),
  entitlements: Entitlements.default(Entitlements.parse({})),
  correlation: Correlation.default(Correlation.parse({})),
  /** IdP groups whose members may hold admin roles; admins outside them are PRIVILEGED_ACCOUNT high. */
  adminGroups: z
    .array(z.string())
    .default([])
    .describe('IdP groups whose members may hold admin roles; an admin outside them is PRIVILEGED_ACCOUNT high.'),
  thresholds: Thresholds.default(Thresholds.parse({})),
  exceptionsFile: z
    .string()
    .optional()
    .describe('Exceptions file (JSON), relative to this config file; --exceptions overrides it. `access-audit init` writes an empty one.'),
  plan: PlanConfig.default(PlanConfig.parse({})),
  licences: Licences.default(Licences.parse({})),
  http: HttpConfig.default(HttpConfig.parse({})),
  review: ReviewConfig.default(ReviewConfig.parse({})).describe('The quarterly review campaign: who reviews which account, and by when.'),
  severity: z
    .partialRecord(RuleCode, Severity)
    .default({})
    .describe(
      'Per-rule severity overrides, e.g. {"UNACCEPTED_INVITE": "medium"}. Empty by default: every rule keeps its documented severity (docs/rules.md). Lowering one, e.g. {"PRIVILEGED_ACCOUNT": "info"}, also hides it from --fail-on high: do it only as a recorded decision.',
    ),
  failOn: Severity.default('high').describe('Exit 1 when an unsuppressed finding is at or above this severity; --fail-on overrides it.'),
});
export type Config = z.infer<typeof Config>;

export const DEFAULT_CONFIG: Config = Config.parse({});
