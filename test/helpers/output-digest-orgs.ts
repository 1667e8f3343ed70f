import { fileURLToPath } from 'node:url';
import { generateOrg, writeOrg } from '../../src/demo/generate.js';
import { DEMO_PROFILES } from '../../src/demo/profiles.js';
import { tempDir } from './pipeline.js';

/** The committed reference digests (produced by the code before issue 19's change). */
export const REFERENCE_FILE = fileURLToPath(new URL('../integration/output-digests.json', import.meta.url));

/** The demo profile at another size, written by the demo generator into a temp folder. */
export async function generatedOrgDir(people: number): Promise<string> {
  const dir = tempDir('aa-digest-org-');
  await writeOrg(generateOrg({ ...DEMO_PROFILES.demo, seed: 42, people, asOf: DEMO_PROFILES.demo?.asOf ?? '' }), dir);
  return dir;
}
