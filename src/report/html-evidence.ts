import { escapeHtml } from './escape-html.js';
/**
 * summary.html sections for auditors (issue 14): the INCOMPLETE banner, plan status, exceptions, per-source
 * reconciliation, the appendix of every finding with an anchor and where each fact came from, and print CSS with the
 * run id and page numbers. Kept apart from html.ts so each section can change without touching the others.
 */
import { isExpired } from '../audit/exceptions.js';
import type { Finding } from '../model/index.js';
import type { ReportContext } from './context.js';
import { sourceFacts } from './facts.js';

const esc = escapeHtml;

/** Anchor of a finding in the appendix; ids are `F-` + hex, but anything else is reduced to a safe alphabet. */
export function findingAnchor(id: string): string {
  return `finding-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export const EVIDENCE_CSS = `
.banner-incomplete{background:#c62828;color:#fff;padding:12px 32px;font-weight:600;font-size:15px}
.banner-incomplete .small{color:#fff;opacity:.9;font-weight:400}
.warn{color:#b26a00;font-weight:600}
a.fid{color:inherit}
`;

/** Print: run id and page numbers in every page's margin. The run id is ours (a UUID), filtered to a safe alphabet for CSS. */
export function printCss(runId: string): string {
  const safe = runId.replace(/[^A-Za-z0-9-]/g, '');
  return `@page{@bottom-left{content:"access-audit run ${safe}";font-size:9px;color:#5b6673}@bottom-right{content:"page " counter(page) " of " counter(pages);font-size:9px;color:#5b6673}}`;
}

/** First thing on the page whenever a source was not read completely: the figures below are then a lower bound. */
export function incompleteBanner(ctx: ReportContext): string {
  const incomplete = sourceFacts(ctx).filter((s) => !s.complete);
  if (incomplete.length === 0) return '';
  const list = incomplete.map((s) => `${esc(s.source)} (${esc(s.detail)})`).join('; ');
  return `<div class="banner-incomplete" role="alert" data-testid="incomplete-banner">INCOMPLETE: ${incomplete.length} source${incomplete.length === 1 ? ' was' : 's were'} not read completely, so the counts below are a lower bound and ${ctx.input.doc.notEvaluated.length} rule/vendor pair(s) were not evaluated.
<div class="small">${list}</div></div>`;
}

export function planStatusLine(ctx: ReportContext): string {
  const plan = ctx.input.plan;
  if (!plan) return '';
  const n = plan.actions.length;
  const text =
    plan.status === 'blocked'
      ? `BLOCKED (${n} actions): ${plan.blockedReasons.join(' ')}`
      : plan.status === 'empty'
        ? 'nothing to do'
        : `ready for review (${n} actions; a proposal, nothing was changed)`;
  return `<p data-testid="plan-status">Remediation plan: <span class="${plan.status === 'blocked' ? 'bad' : ''}">${esc(text)}</span> (remediation-plan.md)</p>`;
}

/** Every exception of the file: applied (covered a finding or excluded an account), expired, unused; no expiry is warned. */
export function exceptionsSection(ctx: ReportContext): string {
  const list = ctx.input.exceptions ?? [];
  if (list.length === 0) return '';
  const doc = ctx.input.doc;
  const asOf = new Date(doc.asOf ?? doc.run.finishedAt);
  const covered = new Map<string, number>();
  for (const f of doc.findings) if (f.exception) covered.set(f.exception, (covered.get(f.exception) ?? 0) + 1);
  const excluded = new Map<string, number>();
  for (const c of ctx.input.correlations) if (c.owner.state === 'excluded') excluded.set(c.owner.exceptionId, (excluded.get(c.owner.exceptionId) ?? 0) + 1);
  const unused = new Set(doc.unusedExceptions);
  const rows = [...list]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => {
      const state = isExpired(e, asOf) ? 'expired' : unused.has(e.id) ? 'unused' : 'applied';
      const use = `${covered.get(e.id) ?? 0} finding(s) suppressed, ${excluded.get(e.id) ?? 0} account(s) excluded`;
      const expiry = e.expires ? esc(e.expires) : '<span class="warn" data-testid="exception-no-expiry">no expiry: set one</span>';
      return `<tr data-testid="exception-row" data-state="${state}"><td class="mono">${esc(e.id)}</td><td>${esc(e.kind)}</td><td>${esc(e.approver)}</td><td>${expiry}</td><td class="${state === 'applied' ? 'ok' : 'bad'}">${state}</td><td class="small">${esc(use)}; ${esc(e.reason)}</td></tr>`;
    })
    .join('\n');
  const noExpiry = list.filter((e) => !e.expires).length;
  return `<section id="exceptions" data-testid="exceptions"><h2>Exceptions</h2>
${noExpiry ? `<p class="warn">${noExpiry} exception(s) without an expiry: an accepted risk should be reviewed again by a date.</p>` : ''}
<table><thead><tr><th>ID</th><th>Kind</th><th>Approver</th><th>Expires</th><th>State (as of ${esc(asOf.toISOString())})</th><th>Use</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** Records read = evaluated + excluded, per source, with the reasons for what was excluded. */
export function reconciliationSection(ctx: ReportContext): string {
  const rows: string[] = [];
  for (const vs of ctx.vendorSnapshots) {
    const read = vs.accounts.length + vs.invalidRecords.length;
    const evaluated = new Set(vs.accounts.map((a) => a.id)).size;
    const reasons: string[] = [];
    const dup = vs.accounts.length - evaluated;
    if (dup > 0) reasons.push(`${dup} listed twice (same id)`);
    for (const r of vs.invalidRecords) reasons.push(`${r.listing}[${r.index}]: ${r.problem}`);
    rows.push(`<tr data-testid="records-${vs.vendor}"><td>${esc(vs.vendor)} accounts</td><td>${read}</td><td>${evaluated}</td><td>${read - evaluated}</td><td class="small">${esc(reasons.join('; '))}</td></tr>`);
  }
  const rowsRead = ctx.input.idpRowsRead;
  if (rowsRead !== undefined && rowsRead !== null) {
    const evaluated = ctx.input.identities.length;
    rows.push(
      `<tr data-testid="records-idp"><td>IdP export rows</td><td>${rowsRead}</td><td>${evaluated}</td><td>${rowsRead - evaluated}</td><td class="small">${rowsRead - evaluated > 0 ? 'rows that describe no person (no id, email or login; not a user row)' : ''}</td></tr>`,
    );
  }
  return `<h2 style="margin-top:16px">Records read = evaluated + excluded</h2>
<table><thead><tr><th>Source</th><th>Read</th><th>Evaluated</th><th>Excluded</th><th>Why excluded</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** Where a finding's facts came from: the raw file and record for vendor facts, the IdP file and row for identity facts. */
export function findingSources(f: Finding): string[] {
  const out: string[] = [];
  const account = f.evidence['account'] as { source?: { file?: string; pointer?: string } } | undefined;
  if (account?.source?.file) out.push(`${account.source.file}${account.source.pointer ? ` ${account.source.pointer}` : ''}`);
  const identity = f.evidence['identity'] as { source?: { file?: string; row?: number } } | undefined;
  if (identity?.source?.file) out.push(`${identity.source.file} row ${identity.source.row ?? '?'}`);
  const file = f.evidence['file'];
  const row = f.evidence['row'];
  if (typeof file === 'string') out.push(`${file}${typeof row === 'number' ? ` row ${row}` : ''}`);
  return out;
}

/** Every finding, each with an anchor (the top list and the diff link here), its evidence sources and exception. */
export function findingsAppendix(ctx: ReportContext): string {
  const rows = ctx.input.doc.findings
    .map(
      (f) => `<tr id="${findingAnchor(f.id)}" data-testid="appendix-row"><td class="mono small">${esc(f.id)}</td><td>${esc(f.severity)}</td><td class="mono">${esc(f.rule)}</td><td>${esc(f.vendor ?? '')}</td>
<td class="who">${esc(f.accountEmail ?? f.identityEmail ?? f.accountId ?? f.subject)}</td><td>${esc(f.title)}</td><td class="small">${esc(findingSources(f).join('; '))}</td><td class="small">${f.suppressed ? `suppressed by ${esc(f.exception ?? '')}` : ''}</td></tr>`,
    )
    .join('\n');
  return `<section id="appendix" data-testid="appendix"><h2>Appendix: all ${ctx.input.doc.findings.length} findings</h2>
<p class="note">Source: the raw response file in the snapshot (and the record in it) for vendor facts, the IdP file and row for identity facts.</p>
<table><thead><tr><th>ID</th><th>Severity</th><th>Rule</th><th>Vendor</th><th>Account / person</th><th>Title</th><th>Source</th><th>Exception</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** Names the run the diff compares with. */
export function previousRunLine(ctx: ReportContext): string {
  const doc = ctx.input.doc;
  const prev = doc.previousRun;
  const input = doc.run.inputs.find((i) => i.role === 'previous-findings');
  if (!prev && !input) return '';
  return `<p data-testid="diff-previous">Compared with the previous run${prev ? ` <span class="mono">${esc(prev.id)}</span> (finished ${esc(prev.finishedAt)} UTC)` : ''}${input ? `, findings.json sha256 <span class="mono">${esc(input.sha256)}</span>` : ''}.</p>`;
}
