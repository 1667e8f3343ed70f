import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';

/**
 * Validates simulator traffic against the vendors' own OpenAPI 3.0 documents (fixtures/specs). Test-only: ajv and yaml
 * are dev dependencies, so this stays out of src/.
 */

/** The copies in fixtures/specs (see its README): the suite reads nothing outside the repository. */
export function specsDir(): string {
  const dir = fileURLToPath(new URL('../../fixtures/specs/', import.meta.url));
  if (!existsSync(dir)) throw new Error(`vendor OpenAPI documents not found in ${dir}`);
  return dir;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

export interface ValidationResult {
  ok: boolean;
  /** Where the schema came from, e.g. "GET /beta/agents 200". */
  source: string;
  errors: string[];
}

export interface SpecOptions {
  id: string;
  /** Served prefix -> spec prefix, e.g. ['/v1/', '/beta/'] for Dixa. */
  prefixMap?: [string, string];
  /**
   * Dialpad's spec types int64 as integer, yet every example in it sends them as JSON strings (protorpc encoding;
   * shared/research/dialpad.md section 2). Accept a digit string wherever int64 is declared.
   */
  int64AsString?: boolean;
}

export class OpenApiSpec {
  readonly #doc: Doc;
  readonly #opts: SpecOptions;
  readonly #ajv: Ajv;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(doc: Doc, opts: SpecOptions) {
    this.#doc = doc;
    this.#opts = opts;
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    this.#ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    // ISO 8601 date-time; Dialpad's own examples omit the zone ("2021-06-20T19:18:00").
    this.#ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/);
    for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'url', 'uri', 'email']) this.#ajv.addFormat(f, true);
    this.#ajv.addSchema({ $id: opts.id, components: { schemas: convert(doc.components?.schemas ?? {}, opts) } });
  }

  /** The spec path template a served path corresponds to (literal segments beat parameters). */
  specPath(servedPath: string): string | undefined {
    const [from, to] = this.#opts.prefixMap ?? ['', ''];
    const p = servedPath.startsWith(from) ? to + servedPath.slice(from.length) : servedPath;
    const segs = p.split('/');
    let best: { path: string; score: number } | undefined;
    for (const tpl of Object.keys(this.#doc.paths)) {
      const t = tpl.split('/');
      if (t.length !== segs.length) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < t.length; i++) {
        const ts = t[i] ?? '';
        if (/^\{.+\}$/.test(ts)) continue;
        if (ts !== segs[i]) {
          ok = false;
          break;
        }
        score += 1;
      }
      if (ok && (!best || score > best.score)) best = { path: tpl, score };
    }
    return best?.path;
  }

  operation(method: string, servedPath: string): { path: string; op: Operation } | undefined {
    const path = this.specPath(servedPath);
    const op = path ? this.#doc.paths[path]?.[method.toLowerCase()] : undefined;
    return path && op ? { path, op } : undefined;
  }

  /** The documented response schema for a status; undefined when the spec documents none. */
  responseSchema(method: string, servedPath: string, status: number): { schema: Json; source: string } | undefined {
    const found = this.operation(method, servedPath);
    if (!found) return undefined;
    const r = found.op.responses?.[String(status)] ?? found.op.responses?.default;
    const schema = r?.content?.['application/json']?.schema;
    return schema === undefined ? undefined : { schema, source: `${method.toUpperCase()} ${found.path} ${status}` };
  }

  /** Whether the spec documents `status` for the operation at all (with or without a body). */
  documentsStatus(method: string, servedPath: string, status: number): boolean {
    return this.operation(method, servedPath)?.op.responses?.[String(status)] !== undefined;
  }

  validateResponse(method: string, servedPath: string, status: number, body: unknown): ValidationResult {
    const found = this.responseSchema(method, servedPath, status);
    if (!found) return { ok: false, source: `${method.toUpperCase()} ${servedPath} ${status}`, errors: ['no response schema in the spec'] };
    return this.validate(found.schema, body, found.source);
  }

  validateRequest(method: string, servedPath: string, body: unknown): ValidationResult {
    const found = this.operation(method, servedPath);
    const schema = found?.op.requestBody?.content?.['application/json']?.schema;
    const source = `${method.toUpperCase()} ${found?.path ?? servedPath} request`;
    if (schema === undefined) return { ok: false, source, errors: ['no request schema in the spec'] };
    return this.validate(schema, body, source);
  }

  /** Validates against a named components schema. */
  validateComponent(name: string, body: unknown): ValidationResult {
    return this.validate({ $ref: `#/components/schemas/${name}` }, body, name);
  }

  validate(schema: Json, body: unknown, source: string): ValidationResult {
    const key = JSON.stringify(schema);
    let fn = this.#cache.get(key);
    if (!fn) {
      fn = this.#ajv.compile(convert(schema, this.#opts) as object);
      this.#cache.set(key, fn);
    }
    const ok = fn(body);
    return { ok, source, errors: ok ? [] : (fn.errors ?? []).map(describe) };
  }
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable: true` becomes a null alternative; local $refs point into the
 * registered document; `oneOf` becomes `anyOf` because the Dixa spec's variants (e.g. BulkError) overlap structurally
 * and carry no discriminator (the wire tells them apart by `_type`); int64 optionally accepts digit strings.
 */
function convert(node: Json, opts: SpecOptions): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, opts));
  if (node === null || typeof node !== 'object') return node;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples' || k === 'nullable' || k === 'discriminator' || k === 'xml') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out.$ref = `${opts.id}${v}`;
    else if (k === 'oneOf') out.anyOf = convert(v, opts);
    else if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s, opts)]));
    } else out[k] = convert(v, opts);
  }
  let result: { [k: string]: Json } = out;
  if (opts.int64AsString && out.type === 'integer' && out.format === 'int64') {
    const { type: _t, format: _f, ...rest } = out;
    result = { ...rest, anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d+$' }] };
  }
  if (node.nullable === true) {
    if (typeof result.$ref === 'string' || result.anyOf !== undefined || result.allOf !== undefined) {
      return { anyOf: [result, { type: 'null' }] };
    }
    if (typeof result.type === 'string') {
      const withNull = { ...result, type: [result.type, 'null'] };
      return Array.isArray(result.enum) ? { ...withNull, enum: [...result.enum, null] } : withNull;
    }
  }
  return result;
}

export function loadDixaSpec(): OpenApiSpec {
  const doc = parseYaml(readFileSync(join(specsDir(), 'dixa-openapi-beta.yaml'), 'utf8')) as Doc;
  return new OpenApiSpec(doc, { id: 'dixa', prefixMap: ['/v1/', '/beta/'] });
}

export function loadDialpadSpec(): OpenApiSpec {
  const doc = JSON.parse(readFileSync(join(specsDir(), 'dialpad-openapi.json'), 'utf8')) as Doc;
  return new OpenApiSpec(doc, { id: 'dialpad', int64AsString: true });
}

/** The reply conforms to the document: its schema for this status, or (errors) the vendor's error shape. */
export function conforms(spec: OpenApiSpec, method: string, path: string, reply: { status: number; text: string; json: unknown }, errorShape: (body: unknown) => boolean, body?: unknown): string[] {
  const served = new URL(path, 'http://x').pathname;
  const problems: string[] = [];
  if (spec.responseSchema(method, served, reply.status)) {
    const v = spec.validateResponse(method, served, reply.status, reply.json);
    if (!v.ok) problems.push(`${method} ${path} ${reply.status}: ${v.errors.join('; ')}`);
  } else if (reply.status >= 400) {
    if (!errorShape(reply.json)) problems.push(`${method} ${path} ${reply.status}: not the vendor's error shape: ${reply.text}`);
  } else {
    if (reply.text !== '') problems.push(`${method} ${path} ${reply.status}: a body where the document has none`);
    if (!spec.documentsStatus(method, served, reply.status)) problems.push(`${method} ${path}: ${reply.status} is not documented`);
  }
  if (body !== undefined && reply.status < 300) {
    const v = spec.validateRequest(method, served, body);
    if (!v.ok) problems.push(`${method} ${path}: accepted a body the document refuses: ${v.errors.join('; ')}`);
  }
  return problems;
}
