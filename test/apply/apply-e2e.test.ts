import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingsDocument } from '../../src/model/finding.js';
import { runCli } from '../helpers/cli.js';
import { demoAuditArgs, removeTempDirs, startDemoSims } from '../helpers/pipeline.js';
import { apply, env, finalPlan, isWrite, journalOf, logSince, mark, readResult, TOKENS, urls, writeKeys, type FinalPlan } from './setup.js';

/**
 * Issue 18 end to end on the demo organisation, through the built CLI against the simulators over loopback: the
 * final plan from reviewer decisions, a dry run that sends nothing but GETs, apply --execute, a fresh snapshot and
 * audit in which the revoked findings are gone, a journal that accounts for every call, and a second apply that
 * does nothing.
 */
let fp: FinalPlan;

beforeAll(async () => {
  fp = await finalPlan('aa-apply-e2e-');
}, 240_000);

afterAll(() => {
  removeTempDirs();
});

describe('apply, end to end', () => {
  it('refuses anything but the unchanged final plan: exit 3, one line, nothing sent', async () => {
    let sims = await startDemoSims({ tokens: TOKENS });
    try {
      const proposed = await runCli(['apply', '--plan', join(fp.runDir, 'remediation-plan.json'), ...urls(sims)], { env });
      expect(proposed.code).toBe(3);
      expect(proposed.stderr.trim().split('\n')).toHaveLength(1);
      expect(proposed.stderr).toMatch(/a proposed plan/);

      // The plan folder copied and one title changed: its hash no longer matches run.json.
      const edited = join(fp.work, 'edited');
      cpSync(join(fp.work, 'final'), edited, { recursive: true });
      const file = join(edited, 'remediation-plan.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"title": "', '"title": "x'));
      const tampered = await runCli(['apply', '--plan', file, ...urls(sims)], { env });
      expect(tampered.code).toBe(3);
      expect(tampered.stderr).toMatch(/does not match .*run\.json.*changed after the decisions/);

      // A plan whose run.json was rewritten to match (hash checks pass) still cannot make apply call another path:
      // each call is rebuilt from the action's kind and ids and must equal the plan's.
      const forged = join(fp.work, 'forged');
      cpSync(join(fp.work, 'final'), forged, { recursive: true });
      const plan = JSON.parse(readFileSync(join(forged, 'remediation-plan.json'), 'utf8')) as { actions: Array<{ kind: string; call: { method: string; path: string } | null }> };
      const target = plan.actions.find((a) => a.kind === 'suspend_user');
      if (!target?.call) throw new Error('the demo plan has no suspend');
      target.call.path = '/api/v2/company';
      const text = JSON.stringify(plan, null, 2);
      writeFileSync(join(forged, 'remediation-plan.json'), text);
      const record = JSON.parse(readFileSync(join(forged, 'run.json'), 'utf8')) as { outputs: Record<string, string> };
      record.outputs['remediation-plan.json'] = createHash('sha256').update(text).digest('hex');
      writeFileSync(join(forged, 'run.json'), JSON.stringify(record));
      const forgedRun = await runCli(['apply', '--plan', join(forged, 'remediation-plan.json'), ...urls(sims), '--config', fp.config, '--execute', '--out', join(fp.work, 'forged-apply')], { env });
      expect(forgedRun.stderr).toMatch(/call_mismatch: the plan's call PATCH \/api\/v2\/company is not the call this action makes/);
      expect(sims.dialpad.requests.filter((r) => r.path.startsWith('/api/v2/company'))).toEqual([]);
      // The destructive cap again at apply time: a plan over it that does not carry the reviewers' override is refused.
      const capped = join(fp.work, 'capped');
      cpSync(join(fp.work, 'final'), capped, { recursive: true });
      const capPlan = JSON.parse(readFileSync(join(capped, 'remediation-plan.json'), 'utf8')) as { allowMassRemoval?: boolean; perVendor: Record<string, { cap: number }> };
      capPlan.allowMassRemoval = false;
      const capText = JSON.stringify(capPlan, null, 2);
      writeFileSync(join(capped, 'remediation-plan.json'), capText);
      const capRecord = JSON.parse(readFileSync(join(capped, 'run.json'), 'utf8')) as { outputs: Record<string, string> };
      capRecord.outputs['remediation-plan.json'] = createHash('sha256').update(capText).digest('hex');
      writeFileSync(join(capped, 'run.json'), JSON.stringify(capRecord));
      const before = sims.dixa.requests.length + sims.dialpad.requests.length;
      const overCap = await runCli(['apply', '--plan', join(capped, 'remediation-plan.json'), ...urls(sims), '--config', fp.config], { env });
      expect(overCap.code).toBe(3);
      expect(overCap.stderr).toMatch(/accounts would lose access, over the cap of \d+/);
      expect(sims.dixa.requests.length + sims.dialpad.requests.length).toBe(before);
      const allowed = await runCli(['apply', '--plan', join(capped, 'remediation-plan.json'), ...urls(sims), '--config', fp.config, '--allow-mass-removal', '--confirm-manual'], { env });
      expect(allowed.code, allowed.stderr).toBe(0);

      const mark0 = sims.dixa.requests.length + sims.dialpad.requests.length;
      expect(mark0).toBeGreaterThan(0);
      await sims.close();
      sims = await startDemoSims({ tokens: TOKENS });

      const noOut = await apply(fp, sims, ['--execute']);
      expect(noOut.code).toBe(3);
      expect(noOut.stderr).toMatch(/--out is required with --execute/);

      const noToken = await apply(fp, sims, [], { env: { DIALPAD_API_TOKEN: '' } });
      expect(noToken.code).toBe(3);
      expect(noToken.stderr).toMatch(/DIALPAD_API_TOKEN is not set/);
      expect(sims.dixa.requests.length + sims.dialpad.requests.length).toBe(0);
    } finally {
      await sims.close();
    }
  });

  it('dry run, execute, re-audit, second apply', async () => {
    const sims = await startDemoSims({ tokens: TOKENS });
    try {
      // Dry run: preconditions read live, nothing but GETs.
      const dry = await apply(fp, sims, ['--out', join(fp.work, 'dry'), '--confirm-manual']);
      expect([0, 1], dry.stderr).toContain(dry.code);
      const dryLog = logSince(sims, { dixa: 0, dialpad: 0 });
      expect(dryLog.length).toBeGreaterThan(10);
      expect(dryLog.filter(isWrite)).toEqual([]);
      const dryResult = readResult(join(fp.work, 'dry'));
      expect(dryResult.mode).toBe('dry-run');
      const planned = dryResult.actions.filter((a) => a.outcome === 'planned');
      expect(planned.length).toBeGreaterThan(10);

      // Execute: the actions the dry run planned are done, each confirmed by a read after its call.
      const before = mark(sims);
      const out = join(fp.work, 'apply');
      const run = await apply(fp, sims, ['--execute', '--out', out, '--confirm-manual']);
      expect(run.code, run.stderr).toBe(0);
      const result = readResult(out);
      expect(result.complete).toBe(true);
      const byId = new Map(result.actions.map((a) => [a.actionId, a]));
      for (const p of planned) expect(byId.get(p.actionId)?.outcome, p.title).toBe('done');
      expect(result.actions.filter((a) => a.outcome === 'failed')).toEqual([]);
      // Never without --include-permanent: Dialpad DELETE /users/{id}.
      expect(result.actions.filter((a) => a.code === 'permanent').length).toBeGreaterThan(0);
      const log = logSince(sims, before);
      expect(log.filter((r) => r.method === 'DELETE' && /^\/api\/v2\/users\//.test(r.path))).toEqual([]);

      // The journal accounts for every call: each request the simulators saw is one journal request (429s and
      // re-sends counted on the response), the writes the same calls in the same order, and the chain holds.
      const journal = await journalOf(out);
      const requests = journal.filter((e) => e.type === 'request');
      const attempts = journal
        .filter((e) => e.type === 'response' || e.type === 'error')
        .reduce((n, e) => n + 1 + Number(e.retries ?? 0) + Number(e.throttled ?? 0), 0);
      expect(attempts).toBe(log.length);
      expect(requests.length).toBe(log.length);
      const journalWrites = requests.filter((e) => e.method !== 'GET').map((e) => `${String(e.method)} ${new URL(String(e.url)).pathname}`);
      const simWrites = log.filter(isWrite).map((r) => `${r.method} ${r.path}`);
      expect([...journalWrites].sort()).toEqual([...simWrites].sort());
      expect(new Set(writeKeys(log)).size).toBe(writeKeys(log).length);
      expect(JSON.stringify(journal)).not.toContain(TOKENS.dixa);
      expect(JSON.stringify(journal)).not.toContain(TOKENS.dialpad);
      expect(readFileSync(join(out, 'apply-result.md'), 'utf8')).toMatch(/^# Apply result \(executed\)/);

      // A fresh snapshot and audit: the findings the done actions answered are gone (the permanent deletes, which
      // did not run, only remove accounts that are suspended by now and hold nothing).
      const afterDir = join(fp.work, 'after');
      const audit = await runCli(['run', ...urls(sims), ...(await demoAuditArgs(fp.config)), '--out', afterDir, '--snapshot-dir', join(fp.work, 'snap-after'), '--fail-on', 'none', '-q'], { env });
      expect(audit.code, audit.stderr).toBe(0);
      const after = FindingsDocument.parse(JSON.parse(readFileSync(join(afterDir, 'findings.json'), 'utf8')));
      const open = new Map(after.findings.map((f) => [f.id, f]));
      const revoked = result.actions.filter((a) => a.outcome === 'done' && a.code === null && (a.kind === 'downgrade_agent' || a.kind === 'cancel_invite' || a.kind === 'suspend_user'));
      expect(revoked.length).toBeGreaterThan(5);
      const before0 = FindingsDocument.parse(JSON.parse(readFileSync(join(fp.runDir, 'findings.json'), 'utf8')));
      const rules = new Map(before0.findings.map((f) => [f.id, f.rule]));
      for (const a of revoked) {
        for (const id of a.findingIds) {
          const rule = rules.get(id);
          if (rule === 'TERMINATED_STILL_ACTIVE' || rule === 'DEACTIVATED_STILL_ASSIGNED' || rule === 'UNACCEPTED_INVITE') expect(open.get(id), `${rule} ${a.title}`).toBeUndefined();
        }
      }

      // A second apply of the same plan: every action is found done (or still waits), nothing is sent but GETs.
      const second = mark(sims);
      const again = await apply(fp, sims, ['--execute', '--out', join(fp.work, 'apply-2'), '--confirm-manual', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ exitCode: 0, mode: 'execute', complete: true });
      expect(logSince(sims, second).filter(isWrite)).toEqual([]);
      const againResult = readResult(join(fp.work, 'apply-2'));
      for (const a of againResult.actions.filter((x) => byId.get(x.actionId)?.outcome === 'done')) expect(a.code, a.title).toBe('already_done');
    } finally {
      await sims.close();
    }
  });
});
