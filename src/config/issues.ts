import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';

/**
 * zod issues as lines a user can act on: every problem at once, each with its JSON path, an unknown key with the
 * nearest known key ("did you mean"), a wrong enum value with the allowed values. Known keys and values come from the
 * schema itself, so keys other modules add to a schema are covered without a list kept here.
 */

/** A key or value as the user wrote it, cut short: a megabyte-long key must not come back as a megabyte-long message. */
export function shown(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 80)}…(${s.length} chars)` : s;
}

/** `$.vendors.dixa.rateLimit.perSecond` style path for messages. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${shown(String(p))}`)).join('');
}

/** At most this many problems are listed; a file that is wrong everywhere is usually the wrong file. */
const MAX_PROBLEMS = 10;

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, unknown>;
}

function def(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { def: SchemaDef }).def;
}

/** The schema(s) below wrappers (default, optional, nullable, pipe, readonly, catch); a union fans out. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const d = def(schema);
  if (d.innerType) return unwrap(d.innerType);
  if (d.type === 'pipe' && d.in) return unwrap(d.in);
  if (d.type === 'union' && d.options) return d.options.flatMap(unwrap);
  return [schema];
}

/** Schemas that may sit at `path` under `root`. */
function schemasAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType[] {
  let current = unwrap(root);
  for (const step of path) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      const d = def(s);
      if (d.type === 'object' && d.shape && typeof step === 'string' && d.shape[step]) next.push(d.shape[step]);
      else if (d.type === 'array' && d.element && typeof step === 'number') next.push(d.element);
      else if (d.type === 'tuple' && d.items && typeof step === 'number' && d.items[step]) next.push(d.items[step]);
      else if (d.type === 'record' && d.valueType) next.push(d.valueType);
    }
    current = next.flatMap(unwrap);
  }
  return current;
}

/** Keys an object (or an enum-keyed record) at `path` accepts. */
function knownKeys(root: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(root, path)) {
    const d = def(s);
    if (d.type === 'object' && d.shape) for (const k of Object.keys(d.shape)) keys.add(k);
    if (d.type === 'record' && d.keyType) for (const k of enumValues(d.keyType)) keys.add(k);
  }
  return [...keys];
}

function enumValues(schema: z.ZodType): string[] {
  const out: string[] = [];
  for (const s of unwrap(schema)) {
    const d = def(s);
    if (d.type === 'enum' && d.entries) out.push(...Object.values(d.entries).map(String));
  }
  return out;
}

/** The nearest candidate when it is a plausible typo: at most a third of the word changed (at least 1, at most 3 edits). */
export function didYouMean(typed: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0 || typed.length > 200) return null;
  const lower = candidates.map((c) => c.toLowerCase());
  const best = closest(typed.toLowerCase(), lower);
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  if (distance(typed.toLowerCase(), best) > limit) return null;
  return candidates[lower.indexOf(best)] ?? null;
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = raw;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[step];
  }
  return v;
}

type Issue = z.core.$ZodIssue;

/**
 * A union whose branches all failed: the branch that lists allowed values says most (a rule code among the codes);
 * otherwise the branch with the fewest problems (the shape the user most nearly wrote).
 */
function pickUnionBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | null {
  const branches = issue.errors.filter((b) => b.length > 0);
  if (branches.length === 0) return null;
  const listing = branches.filter((b) => b.some((i) => i.code === 'invalid_value' && i.values.length > 1));
  if (listing.length > 0) return listing[listing.length - 1] ?? null;
  return [...branches].sort((a, b) => a.length - b.length)[0] ?? null;
}

/** One problem; `suggests` is the path a "did you mean" points at (its "required" is then the same mistake). */
interface Problem {
  line: string;
  path: string;
  required?: boolean;
  suggests?: string;
}

function describeOne(issue: Issue, base: ReadonlyArray<PropertyKey>, root: z.ZodType, raw: unknown): Problem[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union') {
    const branch = pickUnionBranch(issue);
    if (branch) return branch.flatMap((i) => describeOne(i, path, root, raw));
  }
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(root, path);
    return issue.keys.map((key) => {
      const near = didYouMean(key, known.filter((k) => !issue.keys.includes(k)));
      const line = `${jsonPath(path)}: unknown key "${shown(key)}"${near ? `; did you mean "${near}"?` : known.length > 0 && known.length <= 12 ? ` (known keys: ${known.join(', ')})` : ''}`;
      return near ? { line, path: jsonPath(path), suggests: jsonPath([...path, near]) } : { line, path: jsonPath(path) };
    });
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1) {
    const value = valueAt(raw, path);
    const allowed = issue.values.map(String);
    const near = typeof value === 'string' ? didYouMean(value, allowed) : null;
    return [{ line: `${jsonPath(path)}: ${shown(value)} is not allowed${near ? `; did you mean "${near}"?` : ''} (one of ${allowed.join(', ')})`, path: jsonPath(path) }];
  }
  if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) return [{ line: `${jsonPath(path)}: required (${issue.expected})`, path: jsonPath(path), required: true }];
  return [{ line: `${jsonPath(path)}: ${issue.message}`, path: jsonPath(path) }];
}

/** Every problem of a failed parse, one line each (capped), in document order. */
export function describeIssues(error: z.ZodError, schema: z.ZodType, raw: unknown): string[] {
  const problems = error.issues.flatMap((i) => describeOne(i, [], schema, raw));
  // `perSecnd` given, `perSecond` missing: one mistake, reported once (as the typo).
  const suggested = new Set(problems.flatMap((p) => (p.suggests ? [p.suggests] : [])));
  const lines = [...new Set(problems.filter((p) => !(p.required && suggested.has(p.path))).map((p) => p.line))];
  if (lines.length <= MAX_PROBLEMS) return lines;
  return [...lines.slice(0, MAX_PROBLEMS), `… and ${lines.length - MAX_PROBLEMS} more`];
}
