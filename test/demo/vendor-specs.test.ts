import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { DialpadState } from '../../src/vendors/dialpad/simulator/state.js';
import type { DixaState } from '../../src/vendors/dixa/simulator/state.js';

/**
 * The generated states against the vendors' own OpenAPI documents (the copies in fixtures/specs).
 * Dialpad declares int64 as integer but sends it as a JSON string in every example (research/dialpad.md section 2),
 * so int64 integers are read here as digit strings, which is what the demo must send.
 */
const root = join(import.meta.dirname, '..', '..');
const specs = join(root, 'fixtures', 'specs');

function int64AsString(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(int64AsString);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'integer' && o.format === 'int64') return { ...o, type: 'string', pattern: '^-?\\d+$', format: undefined };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, int64AsString(v)]));
  }
  return node;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'dixa', components: (parseYaml(readFileSync(join(specs, 'dixa-openapi-beta.yaml'), 'utf8')) as { components: unknown }).components });
ajv.addSchema({ $id: 'dialpad', components: (int64AsString(JSON.parse(readFileSync(join(specs, 'dialpad-openapi.json'), 'utf8'))) as { components: unknown }).components });

function check(schema: string, items: unknown[]): void {
  const validate = ajv.getSchema(schema);
  if (!validate) throw new Error(`no schema ${schema}`);
  expect(items.length).toBeGreaterThan(0);
  for (const [i, item] of items.entries()) {
    const ok = validate(item);
    expect(ok, `${schema} [${i}]: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
}

describe.each(['fixtures/demo', 'fixtures/demo-alt'])('%s conforms to the vendor specs', (dir) => {
  const dixa = JSON.parse(readFileSync(join(root, dir, 'dixa-state.json'), 'utf8')) as DixaState;
  const dialpad = JSON.parse(readFileSync(join(root, dir, 'dialpad-state.json'), 'utf8')) as DialpadState;

  it('Dixa agents, presence, end users, teams and queues', () => {
    check('dixa#/components/schemas/Agent', dixa.agents);
    check('dixa#/components/schemas/UserPresence', dixa.presence);
    check('dixa#/components/schemas/EndUser', dixa.endUsers);
    check('dixa#/components/schemas/Team', dixa.teams.map(({ id, name }) => ({ id, name })));
    check('dixa#/components/schemas/Queue1', dixa.queues.map((q) => q.queue));
    check('dixa#/components/schemas/QueueMember', dixa.queues.flatMap((q) => q.members));
  });

  it('Dialpad users, offices, call centers, numbers and licenses', () => {
    check('dialpad#/components/schemas/schemas.user.UserProto', dialpad.users);
    check('dialpad#/components/schemas/schemas.office.OfficeProto', dialpad.offices);
    check('dialpad#/components/schemas/schemas.group.CallCenterProto', dialpad.callcenters);
    check('dialpad#/components/schemas/schemas.number.NumberProto', dialpad.numbers);
    check('dialpad#/components/schemas/schemas.plan.AvailableLicensesProto', Object.values(dialpad.availableLicenses));
  });
});

describe('the spec check is not vacuous', () => {
  it('rejects roles sent as a string, a Dialpad id sent as a number, and an unknown user state', () => {
    const agent = ajv.getSchema('dixa#/components/schemas/Agent');
    const user = ajv.getSchema('dialpad#/components/schemas/schemas.user.UserProto');
    expect(agent?.({ id: 'x', createdAt: '2020-12-16T09:41:43Z', displayName: 'A', email: 'a@b.example', roles: 'Agent' })).toBe(false);
    expect(user?.({ id: 5835806903417907 })).toBe(false);
    expect(user?.({ id: '5835806903417907', state: 'on_leave' })).toBe(false);
    expect(user?.({ id: '5835806903417907', state: 'pending' })).toBe(true);
  });
});
