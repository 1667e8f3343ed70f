import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditDigests } from '../helpers/output-digest.js';
import { generatedOrgDir, REFERENCE_FILE } from '../helpers/output-digest-orgs.js';
import { removeTempDirs } from '../helpers/pipeline.js';

/**
 * Issue 19 changed how findings.json, the plan and normalized.json are written and read (streamed) and indexed lookups
 * in the audit, plan and reports: none of that may change an output. The reference digests were produced by main
 * without this branch's changes (scripts/reference-digests.sh main: a clean export of that commit, built, the same
 * digest helper; first at aa9ca03, twice, identical, then again at e9e3d0c once issue 16's typed workbook dates had
 * landed, then at 1995ecf with every pure output digested, the workbook by its sheet XML), for the committed demo and
 * for the demo generator's organisation at 10,000 people.
 */
const reference = JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as Record<string, Record<string, string>>;
afterAll(() => removeTempDirs());

describe('outputs are byte-identical to the code before streaming and indexing (built CLI: snapshot, then audit)', () => {
  it('the demo organisation: findings.json, the plan, every CSV, review-campaign.json, summary.html and the workbook', { timeout: 300_000 }, async () => {
    expect(await auditDigests(join(import.meta.dirname, '..', '..', 'fixtures', 'demo'))).toEqual(reference.demo);
  });

  it('a generated 10,000-person organisation: the same outputs', { timeout: 900_000 }, async () => {
    expect(await auditDigests(await generatedOrgDir(10_000))).toEqual(reference['generated-10k']);
  });
});
