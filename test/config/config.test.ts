import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { AuditError } from '../../src/errors.js';

async function configFile(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aa-config-'));
  const path = join(dir, 'access-audit.config.json');
  await writeFile(path, content);
  return path;
}

describe('config', () => {
  it('fills documented defaults when no file is given', async () => {
    const c = await loadConfig(undefined);
    expect(c.vendors.dixa.rateLimit).toEqual({ perSecond: 10, burst: 4 });
    expect(c.vendors.dialpad.rateLimit.perSecond).toBe(20);
    expect(c.thresholds.inviteMaxAgeDays).toBe(14);
    expect(c.plan.destructiveCapPercent).toBe(10);
    expect(c.failOn).toBe('high');
  });

  it('keeps given values and defaults the rest', async () => {
    const c = await loadConfig(await configFile(JSON.stringify({ thresholds: { inviteMaxAgeDays: 30 }, correlation: { domainAliases: { 'oldco.com': 'example.com' } } })));
    expect(c.thresholds.inviteMaxAgeDays).toBe(30);
    expect(c.thresholds.retentionDays).toBe(30);
    expect(c.correlation.domainAliases).toEqual({ 'oldco.com': 'example.com' });
  });

  it('names the JSON path of an unknown key', async () => {
    const path = await configFile(JSON.stringify({ vendors: { dixa: { rateLimt: 3 } } }));
    await expect(loadConfig(path)).rejects.toThrow(/\$\.vendors\.dixa: unknown key "rateLimt"/);
  });

  it('names the JSON path of a bad value and exits 3', async () => {
    const path = await configFile(JSON.stringify({ thresholds: { inviteMaxAgeDays: -2 } }));
    const err = await loadConfig(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).exitCode).toBe(3);
    expect((err as AuditError).message).toMatch(/\$\.thresholds\.inviteMaxAgeDays/);
  });

  it('reports invalid JSON and a missing file as bad input', async () => {
    await expect(loadConfig(await configFile('{ nope'))).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig('/nonexistent/cfg.json')).rejects.toThrow(/cannot read \(ENOENT\)/);
  });
});
