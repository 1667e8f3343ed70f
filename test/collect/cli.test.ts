import { mkdirSync } from 'node:fs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { sampleDialpadState, sampleDixaState } from '../simulator/sample-state.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, expectNoSecrets, tempOut } from './helpers.js';

let dixa: RunningSimulator;
let dialpad: RunningSimulator;
beforeAll(async () => {
  dixa = await startDixaSimulator(sampleDixaState(12), { tokens: [DIXA_TOKEN] });
  dialpad = await startDialpadSimulator(sampleDialpadState(15), { tokens: [DIALPAD_TOKEN] });
});
afterAll(async () => {
  await dixa.close();
  await dialpad.close();
});

const env = { DIXA_API_TOKEN: DIXA_TOKEN, DIALPAD_API_TOKEN: DIALPAD_TOKEN };
const urls = () => ['--dixa-url', dixa.url, '--dialpad-url', dialpad.url];

describe('access-audit snapshot / verify', () => {
  it('writes a snapshot (exit 0), prints plain progress lines on a non-TTY stderr, and verify says intact', async () => {
    const out = tempOut();
    const res = await runCli(['snapshot', '--out', out, ...urls()], { env });
    // One line per vendor with its totals (per-listing lines need --verbose since issue 16: npm start fits a screen).
    expect(res.stderr).toMatch(/dixa: complete \(8 listings, \d+ items, \d+ requests\)/);
    expect(res.stderr).toContain(`snapshot written to ${out}`);
    expect(res.code).toBe(0);
    const sha = /manifest\.json sha256 ([0-9a-f]{64})/.exec(res.stderr)?.[1];
    expect(sha).toBeDefined();
    const verify = await runCli(['verify', out]);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain(`intact (manifest.json sha256 ${sha})`);
    expectNoSecrets(out, [res.stdout, res.stderr, verify.stdout, verify.stderr]);

    // One changed byte: tampered, exit 1, the file named.
    const file = join(out, 'raw/dixa/organization/organization.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Example Org', 'Examp1e Org'));
    const tampered = await runCli(['verify', out]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('changed: raw/dixa/organization/organization.json');
  });

  it('--quiet prints nothing on success', async () => {
    const res = await runCli(['snapshot', '--quiet', '--vendors', 'dialpad', '--out', tempOut(), ...urls()], { env });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
  });

  it('a missing token for a requested vendor exits 3 naming the variable', async () => {
    const res = await runCli(['snapshot', '--vendors', 'dixa,dialpad', '--out', tempOut(), ...urls()], { env: { DIXA_API_TOKEN: DIXA_TOKEN, DIALPAD_API_TOKEN: '' } });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/DIALPAD_API_TOKEN is not set/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a vendor that cannot be read is marked incomplete, the other goes on, exit 2 with one line per failed listing', async () => {
    const out = tempOut();
    const res = await runCli(['snapshot', '--out', out, ...urls()], { env: { ...env, DIXA_API_TOKEN: 'dxa_wrong-token-XYZ-9876' } });
    expect(res.code).toBe(2);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('access-audit: incomplete:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/incomplete: Dixa organization: GET .*401 Unauthorized.*DIXA_API_TOKEN/);
    expect(res.stderr).toContain('dialpad: complete');
    expectNoSecrets(out, [res.stdout, res.stderr], [DIXA_TOKEN, DIALPAD_TOKEN, 'dxa_wrong-token-XYZ-9876']);
    expect((await runCli(['verify', out])).code).toBe(0);
  });

  it('verify of a folder that is not a snapshot exits 3; an unknown vendor is a usage error', async () => {
    const notSnapshot = tempOut();
    mkdirSync(notSnapshot, { recursive: true });
    const res = await runCli(['verify', notSnapshot]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/not a finalized access-audit snapshot/);
    const bad = await runCli(['snapshot', '--vendors', 'zendesk', '--out', tempOut()], { env });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/--vendors: unknown vendor "zendesk"/);
  });
});
