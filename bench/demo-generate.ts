/**
 * Demo generator scaling: CPU time and heap of generateOrg + renderOrg (what writeOrg writes) per population size.
 *   node --expose-gc --import tsx bench/demo-generate.ts [sizes...]   (default 10000 25000 50000 100000)
 * Figures go to bench/RESULTS-demo.md by hand, with the machine and node version.
 */
import { cpus } from 'node:os';
import { generateOrg, renderOrg } from '../src/demo/generate.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const gc = (globalThis as { gc?: () => void }).gc;
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
console.log('people | copies | expected | generate cpu ms | render cpu ms | wall ms | bytes | peak heap MB');
for (const people of sizes.length > 0 ? sizes : [10000, 25000, 50000, 100000]) {
  gc?.();
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const wall = performance.now();
  const c0 = process.cpuUsage();
  const org = generateOrg({ seed: 42, people, asOf: '2026-11-01T00:00:00Z' });
  const c1 = process.cpuUsage(c0);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const files = renderOrg(org);
  const c2 = process.cpuUsage(c0);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sample);
  const bytes = Object.values(files).reduce((n, s) => n + Buffer.byteLength(s), 0);
  const ms = (u: NodeJS.CpuUsage): number => Math.round((u.user + u.system) / 1000);
  console.log(
    `${people} | ${org.meta.copies} | ${org.meta.counts.expected} | ${ms(c1)} | ${ms(c2) - ms(c1)} | ${Math.round(performance.now() - wall)} | ${bytes} | ${Math.round(peak / 1e6)}`,
  );
}
