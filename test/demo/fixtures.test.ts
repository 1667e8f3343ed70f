import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditError } from '../../src/errors.js';
import { demoFixtureDir, loadDemoFixture } from '../../src/demo/fixtures.js';
import { generateOrg, writeOrg } from '../../src/demo/generate.js';

describe('demo fixtures for a demo run', () => {
  it('finds the committed demo folder from the module and loads it', async () => {
    const dir = demoFixtureDir();
    expect(dir).toMatch(/fixtures[/\\]demo$/);
    const demo = await loadDemoFixture(dir);
    expect(demo.meta.seed).toBe(42);
    expect(demo.meta.asOf).toBe('2026-11-01T00:00:00Z');
    expect(demo.dixa.agents.length).toBeGreaterThan(0);
    expect(demo.dialpad.users.length).toBeGreaterThan(0);
    expect(demo.paths.idpUsers.endsWith('idp-users.csv')).toBe(true);
    expect((await loadDemoFixture(demoFixtureDir('demo-alt'))).meta.idpFormat).toBe('google-users');
  });

  it('a damaged state file is one bad-input line naming the file and the JSON path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'demo-fixture-'));
    try {
      await writeOrg(generateOrg({ seed: 4, people: 160, asOf: '2026-11-01T00:00:00Z' }), dir);
      await writeFile(join(dir, 'dialpad-state.json'), JSON.stringify({ company: { id: '1', name: 'x' }, users: [{ id: 5 }] }));
      const err = await loadDemoFixture(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).message).toMatch(/dialpad-state\.json: \$\.users\[0\]\.id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
