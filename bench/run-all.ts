/**
 * `npm run bench [-- name ...]`: runs each benchmark in its own process (so peak RSS is per benchmark), in order.
 * Each script prints its figures and writes bench/RESULTS-<area>.md; BENCHMARKS.md collects them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALL = ['idp-read', 'snapshot', 'audit', 'report', 'plan', 'demo-generate', 'simulator', 'pipeline-scale'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
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
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
