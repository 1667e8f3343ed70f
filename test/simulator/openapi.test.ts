import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RunningSimulator } from '../../src/simulator/types.js';
import { startDialpadSimulator } from '../../src/vendors/dialpad/simulator/index.js';
import * as dialpadRequests from '../../src/vendors/dialpad/simulator/requests.js';
import { startDixaSimulator } from '../../src/vendors/dixa/simulator/index.js';
import * as dixaRequests from '../../src/vendors/dixa/simulator/requests.js';
import { call } from './http.js';
import { loadDialpadSpec, loadDixaSpec, type OpenApiSpec } from './openapi.js';
import { DIALPAD_NON_ADMIN_TOKEN, DIALPAD_TOKEN, DIXA_TOKEN, sampleDialpadState, sampleDixaState, uuidOf } from './sample-state.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
interface Case {
  method: Method;
  path: string;
  body?: unknown;
  status: number;
  headers?: Record<string, string>;
}

/** Every served route, in an order where writes do not disturb later reads. */
function dixaCases(): Case[] {
  const agent = uuidOf('a', 1);
  const team = uuidOf('7', 1);
  const queue = uuidOf('9', 1);
  return [
    { method: 'GET', path: '/v1/organization', status: 200 },
    { method: 'GET', path: '/v1/agents?pageLimit=3', status: 200 },
    { method: 'GET', path: '/v1/agents', status: 200 },
    { method: 'GET', path: '/v1/agents?email=agent2@example.org', status: 200 },
    { method: 'GET', path: '/v1/agents?email=a@b.c&phone=1', status: 400 },
    { method: 'GET', path: '/v1/agents/presence', status: 200 },
    { method: 'GET', path: `/v1/agents/${agent}`, status: 200 },
    { method: 'GET', path: `/v1/agents/${uuidOf('b', 1)}`, status: 404 },
    { method: 'GET', path: '/v1/agents/not-a-uuid', status: 400 },
    { method: 'GET', path: `/v1/agents/${agent}/teams`, status: 200 },
    { method: 'GET', path: `/v1/agents/${agent}/presence`, status: 200 },
    { method: 'GET', path: `/v1/agents/${uuidOf('b', 1)}/presence`, status: 404 },
    { method: 'GET', path: `/v1/teams/${team}`, status: 200 },
    { method: 'GET', path: `/v1/teams/${uuidOf('7', 9)}`, status: 404 },
    { method: 'GET', path: `/v1/queues/${queue}`, status: 200 },
    { method: 'GET', path: `/v1/queues/${uuidOf('9', 9)}`, status: 404 },
    { method: 'GET', path: `/v1/agents/${uuidOf('b', 1)}/teams`, status: 404 },
    { method: 'GET', path: '/v1/teams', status: 200 },
    { method: 'GET', path: `/v1/teams/${team}/agents`, status: 200 },
    { method: 'GET', path: `/v1/teams/${uuidOf('7', 9)}/agents`, status: 404 },
    { method: 'GET', path: '/v1/queues', status: 200 },
    { method: 'GET', path: `/v1/queues/${queue}/members`, status: 200 },
    { method: 'GET', path: `/v1/queues/${uuidOf('9', 9)}/members`, status: 404 },
    { method: 'GET', path: `/v1/endusers/${uuidOf('e', 1)}`, status: 200 },
    { method: 'GET', path: `/v1/endusers/${uuidOf('e', 2)}`, status: 404 },
    { method: 'POST', path: '/v1/agents', body: { displayName: 'New', email: 'new@example.org', firstName: 'N', additionalEmails: ['n2@example.org'] }, status: 201 },
    { method: 'POST', path: '/v1/agents', body: { email: 'no-name@example.org' }, status: 400 },
    { method: 'PATCH', path: `/v1/teams/${team}/agents`, body: { agentIds: [uuidOf('a', 5)] }, status: 200 },
    { method: 'PATCH', path: `/v1/teams/${team}/agents`, body: { agentIds: ['x'] }, status: 400 },
    { method: 'DELETE', path: `/v1/teams/${team}/agents`, body: { agentIds: [uuidOf('a', 5)] }, status: 204 },
    { method: 'PATCH', path: `/v1/queues/${queue}/members`, body: { agentIds: [uuidOf('a', 6), uuidOf('e', 1), uuidOf('c', 1)] }, status: 200 },
    { method: 'DELETE', path: `/v1/queues/${queue}/members`, body: { agentIds: Array.from({ length: 11 }, (_, i) => uuidOf('a', i + 1)) }, status: 400 },
    { method: 'DELETE', path: `/v1/queues/${queue}/members`, body: { agentIds: [uuidOf('a', 6)] }, status: 204 },
    { method: 'DELETE', path: `/v1/agents/${uuidOf('a', 7)}`, status: 204 },
    { method: 'DELETE', path: `/v1/agents/${uuidOf('a', 7)}`, status: 404 },
  ];
}

function dialpadCases(): Case[] {
  const s = sampleDialpadState(9);
  const u = (i: number) => s.users[i]?.id ?? '';
  return [
    { method: 'GET', path: '/api/v2/company', status: 200 },
    { method: 'GET', path: '/api/v2/users?state=all&limit=3', status: 200 },
    { method: 'GET', path: '/api/v2/users?state=all', status: 200 },
    { method: 'GET', path: '/api/v2/users?state=bogus', status: 400 },
    { method: 'GET', path: `/api/v2/users/${u(0)}`, status: 200 },
    { method: 'GET', path: '/api/v2/users/6999999999999999', status: 404 },
    { method: 'GET', path: '/api/v2/offices', status: 200 },
    { method: 'GET', path: '/api/v2/offices/5000000000000001/available_licenses', status: 200 },
    { method: 'GET', path: '/api/v2/callcenters', status: 200 },
    { method: 'GET', path: '/api/v2/callcenters/7000000000000001/operators', status: 200 },
    { method: 'GET', path: '/api/v2/callcenters/7000000000000001', status: 200 },
    { method: 'GET', path: '/api/v2/callcenters/7000000000000009', status: 404 },
    { method: 'GET', path: `/api/v2/numbers/${encodeURIComponent(s.users[0]?.phone_numbers?.[0] ?? '')}`, status: 200 },
    { method: 'GET', path: '/api/v2/numbers/+19999999999', status: 404 },
    { method: 'GET', path: '/api/v2/numbers', status: 200 },
    { method: 'GET', path: '/api/v2/userdevices', status: 200 },
    { method: 'GET', path: `/api/v2/userdevices?user_id=${u(1)}`, status: 200 },
    { method: 'GET', path: '/api/v2/userdevices?user_id=me-not-digits', status: 400 },
    { method: 'GET', path: '/api/v2/numbers', status: 403, headers: { authorization: `Bearer ${DIALPAD_NON_ADMIN_TOKEN}` } },
    { method: 'PATCH', path: `/api/v2/users/${u(1)}`, body: { state: 'suspended', job_title: 'Agent', admin_office_ids: ['5000000000000001'] }, status: 200 },
    { method: 'PATCH', path: `/api/v2/users/${u(1)}`, body: { state: 'deleted' }, status: 400 },
    { method: 'POST', path: '/api/v2/users', body: { email: 'new@example.com', office_id: '5000000000000001', first_name: 'New', auto_assign: true }, status: 200 },
    { method: 'POST', path: '/api/v2/users', body: { email: 'new2@example.com', office_id: 5000000000000002 }, status: 400 },
    { method: 'POST', path: '/api/v2/users', body: { email: 'new@example.com', office_id: '5000000000000001' }, status: 409 },
    { method: 'DELETE', path: '/api/v2/callcenters/7000000000000001/operators', body: { user_id: u(1) }, status: 200 },
    { method: 'POST', path: '/api/v2/callcenters/7000000000000001/operators', body: { user_id: u(1), role: 'operator', skill_level: 50 }, status: 200 },
    { method: 'POST', path: `/api/v2/users/${u(4)}/unassign_number`, body: { number: s.users[4]?.phone_numbers?.[0] }, status: 200 },
    { method: 'DELETE', path: `/api/v2/users/${u(2)}`, status: 200 },
  ];
}

/** Dialpad's spec declares no error responses; its one error example (users.togglevi) has this protorpc shape. */
const DIALPAD_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'errors', 'message'],
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        errors: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['domain', 'reason', 'message'], properties: { domain: { const: 'global' }, reason: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

function checkReply(spec: OpenApiSpec, c: Case, status: number, text: string, json: unknown, errorFallback: (s: number, body: unknown) => { ok: boolean; errors: string[]; source: string }): string[] {
  const servedPath = new URL(c.path, 'http://x').pathname;
  const problems: string[] = [];
  if (status !== c.status) problems.push(`${c.method} ${c.path}: status ${status}, expected ${c.status}`);
  const documented = spec.responseSchema(c.method, servedPath, status);
  if (documented) {
    const r = spec.validateResponse(c.method, servedPath, status, json);
    if (!r.ok) problems.push(`${c.method} ${c.path} vs ${r.source}: ${r.errors.join('; ')}`);
  } else if (status >= 400) {
    const r = errorFallback(status, json);
    if (!r.ok) problems.push(`${c.method} ${c.path} error body vs ${r.source}: ${r.errors.join('; ')}`);
  } else if (text !== '') {
    problems.push(`${c.method} ${c.path}: body sent where the spec documents none for ${status}`);
  } else if (!spec.documentsStatus(c.method, servedPath, status)) {
    problems.push(`${c.method} ${c.path}: status ${status} is not in the spec`);
  }
  if (c.body !== undefined && status < 300) {
    const r = spec.validateRequest(c.method, servedPath, c.body);
    if (!r.ok) problems.push(`${c.method} ${c.path}: accepted request body rejected by ${r.source}: ${r.errors.join('; ')}`);
  }
  return problems;
}

describe('Dixa simulator responses match the vendor OpenAPI document', () => {
  let sim: RunningSimulator;
  let spec: OpenApiSpec;
  beforeAll(async () => {
    spec = loadDixaSpec();
    sim = await startDixaSimulator(sampleDixaState(8), { tokens: [DIXA_TOKEN], rateLimit: false, pageSizeDefault: 3 });
  });
  afterAll(() => sim.close());

  it('every served route maps to a spec operation', () => {
    for (const c of dixaCases()) expect(spec.operation(c.method, new URL(c.path, 'http://x').pathname), `${c.method} ${c.path}`).toBeDefined();
  });

  it('every route, success and error, validates (writes: request bodies too)', async () => {
    const problems: string[] = [];
    const fallback = (_s: number, body: unknown) => spec.validateComponent('NotFound', body);
    for (const c of dixaCases()) {
      const r = await call(sim.url, c.path, { method: c.method, headers: { authorization: DIXA_TOKEN, ...c.headers }, body: c.body });
      problems.push(...checkReply(spec, c, r.status, r.text, r.json, fallback));
    }
    expect(problems).toEqual([]);
  });

  it('every page of /v1/agents validates, and 401 and 429 bodies have the {message} error shape', async () => {
    let next: string | undefined = '/v1/agents?pageLimit=2';
    let pages = 0;
    while (next) {
      const r = await call(sim.url, next, { headers: { authorization: DIXA_TOKEN } });
      const v = spec.validateResponse('GET', '/v1/agents', r.status, r.json);
      expect(v.errors).toEqual([]);
      next = (r.json as { meta?: { next?: string } }).meta?.next;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(2);
    const unauth = await call(sim.url, '/v1/agents', { headers: { authorization: 'wrong' } });
    expect(spec.validateComponent('Unauthorized', unauth.json).ok).toBe(true);
    sim.setFaults([{ kind: 'rate-limit' }]);
    const limited = await call(sim.url, '/v1/agents', { headers: { authorization: DIXA_TOKEN } });
    expect(limited.status).toBe(429);
    expect(spec.validateComponent('BadRequest', limited.json).ok).toBe(true);
    sim.setFaults([]);
  });

  it('the validator is not vacuous: it rejects bodies that break the schema', () => {
    expect(spec.validateResponse('GET', '/v1/agents', 200, { data: [{ id: 'x' }] }).ok).toBe(false);
    expect(spec.validateResponse('GET', '/v1/agents/presence', 200, { data: [] }).ok).toBe(false);
    expect(spec.validateRequest('DELETE', `/v1/queues/${uuidOf('9', 1)}/members`, { agentIds: ['not-a-uuid'] }).ok).toBe(false);
  });
});

describe('Dialpad simulator responses match the vendor OpenAPI document', () => {
  let sim: RunningSimulator;
  let spec: OpenApiSpec;
  beforeAll(async () => {
    spec = loadDialpadSpec();
    sim = await startDialpadSimulator(sampleDialpadState(9), { tokens: [DIALPAD_TOKEN], nonAdminTokens: [DIALPAD_NON_ADMIN_TOKEN], rateLimit: false, pageSizeDefault: 4 });
  });
  afterAll(() => sim.close());

  it('every route, success and error, validates (writes: request bodies too)', async () => {
    const problems: string[] = [];
    const fallback = (_s: number, body: unknown) => spec.validate(DIALPAD_ERROR_SCHEMA, body, 'protorpc error (users.togglevi example)');
    for (const c of dialpadCases()) {
      expect(spec.operation(c.method, new URL(c.path, 'http://x').pathname), `${c.method} ${c.path}`).toBeDefined();
      const r = await call(sim.url, c.path, { method: c.method, headers: { authorization: `Bearer ${DIALPAD_TOKEN}`, ...c.headers }, body: c.body });
      problems.push(...checkReply(spec, c, r.status, r.text, r.json, fallback));
    }
    const unauth = await call(sim.url, '/api/v2/users', { headers: { authorization: 'Bearer wrong' } });
    expect(spec.validate(DIALPAD_ERROR_SCHEMA, unauth.json, 'protorpc').errors).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the validator is not vacuous: it rejects bodies that break the schema', () => {
    expect(spec.validateResponse('GET', '/api/v2/users', 200, { items: [{ state: 'gone' }] }).ok).toBe(false);
    expect(spec.validateResponse('GET', '/api/v2/users', 200, { items: [{ id: 'abc' }] }).ok).toBe(false);
    expect(spec.validateRequest('POST', '/api/v2/users', { email: 'a@b.c' }).ok).toBe(false);
  });
});

/** Whatever body the simulator's zod schema accepts, the spec's request schema accepts too (fast-check). */
describe('simulator request schemas are no looser than the specs', () => {
  const anyValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
  const uuidish = fc.oneof(fc.uuid(), fc.string());
  const digits = fc.oneof(fc.bigInt({ min: 1n, max: 9_999_999_999_999_999n }).map(String), fc.integer({ min: 1 }), fc.string());

  const cases: Array<[string, z.ZodType, OpenApiSpecLoader, Method, string, fc.Arbitrary<unknown>]> = [
    ['Dixa CreateAgentInput', dixaRequests.createAgentInput, 'dixa', 'POST', '/v1/agents',
      fc.record({ displayName: fc.oneof(fc.string(), anyValue), email: fc.oneof(fc.string(), anyValue), phoneNumber: anyValue, additionalEmails: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }), middleNames: anyValue }, { requiredKeys: [] })],
    ['Dixa AgentsToTeamInput', dixaRequests.teamAgentsInput, 'dixa', 'PATCH', `/v1/teams/${uuidOf('7', 1)}/agents`, fc.record({ agentIds: fc.oneof(fc.array(uuidish, { maxLength: 4 }), anyValue) }, { requiredKeys: [] })],
    ['Dixa DeleteAgentsFromTeamInput', dixaRequests.teamAgentsInput, 'dixa', 'DELETE', `/v1/teams/${uuidOf('7', 1)}/agents`, fc.record({ agentIds: fc.array(uuidish, { maxLength: 4 }) }, { requiredKeys: [] })],
    ['Dixa BulkQueueEndpointInput', dixaRequests.queueMembersInput, 'dixa', 'PATCH', `/v1/queues/${uuidOf('9', 1)}/members`, fc.record({ agentIds: fc.array(fc.oneof(fc.uuid(), fc.constant(uuidOf('a', 1))), { maxLength: 4 }) }, { requiredKeys: [] })],
    ['Dialpad CreateUserMessage', dialpadRequests.createUserMessage, 'dialpad', 'POST', '/api/v2/users',
      fc.record({ email: fc.oneof(fc.string(), anyValue), office_id: digits, license: fc.oneof(fc.constantFrom('talk', 'agents', 'nope'), anyValue), auto_assign: anyValue, first_name: anyValue }, { requiredKeys: [] })],
    ['Dialpad UpdateUserMessage', dialpadRequests.updateUserMessage, 'dialpad', 'PATCH', '/api/v2/users/1',
      fc.record({ state: fc.oneof(fc.constantFrom('active', 'suspended', 'deleted'), anyValue), admin_office_ids: fc.array(digits, { maxLength: 2 }), emails: anyValue, is_super_admin: anyValue, office_id: digits, phone_numbers: anyValue }, { requiredKeys: [] })],
    ['Dialpad AddCallCenterOperatorMessage', dialpadRequests.addCallCenterOperatorMessage, 'dialpad', 'POST', '/api/v2/callcenters/1/operators',
      fc.record({ user_id: digits, role: fc.oneof(fc.constantFrom('admin', 'operator', 'boss'), anyValue), skill_level: fc.oneof(fc.integer({ min: -5, max: 120 }), anyValue), license_type: anyValue }, { requiredKeys: [] })],
    ['Dialpad RemoveCallCenterOperatorMessage', dialpadRequests.removeCallCenterOperatorMessage, 'dialpad', 'DELETE', '/api/v2/callcenters/1/operators', fc.record({ user_id: digits }, { requiredKeys: [] })],
    ['Dialpad UnassignNumberMessage', dialpadRequests.unassignNumberMessage, 'dialpad', 'POST', '/api/v2/users/1/unassign_number', fc.record({ number: anyValue }, { requiredKeys: [] })],
  ];
  type OpenApiSpecLoader = 'dixa' | 'dialpad';
  let specs: Record<OpenApiSpecLoader, OpenApiSpec>;
  beforeAll(() => {
    specs = { dixa: loadDixaSpec(), dialpad: loadDialpadSpec() };
  });

  it.each(cases)('%s', (_name, schema, vendor, method, path, arb) => {
    let accepted = 0;
    fc.assert(
      fc.property(arb, (body) => {
        if (!schema.safeParse(body).success) return true;
        accepted += 1;
        const r = specs[vendor].validateRequest(method, path, body);
        if (!r.ok) throw new Error(`${JSON.stringify(body)}: ${r.errors.join('; ')}`);
        return true;
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
