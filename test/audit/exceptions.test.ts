import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExceptions } from '../../src/audit/exceptions.js';
import { AuditError } from '../../src/errors.js';
import { RuleCode } from '../../src/model/finding.js';
import { acct, assign, assignmentsFile, audit, byRule, cfg, exceptionsOf, person, snap } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-exc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadText(name: string, text: string): Promise<unknown> {
  const path = join(dir, name);
  await writeFile(path, text);
  try {
    return await loadExceptions(path);
  } catch (err) {
    return err;
  }
}

describe('loadExceptions', () => {
  it('reads a valid file (BOM tolerated)', async () => {
    const file = await loadText('ok.json', '\uFEFF' + JSON.stringify({ exceptions: [{ id: 'E1', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['*'], reason: 'r', approver: 'x', expires: '2026-01-31' }] }));
    expect(file).toMatchObject({ exceptions: [{ id: 'E1', kind: 'shared', rules: ['*'] }] });
  });

  it.each([
    ['bad-json.json', '{"exceptions": [', /bad-json\.json: not valid JSON/],
    ['bad-kind.json', JSON.stringify({ exceptions: [{ id: 'E', kind: 'vip', scope: { identityEmail: 'a@b.co' }, rules: ['*'], reason: 'r', approver: 'x' }] }), /bad-kind\.json: \$\.exceptions\[0\]\.kind: /],
    ['bad-rule.json', JSON.stringify({ exceptions: [{ id: 'E', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['ORPHAN'], reason: 'r', approver: 'x' }] }), /bad-rule\.json: \$\.exceptions\[0\]\.rules/],
    ['bad-date.json', JSON.stringify({ exceptions: [{ id: 'E', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['*'], reason: 'r', approver: 'x', expires: '2025-02-30' }] }), /bad-date\.json: \$\.exceptions\[0\]\.expires: not a calendar date/],
    ['dup.json', JSON.stringify({ exceptions: [1, 2].map(() => ({ id: 'E', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['*'], reason: 'r', approver: 'x' })) }), /dup\.json: \$\.exceptions\[1\]\.id: duplicate exception id "E"/],
    ['typo.json', JSON.stringify({ exceptions: [{ id: 'E', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['*'], reason: 'r', approver: 'x', expiry: '2025-01-01' }] }), /typo\.json: \$\.exceptions\[0\]: unknown key "expiry"; did you mean "expires"\?/],
  ])('%s is bad input (exit 3) naming the file and JSON path', async (name, text, message) => {
    const err = await loadText(name, text);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).exitCode).toBe(3);
    expect((err as AuditError).message).toMatch(message);
  });

  it('a missing file is bad input naming it', async () => {
    await expect(loadExceptions(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: no such file/);
  });

  it('a mistyped rule code names the nearest code and lists the valid ones', async () => {
    const err = await loadText('rule-typo.json', JSON.stringify({ exceptions: [{ id: 'E', kind: 'shared', scope: { identityEmail: 'a@b.co' }, rules: ['ORPHANED_ACCONT'], reason: 'r', approver: 'x' }] }));
    const message = (err as AuditError).message;
    expect(message).toMatch(/\$\.exceptions\[0\]\.rules\[0\]: ORPHANED_ACCONT is not allowed; did you mean "ORPHANED_ACCOUNT"\?/);
    for (const code of RuleCode.options) expect(message).toContain(code);
  });

  it('a path taken from the config names the config key', async () => {
    await expect(loadExceptions(join(dir, 'gone.json'), '$.exceptionsFile')).rejects.toThrow(/^\$\.exceptionsFile: .*gone\.json: no such file/);
  });
});

describe('applying exceptions', () => {
  const s = snap({
    dixa: { accounts: [acct('dixa', 'a1', 'ann@example.com'), acct('dixa', 'a2', 'Shared@Example.com'), acct('dixa', 'a3', 'ghost@example.com')] },
    dialpad: { accounts: [acct('dialpad', '1', 'ann@example.com', { isAdmin: true })] },
  });
  const ids = [person('ann@example.com', { status: 'suspended' })];

  it('a covered finding stays in the output, suppressed, with the exception id and details in evidence', () => {
    const exceptions = exceptionsOf([
      { id: 'E-ANN', kind: 'accepted-risk', scope: { identityEmail: 'ANN@example.com' }, rules: ['TERMINATED_STILL_ACTIVE'], reason: 'handover until July', approver: 'coo', expires: '2025-07-15' },
      { id: 'E-SH', kind: 'shared', scope: { vendor: 'dixa', email: 'shared@example.com' }, rules: ['ORPHANED_ACCOUNT'], reason: 'front desk', approver: 'coo' },
      { id: 'E-UNUSED', kind: 'accepted-risk', scope: { vendor: 'dialpad', accountId: '999' }, rules: ['*'], reason: 'r', approver: 'coo' },
      { id: 'E-WRONGRULE', kind: 'accepted-risk', scope: { vendor: 'dixa', accountId: 'a3' }, rules: ['UNACCEPTED_INVITE'], reason: 'r', approver: 'coo' },
    ]);
    const r = audit({ snapshot: s, identities: ids, exceptions });
    const tsa = byRule(r, 'TERMINATED_STILL_ACTIVE');
    expect(tsa.map((f) => [f.vendor, f.suppressed, f.exception])).toEqual([
      ['dialpad', true, 'E-ANN'],
      ['dixa', true, 'E-ANN'],
    ]);
    expect(tsa[0]!.evidence['exceptionApplied']).toMatchObject({ id: 'E-ANN', approver: 'coo', expires: '2025-07-15' });
    // The identity-scoped exception covers only the rules it lists: the Dialpad admin stays visible.
    expect(byRule(r, 'PRIVILEGED_ACCOUNT')[0]).toMatchObject({ suppressed: false, exception: null });
    expect(r.findings.find((f) => f.accountId === 'a2')).toMatchObject({ rule: 'ORPHANED_ACCOUNT', suppressed: true, exception: 'E-SH' });
    expect(r.findings.find((f) => f.accountId === 'a3')).toMatchObject({ rule: 'ORPHANED_ACCOUNT', suppressed: false });
    expect(r.unusedExceptions).toEqual(['E-UNUSED', 'E-WRONGRULE']);
  });

  it('{vendor, email} also covers that vendor\'s MISSING_SEAT for the person with the address', () => {
    const people = [person('new@example.com')];
    const exceptions = exceptionsOf([{ id: 'NO-PHONE', kind: 'accepted-risk', scope: { vendor: 'dialpad', email: 'new@example.com' }, rules: ['MISSING_SEAT'], reason: 'no phone needed', approver: 'it' }]);
    const r = audit({ snapshot: snap({ dixa: { accounts: [] }, dialpad: { accounts: [] } }), identities: people, exceptions, assignments: assignmentsFile([assign('new@example.com', 'Dixa'), assign('new@example.com', 'Dialpad')]) });
    expect(byRule(r, 'MISSING_SEAT').map((f) => [f.vendor, f.suppressed])).toEqual([
      ['dialpad', true],
      ['dixa', false],
    ]);
  });
});

describe('severity overrides (config.severity)', () => {
  it('replace the rule severity and keep the computed one in evidence; sort follows the new severity', () => {
    const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'ghost@example.com', { isAdmin: true }), acct('dixa', 'a2', 'inv@example.com', { status: 'invited', createdAt: '2024-01-01T00:00:00Z' })] } });
    const r = audit({ snapshot: s, config: cfg({ severity: { ORPHANED_ACCOUNT: 'medium', UNACCEPTED_INVITE: 'critical' } }) });
    const lines = r.findings.map((f) => `${f.severity} ${f.rule} ${f.accountId}`);
    expect(lines[0]).toBe('critical UNACCEPTED_INVITE a2');
    expect(lines.slice(1, 3).sort()).toEqual(['medium ORPHANED_ACCOUNT a1', 'medium ORPHANED_ACCOUNT a2']);
    expect(lines[3]).toBe('info PRIVILEGED_ACCOUNT a1');
    expect(lines).toHaveLength(4);
    expect(r.findings[0]).toMatchObject({ rule: 'UNACCEPTED_INVITE', severity: 'critical' });
    const orphanAdmin = r.findings.find((f) => f.rule === 'ORPHANED_ACCOUNT' && f.accountId === 'a1')!;
    expect(orphanAdmin.severity).toBe('medium');
    expect(orphanAdmin.evidence['severityOverride']).toEqual({ computed: 'critical', configured: 'medium' });
  });
});
