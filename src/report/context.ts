import { VENDORS } from '../model/common.js';
import type {
  Account,
  Correlation,
  FindingsDocument,
  Group,
  Identity,
  NormalizedSnapshot,
  RemediationPlan,
  SnapshotManifest,
  Vendor,
  VendorSnapshot,
} from '../model/index.js';
import type { Campaign } from '../review/model.js';
import type { AccessException } from '../audit/exceptions.js';

/** Everything a report needs, as given to writeReports. */
export interface ReportInput {
  outDir: string;
  doc: FindingsDocument;
  snapshot: NormalizedSnapshot;
  manifest: SnapshotManifest | null;
  identities: Identity[];
  correlations: Correlation[];
  plan: RemediationPlan | null;
  /** The review campaign (src/review/), when the audit built one: adds the Review sheet. */
  campaign?: Campaign | null;
  /** The exceptions file as read (kind, approver, expiry of every exception), when one was given. */
  exceptions?: AccessException[] | null;
  /** Rows the IdP export held, for the per-source reconciliation (records read = evaluated + excluded). */
  idpRowsRead?: number | null;
}

export const accountKey = (vendor: Vendor, id: string): string => `${vendor}:${id}`;

/** Lookups built once per report, so each row is O(1) even for a very large organisation. */
export interface ReportContext {
  input: ReportInput;
  vendorSnapshots: VendorSnapshot[];
  /** The same snapshots by vendor, so a table finds its vendor's accounts and groups without a scan. */
  snapshotByVendor: Map<Vendor, VendorSnapshot>;
  identityById: Map<string, Identity>;
  correlationByAccount: Map<string, Correlation>;
  /** Rule codes of the (unsuppressed and suppressed) findings on each account, `<vendor>:<id>`. */
  rulesByAccount: Map<string, string[]>;
  /** Accounts owned by each identity (matched correlations). */
  accountsByIdentity: Map<string, Account[]>;
  groupName: Map<string, string>;
  /** Exceptions' reasons as the correlation knows them (excluded accounts), by exception id. */
  exceptionReason: Map<string, string>;
  hasDiff: boolean;
  exceptionById: Map<string, AccessException>;
}

export function buildContext(input: ReportInput): ReportContext {
  const vendorSnapshots: VendorSnapshot[] = [];
  for (const vendor of VENDORS) {
    const v = input.snapshot.vendors[vendor];
    if (v) vendorSnapshots.push(v);
  }

  const identityById = new Map(input.identities.map((i) => [i.id, i]));
  const correlationByAccount = new Map<string, Correlation>();
  const exceptionReason = new Map<string, string>();
  for (const c of input.correlations) {
    correlationByAccount.set(accountKey(c.vendor, c.accountId), c);
    if (c.owner.state === 'excluded') exceptionReason.set(c.owner.exceptionId, c.owner.reason);
  }

  const rulesByAccount = new Map<string, string[]>();
  for (const f of input.doc.findings) {
    if (!f.vendor || !f.accountId) continue;
    const key = accountKey(f.vendor, f.accountId);
    const list = rulesByAccount.get(key);
    if (list) {
      if (!list.includes(f.rule)) list.push(f.rule);
    } else rulesByAccount.set(key, [f.rule]);
  }

  const accountsByIdentity = new Map<string, Account[]>();
  const groupName = new Map<string, string>();
  for (const vs of vendorSnapshots) {
    for (const g of vs.groups) groupName.set(groupKey(g), g.name);
    for (const a of vs.accounts) {
      const c = correlationByAccount.get(accountKey(a.vendor, a.id));
      if (c?.owner.state !== 'matched') continue;
      const list = accountsByIdentity.get(c.owner.identityId);
      if (list) list.push(a);
      else accountsByIdentity.set(c.owner.identityId, [a]);
    }
  }

  const hasDiff = input.doc.resolved !== undefined || input.doc.findings.some((f) => f.diff !== undefined);
  const exceptionById = new Map((input.exceptions ?? []).map((e) => [e.id, e]));
  const snapshotByVendor = new Map(vendorSnapshots.map((v) => [v.vendor, v]));
  return { input, vendorSnapshots, snapshotByVendor, identityById, correlationByAccount, rulesByAccount, accountsByIdentity, groupName, exceptionReason, hasDiff, exceptionById };
}

export function groupKey(g: Pick<Group, 'vendor' | 'kind' | 'id'>): string {
  return `${g.vendor}:${g.kind}:${g.id}`;
}

/** Human text for an account's owner state: one vocabulary (matched, unmatched, ambiguous, excluded). */
export function ownerText(ctx: ReportContext, vendor: Vendor, accountId: string): { state: string; identity: string; detail: string } {
  const c = ctx.correlationByAccount.get(accountKey(vendor, accountId));
  if (!c) return { state: '', identity: '', detail: '' };
  const o = c.owner;
  switch (o.state) {
    case 'matched': {
      const who = ctx.identityById.get(o.identityId);
      return { state: 'matched', identity: who?.primaryEmail ?? o.identityId, detail: `${o.rule} (${o.key})` };
    }
    case 'unmatched':
      return { state: 'unmatched', identity: '', detail: o.suggestions.length ? `suggestions: ${o.suggestions.join(', ')}` : '' };
    case 'ambiguous':
      return { state: 'ambiguous', identity: '', detail: `candidates: ${o.candidates.join(', ')} (${o.key})` };
    case 'excluded':
      return { state: 'excluded', identity: '', detail: `${o.exceptionId}: ${o.reason}` };
  }
}
