import { checkOutputFolder } from '../../src/output-folder/guard.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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
      out: await checkOutputFolder(outDir, { flag: '--out', kind: 'report', replace: 'own' }),
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
    // Only the remediation check, which needs a previous review's decisions (--previous).
    expect(doc.notEvaluated.map((n) => `${n.rule} ${n.vendor ?? 'all'}`)).toEqual(['REVOCATION_NOT_DONE all']);
  });

  it('flags none of the clean look-alikes', async () => {
    const key = await loadAnswerKey(fx.paths.answerKey);
    const subjects = new Set(doc.findings.map((f) => f.subject));
    const flagged = key.lookAlikes.filter((l) => subjects.has(l.subject) && !key.expected.some((e) => e.subject === l.subject));
    expect(key.lookAlikes.length).toBeGreaterThan(10);
    expect(flagged).toEqual([]);
  });

  it('summary.html and the workbook show the licence waste per vendor and office, priced from the config', async () => {
    // Independently of the audit: the answer key's open leaver / old-invite / inactive findings, one seat per account.
    const key = await loadAnswerKey(fx.paths.answerKey);
    const config = JSON.parse(await readFile(fx.paths.config, 'utf8')) as { licences: { currency: string; dixa: Record<string, number>; dialpad: Record<string, number> } };
    const licenseOf = new Map(fx.dialpad.users.map((u) => [u.id, u.license ?? '']));
    const waste = new Map<string, number>();
    for (const e of key.expected) {
      if (e.suppressed || !e.vendor || !e.accountId || !['TERMINATED_STILL_ACTIVE', 'UNACCEPTED_INVITE', 'INACTIVE_ACCOUNT'].includes(e.rule)) continue;
      const prices = config.licences[e.vendor];
      waste.set(`${e.vendor}:${e.accountId}`, prices[e.vendor === 'dialpad' ? (licenseOf.get(e.accountId) ?? '') : 'default'] ?? prices.default ?? 0);
    }
    const total = (vendor: string) => [...waste].filter(([k]) => k.startsWith(`${vendor}:`)).reduce((sum, [, v]) => sum + v, 0);
    const seats = (vendor: string) => [...waste.keys()].filter((k) => k.startsWith(`${vendor}:`)).length;
    expect(key.expected.some((e) => e.rule === 'INACTIVE_ACCOUNT' && e.vendor === 'dixa')).toBe(true);
    expect(key.expected.some((e) => e.rule === 'INACTIVE_ACCOUNT' && e.vendor === 'dialpad')).toBe(true);
    for (const vendor of ['dixa', 'dialpad']) {
      const t = doc.licenceWaste?.totals.find((x) => x.vendor === vendor);
      expect(t?.seats.total).toBe(seats(vendor));
      expect(t?.monthlyCost).toBe(total(vendor));
    }
    const html = await readFile(join(work, 'out1', 'summary.html'), 'utf8');
    for (const vendor of ['dixa', 'dialpad']) {
      const figure = `${config.licences.currency} ${total(vendor).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      expect(html).toContain(`data-testid="licence-waste-${vendor}">${figure}</div>`);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(work, 'out1', 'access-review.xlsx'));
    const sheet = wb.getWorksheet('Licence Waste');
    const rows: unknown[][] = [];
    sheet?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Vendor', 'Scope', 'Office ID', 'Leaver Seats', 'Never-used Seats', 'Inactive Seats', 'Seats', 'Monthly Cost', 'Currency', 'Seats Not Priced']);
    expect(rows.find((r) => r[0] === 'dialpad' && r[1] === 'all')?.[7]).toBe(total('dialpad'));
    // Per office: the Dialpad offices' seats add up to the vendor's.
    const offices = rows.filter((r) => r[0] === 'dialpad' && r[1] !== 'all');
    expect(offices.length).toBeGreaterThan(1);
    expect(offices.reduce((sum, r) => sum + Number(r[6]), 0)).toBe(seats('dialpad'));
  });

  it('gives byte-identical findings when re-run offline from the stored snapshot (apart from the run block)', async () => {
    const again = await audit(join(work, 'out2'));
    const strip = (d: FindingsDocument) => JSON.stringify({ ...d, run: { ...d.run, id: '', startedAt: '', finishedAt: '' } });
    expect(strip(again)).toBe(strip(doc));
    expect(again.run.id).not.toBe(doc.run.id);
  });
});
