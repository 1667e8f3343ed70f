import { describe, expect, it } from 'vitest';
import { renderTerminalSummary } from '../../src/report/terminal.js';
import { buildReportInput } from './fixtures.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

describe('terminal summary', () => {
  const input = buildReportInput({ outDir: '/tmp/unused' });
  const doc = input.doc;

  it('counts by severity and rule, lists the files and explains the exit code, without ANSI when colour is off', () => {
    const text = renderTerminalSummary(doc, ['reports/findings.json', 'reports/access-review.xlsx'], 1, { color: false }).rendered;
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
    expect(renderTerminalSummary(doc, [], 0, { color: true }).rendered).toMatch(ANSI);
    expect(renderTerminalSummary(doc, [], 2, { color: false }).rendered).toContain('Exit 2: done, but a source was incomplete');
  });

  it('shows control characters from a vendor reason or a path as escapes, in colour too: only its own colours reach the terminal', () => {
    const hostile = 'HTTP 500: \u001b[2J\u001b[H\rALL CHECKS PASSED\u0007\u001b]8;;http://e.vil\u0007link\u001b]8;;\u0007\u009b2J\u202eDESSAP\u2028next';
    const evil = { ...doc, notEvaluated: [{ rule: 'ORPHANED_ACCOUNT' as const, vendor: 'dixa' as const, reason: hostile }] };
    for (const color of [false, true]) {
      const text = renderTerminalSummary(evil, [`reports/\u001b[31mred\nWritten:`], 2, { color }).rendered;
      // eslint-disable-next-line no-control-regex
      const own = text.replace(/\u001b\[(?:1;31|31|33|36|2|1|0)m/g, '');
      // eslint-disable-next-line no-control-regex
      expect(own).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(own).toContain('Not evaluated: ORPHANED_ACCOUNT (dixa): HTTP 500: \\u001b[2J\\u001b[H\\rALL CHECKS PASSED\\u0007\\u001b]8;;http://e.vil');
      expect(own).toContain('\\u009b2J\\u202eDESSAP\\u2028next');
      expect(own).toContain('Written to reports (1 file):\n  \\u001b[31mred\\nWritten:');
      // The file name's newline is an escape: it cannot forge a heading line of its own.
      expect(own.split('\n').filter((l) => l.startsWith('Written'))).toHaveLength(1);
    }
  });
});
