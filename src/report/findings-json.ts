import { join } from 'node:path';
import type { FindingsDocument } from '../model/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { stableStringify } from '../util/json.js';

/** findings.json: the FindingsDocument exactly (DESIGN.md section 6), keys sorted so equal inputs give equal bytes. */
export async function writeFindingsJson(outDir: string, doc: FindingsDocument): Promise<string> {
  const path = join(outDir, 'findings.json');
  await writeFileAtomic(path, stableStringify(doc));
  return path;
}
