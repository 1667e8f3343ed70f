import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExceptions } from '../../src/audit/exceptions.js';
import { loadConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aa-init-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('init: a safe starting point', () => {
  it('writes a config that lowers no severity, a schema that says how to, and a valid empty exceptions file', async () => {
    const cwd = join(dir, 'fresh');
    await mkdir(cwd);
    const r = await runCli(['init'], { cwd });
    expect(r.code).toBe(0);
    const raw = JSON.parse(await readFile(join(cwd, 'access-audit.config.json'), 'utf8')) as Record<string, unknown>;
    expect(raw['severity']).toBeUndefined();
    const config = await loadConfig(join(cwd, 'access-audit.config.json'));
    expect(config.severity).toEqual({});
    expect(config.failOn).toBe('high');
    const schema = JSON.parse(await readFile(join(cwd, 'access-audit.schema.json'), 'utf8')) as { properties: Record<string, { description?: string }> };
    expect(schema.properties['severity']?.description).toMatch(/"PRIVILEGED_ACCOUNT": "info"/);
    const exceptions = await loadExceptions(join(cwd, 'exceptions.json'));
    expect(exceptions.exceptions).toEqual([]);
    expect(exceptions.$example).toMatchObject({ rules: ['ORPHANED_ACCOUNT'] });
    expect(config.exceptionsFile).toBe(join(cwd, 'exceptions.json'));
  });

  it('never overwrites: a second init is refused and changes nothing', async () => {
    const cwd = join(dir, 'twice');
    await mkdir(cwd);
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    await writeFile(join(cwd, 'access-audit.config.json'), '{"failOn": "critical"}\n');
    const r = await runCli(['init'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/access-audit\.config\.json and .*access-audit\.schema\.json already exist/);
    expect(await readFile(join(cwd, 'access-audit.config.json'), 'utf8')).toBe('{"failOn": "critical"}\n');
  });

  it('keeps an existing exceptions file even with --force', async () => {
    const cwd = join(dir, 'keep');
    await mkdir(cwd);
    const mine = JSON.stringify({ exceptions: [{ id: 'E1', kind: 'shared', scope: { identityEmail: 'a@example.com' }, rules: ['*'], reason: 'r', approver: 'x' }] });
    await writeFile(join(cwd, 'exceptions.json'), mine);
    await writeFile(join(cwd, 'access-audit.config.json'), '{}');
    const r = await runCli(['init', '--force'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/kept the existing exceptions\.json/);
    expect(await readFile(join(cwd, 'exceptions.json'), 'utf8')).toBe(mine);
    expect(JSON.parse(await readFile(join(cwd, 'access-audit.config.json'), 'utf8'))).toHaveProperty('exceptionsFile', 'exceptions.json');
  });

  it('a missing exceptions file named by the config is reported with its key', async () => {
    const cwd = join(dir, 'missing');
    await mkdir(cwd);
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    await rm(join(cwd, 'exceptions.json'));
    const idp = join(process.cwd(), 'fixtures', 'demo', 'idp-users.csv');
    const r = await runCli(['audit', '--config', 'access-audit.config.json', '--snapshot', '.', '--idp', idp, '--out', join(dir, 'missing-out')], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\$\.exceptionsFile: .*exceptions\.json: no such file/);
  });
});
