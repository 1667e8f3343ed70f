import { describe, expect, it } from 'vitest';
import { renderTerminalSummary } from '../../src/report/terminal.js';
import { buildReportInput } from './fixtures.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('terminal summary', () => {
  const input = buildReportInput({ outDir: '/tmp/unused' });
  const doc = input.doc;

  it('counts by severity and rule, lists the files and explains the exit code, without ANSI when colour is off', () => {
    const text = renderTerminalSummary(doc, ['reports/findings.json', 'reports/access-review.xlsx'], 1, { color: false });
    expect(text).not.toMatch(ANSI);
    const open = doc.findings.filter((f) => !f.suppressed);
    expect(text).toContain(`Findings: ${doc.findings.length} (${open.length} open, ${doc.findings.length - open.length} suppressed)`);
    expect(text).toContain(`critical ${open.filter((f) => f.severity === 'critical').length}`);
    const orphan = doc.findings.filter((f) => f.rule === 'ORPHANED_ACCOUNT');
    expect(text).toMatch(new RegExp(`ORPHANED_ACCOUNT\\s+${orphan.filter((f) => !f.suppressed).length}\\s+${orphan.filter((f) => f.suppressed).length}\\n`));
    expect(text).toContain('Written to reports (2 files):\n  findings.json, access-review.xlsx\n');
    expect(text).toContain('Exit 1: done, open findings at or above high');
    expect(text).toContain('Not evaluated: UNENTITLED_ACCOUNT (dixa)');
  });

  it('colours severities only when asked', () => {
    expect(renderTerminalSummary(doc, [], 0, { color: true })).toMatch(ANSI);
    expect(renderTerminalSummary(doc, [], 2, { color: false })).toContain('Exit 2: done, but a source was incomplete');
  });
});
