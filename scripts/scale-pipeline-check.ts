/**
 * A one-off check that an organisation past V8's string limit (normalized.json over 536,870,888 characters) goes
 * through snapshot load -> audit -> reports (issue 19). Not a benchmark (bench/ has those): it makes the inputs, then
 * you time the built CLI on them.
 *
 *   node --max-old-space-size=16000 --import tsx scripts/scale-pipeline-check.ts 600000 /tmp/scale-600k
 *   /usr/bin/time -v node dist/src/cli/main.js audit --snapshot /tmp/scale-600k/snapshot ... (printed at the end)
 *
 * The organisation is the demo generator's at N people. Its snapshot is made without the simulators (at this size
 * they are another issue's work): each record of the simulator state is parsed with the vendor's API schema and goes
 * through the real normalizers and the real SnapshotWriter, as collect would do with the same responses.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FILES } from '../src/demo/constants.js';
import { generateOrg, writeOrg } from '../src/demo/generate.js';
import { DEMO_PROFILES } from '../src/demo/profiles.js';
import type { VendorSnapshot } from '../src/model/snapshot.js';
import { SnapshotWriter } from '../src/snapshot/writer.js';
import { DialpadAvailableLicenses, DialpadCallCenter, DialpadNumber, DialpadOffice, DialpadUser } from '../src/vendors/dialpad/api.js';
import { DialpadUserDevice } from '../src/vendors/dialpad/devices.js';
import { normalizeDialpad } from '../src/vendors/dialpad/normalize.js';
import { DixaAgent, DixaEndUser, DixaPresence, DixaQueue, DixaQueueMember, DixaTeam, DixaTeamMember } from '../src/vendors/dixa/api.js';
import { normalizeDixa } from '../src/vendors/dixa/normalize.js';

const people = Number(process.argv[2] ?? 600_000);
const out = process.argv[3] ?? `/tmp/scale-${people}`;
const t0 = performance.now();
const lap = (what: string): void => console.log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);

const profile = DEMO_PROFILES.demo ?? { seed: 42, people, asOf: '2026-11-01T00:00:00Z' };
const org = generateOrg({ ...profile, people });
lap(`generated ${people} people`);
await writeOrg(org, join(out, 'org'));
lap('org written');

const when = { startedAt: org.meta.asOf, finishedAt: org.meta.asOf };
const base = (vendor: 'dixa' | 'dialpad'): Omit<VendorSnapshot, 'accounts' | 'groups' | 'seatPools' | 'numbers' | 'activitySignals'> => ({
  vendor,
  baseUrl: 'http://127.0.0.1:0',
  ...when,
  org: vendor === 'dixa' ? { id: org.dixa.organization.id, name: org.dixa.organization.name } : { id: org.dialpad.company.id, name: org.dialpad.company.name },
  complete: true,
  incompleteReasons: [],
  listings: [],
  invalidRecords: [],
});

const agentIds = new Set(org.dixa.agents.map((a) => a.id));
const endUsers = new Map(org.dixa.endUsers.map((e) => [e.id, DixaEndUser.parse(e)]));
const dixaMemberIds = new Set([...org.dixa.teams.flatMap((t) => t.memberIds), ...org.dixa.queues.flatMap((q) => q.members.map((m) => m.agentId))]);
const dixa = normalizeDixa({
  agents: org.dixa.agents.map((a) => DixaAgent.parse(a)),
  presence: org.dixa.presence.map((p) => DixaPresence.parse(p)),
  presenceRead: true,
  teams: org.dixa.teams.map((t) => ({ team: DixaTeam.parse({ id: t.id, name: t.name }), members: t.memberIds.map((id) => DixaTeamMember.parse({ id })) })),
  queues: org.dixa.queues.map((q) => ({ queue: DixaQueue.parse(q.queue), members: q.members.map((m) => DixaQueueMember.parse(m)) })),
  endUsers: new Map([...dixaMemberIds].filter((id) => !agentIds.has(id)).map((id) => [id, endUsers.get(id) ?? null])),
});
const dialpad = normalizeDialpad({
  users: org.dialpad.users.map((u) => DialpadUser.parse(u)),
  offices: org.dialpad.offices.map((o) => DialpadOffice.parse(o)),
  licenses: new Map(Object.entries(org.dialpad.availableLicenses).map(([id, l]) => [id, DialpadAvailableLicenses.parse(l)])),
  callcenters: org.dialpad.callcenters.map((c) => ({ callcenter: DialpadCallCenter.parse(c), operatorIds: org.dialpad.operators[c.id]?.userIds ?? [] })),
  numbers: org.dialpad.numbers.map((n) => DialpadNumber.parse(n)),
  devices: org.dialpad.devices?.map((d) => DialpadUserDevice.parse(d)) ?? null,
});
lap('normalized');

const vendors = {
  dixa: { ...base('dixa'), accounts: dixa.accounts, groups: dixa.groups, seatPools: [], numbers: [], activitySignals: dixa.activitySignals },
  dialpad: { ...base('dialpad'), accounts: dialpad.accounts, groups: dialpad.groups, seatPools: dialpad.seatPools, numbers: dialpad.numbers, activitySignals: dialpad.activitySignals },
} satisfies Record<string, VendorSnapshot>;
const writer = await SnapshotWriter.create(join(out, 'snapshot'));
await writer.finalize(
  { schemaVersion: 1, runId: 'scale-check', toolVersion: '0.0.0', ...when, vendors },
  {
    schemaVersion: 1,
    kind: 'access-audit-snapshot',
    toolVersion: '0.0.0',
    runId: 'scale-check',
    ...when,
    vendors: Object.fromEntries(Object.entries(vendors).map(([v, s]) => [v, { baseUrl: s.baseUrl, complete: true, incompleteReasons: [], listings: [], activitySignals: s.activitySignals }])),
  },
);
const size = statSync(join(out, 'snapshot', 'normalized.json')).size;
lap(`snapshot written: normalized.json ${size} bytes (${(size / 536_870_888).toFixed(2)} x V8's longest string), ${dixa.accounts.length} Dixa + ${dialpad.accounts.length} Dialpad accounts`);
const o = join(out, 'org');
console.log(
  `next: /usr/bin/time -v node dist/src/cli/main.js audit --snapshot ${join(out, 'snapshot')} --idp ${join(o, DEMO_FILES.idpUsers)} --assignments ${join(o, DEMO_FILES.assignments)} ` +
    `--config ${join(o, DEMO_FILES.config)} --exceptions ${join(o, DEMO_FILES.exceptions)} --as-of ${org.meta.asOf} --out ${join(out, 'report')}`,
);
