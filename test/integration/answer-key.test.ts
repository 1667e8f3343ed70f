import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutput } from '../../src/cli/output.js';
import { collectSnapshot } from '../../src/collect/collect.js';
import { loadConfig } from '../../src/config/load.js';
import { loadAnswerKey } from '../../src/demo/answer-key.js';
import { demoFixtureDir, loadDemoFixture, type DemoFixture } from '../../src/demo/fixtures.js';
import type { FindingsDocument } from '../../src/model/finding.js';
import { compareWithAnswerKey } from '../../src/pipeline/answer-key-check.js';
import { auditAndReport, loadAuditInputs } from '../../src/pipeline/audit-stage.js';
import { startDemoSimulators } from '../../src/pipeline/demo.js';

/**
 * Issue 5 acceptance: the whole pipeline (real HTTP to the simulators, collect, IdP read, audit) on both committed
 * demo organisations finds every expected finding of the answer key and nothing else.
 */
describe.each(['demo', 'demo-alt'] as const)('answer key of fixtures/%s', (name) => {
  let work: string;
  let fx: DemoFixture;
  let doc: FindingsDocument;
  let snapshotDir: string;

  async function audit(outDir: string): Promise<FindingsDocument> {
    const config = await loadConfig(fx.paths.config);
    await auditAndReport({
      command: 'test',
      snapshotDir,
      inputs: await loadAuditInputs({ idpPath: fx.paths.idpUsers, assignmentsPath: fx.paths.assignments, exceptionsPath: fx.paths.exceptions, previousDir: undefined }, config),
      configPath: fx.paths.config,
      config,
      outDir,
      asOf: new Date(fx.meta.asOf),
      allowMassRemoval: false,
      failOn: 'none',
      vendors: undefined,
      startedAt: new Date(),
      output: createOutput({ quiet: true }),
    });
    return JSON.parse(await readFile(join(outDir, 'findings.json'), 'utf8')) as FindingsDocument;
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), `aa-key-${name}-`));
    fx = await loadDemoFixture(demoFixtureDir(name));
    const sims = await startDemoSimulators(fx);
    try {
      const collected = await collectSnapshot({
        outDir: join(work, 'snapshot'),
        vendors: ['dixa', 'dialpad'],
        baseUrls: sims.urls,
        tokens: sims.tokens,
        config: await loadConfig(fx.paths.config),
      });
      expect(collected.complete).toBe(true);
      snapshotDir = collected.dir;
    } finally {
      await sims.close();
    }
    doc = await audit(join(work, 'out1'));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('finds every expected finding and nothing else (precision and recall 100%)', async () => {
    const key = await loadAnswerKey(fx.paths.answerKey);
    const cmp = compareWithAnswerKey(doc, key.expected);
    expect(cmp.missing).toEqual([]);
    expect(cmp.unexpected).toEqual([]);
    expect(cmp.mismatched).toEqual([]);
    expect(cmp.precision).toBe(1);
    expect(cmp.recall).toBe(1);
    // Ids are the documented hash of rule + subject, so the key's ids must be the audit's.
    expect(doc.findings.map((f) => f.id).sort()).toEqual(key.expected.map((e) => e.id).sort());
    expect(doc.notEvaluated).toEqual([]);
  });

  it('flags none of the clean look-alikes', async () => {
    const key = await loadAnswerKey(fx.paths.answerKey);
    const subjects = new Set(doc.findings.map((f) => f.subject));
    const flagged = key.lookAlikes.filter((l) => subjects.has(l.subject) && !key.expected.some((e) => e.subject === l.subject));
    expect(key.lookAlikes.length).toBeGreaterThan(10);
    expect(flagged).toEqual([]);
  });

  it('gives byte-identical findings when re-run offline from the stored snapshot (apart from the run block)', async () => {
    const again = await audit(join(work, 'out2'));
    const strip = (d: FindingsDocument) => JSON.stringify({ ...d, run: { ...d.run, id: '', startedAt: '', finishedAt: '' } });
    expect(strip(again)).toBe(strip(doc));
    expect(again.run.id).not.toBe(doc.run.id);
  });
});
