import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../../src/model/finding.js';
import type { RemediationPlan } from '../../src/model/plan.js';
import type { NormalizedSnapshot } from '../../src/model/snapshot.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { DIALPAD_TOKEN } from '../collect/helpers.js';
import { sampleDialpadState } from '../simulator/sample-state.js';

/**
 * Issue 15: Dialpad documents user ids as int64 JSON integers. 9007199254740993 is 2^53 + 1, the first integer a
 * double cannot hold: JSON.parse reads it as ...992, another account. Served as a bare JSON number by the simulator,
 * it must reach the snapshot, the findings and the plan's call path with exactly those digits.
 */
const BIG = '9007199254740993';

let cwd: string;
let sim: RunningSimulator;
let run: CliResult;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'aa-int64-'));
  const state = sampleDialpadState(9);
  // user5@example.com: active, in office A, holds a number; left out of the IdP below, so it is ownerless.
  const user = state.users[4];
  if (!user) throw new Error('sample state has no fifth user');
  const old = user.id;
  user.id = BIG;
  for (const n of state.numbers) if (n.target_id === old) n.target_id = BIG;
  for (const ops of Object.values(state.operators)) ops.userIds = ops.userIds.map((id) => (id === old ? BIG : id));
  sim = await startDialpadSimulator(state, { tokens: [DIALPAD_TOKEN], rateLimit: false, int64AsNumbers: true });
  const people = state.users.filter((u) => u.id !== BIG).map((u) => `${u.emails?.[0] ?? ''},${u.display_name ?? ''},active`);
  await writeFile(join(cwd, 'idp.csv'), ['email,name,status', ...people].join('\n') + '\n');
  run = await runCli(
    ['run', '--vendors', 'dialpad', '--dialpad-url', sim.url, '--idp', 'idp.csv', '--out', 'reports', '--snapshot-dir', 'snapshot', '--fail-on', 'none', '-q'],
    { cwd, env: { DIALPAD_API_TOKEN: DIALPAD_TOKEN, DIXA_API_TOKEN: undefined } },
  );
});

afterAll(async () => {
  await sim.close();
  await rm(cwd, { recursive: true, force: true });
});

describe('an int64 id above 2^53, sent as a JSON number', () => {
  it('is on the wire as a bare number (the case JSON.parse would round)', async () => {
    const res = await request(`${sim.url}/api/v2/users?state=all`, { headers: { authorization: `Bearer ${DIALPAD_TOKEN}` } });
    const text = await res.body.text();
    expect(text).toContain(`"id":${BIG}`);
    expect(String((JSON.parse(text) as { items: Array<{ id: number }> }).items.find((u) => String(u.id).startsWith('90071992547409'))?.id)).not.toBe(BIG);
  });

  it('keeps its digits in the snapshot, the findings and the plan call path', async () => {
    expect(run.code, run.stderr).toBe(0);
    const snap = JSON.parse(await readFile(join(cwd, 'snapshot', 'normalized.json'), 'utf8')) as NormalizedSnapshot;
    const dialpad = snap.vendors.dialpad;
    expect(dialpad?.complete).toBe(true);
    expect(dialpad?.invalidRecords).toEqual([]);
    expect(dialpad?.accounts.map((a) => a.id)).toContain(BIG);
    expect(dialpad?.numbers.find((n) => n.targetType === 'user' && n.targetId?.startsWith('90071992547409'))?.targetId).toBe(BIG);

    const doc = JSON.parse(await readFile(join(cwd, 'reports', 'findings.json'), 'utf8')) as FindingsDocument;
    const orphan = doc.findings.find((f) => f.rule === 'ORPHANED_ACCOUNT');
    expect(orphan?.accountId).toBe(BIG);

    const plan = JSON.parse(await readFile(join(cwd, 'reports', 'remediation-plan.json'), 'utf8')) as RemediationPlan;
    const paths = [...plan.actions, ...(plan.onRevoke ?? [])].map((a) => a.call?.path ?? '').filter((p) => p.includes('90071992547409'));
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toMatch(new RegExp(`/api/v2/users/${BIG}(/|$)`));
  });
});
