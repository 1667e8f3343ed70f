import { join } from 'node:path';
import type { FindingsDocument } from '../model/index.js';
import { writeStableJsonFile } from '../util/json-file.js';

/**
 * findings.json: the FindingsDocument exactly (DESIGN.md section 6), keys sorted so equal inputs give equal bytes;
 * streamed (the same bytes as one stableStringify string, which V8 refuses past about 720k people's findings).
 */
export async function writeFindingsJson(outDir: string, doc: FindingsDocument): Promise<string> {
  const path = join(outDir, 'findings.json');
  await writeStableJsonFile(path, doc);
  return path;
}
