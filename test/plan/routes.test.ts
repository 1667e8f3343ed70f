import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/build.js';
import type { PlanAction } from '../../src/model/index.js';
import { bigQueueScenario, scenario } from './fixtures.js';
import { VendorSpec } from './spec.js';

const specs = { dixa: new VendorSpec('dixa'), dialpad: new VendorSpec('dialpad') };

function everyCall(): PlanAction[] {
  const plans = [
    buildPlan(scenario().input),
    buildPlan(scenario({ invites: 'resend' }).input),
    buildPlan(bigQueueScenario(23, 400).input),
  ];
  return plans.flatMap((p) => [...p.actions, ...(p.onRevoke ?? [])]).filter((a) => a.call !== null);
}

describe('planned calls against the vendors\' OpenAPI documents', () => {
  const calls = everyCall();

  it('covers every API action kind the playbooks emit', () => {
    expect([...new Set(calls.map((a) => `${a.vendor}:${a.kind}`))].sort()).toEqual([
      'dialpad:cancel_invite',
      'dialpad:create_user',
      'dialpad:delete_user',
      'dialpad:remove_callcenter_operator',
      'dialpad:suspend_user',
      'dialpad:unassign_number',
      'dixa:cancel_invite',
      'dixa:create_agent',
      'dixa:downgrade_agent',
      'dixa:remove_queue_members',
      'dixa:remove_team_members',
    ]);
  });

  it('each call names a route of the real API (Dixa /v1 = spec /beta) and its body fits the request schema', () => {
    const templates = new Set<string>();
    for (const a of calls) {
      const r = specs[a.vendor].check(a.call!);
      expect(r.problems, `${a.kind} ${a.call!.method} ${a.call!.path}`).toEqual([]);
      templates.add(`${a.call!.method} ${r.template}`);
    }
    expect([...templates].sort()).toEqual([
      'DELETE /api/v2/callcenters/{id}/operators',
      'DELETE /api/v2/users/{id}',
      'DELETE /beta/agents/{agentId}',
      'DELETE /beta/queues/{queueId}/members',
      'DELETE /beta/teams/{teamId}/agents',
      'PATCH /api/v2/users/{id}',
      'POST /api/v2/users',
      'POST /api/v2/users/{id}/unassign_number',
      'POST /beta/agents',
    ]);
  });

  it('the checker rejects what the vendors would reject (so the test above can fail)', () => {
    expect(specs.dixa.check({ method: 'DELETE', path: '/beta/agents/x' }).ok).toBe(false);
    expect(specs.dixa.check({ method: 'DELETE', path: '/v1/agents/not-a-uuid' }).problems.join()).toMatch(/agentId/);
    expect(specs.dixa.check({ method: 'POST', path: '/v1/agents', body: { email: 'a@b.c' } }).problems.join()).toMatch(/displayName/);
    expect(specs.dixa.check({ method: 'DELETE', path: '/v1/queues/0c6a8d3e-7a53-4c1d-9a5e-1f1f1f1f1f1f/members', body: { agentIds: ['x', 'x'] } }).ok).toBe(false);
    expect(specs.dixa.check({ method: 'POST', path: '/v1/agents/0c6a8d3e-7a53-4c1d-9a5e-1f1f1f1f1f1f/downgrade' }).ok).toBe(false);
    expect(specs.dialpad.check({ method: 'DELETE', path: '/api/v2/callcenters/1/operators', body: { user_id: '12' } }).problems.join()).toMatch(/integer/);
    expect(specs.dialpad.check({ method: 'PATCH', path: '/api/v2/users/1', body: { state: 'deleted' } }).ok).toBe(false);
    expect(specs.dialpad.check({ method: 'POST', path: '/api/v2/users', body: { email: 'a@b.c' } }).problems.join()).toMatch(/office_id/);
    expect(specs.dialpad.check({ method: 'POST', path: '/api/v2/users/1/unassign_number', body: {} }).ok).toBe(false);
    expect(specs.dialpad.check({ method: 'DELETE', path: '/api/v2/callcenters/abc/operators', body: { user_id: 1 } }).problems.join()).toMatch(/path parameter id/);
  });
});

describe('building a plan has no side effects', () => {
  it('sends no request: a server at the configured vendor URLs receives nothing', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(500).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const s = scenario();
      s.input.config = Config.parse({ ...s.input.config, vendors: { dixa: { baseUrl: url }, dialpad: { baseUrl: url } } });
      const plan = buildPlan(s.input);
      expect(plan.actions.length).toBeGreaterThan(10);
      await new Promise((r) => setTimeout(r, 50));
      expect(requests).toBe(0);
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('no module reachable from src/plan/build.ts imports a network module', () => {
    const network = /^(node:)?(http|https|http2|net|tls|dgram|dns)$|^undici$|^msw/;
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      if (/\bfetch\s*\(/.test(text)) offenders.push(`${file}: fetch(`);
      for (const m of text.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        if (network.test(spec)) offenders.push(`${file}: ${spec}`);
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    const planDir = resolve('src/plan');
    for (const f of readdirSync(planDir)) if (f.endsWith('.ts') && f !== 'decisions.ts' && f !== 'write.ts') visit(join(planDir, f));
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
