import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrg, renderOrg } from '../../src/demo/generate.js';

const root = join(import.meta.dirname, '..', '..');

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'generate-demo.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('scripts/generate-demo.ts', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gen-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the organisation generateOrg gives for the same flags', async () => {
    const out = join(dir, 'org');
    const r = await runScript(['--seed', '8', '--people', '170', '--idp-format', 'google-users', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^demo org written to .*: 170 identities/);
    const expected = renderOrg(generateOrg({ seed: 8, people: 170, asOf: '2026-11-01T00:00:00Z', idpFormat: 'google-users' }));
    expect((await readdir(out)).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, content] of Object.entries(expected)) expect(await readFile(join(out, file), 'utf8')).toBe(content);
  });

  it('a population too small: one line naming the flag, exit 3, nothing written', async () => {
    const out = join(dir, 'small');
    const r = await runScript(['--seed', '8', '--people', '12', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^generate-demo: --people: 12 is fewer than/);
    await expect(readdir(out)).rejects.toThrow();
  });
});
