/**
 * IdP export reader benchmark: rows/s and peak RSS for a generated Google-Workspace-style users download
 * (`User_Download_*.csv`, 12 columns, quoted commas, CRLF) at 10k, 100k and 1M rows.
 *
 *   node --expose-gc --import tsx bench/idp-read.ts            # all sizes, writes bench/RESULTS-idp.md
 *   node --expose-gc --import tsx bench/idp-read.ts 10000      # one size, prints only
 *
 * Each measurement runs in its own child process, so `process.resourceUsage().maxRSS` is that measurement's peak.
 * Modes: `csv-parse` (the library alone, arrays: the floor), `probe` (the pre-pass: SHA-256, encoding check),
 * `stream` (openIdpFile + items(): the bounded-memory core) and `collect` (readIdpFile: every identity in memory).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { openIdpFile, readIdpFile } from '../src/idp/read.js';
import { probeFile } from '../src/idp/encoding.js';
import { writeFileAtomic } from '../src/util/atomic.js';

type Mode = 'csv-parse' | 'probe' | 'stream' | 'stream-capped' | 'collect';
const MODES: Mode[] = ['csv-parse', 'probe', 'stream', 'stream-capped', 'collect'];
/** Old-space cap for `stream-capped`: the run completing under it shows the core's memory is bounded. */
const CAP_MB = 192;

interface Measure {
  mode: Mode;
  rows: number;
  ms: number;
  maxRssMB: number;
  identities: number;
  notes: number;
}

const HEADER =
  'First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Org Unit Path [Required],Status [READ ONLY],Last Sign In [READ ONLY],Recovery Email,Work Secondary Email,Employee ID,Manager Email,Department';

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(HEADER + '\r\n');
  for (let i = 0; i < rows; i++) {
    // Every 97th user suspended, every 89th never logged in, every 10007th without a usable email.
    const status = i % 97 === 0 ? 'Suspended' : 'Active';
    const last = i % 89 === 0 ? 'Never logged in' : `2024/${String((i % 12) + 1).padStart(2, '0')}/${String((i % 28) + 1).padStart(2, '0')} 04:05:20`;
    const email = i % 10007 === 0 ? `user${i}-at-example.com` : `user${i}@example.com`;
    await write(`"Name${i}, Jr.",Last${i},${email},****,/Staff,${status},${last},user${i}@gmail.com,u${i}@example.com,${String(i).padStart(8, '0')},boss${i % 50}@example.com,Support\r\n`);
  }
  out.end();
  await once(out, 'close');
}

async function measure(mode: Mode, path: string): Promise<Measure> {
  const start = process.hrtime.bigint();
  let rows = 0;
  let identities = 0;
  let notes = 0;
  if (mode === 'csv-parse') {
    const parser = createReadStream(path).pipe(parse({ relax_column_count: true }));
    for await (const _ of parser) rows++;
    rows--;
  } else if (mode === 'probe') {
    await probeFile(path);
  } else if (mode === 'stream' || mode === 'stream-capped') {
    const s = await openIdpFile(path);
    for await (const item of s.items()) {
      if (item.type === 'identity') identities++;
      else if (item.type === 'note') notes++;
    }
    rows = s.rowsRead;
  } else {
    const r = await readIdpFile(path);
    rows = r.rowsRead;
    identities = r.identities.length;
    notes = r.notes.length;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // maxRSS is in kilobytes.
  return { mode, rows, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, identities, notes };
}

const self = fileURLToPath(import.meta.url);

function runChild(mode: Mode, path: string): Measure {
  const cap = mode === 'stream-capped' ? [`--max-old-space-size=${CAP_MB}`] : [];
  const r = spawnSync(process.execPath, ['--expose-gc', ...cap, '--import', 'tsx', self, '--measure', mode, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Measure;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') {
    console.log(JSON.stringify(await measure(args[1] as Mode, args[2] as string)));
    return;
  }
  const sizes = args.length ? args.map(Number) : [10_000, 100_000, 1_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'idp-bench-'));
  const table: string[] = [];
  try {
    for (const size of sizes) {
      const path = join(dir, `User_Download_${size}.csv`);
      await generate(path, size);
      const mb = statSync(path).size / 1024 / 1024;
      for (const mode of MODES) {
        if (mode === 'stream-capped' && size < 1_000_000) continue;
        const m = runChild(mode, path);
        const rowsPerSec = Math.round(size / (m.ms / 1000));
        const line = `| ${size.toLocaleString('en-US')} | ${mb.toFixed(1)} | ${mode} | ${(m.ms / 1000).toFixed(2)} | ${rowsPerSec.toLocaleString('en-US')} | ${Math.round(m.maxRssMB)} | ${mode === 'probe' || mode === 'csv-parse' ? '' : `${m.identities} / ${m.notes}`} |`;
        table.push(line);
        console.log(line);
      }
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (args.length) return;
  const cpu = cpus()[0]?.model ?? 'unknown';
  const md = `# IdP reader benchmark

Command: \`node --expose-gc --import tsx bench/idp-read.ts\` (run ${new Date().toISOString().slice(0, 16)}Z).
Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 1024 / 1024 / 1024)} GB RAM, Node ${process.version}; shared with other
jobs while measured, so times are pessimistic.

Input: a generated Google Workspace users download (12 columns, bracket-tagged header, a quoted comma in every row, CRLF),
1% suspended, 1% "Never logged in", one row in 10,007 without a usable email. Each line is a separate child process, so
peak RSS (\`process.resourceUsage().maxRSS\`) is that measurement's own.

- \`csv-parse\`: the library alone (arrays, no work per row): the floor.
- \`probe\`: the pre-pass \`openIdpFile\` makes before parsing (SHA-256 of the file, whole-file UTF-8 check, NUL scan).
- \`stream\`: \`openIdpFile(path).items()\` consumed item by item: probe + parse + identity building + notes. Memory is bounded
  apart from the set of seen emails used for duplicate detection (one string per identity).
- \`stream-capped\`: \`stream\` again with V8's old space capped at ${CAP_MB} MB (\`--max-old-space-size\`), 1M rows only:
  it completes, so the core's live memory stays under that cap (module code plus the seen-emails set, about 50 MB per
  million distinct addresses, measured apart) whatever the file size.
- \`collect\`: \`readIdpFile(path)\`: the same, keeping every Identity in memory (what \`audit\` needs).

| rows | file MB | mode | seconds | rows/s | peak RSS MB | identities / notes |
|---:|---:|---|---:|---:|---:|---|
${table.join('\n')}

Reading: building identities costs about as much again as csv-parse itself (the floor); the pre-pass is a few percent.
\`collect\` holds every Identity (about 1.2 KB each with its strings and arrays), so a million-row export needs over a GB
in \`readIdpFile\`; consumers that only count or filter should iterate \`openIdpFile(...).items()\` instead, as
\`access-audit idp\` does.
`;
  await writeFileAtomic(fileURLToPath(new URL('./RESULTS-idp.md', import.meta.url)), md);
  console.log('wrote bench/RESULTS-idp.md');
}

await main();
