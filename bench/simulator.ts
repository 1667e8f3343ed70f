/**
 * Simulator throughput: how fast a collector can page through a large organisation served over loopback, with the
 * rate limit off (the limit would otherwise dominate: 10/s Dixa, 20/s Dialpad).
 * Run: node --expose-gc --import tsx bench/simulator.ts [agents=10000] [pageSize=100]
 */
import { Pool } from 'undici';
import { startDialpadSimulator } from '../src/vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../src/vendors/dixa/simulator/index.js';
import { DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState, uuidOf } from '../test/simulator/sample-state.js';

const size = Number(process.argv[2] ?? 10_000);
const pageSize = Number(process.argv[3] ?? 100);

async function drain(url: string, first: string, headers: Record<string, string>, next: (body: unknown) => string | undefined) {
  const pool = new Pool(url, { connections: 1 });
  const latencies: number[] = [];
  let items = 0;
  let path: string | undefined = first;
  const t0 = performance.now();
  while (path) {
    const t = performance.now();
    const res = await pool.request({ method: 'GET', path, headers });
    const body = (await res.body.json()) as { data?: unknown[]; items?: unknown[] };
    latencies.push(performance.now() - t);
    items += (body.data ?? body.items ?? []).length;
    path = next(body);
  }
  const ms = performance.now() - t0;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.toFixed(2);
  return { items, requests: latencies.length, ms: ms.toFixed(0), reqPerSec: ((latencies.length * 1000) / ms).toFixed(0), p50: q(0.5), p95: q(0.95) };
}

const dixaState = sampleDixaState(size);
// One team of up to 10,000 members spread over the whole organisation: each member id is resolved to an agent, which
// scanned every agent per member before the simulators indexed their lookups (issue 19).
const teamSize = Math.min(size, 10_000);
const stride = Math.max(1, Math.floor(size / teamSize));
dixaState.teams.push({ id: uuidOf('7', 3), name: 'Everyone', memberIds: Array.from({ length: teamSize }, (_, i) => dixaState.agents[(i * stride) % size]?.id ?? '') });
const dixa = await startDixaSimulator(dixaState, { tokens: [DIXA_TOKEN], rateLimit: false });
const dixaResult = await drain(dixa.url, `/v1/agents?pageLimit=${pageSize}`, { authorization: DIXA_TOKEN }, (b) => (b as { meta?: { next?: string } }).meta?.next);
const teamMembers = await drain(dixa.url, `/v1/teams/${uuidOf('7', 3)}/agents`, { authorization: DIXA_TOKEN }, () => undefined);
await dixa.close();

const dialpad = await startDialpadSimulator(sampleDialpadState(size), { tokens: [DIALPAD_TOKEN], rateLimit: false });
const dialpadResult = await drain(dialpad.url, `/api/v2/users?state=all&limit=${pageSize}`, { authorization: `Bearer ${DIALPAD_TOKEN}` }, (b) => {
  const c = (b as { cursor?: string }).cursor;
  return c ? `/api/v2/users?state=all&limit=${pageSize}&cursor=${c}` : undefined;
});
await dialpad.close();

globalThis.gc?.();
console.log(JSON.stringify({ size, pageSize, dixa: dixaResult, dixaTeamOf: { members: teamSize, ...teamMembers }, dialpad: dialpadResult, rssMB: (process.memoryUsage().rss / 1e6).toFixed(0) }, null, 2));
