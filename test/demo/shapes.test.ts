import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { DEMO_DIALPAD_TOKEN, DEMO_DIXA_TOKEN } from '../../src/demo/constants.js';
import { generateOrg } from '../../src/demo/generate.js';
import { ASSIGNMENTS_HEADER, GOOGLE_USERS_HEADER, M365_USERS_HEADER, OKTA_USERS_HEADER } from '../../src/demo/idp-export.js';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';

const root = join(import.meta.dirname, '..', '..');
const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DIGITS = /^[1-9]\d{15}$/;

describe.each(['fixtures/demo', 'fixtures/demo-alt'])('%s vendor states', (dir) => {
  // Typed as the simulator state interfaces: the compiler checks the shape, the assertions the vendors' field rules.
  const dixa = JSON.parse(read(`${dir}/dixa-state.json`)) as DixaState;
  const dialpad = JSON.parse(read(`${dir}/dialpad-state.json`)) as DialpadState;

  it('Dixa: uuid ids, roles arrays, createdAt with zone, presence without zone, lastSeen only for seen agents', () => {
    expect(dixa.agents.length).toBeGreaterThan(50);
    const ids = new Set<string>();
    for (const a of dixa.agents) {
      expect(a.id).toMatch(UUID);
      ids.add(a.id);
      expect(Array.isArray(a.roles)).toBe(true);
      expect(a.roles?.length).toBeGreaterThan(0);
      expect(a.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(a.email).toContain('@');
    }
    expect(ids.size).toBe(dixa.agents.length);
    for (const p of dixa.presence) {
      expect(ids.has(p.userId)).toBe(true);
      expect(p.requestTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
      if (p.lastSeen !== undefined) expect(p.lastSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
      expect(['Online', 'Offline']).toContain(p.connectionStatus);
    }
    expect(dixa.presence.some((p) => p.lastSeen === undefined)).toBe(true);
    expect(dixa.agents.some((a) => !dixa.presence.some((p) => p.userId === a.id))).toBe(true);
  });

  it('Dixa: team and queue members are agents, downgraded end users, or (once per copy) ids that resolve to nothing', () => {
    const agents = new Set(dixa.agents.map((a) => a.id));
    const endUsers = new Set(dixa.endUsers.map((e) => e.id));
    const members = [...dixa.teams.flatMap((t) => t.memberIds), ...dixa.queues.flatMap((q) => q.members.map((m) => m.agentId))];
    expect(members.some((m) => endUsers.has(m))).toBe(true);
    const unresolved = members.filter((m) => !agents.has(m) && !endUsers.has(m));
    expect(unresolved.length).toBeGreaterThanOrEqual(1);
    for (const q of dixa.queues) {
      expect(q.queue.organizationId).toBe(dixa.organization.id);
      expect(typeof q.queue.isDefault).toBe('boolean');
      expect(q.queue.slaCalculationMethod).toBe('AbandonedIgnored');
    }
  });

  it('Dialpad: int64 ids as digit strings, zone-less dates, one primary office, operators mirrored in group_details', () => {
    const users = new Map(dialpad.users.map((u) => [u.id, u]));
    expect(users.size).toBe(dialpad.users.length);
    for (const u of dialpad.users) {
      expect(u.id).toMatch(DIGITS);
      expect(u.office_id).toMatch(DIGITS);
      expect(u.company_id).toBe(dialpad.company.id);
      expect(u.date_added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(['active', 'pending', 'suspended', 'deleted', 'cancelled']).toContain(u.state);
      if (u.state === 'pending') expect(u.date_first_login).toBeUndefined();
      expect(u.emails?.length).toBeGreaterThan(0);
      for (const g of u.group_details ?? []) {
        expect(g.group_type).toBe('callcenter');
        expect(dialpad.operators[g.group_id]?.userIds).toContain(u.id);
      }
    }
    expect(dialpad.offices.filter((o) => o.is_primary_office)).toHaveLength(1);
    for (const o of dialpad.offices) {
      expect(o.id).toMatch(DIGITS);
      expect(dialpad.availableLicenses[o.id]?.talk_lines).toMatch(/^\d+$/);
    }
    for (const [cc, ops] of Object.entries(dialpad.operators)) {
      expect(dialpad.callcenters.some((c) => c.id === cc)).toBe(true);
      for (const id of ops.userIds) expect(users.get(id)?.group_details?.some((g) => g.group_id === cc && g.group_type === 'callcenter')).toBe(true);
    }
  });

  it('Dialpad: numbers are unique E.164, user targets exist, and users list only numbers that target them', () => {
    const numbers = new Map(dialpad.numbers.map((n) => [n.number, n]));
    expect(numbers.size).toBe(dialpad.numbers.length);
    for (const n of dialpad.numbers) {
      expect(n.number).toMatch(/^\+\d{10,14}$/);
      if (n.target_type === 'user') expect(dialpad.users.some((u) => u.id === n.target_id)).toBe(true);
    }
    for (const u of dialpad.users) for (const p of u.phone_numbers ?? []) expect(numbers.get(p)?.target_id).toBe(u.id);
    expect(dialpad.numbers.some((n) => n.target_type === 'user' && !dialpad.users.find((u) => u.id === n.target_id)?.phone_numbers?.includes(n.number))).toBe(true);
  });
});

describe('IdP exports and config', () => {
  it('Okta rockstar export: unquoted header, every value double-quoted, \\n rows, no BOM, DEPROVISIONED rows included', () => {
    const text = read('fixtures/demo/idp-users.csv');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toContain('\r');
    const lines = text.split('\n');
    expect(lines[0]).toBe(OKTA_USERS_HEADER.join(','));
    expect(lines[0]?.startsWith('User Id,Status,Username,First name,Last name,Primary email,Secondary email,Department,')).toBe(true);
    for (const line of lines.slice(1)) expect(line).toMatch(/^"[^"]*"(,"([^"]|"")*")*$/);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(300);
    const statuses = new Set(rows.map((r) => r.Status));
    for (const s of ['ACTIVE', 'DEPROVISIONED', 'SUSPENDED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'STAGED']) expect(statuses.has(s), s).toBe(true);
  });

  it('Okta Current Assignments export has the documented header, ISO timestamps and Dixa/Dialpad rows', () => {
    const rows = parse(read('fixtures/demo/idp-assignments.csv'), { columns: (h: string[]) => { expect(h).toEqual([...ASSIGNMENTS_HEADER]); return h; } }) as Array<Record<string, string>>;
    expect(rows.some((r) => r['Application name'] === 'Dixa')).toBe(true);
    expect(rows.some((r) => r['Application name'] === 'Dialpad')).toBe(true);
    for (const r of rows) expect(r['Assigned on']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('Google User_Download export (demo-alt) parses with its bracket-tag header', () => {
    const rows = parse(read('fixtures/demo-alt/idp-users.csv'), { columns: (h: string[]) => { expect(h).toEqual([...GOOGLE_USERS_HEADER]); return h; } }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(260);
    expect(new Set(rows.map((r) => r['Status [READ ONLY]']))).toEqual(new Set(['Active', 'Suspended', 'Archived', 'Unknown']));
  });

  it('M365 export starts with a BOM and "Display name" and parses with bom:true', () => {
    const org = generateOrg({ seed: 3, people: 160, asOf: '2026-11-01T00:00:00Z', idpFormat: 'm365-users', copies: 1 });
    const text = org.files['idp-users.csv'] ?? '';
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { bom: true, columns: (h: string[]) => { expect(h).toEqual([...M365_USERS_HEADER]); return h; } }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(160);
    expect(rows.some((r) => r['Proxy addresses']?.includes('+smtp:'))).toBe(true);
  });

  it.each(['fixtures/demo', 'fixtures/demo-alt'])('%s config is valid per src/config/schema.ts and maps the acquired domain', (dir) => {
    const config = Config.parse(JSON.parse(read(`${dir}/access-audit.config.json`)));
    const meta = JSON.parse(read(`${dir}/demo.json`)) as { company: { domain: string; acquiredDomain: string } };
    expect(config.correlation.domainAliases[meta.company.acquiredDomain]).toBe(meta.company.domain);
  });

  it('exceptions follow docs/rules.md: service, shared, and at least one expired', () => {
    const { exceptions } = JSON.parse(read('fixtures/demo/exceptions.json')) as { exceptions: Array<{ id: string; kind: string; rules: string[]; reason: string; approver: string; expires?: string; scope: object }> };
    const kinds = new Set(exceptions.map((e) => e.kind));
    for (const k of ['service', 'shared', 'accepted-risk']) expect(kinds.has(k), k).toBe(true);
    const meta = JSON.parse(read('fixtures/demo/demo.json')) as { asOf: string };
    expect(exceptions.some((e) => e.expires !== undefined && e.expires < meta.asOf.slice(0, 10))).toBe(true);
    for (const e of exceptions) {
      expect(e.expires ?? '2000-01-01').toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(e.rules.length).toBeGreaterThan(0);
    }
  });

  it('demo.json names the token variables, never a token value', () => {
    const meta = read('fixtures/demo/demo.json');
    expect(meta).toContain('DIXA_API_TOKEN');
    expect(meta).toContain('DIALPAD_API_TOKEN');
    for (const dir of ['fixtures/demo', 'fixtures/demo-alt']) {
      for (const f of ['demo.json', 'dixa-state.json', 'dialpad-state.json', 'access-audit.config.json', 'exceptions.json', 'answer-key.json']) {
        const text = read(`${dir}/${f}`);
        expect(text.includes(DEMO_DIXA_TOKEN) || text.includes(DEMO_DIALPAD_TOKEN), `${dir}/${f}`).toBe(false);
      }
    }
  });
});
