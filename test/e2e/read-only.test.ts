import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vendor } from '../../src/model/common.js';
import type { SimRequestRecord } from '../../src/simulator/types.js';
import { runCli } from '../helpers/cli.js';
import { demoAuditArgs, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, removeTempDirs, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';

/**
 * Issue 18 / DESIGN.md section 9: `run`, `snapshot` and `audit` send only GET requests; only `apply --execute` changes
 * anything. Proven from the simulators' own request log while the built CLI runs against the demo organisation.
 */

let sims: DemoSims;
let work: string;
let config: string;
const env = { DIXA_API_TOKEN: HARD_DIXA_TOKEN, DIALPAD_API_TOKEN: HARD_DIALPAD_TOKEN };

beforeAll(async () => {
  sims = await startDemoSims({ tokens: { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN } });
  work = tempDir('aa-read-only-');
  config = await writeFastConfig(work);
});

afterAll(async () => {
  await sims.close();
  removeTempDirs();
});

/** What each simulator received while the action ran: its slice of the log. */
async function requestsDuring(action: () => Promise<void>): Promise<Record<Vendor, SimRequestRecord[]>> {
  const mark = { dixa: sims.dixa.requests.length, dialpad: sims.dialpad.requests.length };
  await action();
  return { dixa: sims.dixa.requests.slice(mark.dixa), dialpad: sims.dialpad.requests.slice(mark.dialpad) };
}

const notGet = (log: Record<Vendor, SimRequestRecord[]>) =>
  [...log.dixa, ...log.dialpad].filter((r) => r.method !== 'GET' || r.body !== undefined).map((r) => `${r.method} ${r.path}`);

describe('run, snapshot, audit (and doctor) send no request other than GET', () => {
  const urls = () => ['--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url];

  it('run: every request to either vendor is a GET without a body', async () => {
    const log = await requestsDuring(async () => {
      const r = await runCli(['run', ...urls(), ...(await demoAuditArgs(config)), '--out', join(work, 'run-out'), '--snapshot-dir', join(work, 'run-snap'), '--fail-on', 'none', '-q'], { env });
      expect(r.code, r.stderr).toBe(0);
    });
    // The run read both vendors whole (not vacuously "no writes" because nothing was sent).
    expect(log.dixa.length).toBeGreaterThan(3);
    expect(log.dialpad.length).toBeGreaterThan(3);
    expect(notGet(log)).toEqual([]);
  });

  it('snapshot: GETs only; audit of that snapshot: no request at all', async () => {
    const snap = join(work, 'snap');
    const snapshotLog = await requestsDuring(async () => {
      const r = await runCli(['snapshot', ...urls(), '--config', config, '--out', snap], { env });
      expect(r.code, r.stderr).toBe(0);
    });
    expect(snapshotLog.dixa.length + snapshotLog.dialpad.length).toBeGreaterThan(6);
    expect(notGet(snapshotLog)).toEqual([]);

    const auditLog = await requestsDuring(async () => {
      const r = await runCli(['audit', '--snapshot', snap, ...(await demoAuditArgs(config)), '--out', join(work, 'audit-out'), '--fail-on', 'none', '-q'], { env });
      expect(r.code, r.stderr).toBe(0);
    });
    expect(auditLog).toEqual({ dixa: [], dialpad: [] });
  });

  it('doctor: its vendor probes are GETs too', async () => {
    const log = await requestsDuring(async () => {
      const r = await runCli(['doctor', ...urls(), '--config', config, '--out', join(work, 'doctor-out'), '--snapshot-dir', join(work, 'doctor-snap')], { env });
      expect(r.code, r.stderr).not.toBe(4);
    });
    expect(log.dixa.length).toBeGreaterThan(0);
    expect(log.dialpad.length).toBeGreaterThan(0);
    expect(notGet(log)).toEqual([]);
  });
});
