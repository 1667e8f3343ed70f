/**
 * Prints (or with --write, stores) the output digests of test/helpers/output-digest.ts for the demo organisation and
 * a generated 10k-person one: the reference test/integration/output-digests.test.ts checks against. Run it on the
 * code whose outputs are the reference, after `npm run build`:
 *   node --import tsx scripts/output-digests.ts [--write]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDigests } from '../test/helpers/output-digest.js';
import { generatedOrgDir, REFERENCE_FILE } from '../test/helpers/output-digest-orgs.js';
import { removeTempDirs } from '../test/helpers/pipeline.js';

async function main(): Promise<void> {
  const result: Record<string, Record<string, string>> = {};
  result.demo = await auditDigests(join(process.cwd(), 'fixtures', 'demo'));
  result['generated-10k'] = await auditDigests(await generatedOrgDir(10_000));
  const text = JSON.stringify(result, null, 2) + '\n';
  if (process.argv.includes('--write')) writeFileSync(REFERENCE_FILE, text);
  process.stdout.write(text);
}

main().then(
  () => removeTempDirs(),
  (err: unknown) => {
    removeTempDirs();
    console.error(err);
    process.exit(1);
  },
);
