import type { ReviewRecord } from '../review/record.js';
import { escapeHtml } from './html.js';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#1f3a5f;color:#fff}.closed{color:#2e7d32;font-weight:bold}.open{color:#c62828;font-weight:bold}
td.num{text-align:right}.bar{background:#e0e0e0;width:120px;height:10px;display:inline-block}.bar>span{display:block;height:10px;background:#2e7d32}
td.just{max-width:420px;white-space:pre-wrap;word-break:break-word}`;

/**
 * campaign.html: completion per reviewer and every decision, self-contained like summary.html (inline CSS, no script,
 * no external resource; a CSP forbids loading anything). Every value is escaped: reviewer text is attacker-controlled.
 */
export function renderCampaignHtml(record: ReviewRecord): string {
  const status = record.closed
    ? '<p class="closed" data-testid="campaign-status">Campaign closed: every row decided, nothing rejected, the plan is not blocked.</p>'
    : `<p class="open" data-testid="campaign-status">Campaign not closed: ${escapeHtml(record.reasons.join('; '))}.</p>`;
  const reviewers = record.reviewers
    .map((p) => {
      const pct = p.assigned > 0 ? Math.floor((p.decided / p.assigned) * 100) : 100;
      return `<tr data-testid="reviewer-row"><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.reviewer)}</td><td class="num">${p.decided} / ${p.assigned}</td><td><span class="bar"><span style="width:${pct}%"></span></span> ${pct}%</td><td class="num">${p.undecided}</td><td class="num">${p.rejected}</td><td class="num">${p.flagged}</td></tr>`;
    })
    .join('\n');
  const entries = record.entries
    .map(
      (e) =>
        `<tr data-testid="decision-row"><td>${escapeHtml(e.vendor)}</td><td>${escapeHtml(e.accountId)}</td><td>${escapeHtml(e.accountEmail)}</td><td>${escapeHtml(e.status)}</td><td>${escapeHtml(e.decision ?? e.submitted)}</td><td>${escapeHtml(e.reviewer)}</td><td>${escapeHtml(e.assignedReviewer)}</td><td>${escapeHtml(e.date)}</td><td class="just">${escapeHtml(e.justification)}</td><td>${escapeHtml(e.recommendation)}</td><td>${escapeHtml(e.findings.join(', '))}</td><td>${escapeHtml([...e.issues, ...e.flags].join('; '))}</td></tr>`,
    )
    .join('\n');
  const workbooks = record.workbooks.map((w) => `<li>${escapeHtml(w.file)} <code>${escapeHtml(w.sha256)}</code></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Access review campaign ${escapeHtml(record.runId)}</title><style>${CSS}</style></head>
<body>
<h1>Access review campaign</h1>
<p>Run <code>${escapeHtml(record.runId)}</code>, snapshot SHA-256 <code>${escapeHtml(record.snapshotSha256)}</code>; due ${escapeHtml(record.dueDate ?? 'n/a')}; recorded ${escapeHtml(record.generatedAt)}.</p>
${status}
<p data-testid="coverage">Coverage: ${record.coverage.decided} of ${record.coverage.rows} rows decided (${record.coverage.percent}%); ${record.unassigned.length} unassigned.</p>
<h2>Completion per reviewer</h2>
<table><thead><tr><th>Reviewer</th><th>Email</th><th>Decided / assigned</th><th>Progress</th><th>Undecided</th><th>Rejected</th><th>Flagged</th></tr></thead><tbody>
${reviewers}
</tbody></table>
<h2>Decisions</h2>
<table><thead><tr><th>Vendor</th><th>Account ID</th><th>Account email</th><th>Status</th><th>Decision</th><th>Reviewer</th><th>Assigned reviewer</th><th>Date</th><th>Justification</th><th>Recommendation</th><th>Findings</th><th>Issues</th></tr></thead><tbody>
${entries}
</tbody></table>
<h2>Workbooks read</h2><ul>${workbooks}</ul>
</body></html>
`;
}
