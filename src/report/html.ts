import { escapeHtml } from './escape-html.js';
import { join } from 'node:path';
import { fileName } from '../util/file-name.js';
import type { Finding, FindingsDocument } from '../model/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { ReportContext } from './context.js';
import { licenceWasteRows, money, rowCost, scopeLabel } from './licence-waste.js';
import { appliedText, REMEDIATION_STATUS_TEXT } from './remediation.js';
import { EVIDENCE_CSS, exceptionsSection, findingAnchor, findingsAppendix, incompleteBanner, planStatusLine, previousRunLine, printCss, reconciliationSection } from './html-evidence.js';
import { countsByRule, countsBySeverity, countsByVendor, headline, ownerCounts, sourceFacts, type Count } from './facts.js';

export { escapeHtml } from './escape-html.js';

/** Test ids are derived from data keys (rule codes, vendors): keep them to a safe alphabet. */
const tid = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');

const SEVERITY_COLOR: Record<string, string> = { critical: '#c62828', high: '#ef6c00', medium: '#f9a825', low: '#1e88e5', info: '#9e9e9e' };
const BAR_COLOR = '#1f3a5f';
const TOP_FINDINGS = 25;
const DIFF_LIST = 50;

/** `notes`: rules not evaluated (wholly: no bar at all, never a zero bar; partly: the count says so). */
function barChart(id: string, title: string, counts: Count[], colorOf: (key: string) => string, notes: ReadonlyMap<string, string> = new Map()): string {
  const rowH = 26;
  const labelW = 230;
  const barW = 300;
  const max = Math.max(1, ...counts.map((c) => c.total));
  const height = counts.length * rowH + 8;
  const bars = counts
    .map((c, i) => {
      const y = i * rowH + 4;
      const w = Math.round((c.total / max) * barW);
      const openW = Math.round((c.open / max) * barW);
      const note = notes.get(c.key);
      if (note !== undefined && c.total === 0) {
        return `<g data-testid="${id}-row-${tid(c.key)}">
  <text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="lbl">${escapeHtml(c.key)}</text>
  <text x="${labelW + 6}" y="${y + 17}" class="val" data-testid="${id}-not-evaluated-${tid(c.key)}">${escapeHtml(note)}</text>
</g>`;
      }
      return `<g data-testid="${id}-row-${tid(c.key)}">
  <text x="${labelW - 8}" y="${y + 17}" text-anchor="end" class="lbl">${escapeHtml(c.key)}</text>
  <rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${colorOf(c.key)}" opacity="0.35"><title>${escapeHtml(`${c.key}: ${c.total} (${c.suppressed} suppressed)`)}</title></rect>
  <rect x="${labelW}" y="${y + 4}" width="${openW}" height="${rowH - 8}" fill="${colorOf(c.key)}"></rect>
  <text x="${labelW + w + 6}" y="${y + 17}" class="val" data-testid="${id}-count-${tid(c.key)}">${c.total}</text>${note !== undefined ? `
  <text x="${labelW + w + 36}" y="${y + 17}" class="lbl" data-testid="${id}-note-${tid(c.key)}">(${escapeHtml(note)})</text>` : ''}
</g>`;
    })
    .join('\n');
  return `<figure class="chart" id="${id}" data-testid="${id}">
<figcaption>${escapeHtml(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${labelW + barW + 50} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
${bars}
</svg>
</figure>`;
}

function figure(testId: string, label: string, value: number | string, cls = ''): string {
  return `<div class="card ${cls}"><div class="num" id="${testId}" data-testid="${testId}">${escapeHtml(value)}</div><div class="cap">${escapeHtml(label)}</div></div>`;
}

function findingRows(findings: readonly Finding[], testId: string, linked = false): string {
  return findings
    .map(
      (f) => `<tr data-testid="${testId}" data-finding-id="${escapeHtml(f.id)}">
<td><span class="sev sev-${tid(f.severity)}">${escapeHtml(f.severity)}</span></td><td class="mono">${escapeHtml(f.rule)}</td><td>${escapeHtml(f.vendor ?? '')}</td>
<td class="who">${escapeHtml(f.accountEmail ?? f.identityEmail ?? f.accountId ?? f.subject)}</td><td>${escapeHtml(f.title)}</td><td class="mono small">${linked ? `<a class="fid" href="#${findingAnchor(f.id)}">${escapeHtml(f.id)}</a>` : escapeHtml(f.id)}</td></tr>`,
    )
    .join('\n');
}

const FINDING_HEAD = '<thead><tr><th>Severity</th><th>Rule</th><th>Vendor</th><th>Account / person</th><th>Title</th><th>ID</th></tr></thead>';

const CSS = `
:root{--ink:#1b2430;--muted:#5b6673;--line:#dde3ea;--bg:#f5f7fa;--accent:#1f3a5f}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
header{background:var(--accent);color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:22px}
header .meta{opacity:.85;font-size:12.5px}
main{padding:20px 32px;max-width:1200px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 16px;break-inside:avoid}
h2{font-size:16px;margin:0 0 12px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fff}
.card .num{font-size:26px;font-weight:700}
.card .cap{color:var(--muted);font-size:12px}
.card.crit .num{color:${SEVERITY_COLOR.critical}} .card.high .num{color:${SEVERITY_COLOR.high}}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px}
figure{margin:0} figcaption{font-weight:600;margin-bottom:6px}
svg .lbl{font-size:12px;fill:var(--ink);font-family:ui-monospace,"DejaVu Sans Mono",monospace}
svg .val{font-size:12px;font-weight:700;fill:var(--ink)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600}
td.who{word-break:break-all}
.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace}.small{font-size:11px;color:var(--muted)}
td.mono.small{white-space:nowrap}
.sev{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px}
${Object.entries(SEVERITY_COLOR).map(([k, c]) => `.sev-${k}{background:${c}}`).join('\n')}
.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}
.note{color:var(--muted);font-size:12.5px}
ul.listings{margin:4px 0 0;padding-left:0;list-style:none;columns:2}
footer{padding:0 32px 24px;color:var(--muted);font-size:12px;max-width:1200px;word-break:break-all}
@page{size:A4 landscape;margin:12mm}
@media print{
  body{background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  header{padding:12px 0;background:#fff;color:var(--ink);border-bottom:2px solid var(--accent)}
  main,footer{padding-left:0;padding-right:0;max-width:none}
  section{border:none;padding:8px 0;break-inside:auto}
  .cards,figure{break-inside:avoid}
  h2,h3{break-after:avoid}
  .charts{grid-template-columns:1fr 1fr}
  tr{break-inside:avoid}
}`;

/** Licence waste per vendor (a figure when priced) and per office; absent from documents written before it existed. */
function licenceWasteSection(ctx: ReportContext): string {
  const waste = ctx.input.doc.licenceWaste;
  if (!waste) return '';
  const cards = waste.totals
    .map((t) => {
      const priced = waste.pricedVendors.includes(t.vendor);
      const value = priced ? money(waste.currency, t.monthlyCost ?? 0) : `${t.seats.total} seats`;
      const label = priced ? `${t.vendor}: ${t.seats.total} wasted seats a month${t.unpricedSeats > 0 ? ` (${t.unpricedSeats} not priced)` : ''}` : `${t.vendor}: wasted seats (no price in licences.${t.vendor})`;
      return figure(`licence-waste-${tid(t.vendor)}`, label, value);
    })
    .join('\n');
  const rows = licenceWasteRows(waste)
    .map(
      (r) => `<tr data-testid="licence-waste-row-${tid(r.vendor)}-${tid(r.scopeId ?? 'all')}"><td>${escapeHtml(r.vendor)}</td><td>${escapeHtml(scopeLabel(r))}</td><td>${r.seats.leaver}</td><td>${r.seats.neverUsed}</td><td>${r.seats.inactive}</td><td>${r.seats.total}</td><td>${escapeHtml(rowCost(waste, r))}</td></tr>`,
    )
    .join('\n');
  return `<section id="licence-waste" data-testid="licence-waste"><h2>Licence waste (monthly)</h2>
<p class="note">Seats still held by leavers (TERMINATED_STILL_ACTIVE), never-used accounts (UNACCEPTED_INVITE, INACTIVE_ACCOUNT never signed in) and inactive accounts (INACTIVE_ACCOUNT), open findings only, each account once; prices from <span class="mono">licences.&lt;vendor&gt;</span> in the config. The plan proposes the matching removals.</p>
<div class="cards">${cards}</div>
<table><thead><tr><th>Vendor</th><th>Scope</th><th>Leavers</th><th>Never used</th><th>Inactive</th><th>Seats</th><th>Monthly cost</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
}

/** Rules not evaluated: for every vendor it applies to (or all vendors at once), or only for some. */
function ruleNotes(doc: FindingsDocument): Map<string, string> {
  const byRule = new Map<string, Set<string>>();
  for (const n of doc.notEvaluated) {
    const set = byRule.get(n.rule) ?? new Set<string>();
    set.add(n.vendor ?? '*');
    byRule.set(n.rule, set);
  }
  const notes = new Map<string, string>();
  for (const [rule, vendors] of byRule) {
    const all = vendors.has('*') || doc.run.vendors.every((v) => vendors.has(v));
    notes.set(rule, all ? 'not evaluated' : `not evaluated for ${[...vendors].sort().join(', ')}`);
  }
  return notes;
}

/** Issue 14: last review's decisions checked against this snapshot (only with --previous decisions). */
function remediationSection(ctx: ReportContext): string {
  const report = ctx.input.doc.remediation;
  if (!report) return '';
  const counts = new Map<string, number>();
  for (const c of report.checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `<strong data-testid="remediation-count-${tid(s)}">${n}</strong> ${escapeHtml(REMEDIATION_STATUS_TEXT[s as keyof typeof REMEDIATION_STATUS_TEXT])}`).join(', ');
  // The Applied column only when --applied was given: a review without apply results keeps its page as it was.
  const cited = report.checks.some((c) => c.applied !== undefined);
  const rows = report.checks
    .map(
      (c) => `<tr data-testid="remediation-row" data-status="${tid(c.status)}"><td>${escapeHtml(c.vendor)}</td><td class="who">${escapeHtml(c.accountEmail ?? '')} <span class="mono small">${escapeHtml(c.accountId)}</span></td>
<td>${escapeHtml(c.decision)}</td><td>${escapeHtml(c.date ?? '')}</td><td>${escapeHtml(c.reviewer)}</td><td class="${c.status === 'done' || c.status === 'in_force' ? 'ok' : c.status === 'unknown' ? '' : 'bad'}">${escapeHtml(REMEDIATION_STATUS_TEXT[c.status])}${c.overdue ? ' (overdue)' : ''}</td><td>${escapeHtml(c.dueBy ?? '')}</td><td class="small">${escapeHtml(c.detail)}</td>${cited ? `<td class="small" data-testid="remediation-applied" data-outcome="${tid(c.applied?.outcome ?? 'none')}">${escapeHtml(appliedText(c))}</td>` : ''}</tr>`,
    )
    .join('\n');
  return `<section id="remediation" data-testid="remediation"><h2>Remediation verified</h2>
<p>Decisions of the previous review${report.previousRunId ? ` (run <span class="mono">${escapeHtml(report.previousRunId)}</span>)` : ''} checked against this snapshot; a Revoke must be done within ${report.remediationDays} days of its date. ${summary || 'No Revoke or Exception decisions.'}${cited ? ' Applied cites what access-audit apply reported for the account (--applied); the status comes from this snapshot alone.' : ''}</p>
<table><thead><tr><th>Vendor</th><th>Account</th><th>Decision</th><th>Decided on</th><th>Reviewer</th><th>Status</th><th>Due by</th><th>Detail</th>${cited ? '<th>Applied</th>' : ''}</tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

/** summary.html as a string: one self-contained page (inline CSS and SVG, no script, a CSP that forbids any fetch). */
export function renderSummaryHtml(ctx: ReportContext): string {
  const { doc } = ctx.input;
  const run = doc.run;
  const h = headline(doc);
  const owners = ownerCounts(ctx);

  const cards = [
    figure('total-findings', 'findings', h.total),
    figure('open-findings', 'open (not suppressed)', h.open),
    figure('critical-findings', 'critical open', h.critical, 'crit'),
    figure('high-findings', 'high open', h.high, 'high'),
    figure('suppressed-findings', 'suppressed by exceptions', h.suppressed),
    figure('identities-count', 'identities in the IdP export', ctx.input.identities.length),
    ...owners.map((o) => figure(`accounts-${tid(o.vendor)}`, `${o.vendor} accounts`, o.accounts)),
    ...(h.newCount !== null
      ? [figure('new-findings', 'new since last review', h.newCount), figure('resolved-findings', 'resolved since last review', h.resolved ?? 0)]
      : []),
  ].join('\n');

  // Each listing of a vendor snapshot: a reviewer sees at a glance which read was cut short and why.
  const listingsOf = (vendor: string): string => {
    const vs = ctx.vendorSnapshots.find((v) => v.vendor === vendor);
    if (!vs) return '';
    return `<ul class="listings">${vs.listings
      .map(
        (l) =>
          `<li data-testid="listing-${tid(vendor)}-${tid(l.name)}" class="${l.complete ? '' : 'bad'}">${l.complete ? '✓' : '✗'} ${escapeHtml(l.name)}: ${l.items} items, ${l.pages} pages${l.complete ? '' : ' (INCOMPLETE)'}${l.reason ? `: ${escapeHtml(l.reason)}` : ''}</li>`,
      )
      .join('')}</ul>`;
  };
  const sources = sourceFacts(ctx)
    .map(
      (s) => `<tr data-testid="source-${tid(s.source)}"><td>${escapeHtml(s.source)}</td><td data-testid="source-status-${tid(s.source)}" class="${s.complete ? 'ok' : 'bad'}">${s.complete ? 'complete' : 'INCOMPLETE'}</td>
<td>${escapeHtml(s.extractedAt)}</td><td>${s.records ?? ''}</td><td class="small">${escapeHtml(s.detail)}${listingsOf(s.source)}</td></tr>`,
    )
    .join('\n');
  const reconciliation = owners
    .map(
      (o) => `<tr data-testid="reconcile-${tid(o.vendor)}"><td>${escapeHtml(o.vendor)}</td><td>${o.accounts}</td><td>${o.matched}</td><td>${o.unmatched}</td><td>${o.ambiguous}</td><td>${o.excluded}</td><td>${o.uncorrelated}</td></tr>`,
    )
    .join('\n');

  const notEvaluated = doc.notEvaluated.length
    ? `<ul>${doc.notEvaluated.map((n) => `<li data-testid="not-evaluated"><span class="mono">${escapeHtml(n.rule)}</span> (${escapeHtml(n.vendor ?? 'all vendors')}): ${escapeHtml(n.reason)}</li>`).join('\n')}</ul>`
    : '<p class="note" data-testid="all-evaluated">Every rule was evaluated.</p>';

  const open = doc.findings.filter((f) => !f.suppressed);
  const top = open.slice(0, TOP_FINDINGS);

  let diff = '';
  if (h.newCount !== null) {
    const fresh = doc.findings.filter((f) => f.diff === 'new');
    const resolved = doc.resolved ?? [];
    diff = `<section id="diff" data-testid="diff">
<h2>Since the last review</h2>
<p><strong data-testid="diff-new">${h.newCount}</strong> new, <strong data-testid="diff-persisting">${h.persisting}</strong> persisting, <strong data-testid="diff-resolved">${h.resolved}</strong> resolved.</p>
${previousRunLine(ctx)}
${fresh.length ? `<h3>New</h3><table>${FINDING_HEAD}<tbody>${findingRows(fresh.slice(0, DIFF_LIST), 'diff-new-row', true)}</tbody></table>` : ''}
${fresh.length > DIFF_LIST ? `<p class="note">and ${fresh.length - DIFF_LIST} more in access-review.xlsx (Diff).</p>` : ''}
${resolved.length ? `<h3>Resolved</h3><table>${FINDING_HEAD}<tbody>${findingRows(resolved.slice(0, DIFF_LIST), 'diff-resolved-row')}</tbody></table>` : ''}
${resolved.length > DIFF_LIST ? `<p class="note">and ${resolved.length - DIFF_LIST} more in access-review.xlsx (Diff).</p>` : ''}
</section>`;
  }

  const inputs = run.inputs.map((i) => `<li>${escapeHtml(i.role)}: ${escapeHtml(fileName(i.path))} <span class="mono">sha256 ${escapeHtml(i.sha256)}</span></li>`).join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="access-audit ${escapeHtml(run.toolVersion)}">
<title>Access review ${escapeHtml(run.finishedAt)}</title>
<style>${CSS}${EVIDENCE_CSS}${printCss(run.id)}</style>
</head>
<body>
${incompleteBanner(ctx)}
<header>
<h1>Access review</h1>
<div class="meta">Run <span class="mono" data-testid="run-id">${escapeHtml(run.id)}</span> · finished ${escapeHtml(run.finishedAt)} UTC${doc.asOf ? ` · as of <span data-testid="as-of">${escapeHtml(doc.asOf)}</span> UTC (reference time of every age and expiry)` : ''} · vendors ${escapeHtml(run.vendors.join(', '))} · fail on ${escapeHtml(run.failOn)} · access-audit ${escapeHtml(run.toolVersion)}</div>
</header>
<main>
<section id="headline" data-testid="headline"><div class="cards">
${cards}
</div>${planStatusLine(ctx)}</section>
<section id="charts"><h2>Findings</h2><p class="note">Solid bar: open; light bar: including suppressed.</p><div class="charts">
${barChart('chart-severity', 'By severity', countsBySeverity(doc), (k) => SEVERITY_COLOR[k] ?? BAR_COLOR)}
${barChart('chart-vendor', 'By vendor', countsByVendor(doc), () => BAR_COLOR)}
${barChart('chart-rule', 'By rule', countsByRule(doc), () => BAR_COLOR, ruleNotes(doc))}
</div></section>
<section id="sources" data-testid="sources"><h2>Sources and completeness</h2>
<table><thead><tr><th>Source</th><th>Status</th><th>Extracted (UTC)</th><th>Records</th><th>Detail</th></tr></thead><tbody>
${sources}
</tbody></table>
<h2 style="margin-top:16px">Owners (accounts read = matched + unmatched + ambiguous + excluded)</h2>
<table><thead><tr><th>Vendor</th><th>Accounts</th><th>Matched</th><th>Unmatched</th><th>Ambiguous</th><th>Excluded</th><th>Not correlated</th></tr></thead><tbody>
${reconciliation}
</tbody></table>
${reconciliationSection(ctx)}
</section>
<section id="not-evaluated"><h2>Not evaluated</h2>
${notEvaluated}
</section>
<section id="top-findings" data-testid="top-findings"><h2>Top findings</h2>
<p class="note">The ${top.length} most severe of <span data-testid="top-findings-of">${open.length}</span> open findings; every finding is in the <a href="#appendix">appendix</a> and in access-review.xlsx (Findings) for decisions.</p>
<table>${FINDING_HEAD}<tbody>
${findingRows(top, 'top-finding', true)}
</tbody></table>
</section>
${licenceWasteSection(ctx)}
${diff}
${remediationSection(ctx)}
${exceptionsSection(ctx)}
${findingsAppendix(ctx)}
</main>
<footer>Inputs: <ul>${inputs}</ul>${run.snapshotSha256 ? `Snapshot manifest sha256 <span class="mono">${escapeHtml(run.snapshotSha256)}</span>` : ''}</footer>
</body>
</html>
`;
}

export async function writeSummaryHtml(outDir: string, ctx: ReportContext): Promise<string> {
  const path = join(outDir, 'summary.html');
  await writeFileAtomic(path, renderSummaryHtml(ctx));
  return path;
}
