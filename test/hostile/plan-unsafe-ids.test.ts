import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/build.js';
import { account, finding, findingsDoc, group, snapshotOf, vendorSnapshot } from '../plan/fixtures.js';

/** Issue 12 section 4: an id of ".." never becomes a plan call that addresses another resource. */
describe('plan calls from ids that would change the path', () => {
  it('team ".." and agent ".." give manual steps, never DELETE /v1/teams/../agents or /v1/agents/..', () => {
    const gone = account('dixa', '..', { memberships: [{ kind: 'team', id: '..', name: 'dots', role: null }] });
    const dixa = vendorSnapshot('dixa', { accounts: [gone, account('dixa', 'keep-1'), account('dixa', 'keep-2')], groups: [group('dixa', 'team', '..', 'dots', ['..'])] });
    const plan = buildPlan({
      doc: findingsDoc([finding('ORPHANED_ACCOUNT', 'dixa:..')]),
      snapshot: snapshotOf(dixa, undefined),
      snapshotSha256: '0'.repeat(64),
      config: { ...DEFAULT_CONFIG, plan: { ...DEFAULT_CONFIG.plan, destructiveCapPercent: 100 } },
      identities: [],
      allowMassRemoval: true,
      generatedAt: '2026-11-01T00:00:00Z',
    });
    const actions = plan.actions.filter((a) => a.vendor === 'dixa');
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) {
      expect(a.call?.path ?? '').not.toMatch(/(^|\/)\.\.?(\/|$)/);
    }
    const removals = actions.filter((a) => a.kind === 'remove_team_members' || a.kind === 'downgrade_agent');
    expect(removals.map((a) => a.kind).sort()).toEqual(['downgrade_agent', 'remove_team_members']);
    for (const a of removals) {
      expect(a.call).toBeNull();
      expect(a.risk.join(' ')).toMatch(/the id "\.\." cannot be put in a request path/);
    }
  });
});
