import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, parse, relative, resolve, sep } from 'node:path';
import { badInput } from '../errors.js';
import { OUTPUT_MARKER, readMarker, type OutputKind } from './marker.js';

/** One input of the command: its folder (a file's folder, or the folder itself) is never written to. */
export interface CommandInput {
  flag: string;
  path: string;
  type: 'file' | 'folder';
}

export interface OutputFolderRule {
  flag: string;
  kind: OutputKind;
  /** 'own': an earlier output of this kind (its marker says so) may be replaced; 'never': only a new or empty folder. */
  replace: 'own' | 'never';
  inputs?: CommandInput[];
}

/** A path that passed the output-folder rule (README "The output folder rule"); staging and publishing take only this. */
export interface CheckedOutputFolder extends OutputFolderRule {
  /** As the user gave it, for messages. */
  given: string;
  /** Absolute. */
  path: string;
}

const HINT = 'choose a new or empty folder (see README, "The output folder rule")';

/**
 * Refuses, with exit 3 and one line naming the path, every output folder whose replacement could destroy something
 * access-audit did not write: an empty path (an unset $OUT), a file, a link, the filesystem root, the current or
 * home folder or one containing them, an input's folder (or, for folder inputs, anything inside it), and a
 * non-empty folder without an access-audit marker of the expected kind. Nothing is created or changed here.
 */
export async function checkOutputFolder(raw: unknown, rule: OutputFolderRule): Promise<CheckedOutputFolder> {
  const given = typeof raw === 'string' ? raw : '';
  if (given.trim() === '') throw badInput(`${rule.flag}: empty path (is the variable that should hold it unset?)`, HINT);
  const path = resolve(given);
  const name = `${rule.flag} ${given}`;
  if (path === parse(path).root) throw badInput(`${name}: is the filesystem root`, HINT);

  const targets = [path, await realTarget(path)];
  for (const p of await protectedFolders(rule.inputs ?? [])) {
    for (const t of targets) {
      for (const q of p.paths) {
        if (t === q) throw badInput(`${name}: is ${p.what}`, HINT);
        if (isInside(q, t)) throw badInput(`${name}: contains ${p.what}`, HINT);
        if (p.noWritesInside && isInside(t, q)) throw badInput(`${name}: is inside ${p.what}`, HINT);
      }
    }
  }

  const ancestor = await nearestExisting(dirname(path));
  if (ancestor && !ancestor.isDir) throw badInput(`${name}: ${ancestor.path} is not a folder`, HINT);

  const st = await lstat(path).catch(() => null);
  if (st) {
    if (st.isSymbolicLink()) throw badInput(`${name}: is a symbolic link (access-audit neither follows nor replaces one)`, HINT);
    if (!st.isDirectory()) throw badInput(`${name}: exists and is not a folder`, HINT);
    const entries = await readdir(path);
    if (entries.length > 0) {
      if (rule.replace === 'never') throw badInput(`${name}: folder exists and is not empty`, `a ${rule.kind} is never overwritten; ${HINT}`);
      const marker = await readMarker(path);
      if (!marker) throw badInput(`${name}: folder is not empty and is not an earlier access-audit output (no ${OUTPUT_MARKER})`, HINT);
      if (marker.kind !== rule.kind) throw badInput(`${name}: holds an access-audit ${marker.kind}, not a ${rule.kind}`, HINT);
    }
  }
  return { ...rule, given, path };
}

interface ProtectedFolder {
  what: string;
  paths: string[];
  noWritesInside: boolean;
}

async function protectedFolders(inputs: CommandInput[]): Promise<ProtectedFolder[]> {
  const out: ProtectedFolder[] = [
    { what: 'the current folder', paths: await bothForms(process.cwd()), noWritesInside: false },
    { what: 'your home folder', paths: await bothForms(homedir()), noWritesInside: false },
  ];
  for (const input of inputs) {
    const folder = input.type === 'file' ? dirname(resolve(input.path)) : resolve(input.path);
    const what = input.type === 'file' ? `the folder of ${input.flag} ${input.path}` : `${input.flag} ${input.path}`;
    // A folder input is evidence (a snapshot, an earlier run): writing anywhere inside it changes it.
    out.push({ what, paths: await bothForms(folder), noWritesInside: input.type === 'folder' });
  }
  return out;
}

/** The path as given and as the filesystem resolves it (links, `..` through links): either form matching counts. */
async function bothForms(p: string): Promise<string[]> {
  const abs = resolve(p);
  const real = await realpath(abs).catch(() => abs);
  return real === abs ? [abs] : [abs, real];
}

/** The target with its existing ancestors' links resolved (the target itself is not followed). */
async function realTarget(path: string): Promise<string> {
  const parent = dirname(path);
  const realParent = parent === path ? parent : await realpath(parent).catch(async () => realTarget(parent));
  return resolve(realParent, relative(parent, path));
}

/** True when `inner` is strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

async function nearestExisting(p: string): Promise<{ path: string; isDir: boolean } | null> {
  for (let cur = p; ; cur = dirname(cur)) {
    // An ancestor may be a link to a folder (a symlinked home, /tmp on macOS): that one is followed.
    const st = await stat(cur).catch(() => null);
    if (st) return { path: cur, isDir: st.isDirectory() };
    if (dirname(cur) === cur) return null;
  }
}
