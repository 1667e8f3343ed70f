import { RULE_CODES, SEVERITY_RANK, Severity, VENDORS, type Finding, type FindingsDocument } from '../model/index.js';
import { fileName } from '../util/file-name.js';
import type { ReportContext } from './context.js';
import type { CellValue } from './cells.js';

/** Figures shown in the Overview sheet, summary.html and the terminal: computed once, from the findings themselves. */
export interface Count {
  key: string;
  total: number;
  open: number;
  suppressed: number;
}

function countBy(findings: readonly Finding[], keys: readonly string[], pick: (f: Finding) => string): Count[] {
  const map = new Map<string, Count>(keys.map((k) => [k, { key: k, total: 0, open: 0, suppressed: 0 }]));
  for (const f of findings) {
    const k = pick(f);
    let c = map.get(k);
    if (!c) map.set(k, (c = { key: k, total: 0, open: 0, suppressed: 0 }));
    c.total++;
    if (f.suppressed) c.suppressed++;
    else c.open++;
  }
  return [...map.values()];
}

export const SEVERITIES: readonly Severity[] = [...Severity.options].sort((a, b) => SEVERITY_RANK[b] - SEVERITY_RANK[a]);

export function countsByRule(doc: FindingsDocument): Count[] {
  return countBy(doc.findings, RULE_CODES, (f) => f.rule);
}
export function countsBySeverity(doc: FindingsDocument): Count[] {
  return countBy(doc.findings, SEVERITIES, (f) => f.severity);
}
/** Vendor-less findings (IdP data quality, exceptions) count as `none`. */
export function countsByVendor(doc: FindingsDocument): Count[] {
  return countBy(doc.findings, [...VENDORS, 'none'], (f) => f.vendor ?? 'none');
}

export interface Headline {
  total: number;
  open: number;
  suppressed: number;
  critical: number;
  high: number;
  newCount: number | null;
  persisting: number | null;
  resolved: number | null;
}

export function headline(doc: FindingsDocument): Headline {
  let open = 0;
  let critical = 0;
  let high = 0;
  let newCount = 0;
  let persisting = 0;
  let anyDiff = doc.resolved !== undefined;
  for (const f of doc.findings) {
    if (f.diff !== undefined) anyDiff = true;
    if (f.diff === 'new') newCount++;
    if (f.diff === 'persisting') persisting++;
    if (f.suppressed) continue;
    open++;
    if (f.severity === 'critical') critical++;
    if (f.severity === 'high') high++;
  }
  return {
    total: doc.findings.length,
    open,
    suppressed: doc.findings.length - open,
    critical,
    high,
    newCount: anyDiff ? newCount : null,
    persisting: anyDiff ? persisting : null,
    resolved: anyDiff ? (doc.resolved?.length ?? 0) : null,
  };
}

/** One source the run read: a vendor snapshot or an IdP file, with when it was extracted and whether completely. */
export interface SourceFact {
  source: string;
  kind: 'vendor' | 'file';
  extractedAt: string;
  complete: boolean;
  records: number | null;
  detail: string;
}

export function sourceFacts(ctx: ReportContext): SourceFact[] {
  const out: SourceFact[] = [];
  const doc = ctx.input.doc;
  for (const vendor of doc.run.vendors) {
    const vs = ctx.snapshotByVendor.get(vendor);
    if (!vs) {
      out.push({ source: vendor, kind: 'vendor', extractedAt: '', complete: false, records: 0, detail: 'not in the snapshot' });
      continue;
    }
    const incomplete = vs.listings.filter((l) => !l.complete).map((l) => `${l.name}: ${l.reason ?? 'incomplete'}`);
    const reasons = [...vs.incompleteReasons, ...incomplete.filter((r) => !vs.incompleteReasons.includes(r))];
    out.push({
      source: vendor,
      kind: 'vendor',
      extractedAt: `${vs.startedAt} – ${vs.finishedAt}`,
      complete: vs.complete,
      records: vs.accounts.length,
      detail: `${vs.baseUrl}${vs.org ? ` (org ${vs.org.name})` : ''}; ${vs.listings.length} listings, ${vs.groups.length} groups${reasons.length ? `; ${reasons.join('; ')}` : ''}`,
    });
  }
  for (const input of doc.run.inputs) {
    out.push({ source: input.role, kind: 'file', extractedAt: '', complete: true, records: input.role === 'idp' ? ctx.input.identities.length : null, detail: `${fileName(input.path)} (sha256 ${input.sha256})` });
  }
  return out;
}

/** Accounts read = matched + unmatched + ambiguous + excluded, per vendor (auditors reconcile counts). */
export function ownerCounts(ctx: ReportContext): Array<{ vendor: string; accounts: number; matched: number; unmatched: number; ambiguous: number; excluded: number; uncorrelated: number }> {
  return ctx.vendorSnapshots.map((vs) => {
    const c = { vendor: vs.vendor, accounts: vs.accounts.length, matched: 0, unmatched: 0, ambiguous: 0, excluded: 0, uncorrelated: 0 };
    for (const a of vs.accounts) {
      const state = ctx.correlationByAccount.get(`${a.vendor}:${a.id}`)?.owner.state;
      if (state) c[state]++;
      else c.uncorrelated++;
    }
    return c;
  });
}

/** The Overview sheet as rows of Section / Item / Value / Detail. */
export function overviewRows(ctx: ReportContext): CellValue[][] {
  const { doc, plan } = ctx.input;
  const h = headline(doc);
  const rows: CellValue[][] = [];
  const run = doc.run;
  rows.push(['Run', 'Run ID', run.id, null]);
  rows.push(['Run', 'Tool version', `access-audit ${run.toolVersion}`, null]);
  rows.push(['Run', 'Command', run.command, null]);
  rows.push(['Run', 'Started (UTC)', run.startedAt, null]);
  rows.push(['Run', 'Finished (UTC)', run.finishedAt, null]);
  if (doc.asOf) rows.push(['Run', 'As of (UTC)', doc.asOf, 'reference time of every age and expiry (--as-of, else the snapshot\'s end)']);
  rows.push(['Run', 'Fail on', run.failOn, 'exit code 1 when an open finding is at or above this severity']);
  rows.push(['Scope', 'Vendors', run.vendors.join(', '), null]);
  rows.push(['Scope', 'Identities read', ctx.input.identities.length, null]);
  for (const s of sourceFacts(ctx)) {
    rows.push(['Source', s.source, s.complete ? 'complete' : 'INCOMPLETE', `${s.extractedAt ? `extracted ${s.extractedAt}; ` : ''}${s.records === null ? '' : `${s.records} records; `}${s.detail}`]);
  }
  for (const o of ownerCounts(ctx)) {
    rows.push([
      'Reconciliation',
      `${o.vendor} accounts`,
      o.accounts,
      `matched ${o.matched} + unmatched ${o.unmatched} + ambiguous ${o.ambiguous} + excluded ${o.excluded}${o.uncorrelated ? ` + not correlated ${o.uncorrelated}` : ''} = ${o.matched + o.unmatched + o.ambiguous + o.excluded + o.uncorrelated}`,
    ]);
  }
  rows.push(['Findings', 'Total', h.total, `${h.open} open, ${h.suppressed} suppressed by exceptions`]);
  for (const c of countsBySeverity(doc)) rows.push(['By severity', c.key, c.total, `${c.open} open, ${c.suppressed} suppressed`]);
  for (const c of countsByRule(doc)) rows.push(['By rule', c.key, c.total, `${c.open} open, ${c.suppressed} suppressed`]);
  for (const c of countsByVendor(doc)) rows.push(['By vendor', c.key, c.total, `${c.open} open, ${c.suppressed} suppressed`]);
  if (h.newCount !== null) {
    rows.push(['Diff', 'New', h.newCount, 'since the previous run']);
    rows.push(['Diff', 'Persisting', h.persisting, null]);
    rows.push(['Diff', 'Resolved', h.resolved, 'in the previous run, gone now']);
  }
  if (doc.notEvaluated.length === 0) rows.push(['Not evaluated', 'none', null, 'every rule was evaluated']);
  for (const n of doc.notEvaluated) rows.push(['Not evaluated', n.rule, n.vendor ?? 'all vendors', n.reason]);
  for (const id of doc.unusedExceptions) rows.push(['Unused exception', id, null, 'covered nothing in this run']);
  for (const i of run.inputs) rows.push(['Input hash', i.role, i.sha256, fileName(i.path)]);
  if (run.snapshotSha256) rows.push(['Input hash', 'snapshot manifest', run.snapshotSha256, run.snapshotDir === null ? null : fileName(run.snapshotDir)]);
  const campaign = ctx.input.campaign;
  if (campaign) {
    rows.push(['Campaign', 'Review rows', campaign.rows.length, 'accounts in scope, one row each on the Review sheet']);
    rows.push(['Campaign', 'Findings to decide', campaign.findingTasks.length, 'open findings without an account, decided on the Findings sheet']);
    rows.push(['Campaign', 'Reviewers', campaign.reviewers.length, null]);
    rows.push(['Campaign', 'Unassigned', campaign.unassigned.length, campaign.unassigned.length > 0 ? 'no reviewer chain link could take these: the campaign cannot close' : null]);
    rows.push(['Campaign', 'Due date', campaign.dueDate, 'review.dueDays after the audit']);
  }
  if (plan) {
    rows.push(['Plan', 'Status', plan.status, plan.blockedReasons.join('; ') || null]);
    rows.push(['Plan', 'Actions', plan.actions.length, `${plan.actions.filter((a) => a.destructive).length} destructive`]);
  }
  return rows;
}
