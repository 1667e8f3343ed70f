/**
 * `npm run bench [-- name ... [--flag value ...]]`: runs each benchmark in its own process (so peak RSS is per
 * benchmark), in order; flags after the names go to each of them (e.g. `npm run bench -- e2e-scale --sizes 10000`).
 * Each script prints its figures and writes bench/RESULTS-<area>.md; BENCHMARKS.md collects them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALL = ['idp-read', 'snapshot', 'audit', 'report', 'plan', 'demo-generate', 'simulator', 'pipeline-scale', 'e2e-scale'];
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('-'));
const wanted = firstFlag < 0 ? args : args.slice(0, firstFlag);
const passed = firstFlag < 0 ? [] : args.slice(firstFlag);
const names = wanted.length > 0 ? wanted : ALL;
let failed = 0;
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.error(`bench: no benchmark named ${name} (have: ${ALL.join(', ')})`);
    failed++;
    continue;
  }
  console.error(`\n=== bench ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...passed], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
