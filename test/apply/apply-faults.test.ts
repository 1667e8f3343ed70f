import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanAction } from '../../src/model/plan.js';
import type { SimRequestRecord } from '../../src/simulator/types.js';
import { CLI } from '../helpers/cli.js';
import { removeTempDirs, startDemoSims } from '../helpers/pipeline.js';
import { apply, env, finalPlan, isWrite, journalOf, logSince, readResult, TOKENS, urls, type FinalPlan } from './setup.js';

/**
 * Issue 18's drift and fault cases, through the built CLI against the simulators: an account changed between plan
 * and apply, a kill -9 in the middle of a call and --resume, a 403 mid-run, a 429 storm. Nothing is done twice,
 * nothing is done on a changed account.
 */
let fp: FinalPlan;
const FAST = { ACCESS_AUDIT_HTTP_PROFILE: 'fast' };

beforeAll(async () => {
  fp = await finalPlan('aa-apply-faults-');
}, 240_000);

afterAll(() => {
  removeTempDirs();
});

/** Successful writes, as "METHOD path body": the same change made twice would show up twice. */
const doneWrites = (log: readonly SimRequestRecord[]): string[] => log.filter((r) => isWrite(r) && r.status !== null && r.status < 300).map((r) => `${r.method} ${r.path} ${r.body ?? ''}`);

function dependentsOf(actions: readonly PlanAction[], id: string): PlanAction[] {
  return actions.filter((a) => a.dependsOn.includes(id));
}

describe('apply meets drift and faults', () => {
  it('skips an action whose account changed since the plan, and everything that depends on it', async () => {
    const sims = await startDemoSims({ tokens: TOKENS });
    try {
      const batch = fp.plan.actions.find((a) => a.kind === 'remove_queue_members' && (a.members?.length ?? 0) >= 2);
      const number = fp.plan.actions.find((a) => a.kind === 'unassign_number' && fp.plan.actions.some((s) => s.kind === 'suspend_user' && s.dependsOn.includes(a.id)));
      expect(batch?.group).toBeDefined();
      expect(number?.accountId).toBeTruthy();
      if (!batch?.group || !number?.accountId) return;
      const left = batch.members?.[0]?.accountId ?? '';
      // Between plan and apply: one member left the queue in Dixa's UI; a Dialpad user's email was changed.
      sims.dixa.drift.removeMembership(left, batch.group.id);
      sims.dialpad.drift.setEmail(number.accountId, 'someone.else@harbourline.example');

      const out = join(fp.work, 'drift');
      const r = await apply(fp, sims, ['--execute', '--out', out, '--confirm-manual']);
      expect(r.code, r.stderr).toBe(1);
      const result = readResult(out);
      const byId = new Map(result.actions.map((a) => [a.actionId, a]));
      expect(byId.get(batch.id)).toMatchObject({ outcome: 'skipped', code: 'drift' });
      expect(byId.get(number.id)).toMatchObject({ outcome: 'skipped', code: 'drift' });
      const dependents = [...dependentsOf(fp.plan.actions, batch.id), ...dependentsOf(fp.plan.actions, number.id)];
      expect(dependents.length).toBeGreaterThan(1);
      for (const d of dependents) expect(byId.get(d.id), d.title).toMatchObject({ outcome: 'skipped', code: 'dependency' });
      // Not one write to the drifted queue, to the changed Dialpad user, or downgrading a member of the drifted batch
      // (their removals from other teams and queues, whose state did not change, go ahead).
      const writes = logSince(sims, { dixa: 0, dialpad: 0 }).filter(isWrite);
      expect(writes.length).toBeGreaterThan(10);
      for (const w of writes) {
        expect(w.path).not.toContain(batch.group.id);
        expect(`${w.path} ${w.body ?? ''}`).not.toContain(number.accountId);
        for (const m of batch.members ?? []) expect(w.path).not.toBe(`/v1/agents/${m.accountId}`);
      }
      // The rest went ahead.
      expect(result.counts.done).toBeGreaterThan(20);
    } finally {
      await sims.close();
    }
  });

  it('resumes a run killed (-9) while a call was in flight: re-reads it, never sends it again', async () => {
    // The 3rd Dixa write takes effect, then its answer hangs: the kill lands between the change and the reply.
    const sims = await startDemoSims({ tokens: TOKENS, faults: { dixa: [{ kind: 'slow-headers', writes: true, afterRequests: 2, times: 1, afterEffect: true, delayMs: 60_000 }] } });
    try {
      const out = join(fp.work, 'resume');
      const child = spawn(process.execPath, [CLI, 'apply', '--plan', fp.planFile, ...urls(sims), '--config', fp.config, '--execute', '--out', out, '--confirm-manual'], {
        env: { ...process.env, ...env, NO_COLOR: '1' },
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const inFlight = await sims.dixa.waitForRequest((rec) => isWrite(rec) && sims.dixa.requests.filter(isWrite).indexOf(rec) === 2);
      // The route ran before the delay; give the change a moment, then kill without warning.
      await sleep(200);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const journal = await journalOf(out);
      const lastWrite = journal.filter((e) => e.type === 'request' && e.method !== 'GET').at(-1);
      expect(lastWrite && new URL(String(lastWrite.url)).pathname).toBe(inFlight.path.split('?')[0]);
      expect(journal.some((e) => e.type === 'outcome' && e.actionId === lastWrite?.actionId)).toBe(false);

      sims.dixa.setFaults([]);
      const r = await apply(fp, sims, ['--execute', '--out', out, '--resume', '--confirm-manual'], { env: FAST });
      expect(r.code, r.stderr).toBe(0);
      const log = logSince(sims, { dixa: 0, dialpad: 0 });
      const writes = doneWrites(log);
      expect(new Set(writes).size).toBe(writes.length);
      expect(log.filter(isWrite).filter((w) => w.path === inFlight.path && w.body === inFlight.body)).toHaveLength(1);
      const result = readResult(out);
      expect(result.resumed).toBe(1);
      expect(result.complete).toBe(true);
      const resumedAction = result.actions.find((a) => a.actionId === lastWrite?.actionId);
      expect(resumedAction).toMatchObject({ outcome: 'done', code: 'already_done' });
      expect(resumedAction?.reason).toMatch(/before the interruption/);
      // The chain holds across the kill and the resume.
      expect((await journalOf(out)).filter((e) => e.type === 'start')).toHaveLength(2);
    } finally {
      await sims.close();
    }
  }, 120_000);

  it('stops after the current call on Ctrl-C: that call is finished and confirmed, nothing after it is sent', async () => {
    const sims = await startDemoSims({ tokens: TOKENS, faults: { dixa: [{ kind: 'slow-headers', writes: true, afterRequests: 1, times: 1, afterEffect: true, delayMs: 1500 }] } });
    try {
      const out = join(fp.work, 'ctrl-c');
      const child = spawn(process.execPath, [CLI, 'apply', '--plan', fp.planFile, ...urls(sims), '--config', fp.config, '--execute', '--out', out, '--confirm-manual'], {
        env: { ...process.env, ...env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const slow = await sims.dixa.waitForRequest((rec) => isWrite(rec) && sims.dixa.requests.filter(isWrite).indexOf(rec) === 1);
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(2);
      expect(stderr).toMatch(/stopping after the current call/);
      const writes = sims.dixa.requests.filter(isWrite);
      expect(writes.at(-1)?.path).toBe(slow.path);
      const result = readResult(out);
      expect(result.interrupted).toBe(true);
      const journal = await journalOf(out);
      const slowAction = journal.filter((e) => e.type === 'request' && e.method !== 'GET').at(-1)?.actionId;
      expect(result.actions.find((a) => a.actionId === slowAction)).toMatchObject({ outcome: 'done', code: null });
      expect(result.actions.filter((a) => a.code === 'interrupted').length).toBeGreaterThan(5);
      expect(journal.at(-1)?.type).toBe('end');
    } finally {
      await sims.close();
    }
  }, 120_000);

  it('stops Dialpad at a 403 mid-run, goes on with Dixa, and a resume finishes without repeating anything', async () => {
    const sims = await startDemoSims({ tokens: TOKENS, faults: { dialpad: [{ kind: 'forbidden', writes: true, afterRequests: 3 }] } });
    try {
      const out = join(fp.work, 'forbidden');
      const r = await apply(fp, sims, ['--execute', '--out', out, '--confirm-manual'], { env: FAST });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/stopped Dialpad: .*403 Forbidden/);
      const result = readResult(out);
      expect(result.stoppedVendors.map((s) => s.vendor)).toEqual(['dialpad']);
      const dialpadWrites = sims.dialpad.requests.filter(isWrite);
      expect(dialpadWrites).toHaveLength(4);
      expect(dialpadWrites.at(-1)?.status).toBe(403);
      expect(result.actions.filter((a) => a.vendor === 'dialpad' && a.code === 'vendor_stopped').length).toBeGreaterThan(5);
      expect(result.actions.filter((a) => a.vendor === 'dixa' && a.outcome === 'done').length).toBeGreaterThan(5);

      sims.dialpad.setFaults([]);
      const again = await apply(fp, sims, ['--execute', '--out', out, '--resume', '--confirm-manual'], { env: FAST });
      expect(again.code, again.stderr).toBe(0);
      const writes = doneWrites(logSince(sims, { dixa: 0, dialpad: 0 }));
      expect(new Set(writes).size).toBe(writes.length);
      expect(readResult(out).complete).toBe(true);
    } finally {
      await sims.close();
    }
  }, 120_000);

  it('rides out a 429 storm on writes (journaled), and stops the vendor when the storm outlasts the retries', async () => {
    const sims = await startDemoSims({ tokens: TOKENS, faults: { dixa: [{ kind: 'rate-limit', writes: true, times: 4 }] } });
    try {
      const out = join(fp.work, 'storm');
      const r = await apply(fp, sims, ['--execute', '--out', out, '--confirm-manual'], { env: FAST });
      expect(r.code, r.stderr).toBe(0);
      const journal = await journalOf(out);
      const throttled = journal.filter((e) => e.type === 'response').reduce((n, e) => n + Number(e.throttled ?? 0), 0);
      expect(throttled).toBe(4);
      const log = logSince(sims, { dixa: 0, dialpad: 0 });
      expect(log.filter((x) => x.status === 429)).toHaveLength(4);
      const attempts = journal.filter((e) => e.type === 'response' || e.type === 'error').reduce((n, e) => n + 1 + Number(e.retries ?? 0) + Number(e.throttled ?? 0), 0);
      expect(attempts).toBe(log.length);
      const writes = doneWrites(log);
      expect(new Set(writes).size).toBe(writes.length);
    } finally {
      await sims.close();
    }
    const endless = await startDemoSims({ tokens: TOKENS, faults: { dixa: [{ kind: 'rate-limit', writes: true, times: 1000 }] } });
    try {
      const out = join(fp.work, 'storm-endless');
      const r = await apply(fp, endless, ['--execute', '--out', out, '--confirm-manual'], { env: FAST });
      expect(r.code, r.stderr).toBe(2);
      expect(readResult(out).stoppedVendors).toEqual([{ vendor: 'dixa', reason: expect.stringMatching(/429/) }]);
      // One write met the storm; after it nothing more was sent to Dixa but the confirming read.
      expect(new Set(endless.dixa.requests.filter(isWrite).map((w) => `${w.path} ${w.body ?? ''}`)).size).toBe(1);
    } finally {
      await endless.close();
    }
  }, 120_000);
});
