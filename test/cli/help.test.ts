import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

describe('cli surface', () => {
  it('lists every contract command in --help with the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['run', 'snapshot', 'audit', 'verify <dir>', 'idp <file>']) expect(r.stdout).toContain(`access-audit ${cmd}`);
    expect(r.stdout).toMatch(/3 bad input or usage/);
  });

  it('--help fits on one screen (at most 40 lines at 110 columns) and lists doctor (issue 16)', async () => {
    const r = await runCli(['--help'], { env: { COLUMNS: '110' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('access-audit doctor');
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('rejects an unknown command with one line and exit 3', async () => {
    const r = await runCli(['bogus']);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown argument: bogus/);
  });

  it('rejects an unknown flag naming the flag', async () => {
    const r = await runCli(['verify', 'x', '--frobnicate']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/frobnicate/);
  });

  it('shows examples in command help', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run --demo/);
  });
});
