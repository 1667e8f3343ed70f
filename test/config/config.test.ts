import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { AuditError } from '../../src/errors.js';
import { tempDir } from '../helpers/pipeline.js';

async function configFile(content: string): Promise<string> {
  const dir = tempDir('aa-config-');
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

describe('config problems a user can act on', () => {
  it('names every problem at once, with "did you mean" from the schema', async () => {
    const path = await configFile(
      JSON.stringify({ vendors: { dixa: { rateLimit: { perSecnd: 3, burst: 2 } } }, failOn: 'hgh', severity: { PRIVILEGED_ACCONT: 'low' }, thresholdz: {} }),
    );
    const err = (await loadConfig(path).catch((e: unknown) => e)) as AuditError;
    expect(err).toBeInstanceOf(AuditError);
    expect(err.exitCode).toBe(3);
    // All four on the one line printed (bad input is one line, however many problems).
    expect(err.details).toHaveLength(3);
    expect(err.lines()).toHaveLength(1);
    const lines = err.lines().join('\n');
    expect(lines).toMatch(/\$\.vendors\.dixa\.rateLimit: unknown key "perSecnd"; did you mean "perSecond"\?/);
    expect(lines).toMatch(/\$\.failOn: hgh is not allowed; did you mean "high"\?/);
    expect(lines).toMatch(/\$\.severity: unknown key "PRIVILEGED_ACCONT"; did you mean "PRIVILEGED_ACCOUNT"\?/);
    expect(lines).toMatch(/\$: unknown key "thresholdz"; did you mean "thresholds"\?/);
  });

  it('suggests nothing for a key that is nothing like a known one', async () => {
    const path = await configFile(JSON.stringify({ vendors: { dixa: { zzzzzzzz: 1 } } }));
    const err = (await loadConfig(path).catch((e: unknown) => e)) as AuditError;
    expect(err.message).toMatch(/unknown key "zzzzzzzz"/);
    expect(err.message).not.toMatch(/did you mean/);
  });

  it('resolves exceptionsFile against the config file folder', async () => {
    const path = await configFile(JSON.stringify({ exceptionsFile: 'exceptions.json' }));
    const c = await loadConfig(path);
    expect(c.exceptionsFile).toBe(join(dirname(path), 'exceptions.json'));
  });
});
