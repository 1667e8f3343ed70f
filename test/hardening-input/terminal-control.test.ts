/**
 * A hostile vendor writes to the user's terminal only through our escapes. Its error messages, a non-JSON body
 * (quoted by the JSON parser's message), ids quoted in notes, and the reasons repeated in "Not evaluated" lines and
 * the summary all carry ESC/CSI (clear screen, cursor home), OSC 8 hyperlinks, BEL, lone CR, C1 CSI, bidi overrides
 * and line separators; the built CLI runs against the simulators behind a small loopback proxy that plants them,
 * and no such byte may reach stdout or stderr: each is shown as a visible escape.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState, uuidOf } from '../simulator/sample-state.js';
import { tempDir } from '../helpers/pipeline.js';

/** Clears the screen, homes the cursor, overwrites the line, rings, links, reverses text. */
const FORGE = '\u001b[2J\u001b[H\rALL CHECKS PASSED\u0007 \u001b]8;;http://e.vil/\u0007click\u001b]8;;\u0007 \u009b31m\u202eDESSAP\u2066x\u2069\u2028next';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Forwards to the simulator, except the paths it answers itself. */
async function hostileProxy(target: string, answer: (path: string) => { status: number; body: string } | null): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const planted = answer(req.url ?? '/');
    if (planted) {
      res.writeHead(planted.status, { 'content-type': 'application/json' });
      res.end(planted.body);
      return;
    }
    const up = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const sims: RunningSimulator[] = [];
const proxies: Server[] = [];
let work: string;
const runs: Array<[string, CliResult]> = [];

beforeAll(async () => {
  work = tempDir('aa-terminal-');
  const dixaState = sampleDixaState(6);
  // An id in a team is quoted (URL-encoded) in the failed request's line.
  dixaState.teams[0]?.memberIds.push(`${uuidOf('f', 98)}${FORGE}`);
  sims.push(await startDixaSimulator(dixaState, { tokens: [DIXA_TOKEN], rateLimit: false }));
  sims.push(await startDialpadSimulator(sampleDialpadState(6), { tokens: [DIALPAD_TOKEN], rateLimit: false }));
  const dixa = await hostileProxy(sims[0]!.url, (path) =>
    path.startsWith('/v1/queues') ? { status: 403, body: JSON.stringify({ message: `queues are not yours ${FORGE}` }) } : null,
  );
  const dialpad = await hostileProxy(sims[1]!.url, (path) =>
    // 200 and not JSON: the parser's message quotes the start of the body.
    path.startsWith('/api/v2/callcenters') ? { status: 200, body: `${FORGE} not json` } : null,
  );
  proxies.push(dixa.server, dialpad.server);

  writeFileSync(
    join(work, 'idp.csv'),
    ['Email,Name,Status', `agent1@example.org,"Ada ${FORGE}",Active`, `agent2@example.org,Bob,"${FORGE}"`, `x@example.org,"Eve\r# ${FORGE}",Active`].join('\n') + '\n',
  );
  const env = { DIXA_API_TOKEN: DIXA_TOKEN, DIALPAD_API_TOKEN: DIALPAD_TOKEN };
  const snapshot = join(work, 'snapshot');
  runs.push(['snapshot', await runCli(['snapshot', '--out', snapshot, '--dixa-url', dixa.url, '--dialpad-url', dialpad.url], { env })]);
  runs.push(['verify', await runCli(['verify', snapshot])]);
  runs.push(['audit', await runCli(['audit', '--snapshot', snapshot, '--idp', join(work, 'idp.csv'), '--out', join(work, 'report'), '--fail-on', 'none'])]);
  runs.push(['audit --json', await runCli(['audit', '--snapshot', snapshot, '--idp', join(work, 'idp.csv'), '--out', join(work, 'report-json'), '--fail-on', 'none', '--json'])]);
  runs.push(['idp', await runCli(['idp', join(work, 'idp.csv')])]);
  runs.push(['idp --json', await runCli(['idp', join(work, 'idp.csv'), '--json'])]);
}, 240_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => new Promise((resolve) => p.close(resolve))));
  await Promise.all(sims.map((s) => s.close()));
});

describe('vendor and IdP text on the terminal', () => {
  it('the hostile strings reached the terminal, escaped: the snapshot is incomplete (exit 2) and says why', () => {
    const snap = runs[0]![1];
    expect(snap.code).toBe(2);
    expect(snap.stderr).toContain('queues are not yours \\u001b[2J\\u001b[H');
    expect(snap.stderr).toContain('ALL CHECKS PASSED\\u0007 \\u001b]8;;http://e.vil/\\u0007click');
    // The parser's excerpt of the Dialpad body.
    expect(snap.stderr).toMatch(/callcenters.*not valid JSON.*\\u001b\[2J\\u001b\[H\\rAL/);
    const audit = runs[2]![1];
    expect(audit.stderr).toMatch(/Not evaluated: .*queues are not yours \\u001b\[2J/);
    expect(runs[4]![1].stdout).toContain('unknown status "\\u001b[2J\\u001b[H\\rALL CHECKS PASSED\\u0007');
  });

  it('no control character, C1 control, line separator or bidi override reaches stdout or stderr of any command', () => {
    for (const [name, r] of runs) {
      for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
        const bad = RAW_CONTROL.exec(text);
        expect(bad, `${name} ${stream} has U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad?.index}`).toBeNull();
      }
    }
  });

  it('no line printed is a forged one: "ALL CHECKS PASSED" only ever appears after an escape, never at the start of a line', () => {
    for (const [, r] of runs) {
      for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) expect(line.trimStart().startsWith('ALL CHECKS PASSED')).toBe(false);
    }
  });

  it('--json output stays JSON and carries the vendor text exactly', () => {
    const doc = JSON.parse(runs[3]![1].stdout) as { notEvaluated: Array<{ reason: string }> };
    expect(doc.notEvaluated.some((n) => n.reason.includes(`queues are not yours ${FORGE.replace(/\s+/g, ' ')}`))).toBe(true);
    const idp = JSON.parse(runs[5]![1].stdout) as { notes: Array<{ message: string }> };
    expect(idp.notes.some((n) => n.message.includes(FORGE))).toBe(true);
  });
});
