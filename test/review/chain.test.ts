import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/model/index.js';
import { assignReviewer } from '../../src/review/chain.js';
import { PersonIndex } from '../../src/review/people.js';
import { recommend } from '../../src/review/campaign.js';

function person(id: string, email: string, extra: Partial<Identity> = {}): Identity {
  return {
    id,
    primaryEmail: email,
    emails: [email],
    login: email,
    displayName: extra.displayName ?? id,
    status: 'active',
    rawStatus: 'ACTIVE',
    condition: null,
    format: 'okta-rockstar-users',
    source: { file: 'x.csv', row: 2 },
    employeeId: null,
    department: null,
    manager: null,
    lastLogin: null,
    groups: [],
    ...extra,
  };
}

const boss = person('00u1', 'Boss@Example.com', { employeeId: 'E100', displayName: 'Bo Boss' });
const gone = person('00u2', 'gone@example.com', { status: 'deprovisioned' });
const twinA = person('00u3', 'a@example.com', { displayName: 'Sam Same' });
const twinB = person('00u4', 'b@example.com', { displayName: 'Sam Same' });
const people = new PersonIndex([boss, gone, twinA, twinB]);

describe('PersonIndex', () => {
  it('resolves a manager by email (any case), login, employee id, user id or unique display name', () => {
    expect(people.resolve('boss@EXAMPLE.com')?.id).toBe('00u1');
    expect(people.resolve('E100')?.id).toBe('00u1');
    expect(people.resolve('00u1')?.id).toBe('00u1');
    expect(people.resolve('Bo Boss')?.id).toBe('00u1');
    expect(people.resolve('  ')).toBeNull();
    expect(people.resolve('nobody@example.com')).toBeNull();
  });
  it('never resolves a display name two people share', () => {
    expect(people.resolve('Sam Same')).toBeNull();
  });
});

describe('assignReviewer', () => {
  it('moves past a manager who left, a reference to nobody and the owner, saying why each time', () => {
    const a = assignReviewer(
      people,
      [
        { by: 'manager', reference: 'gone@example.com' },
        { by: 'manager', reference: '00uNOBODY' },
        { by: 'app_owner', reference: 'boss@example.com' },
        { by: 'default', reference: 'a@example.com' },
      ],
      (p) => p.id === '00u1',
    );
    expect(a).toMatchObject({ reviewer: 'a@example.com', assignedBy: 'default' });
    expect(a.notes).toEqual([
      'manager gone@example.com is not active in the IdP (deprovisioned)',
      'manager "00uNOBODY" resolves to nobody in the IdP export',
      'app owner boss@example.com owns this account (no self-review)',
    ]);
  });
  it('leaves a row unassigned when no link can take it', () => {
    const a = assignReviewer(people, [{ by: 'manager', reference: 'gone@example.com' }], () => false);
    expect(a.reviewer).toBeNull();
    expect(a.notes.at(-1)).toMatch(/^unassigned/);
  });
});

describe('recommend', () => {
  const f = (rule: string, severity = 'medium') => ({ id: `F-${rule}`, rule, severity, suppressed: false }) as never;
  it('Revoke for a leaver or orphan, Review for what a person must judge, Keep for a clean match', () => {
    expect(recommend([f('TERMINATED_STILL_ACTIVE', 'critical')], undefined, null).recommendation).toBe('Revoke');
    expect(recommend([], { state: 'unmatched', suggestions: [] }, null).recommendation).toBe('Revoke');
    expect(recommend([f('UNENTITLED_ACCOUNT')], { state: 'matched', identityId: '00u1', rule: 'primary_email', key: 'k' }, boss).recommendation).toBe('Review');
    expect(recommend([f('PRIVILEGED_ACCOUNT', 'info')], { state: 'matched', identityId: '00u1', rule: 'primary_email', key: 'k' }, boss).recommendation).toBe('Keep');
    expect(recommend([], { state: 'matched', identityId: '00u2', rule: 'primary_email', key: 'k' }, gone)).toEqual({ recommendation: 'Revoke', reason: 'the owner is deprovisioned in the IdP' });
  });
});

describe('config review', () => {
  it('has defaults and JSON Schema descriptions (access-audit init writes them)', async () => {
    const { z } = await import('zod');
    const { Config, DEFAULT_CONFIG } = await import('../../src/config/schema.js');
    expect(DEFAULT_CONFIG.review).toEqual({ remediationDays: 14, useManager: true, appOwners: {}, dueDays: 14 });
    const schema = z.toJSONSchema(Config, { io: 'input' }) as { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }> };
    const review = schema.properties.review;
    expect(review?.description).toMatch(/campaign/);
    for (const k of ['useManager', 'appOwners', 'defaultReviewer', 'privilegedReviewer', 'dueDays']) expect(review?.properties?.[k]?.description, k).toBeTruthy();
    expect(() => Config.parse({ review: { appOwners: { zendesk: 'a@b.c' } } })).toThrow();
  });
});
