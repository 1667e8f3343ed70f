import { describe, expect, it } from 'vitest';
import { acct, audit, byRule, cfg, snap } from '../helpers.js';

describe('UNACCEPTED_INVITE', () => {
  // As of 2025-06-30T12:00Z: 14 days ago is 2025-06-16T12:00Z.
  const s = snap({
    dixa: {
      accounts: [
        acct('dixa', 'old', 'old@example.com', { status: 'invited', rawStatus: 'never-seen', createdAt: '2025-05-01T09:00:00Z' }),
        acct('dixa', 'edge', 'edge@example.com', { status: 'invited', createdAt: '2025-06-16T12:00:00Z' }),
        acct('dixa', 'young', 'young@example.com', { status: 'invited', createdAt: '2025-06-20T00:00:00Z' }),
        acct('dixa', 'nodate', 'nodate@example.com', { status: 'invited', createdAt: null }),
        acct('dixa', 'active', 'act@example.com', { createdAt: '2020-01-01T00:00:00Z' }),
      ],
    },
    // Dialpad date_added has no zone: read as UTC.
    dialpad: { accounts: [acct('dialpad', '7', 'p@example.com', { status: 'invited', rawStatus: 'pending', createdAt: '2025-06-16T11:59:00' })] },
  });

  it('fires on invites older than the threshold, with the age in days; a young invite or one exactly at the threshold fires nothing', () => {
    const found = byRule(audit({ snapshot: s }), 'UNACCEPTED_INVITE');
    expect(found.map((f) => `${f.vendor}:${f.accountId}`).sort()).toEqual(['dialpad:7', 'dixa:old']);
    const old = found.find((f) => f.accountId === 'old')!;
    expect(old.evidence).toMatchObject({ inviteAgeDays: 60, thresholdDays: 14, invitedAt: '2025-05-01T09:00:00Z' });
    expect(old.severity).toBe('low');
    expect(old.title).toContain('60 days');
  });

  it('an orphaned old invite is both ORPHANED_ACCOUNT and UNACCEPTED_INVITE', () => {
    const r = audit({ snapshot: s });
    const rules = r.findings.filter((f) => f.accountId === 'old').map((f) => f.rule).sort();
    expect(rules).toEqual(['ORPHANED_ACCOUNT', 'UNACCEPTED_INVITE']);
  });

  it('follows thresholds.inviteMaxAgeDays', () => {
    const r = audit({ snapshot: s, config: cfg({ thresholds: { inviteMaxAgeDays: 5 } }) });
    expect(byRule(r, 'UNACCEPTED_INVITE').map((f) => f.accountId).sort()).toEqual(['7', 'edge', 'old', 'young']);
  });
});
