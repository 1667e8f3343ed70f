import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { HttpCall } from '../../src/model/plan.js';
import type { Vendor } from '../../src/model/common.js';

/** The vendors' own OpenAPI documents (copies in fixtures/specs). */
const SPECS = fileURLToPath(new URL('../../fixtures/specs/', import.meta.url));

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }>>;
  components: Record<string, unknown>;
}
interface Param {
  name: string;
  in: string;
  schema?: unknown;
}

function load(vendor: Vendor): OpenApi {
  if (vendor === 'dixa') return parseYaml(readFileSync(`${SPECS}dixa-openapi-beta.yaml`, 'utf8')) as OpenApi;
  return JSON.parse(readFileSync(`${SPECS}dialpad-openapi.json`, 'utf8')) as OpenApi;
}

function newAjv(coerceTypes = false): Ajv {
  // OpenAPI 3.0 schemas: `nullable`, `example` and x- keys are not JSON Schema; strict off, formats declared here.
  // Path parameters arrive as text, so they are checked with type coercion ("123" is an integer there).
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, coerceTypes });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  for (const f of ['int64', 'int32', 'date-time', 'date', 'url', 'uri', 'email', 'double', 'float', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  return ajv;
}

export interface SpecCheck {
  ok: boolean;
  problems: string[];
  /** The spec path template the call matched, e.g. /beta/queues/{queueId}/members. */
  template: string | null;
}

/** Checks a planned call against the vendor's OpenAPI: the route exists, path parameters and the body fit their schemas. */
export class VendorSpec {
  readonly vendor: Vendor;
  private readonly doc: OpenApi;
  private readonly ajv: Ajv;
  private readonly pathAjv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(vendor: Vendor) {
    this.vendor = vendor;
    this.doc = load(vendor);
    this.ajv = newAjv();
    this.ajv.addSchema({ $id: 'spec', components: this.doc.components });
    this.pathAjv = newAjv(true);
  }

  private compile(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let v = this.cache.get(key);
    if (!v) {
      // Rewrite local refs (#/components/...) to the registered document.
      const rewritten = JSON.parse(key.replace(/"\$ref":"#\//g, '"$ref":"spec#/')) as object;
      v = this.ajv.compile(rewritten);
      this.cache.set(key, v);
    }
    return v;
  }

  check(call: HttpCall): SpecCheck {
    const problems: string[] = [];
    let specPath = call.path;
    if (this.vendor === 'dixa') {
      if (!call.path.startsWith('/v1/')) return { ok: false, problems: [`Dixa path must start with /v1/: ${call.path}`], template: null };
      specPath = `/beta/${call.path.slice('/v1/'.length)}`;
    } else if (!call.path.startsWith('/api/v2/')) {
      return { ok: false, problems: [`Dialpad path must start with /api/v2/: ${call.path}`], template: null };
    }
    const segments = specPath.split('/');
    let template: string | null = null;
    let params: Record<string, string> = {};
    for (const t of Object.keys(this.doc.paths)) {
      const ts = t.split('/');
      if (ts.length !== segments.length) continue;
      const found: Record<string, string> = {};
      const match = ts.every((seg, i) => {
        const actual = decodeURIComponent(segments[i] ?? '');
        const m = /^\{(.+)\}$/.exec(seg);
        if (m?.[1]) {
          found[m[1]] = actual;
          return actual.length > 0;
        }
        return seg === actual;
      });
      // Prefer a literal match over a templated one (e.g. /agents/presence over /agents/{agentId}).
      if (match && (template === null || Object.keys(found).length < Object.keys(params).length)) {
        template = t;
        params = found;
      }
    }
    if (!template) return { ok: false, problems: [`no route ${specPath} in the ${this.vendor} spec`], template: null };
    const op = this.doc.paths[template]?.[call.method.toLowerCase()];
    if (!op) return { ok: false, problems: [`${call.method} not defined on ${template}`], template };
    const pathItemParams = (this.doc.paths[template] as { parameters?: Param[] }).parameters ?? [];
    for (const p of [...pathItemParams, ...(op.parameters ?? [])].filter((x) => x.in === 'path')) {
      if (!p.schema) continue;
      const v = this.pathAjv.compile({ type: 'object', properties: { value: p.schema } });
      if (!v({ value: params[p.name] })) problems.push(`path parameter ${p.name}=${params[p.name]}: ${this.pathAjv.errorsText(v.errors)}`);
    }
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    if (call.body === undefined) {
      if (op.requestBody?.required) problems.push(`${call.method} ${template} requires a body`);
    } else if (!bodySchema) {
      problems.push(`${call.method} ${template} takes no JSON body`);
    } else {
      const v = this.compile(bodySchema);
      if (!v(call.body)) problems.push(`body: ${this.ajv.errorsText(v.errors)}`);
    }
    return { ok: problems.length === 0, problems, template };
  }
}
