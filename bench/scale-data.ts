/**
 * The data both `bench/pipeline-scale.ts` and `bench/duckdb.ts` run on, written to files so the two read exactly
 * the same bytes:
 * - `identities.csv`: a Google Workspace users download (the format of bench/idp-read.ts): N rows, primary email,
 *   a work secondary email and a recovery email per person; every 97th suspended; every 10,007th without a usable
 *   email (a DATA_QUALITY note).
 * - `accounts.csv`: N/10 accounts per vendor (Dixa and Dialpad), columns vendor,id,emails (`;`-separated, first is
 *   primary),displayName,status,isAdmin. Owners are spread over the population; 88% carry the owner's primary
 *   email with other casing, 5% only the work secondary email, 4% an address nobody has (orphans), 3% the primary
 *   plus an alias of another person. Status 80% active, 10% invited, 6% deactivated, 4% suspended.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const IDENTITIES_HEADER =
  'First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Org Unit Path [Required],Status [READ ONLY],Last Sign In [READ ONLY],Recovery Email,Work Secondary Email,Employee ID,Manager Email,Department';
export const ACCOUNTS_HEADER = 'vendor,id,emails,displayName,status,isAdmin';

/** mulberry32: the same organisation every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
}

function* identityLines(n: number): Generator<string> {
  yield IDENTITIES_HEADER + '\r\n';
  for (let i = 0; i < n; i++) {
    const status = i % 97 === 0 ? 'Suspended' : 'Active';
    const email = i % 10007 === 0 ? `user${i}-at-example.com` : `user${i}@example.com`;
    yield `"Name${i}, Jr.",Last${i},${email},****,/Staff,${status},2024/05/0${(i % 9) + 1} 04:05:20,user${i}@gmail.com,u${i}@example.com,${String(i).padStart(8, '0')},boss${i % 50}@example.com,Support\r\n`;
  }
}

function* accountLines(n: number): Generator<string> {
  const rand = rng(n);
  yield ACCOUNTS_HEADER + '\n';
  const perVendor = Math.floor(n / 10);
  for (const vendor of ['dixa', 'dialpad'] as const) {
    const offset = vendor === 'dixa' ? 0 : Math.floor(n / 3);
    for (let j = 0; j < perVendor; j++) {
      const owner = (offset + j * 7) % n;
      const r = rand();
      let emails: string;
      if (r < 0.88) emails = `User${owner}@Example.com`;
      else if (r < 0.93) emails = `u${owner}@example.com`;
      else if (r < 0.97) emails = `contractor${vendor}${j}@agency.net`;
      else emails = `user${owner}@example.com;u${(owner + 1) % n}@example.com`;
      const s = rand();
      const status = s < 0.8 ? 'active' : s < 0.9 ? 'invited' : s < 0.96 ? 'deactivated' : 'suspended';
      const id = vendor === 'dixa' ? `agent-${j.toString(16)}` : String(5_000_000_000 + j);
      yield `${vendor},${id},${emails},User ${owner},${status},${j % 40 === 0}\n`;
    }
  }
}

export interface ScaleFiles {
  identities: string;
  accounts: string;
}

export async function writeScaleData(dir: string, n: number): Promise<ScaleFiles> {
  const files = { identities: join(dir, `identities-${n}.csv`), accounts: join(dir, `accounts-${n}.csv`) };
  await writeLines(files.identities, identityLines(n));
  await writeLines(files.accounts, accountLines(n));
  return files;
}
