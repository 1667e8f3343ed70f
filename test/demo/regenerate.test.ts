import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrg, renderOrg, writeOrg } from '../../src/demo/generate.js';
import { DEMO_PROFILE_DIRS, DEMO_PROFILES } from '../../src/demo/profiles.js';
import { AuditError } from '../../src/errors.js';

const root = join(import.meta.dirname, '..', '..');

describe('committed demo organisations regenerate byte-identically', () => {
  for (const [name, opts] of Object.entries(DEMO_PROFILES)) {
    it(`${name}: generateOrg(${opts.seed}) equals ${DEMO_PROFILE_DIRS[name]} file by file`, async () => {
      const dir = join(root, DEMO_PROFILE_DIRS[name] ?? '');
      const rendered = renderOrg(generateOrg(opts));
      const committed = (await readdir(dir)).filter((f) => f !== 'README.md').sort();
      expect(committed).toEqual(Object.keys(rendered).sort());
      for (const [file, content] of Object.entries(rendered)) {
        const onDisk = await readFile(join(dir, file));
        expect(onDisk.equals(Buffer.from(content, 'utf8')), `${name}/${file} differs: run npm run demo:fixtures? (node --import tsx scripts/generate-demo.ts --profile ${name} --out ${DEMO_PROFILE_DIRS[name]})`).toBe(true);
      }
    });
  }

  it('writeOrg writes exactly what renderOrg renders, and the same seed gives the same bytes twice', async () => {
    const opts = { seed: 99, people: 160, asOf: '2026-11-01T00:00:00Z' };
    const dir = await mkdtemp(join(tmpdir(), 'demo-'));
    try {
      await writeOrg(generateOrg(opts), dir);
      const again = renderOrg(generateOrg(opts));
      expect((await readdir(dir)).sort()).toEqual(Object.keys(again).sort());
      for (const [file, content] of Object.entries(again)) expect(await readFile(join(dir, file), 'utf8')).toBe(content);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('another seed gives another organisation', () => {
    const a = renderOrg(generateOrg({ seed: 1, people: 160, asOf: '2026-11-01T00:00:00Z' }));
    const b = renderOrg(generateOrg({ seed: 2, people: 160, asOf: '2026-11-01T00:00:00Z' }));
    expect(a['dixa-state.json']).not.toBe(b['dixa-state.json']);
    expect(a['idp-users.csv']).not.toBe(b['idp-users.csv']);
  });

  it('rejects a population too small for the planted cases with a one-line bad-input error', () => {
    let caught: unknown;
    try {
      generateOrg({ seed: 1, people: 20, asOf: '2026-11-01T00:00:00Z' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AuditError);
    expect((caught as AuditError).exitCode).toBe(3);
    expect((caught as AuditError).message).toMatch(/^--people: 20 is fewer than the \d+ people/);
  });

  it('rejects an as-of that is not a date', () => {
    expect(() => generateOrg({ seed: 1, people: 300, asOf: 'yesterday' })).toThrow(/--as-of/);
  });
});
