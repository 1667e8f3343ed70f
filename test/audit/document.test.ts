import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFindingsDocument, loadFindingsDocument } from '../../src/audit/document.js';
import { FindingsDocument, type RunInfo } from '../../src/model/finding.js';
import { AuditError } from '../../src/errors.js';
import { stableStringify } from '../../src/util/json.js';
import { acct, audit, exceptionsOf, person, snap } from './helpers.js';

const run: RunInfo = {
  id: 'run-42',
  toolVersion: '0.1.0',
  startedAt: '2025-06-30T12:00:00Z',
  finishedAt: '2025-06-30T12:00:01Z',
  command: 'audit',
  vendors: ['dixa'],
  inputs: [{ role: 'idp', path: '/data/okta-users.csv', sha256: 'a'.repeat(64) }],
  snapshotDir: '/snap',
  snapshotSha256: 'b'.repeat(64),
  failOn: 'high',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audit-doc-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findings document', () => {
  const s = snap({ dixa: { accounts: [acct('dixa', 'a1', 'ghost@example.com', { isAdmin: true }), acct('dixa', 'a2', 'ann@example.com'), acct('dixa', 'a3', 'bot@example.com')] } });
  const exceptions = exceptionsOf([{ id: 'BOT', kind: 'service', scope: { vendor: 'dixa', accountId: 'a3' }, rules: ['ORPHANED_ACCOUNT'], reason: 'bot', approver: 'it' }]);
  const result = audit({ snapshot: s, identities: [person('ann@example.com', { status: 'suspended' })], exceptions });

  it('is valid against the model and its summary counts what needs action', () => {
    const doc = FindingsDocument.parse(buildFindingsDocument(result, run, s));
    expect(doc.summary).toMatchObject({
      total: 4,
      suppressed: 1,
      unsuppressed: 3,
      identities: 1,
      accounts: { dixa: 3 },
      owners: { matched: 1, unmatched: 1, ambiguous: 0, excluded: 1 },
      complete: true,
    });
    expect(doc.summary.byRule).toMatchObject({ ORPHANED_ACCOUNT: 1, TERMINATED_STILL_ACTIVE: 1, PRIVILEGED_ACCOUNT: 1, MISSING_SEAT: 0 });
    expect(doc.summary.bySeverity).toEqual({ critical: 2, high: 0, medium: 0, low: 0, info: 1 });
    // The snapshot holds Dixa only: Dialpad was not reviewed, so it has no key (a 0 would read as "nothing found").
    expect(doc.summary.byVendor).toEqual({ dixa: 3, none: 0 });
    expect(doc.notEvaluated.length).toBeGreaterThan(0);
    expect(doc.resolved).toBeUndefined();
  });

  it('round-trips through findings.json (--previous)', async () => {
    const out = join(dir, 'q1');
    await mkdir(out);
    const doc = buildFindingsDocument(result, run, s);
    await writeFile(join(out, 'findings.json'), stableStringify(doc));
    const back = await loadFindingsDocument(out);
    expect(back).toEqual(FindingsDocument.parse(doc));
  });

  it('a missing, unparsable or invalid findings.json is bad input naming the file and path', async () => {
    const err1 = await loadFindingsDocument(join(dir, 'nowhere')).catch((e: unknown) => e);
    expect(err1).toBeInstanceOf(AuditError);
    expect((err1 as AuditError).exitCode).toBe(3);
    expect((err1 as AuditError).message).toMatch(/--previous .*nowhere: cannot read .*findings\.json \(ENOENT\)/);
    await mkdir(join(dir, 'bad'));
    await writeFile(join(dir, 'bad', 'findings.json'), '{not json');
    await expect(loadFindingsDocument(join(dir, 'bad'))).rejects.toThrow(/bad[\\/]findings\.json: not valid JSON/);
    await mkdir(join(dir, 'wrong'));
    const doc = JSON.parse(stableStringify(buildFindingsDocument(result, run, s))) as { findings: Array<Record<string, unknown>> };
    doc.findings[1]!['severity'] = 'urgent';
    await writeFile(join(dir, 'wrong', 'findings.json'), JSON.stringify(doc));
    await expect(loadFindingsDocument(join(dir, 'wrong'))).rejects.toThrow(/wrong[\\/]findings\.json: findings\[1\]\.severity: /);
  });
});
