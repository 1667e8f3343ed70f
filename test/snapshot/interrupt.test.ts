import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFixtureDir, loadDemoFixture } from '../../src/demo/fixtures.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { CLI } from '../helpers/cli.js';

const TOKEN = 'interrupt-test-token';

describe('Ctrl-C during a snapshot', () => {
  let work: string;
  let sim: RunningSimulator;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'aa-interrupt-'));
    const fx = await loadDemoFixture(demoFixtureDir('demo'));
    // Team member listings answer after 20 s: the snapshot is surely mid-way when it is interrupted.
    sim = await startDixaSimulator(fx.dixa, { tokens: [TOKEN], rateLimit: false, faults: [{ kind: 'slow-headers', path: /\/v1\/teams\/.+\/agents/, delayMs: 20_000, times: 1000 }] });
  });
  afterAll(async () => {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s removes the partial folder and exits %i', async (signal, code) => {
    const out = join(work, `snap-${signal}`);
    const child = spawn(process.execPath, [CLI, 'snapshot', '--vendors', 'dixa', '--dixa-url', sim.url, '--out', out], {
      env: { ...process.env, DIXA_API_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // Wait until the partial folder exists and holds the first raw responses.
    for (let i = 0; i < 200; i++) {
      const entries = await readdir(work);
      const partial = entries.find((e) => e.startsWith(`.snap-${signal}.partial-`));
      if (partial && (await readdir(join(work, partial))).length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await readdir(work)).some((e) => e.startsWith(`.snap-${signal}.partial-`))).toBe(true);
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(stderr).toMatch(new RegExp(`interrupted \\(${signal}\\); partial output removed`));
    expect((await readdir(work)).filter((e) => e.includes(`snap-${signal}`))).toEqual([]);
  });
});
