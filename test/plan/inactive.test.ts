import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/build.js';
import { sha256 } from '../../src/util/hash.js';
import { stableStringify } from '../../src/util/json.js';
import { account, finding, findingsDoc, group, snapshotOf, uuid, vendorSnapshot } from './fixtures.js';

const Q = uuid(9001);
const DX = uuid(11);
const DP = '5100000000011';

const DX2 = uuid(12);

function input(opts: { dixaComplete?: boolean; others?: number; suppressed?: boolean; second?: boolean } = {}) {
  const others = opts.others ?? 40;
  const dixa = vendorSnapshot('dixa', {
    accounts: [
      account('dixa', DX, { displayName: 'Ina Idle', memberships: [{ kind: 'queue', id: Q, name: 'Support', role: '1' }] }),
      ...(opts.second ? [account('dixa', DX2, { displayName: 'Ira Idle' })] : []),
      ...Array.from({ length: others }, (_, i) => account('dixa', uuid(500 + i))),
    ],
    groups: [group('dixa', 'queue', Q, 'Support', [DX])],
    complete: opts.dixaComplete ?? true,
    incompleteReasons: opts.dixaComplete === false ? ['Dixa agents: GET /v1/agents: 503'] : [],
  });
  const dialpad = vendorSnapshot('dialpad', {
    accounts: [account('dialpad', DP, { displayName: 'Nev Never', officeId: '48', phoneNumbers: ['+14155550111'] }), ...Array.from({ length: others }, (_, i) => account('dialpad', String(7000 + i)))],
  });
  const snapshot = snapshotOf(dixa, dialpad);
  const fx = {
    dx: finding('INACTIVE_ACCOUNT', `dixa:${DX}`, { evidence: { kind: 'inactive' }, suppressed: opts.suppressed ?? false, exception: opts.suppressed ? 'EXC-1' : null }),
    dp: finding('INACTIVE_ACCOUNT', `dialpad:${DP}`, { evidence: { kind: 'never-signed-in' } }),
    ...(opts.second ? { dx2: finding('INACTIVE_ACCOUNT', `dixa:${DX2}`, { evidence: { kind: 'inactive' } }) } : {}),
  };
  return {
    fx,
    plan: buildPlan({
      doc: findingsDoc(Object.values(fx)),
      snapshot,
      snapshotSha256: sha256(stableStringify(snapshot)),
      config: Config.parse({}),
      identities: [],
      allowMassRemoval: false,
      generatedAt: '2024-06-30T10:00:00.000Z',
    }),
  };
}

describe('buildPlan: INACTIVE_ACCOUNT frees the seat', () => {
  it('Dixa: queue removal then downgrade; Dialpad: number unassigned, suspended (frees the license), delete after retention', () => {
    const { plan, fx } = input();
    const of = (id: string) => plan.actions.filter((a) => a.accountId === id || a.members?.some((m) => m.accountId === id)).map((a) => a.kind).sort();
    expect(of(DX)).toEqual(['downgrade_agent', 'reassign_conversations', 'remove_queue_members']);
    expect(of(DP)).toEqual(['delete_user', 'suspend_user', 'unassign_number']);
    expect(plan.actions.find((a) => a.kind === 'suspend_user')?.findingIds).toEqual([fx.dp.id]);
    expect(plan.status).toBe('ready');
  });

  it('goes through the same guards: an incomplete snapshot proposes nothing destructive, a suppressed finding nothing at all', () => {
    const incomplete = input({ dixaComplete: false }).plan;
    expect(incomplete.actions.filter((a) => a.vendor === 'dixa' && a.destructive)).toEqual([]);
    expect(incomplete.notActioned?.find((n) => n.rule === 'INACTIVE_ACCOUNT' && n.vendor === 'dixa')?.reason).toMatch(/snapshot is incomplete/);
    const suppressed = input({ suppressed: true }).plan;
    expect(suppressed.actions.filter((a) => a.vendor === 'dixa')).toEqual([]);
  });

  it('and the same cap: two inactive agents of a five-agent organisation block the plan', () => {
    const { plan } = input({ others: 3, second: true });
    expect(plan.status).toBe('blocked');
    expect(plan.blockedReasons.join(' ')).toMatch(/^dixa: 2 accounts would lose access, over the cap of 1/);
    expect(input({ others: 40, second: true }).plan.status).toBe('ready');
  });
});
