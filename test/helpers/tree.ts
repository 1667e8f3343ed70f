import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything under a path, byte for byte: every entry's type and mode, a file's SHA-256, a link's target (never
 * followed). Equal before and after means nothing at that path changed, empty folders and links included.
 */
export function treeState(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (abs: string, rel: string): void => {
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      out[rel] = 'absent';
      return;
    }
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(abs)}`;
    else if (st.isFile()) out[rel] = `file ${mode} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
    else if (st.isDirectory()) {
      out[rel] = `folder ${mode}`;
      for (const name of readdirSync(abs).sort()) visit(join(abs, name), rel === '.' ? name : `${rel}/${name}`);
    } else out[rel] = `other ${mode}`;
  };
  visit(path, '.');
  return out;
}
