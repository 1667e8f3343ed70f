import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { renderPlanMarkdown } from '../../src/plan/markdown.js';
import { bigQueueScenario, DX_GONE, scenario } from './fixtures.js';

describe('remediation-plan.md', () => {
  it('shows a blocked plan at the top, with the reason', () => {
    const s = bigQueueScenario(23, 100);
    const md = renderPlanMarkdown(buildPlan(s.input), s.input.doc);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Remediation plan');
    expect(lines[2]).toBe('> **BLOCKED: do not carry out this plan as it stands.**');
    expect(lines[4]).toBe('> - dixa\\: 23 accounts would lose access, over the cap of 10 \\(10% of 100 accounts\\); check the plan, then re-run with --allow-mass-removal.');
  });

  it('lists every action in order with its call, body, dependencies, and the sections for later, on-revoke and unactioned findings', () => {
    const s = scenario();
    const plan = buildPlan(s.input);
    const md = renderPlanMarkdown(plan, s.input.doc);
    expect(md).not.toMatch(/BLOCKED/);
    let last = -1;
    for (const a of plan.actions) {
      const at = md.indexOf(`### ${a.order + 1}. `);
      expect(at).toBeGreaterThan(last);
      last = at;
      expect(md).toContain(`Id \`${a.id}\``);
      if (a.call) expect(md).toContain(`Call: \`${a.call.method} ${a.call.path}\``);
    }
    const downgrade = plan.actions.find((a) => a.kind === 'downgrade_agent' && a.accountId === DX_GONE)!;
    const section = md.slice(md.indexOf(`Id \`${downgrade.id}\``));
    for (const d of downgrade.dependsOn) expect(section.slice(0, 800)).toContain(d);
    expect(md.indexOf('## Actions after the retention period')).toBeGreaterThan(md.lastIndexOf('create_agent'));
    expect(md).toContain("## On a reviewer's Revoke");
    expect(md).toContain(`| \`${s.f.dxService!.id}\` | ORPHANED_ACCOUNT | dixa | suppressed by exception EX-helpdesk-bot |`);
    expect(md).toContain('**Blocked by**');
    expect(md).toContain('## Legend');
  });

  it('escapes names from vendors so they cannot break the table or the layout', () => {
    const s = scenario();
    const acc = s.input.snapshot.vendors.dixa!.accounts.find((a) => a.id === DX_GONE)!;
    acc.displayName = 'Evil | *Name* [x](http://e.vil)';
    const md = renderPlanMarkdown(buildPlan(s.input), s.input.doc);
    expect(md).toContain('Evil \\| \\*Name\\* \\[x\\]\\(http\\://e.vil\\)');
    expect(md).not.toContain('Evil | *Name*');
  });
});
