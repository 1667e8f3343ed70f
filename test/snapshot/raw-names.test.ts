import { readdirSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeSegment } from '../../src/snapshot/paths.js';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import { collect } from '../collect/helpers.js';
import { sampleDialpadState } from '../simulator/sample-state.js';

const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9]|lpt[0-9])(\..*)?$/i;
const HOSTILE_IDS = ['CON', 'con', 'nul.txt', 'Nul', 'COM1', 'lpt9.json', 'Abc', 'abc', 'ABC', 'x. ', 'trailing.', '.hidden', '..', '.', 'a/b', 'a_b', 'a:b*?"<>|', ''];

/** What makes a name unsafe to copy to Windows or to a case-insensitive filesystem. */
function portabilityProblems(names: string[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    if (RESERVED.test(name)) problems.push(`${name}: reserved on Windows`);
    if (/[. ]$/.test(name)) problems.push(`${name}: trailing dot or space`);
    if (/^\./.test(name)) problems.push(`${name}: leading dot`);
    if (/[^A-Za-z0-9._-]/.test(name)) problems.push(`${name}: character outside A-Z a-z 0-9 . _ -`);
    const folded = name.toLowerCase();
    if (seen.has(folded)) problems.push(`${name}: same as ${seen.get(folded)} ignoring case`);
    seen.set(folded, name);
  }
  return problems;
}

describe('raw file names are portable', () => {
  it('the check itself catches each kind of problem', () => {
    expect(portabilityProblems(['CON', 'nul.txt', 'a.', '..', 'a b', 'Abc', 'abc'])).toHaveLength(7);
    expect(portabilityProblems(['0001', '5000000000000001', 'f0000000-0000-4000-8000-000000000098', 'organization'])).toEqual([]);
  });

  it('safeSegment: hostile ids give portable, distinct names; plain ids keep theirs', () => {
    const names = HOSTILE_IDS.map((id) => `${safeSegment(id)}.json`);
    expect(portabilityProblems(names)).toEqual([]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(HOSTILE_IDS.length);
    for (const plain of ['0001', '5000000000000001', 'f0000000-0000-4000-8000-000000000098', 'organization']) expect(safeSegment(plain)).toBe(plain);
    expect(safeSegment('x'.repeat(500)).length).toBeLessThan(140);
    expect(safeSegment('x'.repeat(500))).not.toBe(safeSegment(`${'x'.repeat(499)}y`));
  });

  describe('a vendor whose ids are CON, nul.txt, Abc and abc', () => {
    let sim: RunningSimulator;
    let proxy: Server;
    let url: string;
    const ids = ['CON', 'nul.txt', 'Abc', 'abc', 'COM1', 'x. '];
    beforeAll(async () => {
      const state = sampleDialpadState(4);
      const template = state.callcenters[0]!;
      const operators = state.operators[template.id]!;
      state.callcenters = ids.map((id) => ({ ...template, id, name: `cc ${id}` }));
      state.operators = Object.fromEntries(ids.map((id) => [id, operators]));
      sim = await startDialpadSimulator(state, { tokens: ['dpd_H3sJ8kF2-yB5mN9qW4eR7-secret'], rateLimit: false });
      // The simulator checks that ids are numbers; a hostile vendor need not. Operators are answered here for any id.
      proxy = createServer((req, res) => {
        if (/^\/api\/v2\/callcenters\/[^/]+\/operators/.test(req.url ?? '')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ users: [], rooms: [] }));
          return;
        }
        const up = request(`${sim.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        req.pipe(up);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => proxy.close(resolve));
      await sim.close();
    });

    it('writes one portable raw file per call center, none merged on a case-insensitive filesystem', async () => {
      const result = await collect({ vendors: ['dialpad'], baseUrls: { dialpad: url } });
      expect(result.failures).toEqual([]);
      const dir = join(result.dir, 'raw', 'dialpad', 'operators');
      const names = readdirSync(dir);
      expect(portabilityProblems(names)).toEqual([]);
      expect(names).toHaveLength(ids.length);
    });
  });
});
