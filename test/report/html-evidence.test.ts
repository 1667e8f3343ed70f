import { describe, expect, it } from 'vitest';
import type { AccessException } from '../../src/audit/exceptions.js';
import { buildContext } from '../../src/report/context.js';
import { renderSummaryHtml } from '../../src/report/html.js';
import { buildReportInput } from './fixtures.js';

/** Issue 14, summary.html for auditors. */
const EXCEPTIONS: AccessException[] = [
  { id: 'EX-forever', kind: 'service', scope: { vendor: 'dixa', email: 'bot@acme.test' }, rules: ['*'], reason: 'bot', approver: 'ciso@acme.test' },
  { id: 'EX-old', kind: 'accepted-risk', scope: { identityEmail: 'x@acme.test' }, rules: ['*'], reason: 'r', approver: 'cfo@acme.test', expires: '2020-01-01' },
];

describe('summary.html for auditors', () => {
  it('leads with an INCOMPLETE banner when a source is incomplete, and has none otherwise', () => {
    const bad = renderSummaryHtml(buildContext(buildReportInput({ outDir: '/unused', incompleteDialpad: true })));
    const banner = bad.indexOf('data-testid="incomplete-banner"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(bad.indexOf('data-testid="critical-findings"'));
    expect(banner).toBeLessThan(bad.indexOf('<header>'));
    const good = renderSummaryHtml(buildContext(buildReportInput({ outDir: '/unused' })));
    expect(good).not.toContain('data-testid="incomplete-banner"');
  });

  it('shows a rule that was not evaluated as such, never as a zero bar', () => {
    const input = buildReportInput({ outDir: '/unused', incompleteDialpad: true });
    input.doc.notEvaluated.push({ rule: 'REVOCATION_NOT_DONE', vendor: null, reason: 'no previous review decisions' });
    const html = renderSummaryHtml(buildContext(input));
    const wholly = input.doc.notEvaluated.find((n) => !input.doc.findings.some((f) => f.rule === n.rule));
    expect(wholly).toBeDefined();
    const key = (wholly?.rule ?? '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    expect(html).toContain(`data-testid="chart-rule-not-evaluated-${key}"`);
    expect(html).not.toContain(`data-testid="chart-rule-count-${key}"`);
  });

  it('lists every finding in an appendix with an anchor; the top findings link to it', () => {
    const input = buildReportInput({ outDir: '/unused' });
    const html = renderSummaryHtml(buildContext(input));
    expect((html.match(/data-testid="appendix-row"/g) ?? []).length).toBe(input.doc.findings.length);
    for (const f of input.doc.findings) expect(html).toContain(`id="finding-${f.id}"`);
    const links = [...html.matchAll(/href="#(finding-[^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(html).toContain(`id="${l}"`);
  });

  it('states the plan status, the as-of time, the previous run, and prints the run id and page numbers', () => {
    const input = buildReportInput({ outDir: '/unused' });
    input.doc.asOf = '2026-10-01T00:00:00.000Z';
    input.doc.previousRun = { id: 'prev-run-1', finishedAt: '2026-07-01T00:00:00.000Z' };
    const html = renderSummaryHtml(buildContext(input));
    expect(html).toMatch(/data-testid="plan-status">Remediation plan: /);
    expect(html).toContain('data-testid="as-of">2026-10-01T00:00:00.000Z');
    expect(html).toMatch(/data-testid="diff-previous">Compared with the previous run <span class="mono">prev-run-1/);
    expect(html).toContain(`access-audit run ${input.doc.run.id.replace(/[^A-Za-z0-9-]/g, '')}`);
    expect(html).toContain('counter(page)');
  });

  it('lists the exceptions: applied, expired, unused, and warns about one without an expiry', () => {
    const input = { ...buildReportInput({ outDir: '/unused' }), exceptions: EXCEPTIONS };
    input.doc.unusedExceptions = ['EX-forever'];
    const html = renderSummaryHtml(buildContext(input));
    expect(html).toMatch(/data-testid="exception-row" data-state="unused"><td class="mono">EX-forever<\/td><td>service<\/td><td>ciso@acme.test<\/td><td><span class="warn" data-testid="exception-no-expiry">/);
    expect(html).toMatch(/data-state="expired"><td class="mono">EX-old<\/td><td>accepted-risk<\/td><td>cfo@acme.test<\/td><td>2020-01-01/);
  });

  it('reconciles records read = evaluated + excluded per source', () => {
    const input = { ...buildReportInput({ outDir: '/unused' }), idpRowsRead: 12 };
    const html = renderSummaryHtml(buildContext(input));
    const m = /data-testid="records-idp"><td>IdP export rows<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/.exec(html);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBe(Number(m?.[2]) + Number(m?.[3]));
    expect(Number(m?.[2])).toBe(input.identities.length);
    for (const vs of input.snapshot.vendors.dixa ? [input.snapshot.vendors.dixa] : []) {
      const r = new RegExp(`data-testid="records-dixa"><td>dixa accounts</td><td>(\\d+)</td><td>(\\d+)</td><td>(\\d+)</td>`).exec(html);
      expect(Number(r?.[1])).toBe(vs.accounts.length + vs.invalidRecords.length);
      expect(Number(r?.[1])).toBe(Number(r?.[2]) + Number(r?.[3]));
    }
  });
});
