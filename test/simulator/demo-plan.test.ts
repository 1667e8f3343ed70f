import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, PlanAction, RemediationPlan, VendorSnapshot } from '../../src/model/index.js';
import { collect } from '../collect/helpers.js';
import { runMain } from '../helpers/in-process.js';
import { demoAuditArgs, HARD_DIALPAD_TOKEN, HARD_DIXA_TOKEN, removeTempDirs, startDemoSims, tempDir, writeFastConfig, type DemoSims } from '../helpers/pipeline.js';
import { call } from './http.js';
import { conforms, loadDialpadSpec, loadDixaSpec, type OpenApiSpec } from './openapi.js';

/**
 * Issue 18: every call the demo organisation's remediation plan contains is a route the simulators serve. Sent as
 * written, in plan order, each is answered 2xx as the OpenAPI documents say, and the next collector run finds each
 * account in the state its action was meant to leave it in. (apply itself, with its checks, is tested elsewhere.)
 */

const tokens = { dixa: HARD_DIXA_TOKEN, dialpad: HARD_DIALPAD_TOKEN };
let sims: DemoSims;
let plan: RemediationPlan;
let sent: PlanAction[];
const problems: string[] = [];
let after: Record<'dixa' | 'dialpad', { byId: Map<string, Account>; byEmail: Map<string, Account> }>;

beforeAll(async () => {
  sims = await startDemoSims({ tokens });
  const work = tempDir('aa-demo-plan-');
  const config = await writeFastConfig(work);
  const run = await runMain(
    ['run', '--dixa-url', sims.dixa.url, '--dialpad-url', sims.dialpad.url, ...(await demoAuditArgs(config)), '--out', join(work, 'out'), '--snapshot-dir', join(work, 'snap'), '--fail-on', 'none', '-q'],
    { DIXA_API_TOKEN: tokens.dixa, DIALPAD_API_TOKEN: tokens.dialpad },
  );
  expect(run.code, run.stderr).toBe(0);
  plan = JSON.parse(readFileSync(join(work, 'out', 'remediation-plan.json'), 'utf8')) as RemediationPlan;

  const specs: Record<'dixa' | 'dialpad', OpenApiSpec> = { dixa: loadDixaSpec(), dialpad: loadDialpadSpec() };
  const errorShape = (b: unknown) => b !== null && typeof b === 'object';
  sent = [...plan.actions].sort((a, b) => a.order - b.order).filter((a) => a.call !== null && (a.blockedBy ?? []).length === 0);
  for (const a of sent) {
    const c = a.call;
    if (!c) continue;
    const sim = sims[a.vendor];
    const r = await call(sim.url, c.path, { method: c.method, headers: { authorization: a.vendor === 'dixa' ? tokens.dixa : `Bearer ${tokens.dialpad}` }, body: c.body });
    if (r.status < 200 || r.status >= 300) problems.push(`${a.id} ${a.kind} ${c.method} ${c.path}: ${r.status} ${r.text}`);
    problems.push(...conforms(specs[a.vendor], c.method, c.path, r, errorShape, c.body));
  }

  const collected = await collect({ vendors: ['dixa', 'dialpad'], baseUrls: { dixa: sims.dixa.url, dialpad: sims.dialpad.url }, tokens });
  expect(collected.complete, collected.failures.join('\n')).toBe(true);
  const index = (vs: VendorSnapshot | undefined) => ({
    byId: new Map((vs?.accounts ?? []).map((x) => [x.id, x])),
    byEmail: new Map((vs?.accounts ?? []).map((x) => [x.emails[0]?.toLowerCase() ?? '', x])),
  });
  after = { dixa: index(collected.snapshot.vendors.dixa), dialpad: index(collected.snapshot.vendors.dialpad) };
}, 180_000);

afterAll(async () => {
  await sims.close();
  removeTempDirs();
});

describe('the demo plan against the simulators', () => {
  it('covers every kind of call the plan code makes', () => {
    const kinds = new Set(sent.map((a) => `${a.vendor} ${a.kind}`));
    for (const k of ['dixa remove_team_members', 'dixa remove_queue_members', 'dixa downgrade_agent', 'dixa create_agent', 'dialpad suspend_user', 'dialpad delete_user', 'dialpad unassign_number', 'dialpad remove_callcenter_operator']) {
      expect(kinds, k).toContain(k);
    }
  });

  it('every call is answered 2xx, as the vendor documents answer it, with a body the document accepts', () => {
    expect(problems).toEqual([]);
  });

  it('the next collector run finds every account as its action left it', () => {
    const wrong: string[] = [];
    for (const a of sent) {
      const { byId, byEmail } = after[a.vendor];
      const account = a.accountId === null ? undefined : byId.get(a.accountId);
      const say = (what: string) => wrong.push(`${a.id} ${a.kind} ${a.accountId ?? ''}: ${what}`);
      switch (a.kind) {
        case 'downgrade_agent':
        case 'cancel_invite':
        case 'delete_user':
          // A downgraded Dixa agent no one lists any more is gone from the snapshot: deactivated either way.
          if (account && account.status !== 'deactivated') say(`status ${account.status}`);
          break;
        case 'suspend_user':
          if (!account || !['suspended', 'deactivated'].includes(account.status)) say(`status ${account?.status ?? 'absent'}`);
          break;
        case 'remove_team_members':
        case 'remove_queue_members':
          for (const m of a.members ?? []) {
            if (byId.get(m.accountId)?.memberships.some((x) => x.id === a.group?.id)) say(`${m.accountId} still in ${a.group?.id ?? ''}`);
          }
          break;
        case 'remove_callcenter_operator':
          if (account?.memberships.some((x) => x.kind === 'callcenter' && x.id === a.group?.id)) say('still an operator');
          break;
        case 'unassign_number':
          if (account?.phoneNumbers.includes(String(a.precondition.expect.number))) say('still holds the number');
          break;
        case 'create_agent':
        case 'create_user': {
          const email = (a.call?.body as { email?: string } | undefined)?.email?.toLowerCase() ?? '';
          if (!byEmail.has(email)) say(`no account ${email}`);
          break;
        }
        default:
          say('a call of a kind this test does not know: add what it must leave behind');
      }
    }
    expect(wrong).toEqual([]);
  });
});
