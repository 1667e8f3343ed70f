import { describe, expect, it } from 'vitest';
import { acct, audit, entitleAll, person, snap } from './helpers.js';
import { buildFindingsDocument } from '../../src/audit/document.js';
import type { RunInfo } from '../../src/model/finding.js';

const run: RunInfo = {
  id: 'r1',
  toolVersion: '0.1.0',
  startedAt: '2025-03-31T00:00:00Z',
  finishedAt: '2025-03-31T00:01:00Z',
  command: 'audit',
  vendors: ['dixa', 'dialpad'],
  inputs: [],
  snapshotDir: null,
  snapshotSha256: null,
  failOn: 'high',
};

describe('diff against the previous run', () => {
  const ids = [person('stay@example.com', { status: 'suspended' }), person('fixed@example.com', { status: 'suspended' }), person('seat@example.com')];
  const q1 = snap({
    dixa: { accounts: [acct('dixa', 'a1', 'stay@example.com'), acct('dixa', 'a2', 'fixed@example.com'), acct('dixa', 'a3', 'orphan@example.com')] },
    dialpad: { accounts: [acct('dialpad', '1', 'ghost@example.com')] },
  });
  const prevResult = audit({ snapshot: q1, identities: ids, assignments: entitleAll(['seat@example.com']) });
  const previous = buildFindingsDocument(prevResult, run, q1);

  it('marks new and persisting; returns gone findings as resolved; a rule not evaluated now resolves nothing', () => {
    // Q2: a2 was deactivated (TERMINATED resolved); a new orphan appears; Dialpad not collected; no assignments export.
    const q2 = snap({ dixa: { accounts: [acct('dixa', 'a1', 'stay@example.com'), acct('dixa', 'a2', 'fixed@example.com', { status: 'deactivated' }), acct('dixa', 'a3', 'orphan@example.com'), acct('dixa', 'a4', 'new@example.com')] } });
    const r = audit({ snapshot: q2, identities: ids, previous });
    const status = Object.fromEntries(r.findings.map((f) => [`${f.rule} ${f.subject}`, f.diff]));
    expect(status).toEqual({
      'TERMINATED_STILL_ACTIVE dixa:a1': 'persisting',
      'ORPHANED_ACCOUNT dixa:a3': 'persisting',
      'ORPHANED_ACCOUNT dixa:a4': 'new',
    });
    expect(r.resolved!.map((f) => `${f.rule} ${f.subject}`)).toEqual(['TERMINATED_STILL_ACTIVE dixa:a2']);
    expect(r.resolved![0]!.diff).toBeUndefined();
    // Dialpad's orphan and both missing seats were not reassessed: neither resolved nor persisting.
    expect(r.notReassessed.map((f) => `${f.rule} ${f.subject}`).sort()).toEqual(['MISSING_SEAT dialpad:identity:seat@example.com', 'MISSING_SEAT dixa:identity:seat@example.com', 'ORPHANED_ACCOUNT dialpad:1']);
    const ne = r.notEvaluated.find((n) => n.rule === 'ORPHANED_ACCOUNT' && n.vendor === 'dialpad')!;
    expect(ne.reason).toContain('1 finding(s) of the previous run not reassessed');
    expect(ne.reason).toContain(prevResult.findings.find((f) => f.subject === 'dialpad:1')!.id);
    const doc = buildFindingsDocument(r, run, q2);
    expect(doc.summary.resolved).toBe(1);
    expect(doc.resolved).toHaveLength(1);
  });

  it('without a previous run there is no diff field and resolved is null', () => {
    expect(prevResult.resolved).toBeNull();
    expect(prevResult.findings.every((f) => f.diff === undefined)).toBe(true);
  });
});
