import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DialpadCallCenterRaw, DialpadDeviceRaw, DialpadNumberRaw, DialpadOfficeRaw, DialpadState, DialpadUserRaw, DialpadAvailableLicensesRaw } from '../vendors/dialpad/simulator/state.js';
import type { DixaAgentRaw, DixaEndUserRaw, DixaPresenceRaw, DixaQueueRaw, DixaState } from '../vendors/dixa/simulator/state.js';
import type { RuleCode } from '../model/finding.js';
import type { Severity, Vendor } from '../model/common.js';
import { SEVERITY_RANK } from '../model/common.js';
import { badInput } from '../errors.js';
import { normalizeEmail } from '../util/email.js';
import { stableId } from '../util/hash.js';
import { stableStringify } from '../util/json.js';
import { writeStableJsonFile } from '../util/json-file.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { AnswerKey, ExpectedFinding, LookAlike } from './answer-key.js';
import { DEMO_FILES, GENERATOR_VERSION, TOKEN_ENV } from './constants.js';
import { Prng } from './prng.js';
import { plantReviewCases, REVIEW_CASE_PEOPLE } from './review-cases.js';
import { rowContentKey } from '../idp/row-key.js';
import { FIRST_NAMES, LAST_NAMES, emailPart } from './names.js';
import { INACTIVE_DAYS, addBaselineDevices, plantInactivityCases } from './inactivity.js';
import {
  DEMO_IDP_FORMATS,
  effectiveStatus,
  writeAssignments,
  writeIdpUsers,
  idpUsersRecord,
  type AssignmentRow,
  type DemoIdpFormat,
  type IdpRow,
  type PersonStatus,
} from './idp-export.js';

export type { DemoIdpFormat } from './idp-export.js';

/** Shares of the baseline (unplanted) population. */
export interface Proportions {
  suspended: number;
  deprovisioned: number;
  staged: number;
  /** Locked out / password expired / password reset: still entitled (docs/rules.md). */
  temporary: number;
  /** Entitled people whose seat is a young (within threshold) invite: a seat, no finding. */
  youngInvite: number;
}

export const DEFAULT_PROPORTIONS: Proportions = { suspended: 0.04, deprovisioned: 0.07, staged: 0.02, temporary: 0.04, youngInvite: 0.06 };

export interface CompanyProfile {
  name: string;
  /** Current email domain. */
  domain: string;
  /** Domain of an acquired company, mapped to `domain` by correlation.domainAliases. */
  acquiredDomain: string;
  subdomain: string;
}

export const DEFAULT_COMPANY: CompanyProfile = {
  name: 'Harbourline Logistics',
  domain: 'harbourline.example',
  acquiredDomain: 'tidewater.example',
  subdomain: 'harbourline',
};

export interface GenerateOptions {
  seed: number;
  /** Rows of the IdP users export (planted cases included). */
  people: number;
  /** ISO, e.g. '2026-11-01T00:00:00Z': every age is measured against it. */
  asOf: string;
  idpFormat?: DemoIdpFormat;
  /** How many times the catalogue of planted cases is repeated (default: max(2, round(people / 150))). */
  copies?: number;
  proportions?: Partial<Proportions>;
  company?: CompanyProfile;
  /** Configure adminGroups (no identity is in them, so every PRIVILEGED_ACCOUNT is high). */
  adminGroups?: string[];
  /** Dialpad office name to configure as plan.dialpadDefaultOfficeId (default: none, so the primary office). */
  dialpadDefaultOffice?: string;
  /** How many of the offices "Support" and "Customer Success" get fewer talk_lines than their missing seats (0-2, default 2). */
  shortfallOffices?: number;
}

export interface DemoMeta {
  generator: string;
  generatorVersion: string;
  seed: number;
  people: number;
  asOf: string;
  idpFormat: DemoIdpFormat;
  copies: number;
  proportions: Proportions;
  company: CompanyProfile;
  /** Environment variables a real run reads; in the demo the simulators accept the constants of src/demo/constants.ts. */
  tokens: { env: typeof TOKEN_ENV; demoConstants: { dixa: 'DEMO_DIXA_TOKEN'; dialpad: 'DEMO_DIALPAD_TOKEN' }; module: string };
  files: {
    meta: string;
    dixaState: string;
    dialpadState: string;
    idpUsers: string;
    assignments: string;
    config: string;
    exceptions: string;
    answerKey: string;
  };
  counts: {
    identities: number;
    assignments: number;
    dixaAgents: number;
    dixaEndUsers: number;
    dixaTeams: number;
    dixaQueues: number;
    dialpadUsers: number;
    dialpadOffices: number;
    dialpadCallCenters: number;
    dialpadNumbers: number;
    dialpadDevices: number;
    exceptions: number;
    expected: number;
    expectedByRule: Record<string, number>;
    lookAlikes: number;
  };
}

export interface DemoOrg {
  meta: DemoMeta;
  dixa: DixaState;
  dialpad: DialpadState;
  /** Relative path -> content: IdP export, assignments export, config, exceptions. */
  files: Record<string, string>;
  answerKey: AnswerKey;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const BASE_SEVERITY: Record<RuleCode, Severity> = {
  ORPHANED_ACCOUNT: 'high',
  TERMINATED_STILL_ACTIVE: 'critical',
  DEACTIVATED_STILL_ASSIGNED: 'medium',
  MISSING_SEAT: 'medium',
  UNENTITLED_ACCOUNT: 'medium',
  UNACCEPTED_INVITE: 'low',
  AMBIGUOUS_OWNER: 'medium',
  DUPLICATE_ACCOUNT: 'medium',
  PRIVILEGED_ACCOUNT: 'info',
  SEAT_SHORTFALL: 'low',
  EXCEPTION_EXPIRED: 'medium',
  DATA_QUALITY: 'low',
  INACTIVE_ACCOUNT: 'low',
  REVOCATION_NOT_DONE: 'high',
};

/** Department -> weight; "Customer success" differs in case from the office "Customer Success" on purpose. */
const DEPARTMENTS: ReadonlyArray<readonly [string, number]> = [
  ['Support', 22],
  ['Customer success', 10],
  ['Sales', 14],
  ['Engineering', 16],
  ['Product', 6],
  ['Marketing', 7],
  ['Finance', 5],
  ['People', 4],
  ['Operations', 8],
  ['Legal', 2],
];

const TITLES: Record<string, readonly string[]> = {
  Support: ['Support Agent', 'Senior Support Agent', 'Support Team Lead'],
  'Customer success': ['Customer Success Manager', 'Onboarding Specialist'],
  Sales: ['Account Executive', 'Sales Development Representative', 'Sales Manager'],
  Engineering: ['Software Engineer', 'Senior Software Engineer', 'Engineering Manager', 'Site Reliability Engineer'],
  Product: ['Product Manager', 'Product Designer'],
  Marketing: ['Marketing Manager', 'Content Strategist'],
  Finance: ['Accountant', 'Financial Controller'],
  People: ['People Partner', 'Recruiter'],
  Operations: ['Operations Analyst', 'Logistics Coordinator', 'Operations Manager'],
  Legal: ['Legal Counsel'],
};

/** Baseline chance of being entitled to [Dixa, Dialpad] by department. */
const ENTITLEMENT_ODDS: Record<string, readonly [number, number]> = {
  Support: [0.95, 0.85],
  'Customer success': [0.85, 0.8],
  Sales: [0.15, 0.95],
  Operations: [0.3, 0.5],
};
const DEFAULT_ODDS: readonly [number, number] = [0.03, 0.35];
const CONTACT_CENTER_DEPARTMENTS = new Set(['Support', 'Customer success', 'Sales']);

interface OfficeDef {
  name: string;
  city: string;
  country: string;
  iso: string;
  timezone: string;
  numberPrefix: string;
  numberDigits: number;
  primary: boolean;
}

/** Dialpad offices; "Support", "Sales" and "Customer Success" equal department names (MISSING_SEAT office placement). */
const OFFICES: readonly OfficeDef[] = [
  { name: 'Headquarters', city: 'Copenhagen', country: 'Denmark', iso: 'dk', timezone: 'Europe/Copenhagen', numberPrefix: '+4570', numberDigits: 6, primary: true },
  { name: 'Support', city: 'Lisbon', country: 'Portugal', iso: 'pt', timezone: 'Europe/Lisbon', numberPrefix: '+35121', numberDigits: 7, primary: false },
  { name: 'Sales', city: 'London', country: 'United Kingdom', iso: 'gb', timezone: 'Europe/London', numberPrefix: '+44203', numberDigits: 7, primary: false },
  { name: 'Customer Success', city: 'Austin', country: 'United States', iso: 'us', timezone: 'US/Central', numberPrefix: '+1512', numberDigits: 7, primary: false },
  { name: 'Berlin', city: 'Berlin', country: 'Germany', iso: 'de', timezone: 'Europe/Berlin', numberPrefix: '+4930', numberDigits: 8, primary: false },
];

const CALL_CENTERS: ReadonlyArray<{ name: string; office: string; department: string | null }> = [
  { name: 'Support Line', office: 'Support', department: 'Support' },
  { name: 'Sales Inbound', office: 'Sales', department: 'Sales' },
  { name: 'Customer Success Desk', office: 'Customer Success', department: 'Customer success' },
  { name: 'Reception', office: 'Headquarters', department: null },
];

const DIXA_TEAMS = ['Tier 1', 'Tier 2', 'Billing', 'VIP Care', 'Onboarding'] as const;
const DIXA_QUEUES = ['Email', 'Chat', 'Phone', 'Priority'] as const;
const OTHER_APPS = ['Slack', 'Atlassian Cloud', 'Workday'] as const;

export interface Person {
  row: IdpRow;
  /** Normalized primary email ('' when none). */
  key: string;
  entitled: { dixa: boolean; dialpad: boolean };
  /** Planted IdP data-quality problem on this row. */
  dq: 'no_email' | 'duplicate_email' | 'unknown_status' | null;
  /** For duplicate_email: the two rows share this key; the later row carries the note. */
  dupGroup: string | null;
  officeName: string;
}

interface ExceptionEntry {
  id: string;
  kind: 'service' | 'shared' | 'break-glass' | 'accepted-risk';
  scope: { vendor: Vendor; accountId: string } | { vendor: Vendor; email: string } | { identityEmail: string };
  rules: string[];
  reason: string;
  approver: string;
  expires?: string;
}

export interface AgentSpec {
  first: string;
  last: string;
  display?: string;
  email: string;
  additionalEmails?: string[];
  roles?: string[];
  /** true: presence has lastSeen (active); false: never signed in (invited). */
  seen: boolean;
  createdDaysAgo: number;
  teams?: number;
  queues?: number;
}

export interface DialpadSpec {
  first: string;
  last: string;
  emails: string[];
  state: 'active' | 'pending' | 'suspended' | 'deleted' | 'cancelled';
  office: string;
  addedDaysAgo: number;
  /** Numbers assigned to the user; `listed: false` keeps them out of the user's phone_numbers (only /numbers targets it). */
  numbers?: number;
  listed?: boolean;
  callCenter?: { name: string; role: 'operator' | 'supervisor' } | null;
  admin?: 'super' | 'office' | null;
}

export class OrgBuilder {
  readonly rng: Prng;
  readonly asOfMs: number;
  readonly format: DemoIdpFormat;
  readonly company: CompanyProfile;
  readonly proportions: Proportions;
  readonly privilegedSeverity: Severity;
  readonly defaultOfficeName: string | null;

  readonly persons: Person[] = [];
  private readonly usedLocals = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  private readonly usedIds = new Set<string>();

  readonly expected: ExpectedFinding[] = [];
  readonly lookAlikes: LookAlike[] = [];
  readonly exceptions: ExceptionEntry[] = [];
  /** Dialpad MISSING_SEAT identities per office name. */
  readonly missingSeatsByOffice = new Map<string, number>();

  // Dixa
  readonly dixaOrgId: string;
  readonly agents: DixaAgentRaw[] = [];
  readonly presence: DixaPresenceRaw[] = [];
  readonly endUsers: DixaEndUserRaw[] = [];
  readonly teams: Array<{ id: string; name: string; memberIds: string[] }>;
  readonly queues: Array<{ queue: DixaQueueRaw; members: Array<{ agentId: string; priority?: number }> }>;
  private readonly requestTime: string;

  // Dialpad
  readonly companyId: string;
  readonly offices: Array<DialpadOfficeRaw & { id: string; name: string }> = [];
  private readonly officeByName = new Map<string, { raw: DialpadOfficeRaw; def: OfficeDef; counter: number }>();
  readonly users: DialpadUserRaw[] = [];
  readonly callCenters: DialpadCallCenterRaw[] = [];
  private readonly callCenterByName = new Map<string, DialpadCallCenterRaw>();
  readonly operators: Record<string, { userIds: string[]; roomIds: string[] }> = {};
  readonly numbers: DialpadNumberRaw[] = [];
  readonly devices: DialpadDeviceRaw[] = [];

  private exceptionSeq = 0;

  constructor(opts: Required<Pick<GenerateOptions, 'seed' | 'asOf'>> & { format: DemoIdpFormat; company: CompanyProfile; proportions: Proportions; adminGroups: string[]; defaultOfficeName: string | null }) {
    this.rng = new Prng(opts.seed);
    const asOfMs = Date.parse(opts.asOf);
    if (Number.isNaN(asOfMs)) throw badInput(`--as-of: not an ISO date-time: ${opts.asOf}`);
    this.asOfMs = asOfMs;
    this.format = opts.format;
    this.company = opts.company;
    this.proportions = opts.proportions;
    this.privilegedSeverity = opts.adminGroups.length > 0 ? 'high' : 'info';
    this.defaultOfficeName = opts.defaultOfficeName;
    this.requestTime = noZoneMs(this.asOfMs - 4_000);

    this.dixaOrgId = this.uuid();
    this.teams = DIXA_TEAMS.map((name) => ({ id: this.uuid(), name, memberIds: [] }));
    this.queues = DIXA_QUEUES.map((name, i) => ({
      queue: {
        id: this.uuid(),
        name,
        isDefault: i === 0,
        organizationId: this.dixaOrgId,
        queueThresholds: { SlaPercentage: 80 },
        slaCalculationMethod: 'AbandonedIgnored',
        offerTimeout: 30,
        offeringAlgorithm: 'AgentPriorityOneAtATimeRandom',
        memberListType: 'Default',
        wrapupTimeout: 60,
        priority: i + 1,
        offerAbandonedConversations: false,
        doNotOfferTimeouts: {},
        isDoNotOfferEnabled: false,
        isPreferredAgentEnabled: false,
        isRestricted: false,
      },
      members: [],
    }));

    this.companyId = this.dialpadId();
    for (const def of OFFICES) {
      const id = this.dialpadId();
      const raw: DialpadOfficeRaw & { id: string; name: string } = {
        id,
        office_id: id,
        name: def.name,
        state: 'active',
        is_primary_office: def.primary,
        country: def.iso,
        timezone: def.timezone,
      };
      this.offices.push(raw);
      this.officeByName.set(def.name.toLowerCase(), { raw, def, counter: this.rng.int(1000, 9000) });
      raw.phone_numbers = [this.newNumber(def.name, { status: 'office', target_type: 'office', target_id: id })];
    }
    for (const cc of CALL_CENTERS) {
      const office = this.office(cc.office);
      const id = this.dialpadId();
      const raw: DialpadCallCenterRaw = { id, name: cc.name, office_id: office.id, state: 'active' };
      this.callCenters.push(raw);
      this.callCenterByName.set(cc.name, raw);
      this.operators[id] = { userIds: [], roomIds: [] };
      this.newNumber(cc.office, { status: 'call_center', target_type: 'callcenter', target_id: id });
    }
    for (let i = 0; i < 3; i++) this.newNumber(this.rng.pick(OFFICES).name, null);
  }

  // ----- ids, times, names ---------------------------------------------------------------------------------

  uuid(): string {
    for (;;) {
      const id = this.rng.uuid();
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  /** Dialpad int64 ids as digit strings (16 digits, like the spec's examples). */
  dialpadId(): string {
    for (;;) {
      const id = String(this.rng.int(4, 6)) + this.rng.digits(15);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  ago(days: number): number {
    return this.asOfMs - days * DAY - this.rng.int(0, 20) * HOUR - this.rng.int(0, 59) * 60_000;
  }

  /** A local part not used yet: base, base2, base3, ... */
  local(base: string): string {
    // Resume where the last search for this base stopped: what was taken then is still taken (keeps it linear).
    let n = this.nextSuffix.get(base) ?? 1;
    let candidate = n === 1 ? base : `${base}${n}`;
    while (this.usedLocals.has(candidate)) candidate = `${base}${++n}`;
    this.nextSuffix.set(base, n + 1);
    this.usedLocals.add(candidate);
    return candidate;
  }

  email(local: string, domain = this.company.domain): string {
    return `${this.local(local)}@${domain}`;
  }

  office(name: string): DialpadOfficeRaw & { id: string; name: string } {
    const o = this.officeByName.get(name.toLowerCase());
    if (!o) throw new Error(`no office ${name}`);
    return o.raw as DialpadOfficeRaw & { id: string; name: string };
  }

  /** docs/rules.md: the office named like the department (case-insensitive), else the configured default, else the primary. */
  provisioningOffice(department: string): string {
    const byDept = this.officeByName.get(department.toLowerCase());
    if (byDept) return byDept.def.name;
    if (this.defaultOfficeName) return this.defaultOfficeName;
    return OFFICES.find((o) => o.primary)?.name ?? 'Headquarters';
  }

  homeOffice(department: string): string {
    const byDept = this.officeByName.get(department.toLowerCase());
    if (byDept) return byDept.def.name;
    return this.rng.chance(0.7) ? 'Headquarters' : 'Berlin';
  }

  newNumber(officeName: string, target: { status: string; target_type: string; target_id: string } | null): string {
    const o = this.officeByName.get(officeName.toLowerCase());
    if (!o) throw new Error(`no office ${officeName}`);
    o.counter += this.rng.int(1, 3);
    const number = o.def.numberPrefix + String(o.counter).padStart(o.def.numberDigits, '0');
    const entry: DialpadNumberRaw = {
      number,
      status: target ? target.status : 'available',
      type: 'local',
      area_code: o.def.numberPrefix.slice(-3),
      company_id: this.companyId,
      office_id: o.raw.id,
    };
    if (target) {
      entry.target_type = target.target_type;
      entry.target_id = target.target_id;
    }
    this.numbers.push(entry);
    return number;
  }

  // ----- people -------------------------------------------------------------------------------------------

  newPerson(opts: {
    status?: PersonStatus;
    department?: string;
    dixa?: boolean;
    dialpad?: boolean;
    secondary?: boolean;
    first?: string;
    last?: string;
    /** Write the IdP email with capitals (the vendors have it in lower case). */
    mixedCase?: boolean;
  }): Person {
    const first = opts.first ?? this.rng.pick(FIRST_NAMES);
    const last = opts.last ?? this.rng.pick(LAST_NAMES);
    const department = opts.department ?? this.rng.weighted(DEPARTMENTS);
    const status = opts.status ?? 'active';
    const local = this.local(`${emailPart(first)}.${emailPart(last)}`);
    let primary = `${local}@${this.company.domain}`;
    if (opts.mixedCase) primary = `${capitalize(local.split('.')[0] ?? local)}.${capitalize(local.split('.').slice(1).join('.'))}@${capitalize(this.company.domain)}`;
    const secondary = opts.secondary ? `${this.local(`${emailPart(first).charAt(0)}${emailPart(last)}`)}@${this.company.domain}` : null;
    const createdMs = this.ago(this.rng.int(60, 2200));
    const officeName = this.homeOffice(department);
    const officeDef = this.officeByName.get(officeName.toLowerCase())?.def;
    const managerPool = this.persons.slice(-40).filter((p) => p.key !== '' && p.dq === null);
    const row: IdpRow = {
      id: this.rng.oktaId(),
      status,
      login: primary,
      firstName: first,
      lastName: last,
      displayName: `${first} ${last}`,
      primaryEmail: primary,
      secondaryEmail: secondary,
      department,
      title: this.rng.pick(TITLES[department] ?? ['Specialist']),
      employeeNumber: String(this.rng.int(10000, 99999)),
      managerEmail: managerPool.length > 0 && this.rng.chance(0.8) ? this.rng.pick(managerPool).row.primaryEmail : '',
      createdMs,
      lastLoginMs: status === 'staged' ? null : this.ago(this.rng.int(0, 25)),
      passwordChangedMs: this.ago(this.rng.int(5, 300)),
      city: officeDef?.city ?? '',
      country: officeDef?.country ?? '',
    };
    const person: Person = {
      row,
      key: normalizeEmail(primary),
      entitled: { dixa: opts.dixa ?? false, dialpad: opts.dialpad ?? false },
      dq: null,
      dupGroup: null,
      officeName,
    };
    this.persons.push(person);
    return person;
  }

  /** Identity status the audit derives from this person's row. */
  idStatus(p: Person): ReturnType<typeof effectiveStatus> {
    return effectiveStatus(this.format, p.row.status);
  }

  // ----- Dixa ---------------------------------------------------------------------------------------------

  addAgent(spec: AgentSpec): string {
    const id = this.uuid();
    const createdMs = this.ago(spec.createdDaysAgo);
    const agent: DixaAgentRaw = {
      id,
      createdAt: isoSeconds(createdMs),
      displayName: spec.display ?? `${spec.first} ${spec.last}`,
      email: spec.email,
      additionalEmails: spec.additionalEmails ?? [],
      additionalPhoneNumbers: [],
      firstName: spec.first,
      lastName: spec.last,
      middleNames: [],
      roles: spec.roles ?? ['Agent'],
    };
    if (this.rng.chance(0.3)) agent.phoneNumber = `+4535${String(this.rng.int(100000, 999999))}`;
    this.agents.push(agent);
    if (spec.seen) {
      const online = this.rng.chance(0.4);
      this.presence.push({
        userId: id,
        requestTime: this.requestTime,
        lastSeen: noZoneMs(Math.max(createdMs + HOUR, this.ago(this.rng.int(0, 20)))),
        presenceStatus: online ? 'Working' : 'Away',
        connectionStatus: online ? 'Online' : 'Offline',
        activeChannels: online ? ['Email', 'WidgetChat'] : [],
      });
    } else if (this.rng.chance(0.5)) {
      // Never signed in: either no presence entry at all or one without lastSeen (research/dixa.md section 2).
      this.presence.push({ userId: id, requestTime: this.requestTime, connectionStatus: 'Offline' });
    }
    this.joinDixaGroups(id, spec.teams ?? 0, spec.queues ?? 0);
    return id;
  }

  joinDixaGroups(id: string, teams: number, queues: number): { teams: string[]; queues: string[] } {
    const teamNames: string[] = [];
    const queueNames: string[] = [];
    for (const t of this.rng.shuffle([...this.teams]).slice(0, teams)) {
      t.memberIds.push(id);
      teamNames.push(t.name);
    }
    for (const q of this.rng.shuffle([...this.queues]).slice(0, queues)) {
      q.members.push({ agentId: id, priority: this.rng.int(1, 3) });
      queueNames.push(q.queue.name);
    }
    return { teams: teamNames, queues: queueNames };
  }

  /** An agent downgraded with DELETE /v1/agents/{id}: an end user whose id is still a team/queue member. */
  addDowngradedAgent(spec: { first: string; last: string; email: string; teams: number; queues: number }): { id: string; teams: string[]; queues: string[] } {
    const id = this.uuid();
    this.endUsers.push({
      id,
      createdAt: isoSeconds(this.ago(this.rng.int(200, 900))),
      displayName: `${spec.first} ${spec.last}`,
      email: spec.email,
      firstName: spec.first,
      lastName: spec.last,
      additionalEmails: [],
      additionalPhoneNumbers: [],
    });
    return { id, ...this.joinDixaGroups(id, spec.teams, spec.queues) };
  }

  // ----- Dialpad ------------------------------------------------------------------------------------------

  addDialpadUser(spec: DialpadSpec): string {
    const id = this.dialpadId();
    const office = this.office(spec.office);
    const officeDef = this.officeByName.get(spec.office.toLowerCase())?.def;
    const addedMs = this.ago(spec.addedDaysAgo);
    const deleted = spec.state === 'deleted' || spec.state === 'cancelled';
    const user: DialpadUserRaw = {
      id,
      company_id: this.companyId,
      office_id: office.id,
      emails: spec.emails,
      first_name: spec.first,
      last_name: spec.last,
      display_name: deleted ? `${spec.first} ${spec.last} (deactivated)` : `${spec.first} ${spec.last}`,
      license: spec.callCenter ? 'agents' : 'talk',
      state: spec.state,
      is_admin: spec.admin === 'super' || spec.admin === 'office',
      is_super_admin: spec.admin === 'super',
      date_added: noZone(addedMs),
      timezone: officeDef?.timezone ?? 'UTC',
      language: 'en',
      country: officeDef?.iso ?? 'us',
      do_not_disturb: false,
    };
    if (spec.state !== 'pending') {
      const activeMs = addedMs + this.rng.int(1, 48) * HOUR;
      user.date_active = noZone(activeMs);
      user.date_first_login = noZone(activeMs + this.rng.int(1, 30) * 60_000);
    }
    if (spec.admin === 'office') user.admin_office_ids = [office.id];
    const phoneNumbers: string[] = [];
    for (let i = 0; i < (spec.numbers ?? 0); i++) {
      phoneNumbers.push(this.newNumber(spec.office, { status: 'user', target_type: 'user', target_id: id }));
    }
    if (phoneNumbers.length > 0 && spec.listed !== false) user.phone_numbers = phoneNumbers;
    if (spec.callCenter) {
      const cc = this.callCenterByName.get(spec.callCenter.name);
      if (!cc) throw new Error(`no call center ${spec.callCenter.name}`);
      user.group_details = [{ group_id: cc.id, group_type: 'callcenter', role: spec.callCenter.role, do_not_disturb: false }];
      this.operators[cc.id]?.userIds.push(id);
    }
    this.users.push(user);
    return id;
  }

  // ----- answer key ---------------------------------------------------------------------------------------

  expect(
    rule: RuleCode,
    subject: string,
    f: { vendor: Vendor | null; accountId?: string | null; identity?: Person | null; why: string; severity?: Severity; exception?: string | null },
  ): void {
    this.expected.push({
      id: stableId('F', rule, subject),
      rule,
      subject,
      severity: f.severity ?? BASE_SEVERITY[rule],
      vendor: f.vendor,
      accountId: f.accountId ?? null,
      identityEmail: f.identity ? f.identity.key : null,
      suppressed: Boolean(f.exception),
      exception: f.exception ?? null,
      why: f.why,
    });
  }

  lookAlike(subject: string, why: string): void {
    this.lookAlikes.push({ subject, why });
  }

  addException(e: Omit<ExceptionEntry, 'id'>): string {
    this.exceptionSeq += 1;
    const id = `EXC-${String(this.exceptionSeq).padStart(3, '0')}`;
    this.exceptions.push({ id, ...e });
    return id;
  }

  missingSeat(p: Person, vendor: Vendor, why: string): void {
    this.expect('MISSING_SEAT', `${vendor}:identity:${p.key}`, { vendor, identity: p, why });
    if (vendor === 'dialpad') {
      const office = this.provisioningOffice(p.row.department);
      this.missingSeatsByOffice.set(office, (this.missingSeatsByOffice.get(office) ?? 0) + 1);
    }
  }

  dateOnly(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Time formats the vendors use.

/** Dixa createdAt: '2020-12-16T09:41:43Z' (spec examples). */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** Dialpad date_added: no zone, '2021-06-20T19:18:00' (research/dialpad.md). */
function noZone(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
/** Dixa presence: no zone, milliseconds, '2021-12-01T12:46:35.935'. */
function noZoneMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function first(p: Person): string {
  return p.row.firstName;
}
function last(p: Person): string {
  return p.row.lastName;
}
/** The vendor-side email of a person: the IdP primary in lower case (vendors store what was typed at invite). */
function vendorEmail(p: Person): string {
  return p.row.primaryEmail.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue of planted cases. Each case creates its people and accounts and declares, per docs/rules.md, every
// finding they must produce (or, for look-alikes, the subjects that must produce none).

function plantCases(b: OrgBuilder, c: number): void {
  const d = b.company.domain;
  const n = c + 1;
  const dixaSeat = (p: Person, extra: Partial<AgentSpec> = {}): string =>
    b.addAgent({ first: first(p), last: last(p), email: vendorEmail(p), seen: true, createdDaysAgo: b.rng.int(100, 900), teams: 1, queues: 1, ...extra });
  const dialpadSeat = (p: Person, extra: Partial<DialpadSpec> = {}): string =>
    b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'active', office: p.officeName, addedDaysAgo: b.rng.int(100, 900), numbers: 1, ...extra });
  const acct = (vendor: Vendor, id: string): string => `${vendor}:${id}`;

  // --- ORPHANED_ACCOUNT ----------------------------------------------------------------------------------
  {
    // Display name equals an existing identity's: a suggestion at most, never a match.
    const namesake = b.persons.find((p) => p.key !== '' && p.dq === null);
    const f = namesake ? first(namesake) : b.rng.pick(FIRST_NAMES);
    const l = namesake ? last(namesake) : b.rng.pick(LAST_NAMES);
    const id = b.addAgent({ first: f, last: l, email: b.email(`${emailPart(f)}${emailPart(l)}.home`, 'mailbox.example'), seen: true, createdDaysAgo: 400, teams: 1, queues: 1 });
    b.expect('ORPHANED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, why: `active Dixa agent with a personal address no identity has${namesake ? `; same display name as ${namesake.row.displayName} (suggestion only)` : ''}` });
  }
  {
    const id = b.addAgent({ first: 'IT', last: `Admin ${n}`, email: b.email(`it-admin-${n}`), roles: ['Agent', 'Administrator'], seen: true, createdDaysAgo: 1200 });
    b.expect('ORPHANED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, severity: 'critical', why: 'active Dixa administrator whose address matches no identity: orphaned admin' });
    b.expect('PRIVILEGED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, severity: b.privilegedSeverity, why: 'Dixa roles include Administrator; owner unmatched' });
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const id = b.addDialpadUser({ first: f, last: l, emails: [b.email(`${emailPart(f)}.${emailPart(l)}`, 'partner-agency.example')], state: 'active', office: 'Sales', addedDaysAgo: 300, numbers: 1 });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: 'active Dialpad user of an agency contractor who is not in the IdP' });
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const id = b.addDialpadUser({ first: f, last: l, emails: [b.email(`${emailPart(f)}.${emailPart(l)}`, 'partner-agency.example')], state: 'pending', office: 'Support', addedDaysAgo: b.rng.int(40, 120) });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: 'pending Dialpad invite for an address no identity has' });
    b.expect('UNACCEPTED_INVITE', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: 'pending Dialpad invite older than 14 days at as-of' });
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const id = b.addDialpadUser({ first: f, last: l, emails: [b.email(`${emailPart(f)}.${emailPart(l)}.temp`)], state: 'suspended', office: 'Headquarters', addedDaysAgo: 500 });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: 'suspended (not deactivated) Dialpad user whose address matches no identity; holds nothing' });
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const id = b.addAgent({ first: f, last: l, email: b.email(`${emailPart(f)}.${emailPart(l)}`, 'freelance.example'), seen: false, createdDaysAgo: b.rng.int(1, 6) });
    b.expect('ORPHANED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, why: 'young Dixa invite (never seen, within threshold) for an address no identity has: orphaned, not yet UNACCEPTED_INVITE' });
  }

  {
    // Near misses of an existing identity: +tags and dots are kept (correlation.stripPlusTags/stripDots are false).
    const p = b.newPerson({ department: 'Marketing' });
    const [local = 'x', domain = d] = p.key.split('@');
    const tagged = `${b.local(`${local}+dixa`)}@${domain}`;
    const id1 = b.addAgent({ first: first(p), last: last(p), email: tagged, seen: true, createdDaysAgo: 200 });
    b.expect('ORPHANED_ACCOUNT', acct('dixa', id1), { vendor: 'dixa', accountId: id1, why: `${tagged} is ${p.key} with a +tag; tags are not stripped, so no identity matches` });
    const dotless = `${b.local(local.replace(/\./g, ''))}@${domain}`;
    const id2 = b.addDialpadUser({ first: first(p), last: last(p), emails: [dotless], state: 'active', office: p.officeName, addedDaysAgo: 220, numbers: 1 });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id2), { vendor: 'dialpad', accountId: id2, why: `${dotless} is ${p.key} without dots; dots are not stripped, so no identity matches` });
  }

  // --- TERMINATED_STILL_ACTIVE ---------------------------------------------------------------------------
  {
    const p = b.newPerson({ status: 'deprovisioned', department: 'Support' });
    const id = dixaSeat(p);
    b.expect('TERMINATED_STILL_ACTIVE', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'deprovisioned identity, Dixa agent still active (seen)' });
  }
  {
    const p = b.newPerson({ status: 'suspended', department: 'Sales', dialpad: true });
    const id = dialpadSeat(p, { office: 'Sales', callCenter: { name: 'Sales Inbound', role: 'operator' } });
    b.expect('TERMINATED_STILL_ACTIVE', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'suspended identity, Dialpad user still active with a number and a call-center seat' });
  }
  {
    const p = b.newPerson({ status: 'deprovisioned', department: 'Customer success' });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'pending', office: 'Customer Success', addedDaysAgo: b.rng.int(1, 5) });
    b.expect('TERMINATED_STILL_ACTIVE', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'deprovisioned identity, young pending Dialpad invite (invited counts)' });
  }
  {
    const p = b.newPerson({ status: 'suspended', department: 'Support', dixa: true });
    const id = b.addAgent({ first: first(p), last: last(p), email: vendorEmail(p), seen: false, createdDaysAgo: b.rng.int(30, 80) });
    b.expect('TERMINATED_STILL_ACTIVE', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'suspended identity, Dixa agent invited (never seen)' });
    b.expect('UNACCEPTED_INVITE', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'Dixa agent never seen, created more than 14 days before as-of' });
  }
  {
    const p = b.newPerson({ status: 'suspended', department: 'Operations', dialpad: true });
    const id = dialpadSeat(p, { office: 'Headquarters', admin: 'office' });
    b.expect('TERMINATED_STILL_ACTIVE', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'suspended identity, active Dialpad office admin' });
    b.expect('PRIVILEGED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, severity: b.privilegedSeverity, why: 'Dialpad is_admin with admin_office_ids' });
  }

  // --- DEACTIVATED_STILL_ASSIGNED ------------------------------------------------------------------------
  {
    const p = b.newPerson({ status: 'deprovisioned', department: 'Support' });
    const eu = b.addDowngradedAgent({ first: first(p), last: last(p), email: vendorEmail(p), teams: 1, queues: 0 });
    b.expect('DEACTIVATED_STILL_ASSIGNED', acct('dixa', eu.id), { vendor: 'dixa', accountId: eu.id, identity: p, why: `Dixa agent downgraded to an end user, still a member of team ${eu.teams.join(', ')}` });
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const eu = b.addDowngradedAgent({ first: f, last: l, email: b.email(`${emailPart(f)}.${emailPart(l)}`, 'bpo-partner.example'), teams: 1, queues: 2 });
    b.expect('DEACTIVATED_STILL_ASSIGNED', acct('dixa', eu.id), { vendor: 'dixa', accountId: eu.id, why: `downgraded Dixa end user (no identity) still in team ${eu.teams.join(', ')} and queues ${eu.queues.join(', ')}; deactivated, so not orphaned` });
  }
  {
    const p = b.newPerson({ status: 'deprovisioned', department: 'Support' });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'suspended', office: 'Support', addedDaysAgo: 700, numbers: 1, callCenter: { name: 'Support Line', role: 'operator' } });
    b.expect('DEACTIVATED_STILL_ASSIGNED', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'suspended Dialpad user still operator of Support Line and holding a number' });
  }
  {
    const p = b.newPerson({ status: 'suspended', department: 'Sales' });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'cancelled', office: 'Sales', addedDaysAgo: 650, numbers: 1, listed: false });
    b.expect('DEACTIVATED_STILL_ASSIGNED', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'cancelled Dialpad user: a /numbers entry still targets the user (not in its phone_numbers)' });
  }

  // --- MISSING_SEAT (+ SEAT_SHORTFALL inputs) -------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true, dialpad: true });
    dixaSeat(p);
    b.missingSeat(p, 'dialpad', 'active, entitled to Dialpad, no Dialpad account (provisioned in office Support)');
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    b.missingSeat(p, 'dialpad', 'active, entitled to Dialpad, no Dialpad account (provisioned in office Sales)');
  }
  {
    const p = b.newPerson({ status: 'password_expired', department: 'Engineering', dialpad: true });
    b.missingSeat(p, 'dialpad', `password expired (still active), entitled to Dialpad, no account (department matches no office: ${b.provisioningOffice('Engineering')})`);
  }
  {
    const p = b.newPerson({ department: 'Customer success', dixa: true, dialpad: true });
    dialpadSeat(p, { office: 'Customer Success' });
    b.missingSeat(p, 'dixa', 'active, entitled to Dixa, no Dixa agent');
  }
  {
    const p = b.newPerson({ department: 'Customer success', dialpad: true });
    b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'suspended', office: 'Customer Success', addedDaysAgo: 400 });
    b.missingSeat(p, 'dialpad', 'active and entitled, but the Dialpad user is suspended (not a seat); office "Customer Success" by case-insensitive department');
  }
  {
    const p = b.newPerson({ status: 'locked_out', department: 'Support', dixa: true });
    b.missingSeat(p, 'dixa', 'locked out (still active), entitled to Dixa, no Dixa agent');
  }

  // --- UNENTITLED_ACCOUNT ---------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Finance' });
    const id = dixaSeat(p, { teams: 0, queues: 0 });
    b.expect('UNENTITLED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'active Dixa agent of an active identity with no Dixa assignment' });
  }
  {
    const p = b.newPerson({ department: 'Marketing' });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'pending', office: p.officeName, addedDaysAgo: b.rng.int(1, 5) });
    b.expect('UNENTITLED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'young pending Dialpad invite (invited counts) for an active identity with no Dialpad assignment' });
  }
  {
    const p = b.newPerson({ department: 'Finance' });
    const id = dixaSeat(p, { teams: 0, queues: 0 });
    const exc = b.addException({
      kind: 'accepted-risk',
      scope: { vendor: 'dixa', accountId: id },
      rules: ['UNENTITLED_ACCOUNT'],
      reason: 'Finance reviews refund tickets in Dixa; access granted by the support lead pending an Okta assignment',
      approver: 'head.of.support@' + d,
      expires: b.dateOnly(b.asOfMs + 240 * DAY),
    });
    b.expect('UNENTITLED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, exception: exc, why: `unentitled Dixa agent covered by accepted-risk exception ${exc}` });
  }
  {
    const p = b.newPerson({ department: 'Legal' });
    const id = dialpadSeat(p, { office: 'Headquarters' });
    const exc = b.addException({
      kind: 'accepted-risk',
      scope: { vendor: 'dialpad', accountId: id },
      rules: ['UNENTITLED_ACCOUNT'],
      reason: 'Temporary Dialpad line for a legal hold',
      approver: 'ciso@' + d,
      expires: b.dateOnly(b.asOfMs - (20 + c) * DAY),
    });
    b.expect('UNENTITLED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: `unentitled Dialpad user; exception ${exc} expired, so not suppressed` });
    b.expect('EXCEPTION_EXPIRED', `exception:${exc}`, { vendor: 'dialpad', accountId: id, why: `accepted-risk exception ${exc} expired before as-of` });
  }

  // --- UNACCEPTED_INVITE ----------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id = b.addAgent({ first: first(p), last: last(p), email: vendorEmail(p), seen: false, createdDaysAgo: b.rng.int(20, 60), teams: 1 });
    b.expect('UNACCEPTED_INVITE', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: 'entitled, Dixa agent never seen and created more than 14 days before as-of (counts as a seat: no MISSING_SEAT)' });
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'pending', office: 'Sales', addedDaysAgo: b.rng.int(60, 150) });
    b.expect('UNACCEPTED_INVITE', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: 'entitled, Dialpad user pending for more than 14 days' });
  }

  // --- AMBIGUOUS_OWNER ------------------------------------------------------------------------------------
  {
    const a = b.newPerson({ department: 'Support', dixa: true });
    const bb = b.newPerson({ department: 'Support', dixa: true });
    dixaSeat(a);
    dixaSeat(bb);
    const id = b.addAgent({ first: 'Support', last: `Shift Lead ${n}`, email: b.email(`shift-lead-${n}`), additionalEmails: [vendorEmail(a), vendorEmail(bb)], seen: true, createdDaysAgo: 300, teams: 1, queues: 1 });
    b.expect('AMBIGUOUS_OWNER', acct('dixa', id), { vendor: 'dixa', accountId: id, why: `shared Dixa agent whose additionalEmails are the primary emails of ${a.key} and ${bb.key}` });
  }
  {
    const a = b.newPerson({ department: 'Sales', dialpad: true });
    const bb = b.newPerson({ department: 'Sales', dialpad: true, secondary: true });
    dialpadSeat(a, { office: 'Sales' });
    dialpadSeat(bb, { office: 'Sales' });
    const id = b.addDialpadUser({ first: 'Sales', last: `Hotline ${n}`, emails: [b.email(`sales-hotline-${n}`), vendorEmail(a), bb.row.secondaryEmail ?? ''], state: 'active', office: 'Sales', addedDaysAgo: 500, numbers: 1 });
    b.expect('AMBIGUOUS_OWNER', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: `Dialpad user whose emails[1] is ${a.key}'s primary and emails[2] is ${bb.key}'s secondary email` });
  }

  // --- DUPLICATE_ACCOUNT ----------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id1 = dixaSeat(p);
    const local = p.key.split('@')[0] ?? 'x';
    const id2 = b.addAgent({ first: first(p), last: last(p), email: `${local}@${b.company.acquiredDomain}`, seen: true, createdDaysAgo: 1500, teams: 0, queues: 1 });
    for (const id of [id1, id2]) {
      b.expect('DUPLICATE_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, why: `${p.key} owns two active Dixa agents (one under the acquired domain ${b.company.acquiredDomain})` });
    }
  }
  {
    const p = b.newPerson({ department: 'Customer success', dialpad: true, secondary: true });
    const id1 = dialpadSeat(p, { office: 'Customer Success' });
    const id2 = b.addDialpadUser({ first: first(p), last: last(p), emails: [p.row.secondaryEmail ?? ''], state: 'active', office: 'Customer Success', addedDaysAgo: 80, numbers: 1 });
    for (const id of [id1, id2]) {
      b.expect('DUPLICATE_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, why: `${p.key} owns two active Dialpad users (one under the IdP secondary email)` });
    }
  }

  // --- PRIVILEGED_ACCOUNT ---------------------------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id = dixaSeat(p, { roles: ['Agent', 'Administrator'] });
    b.expect('PRIVILEGED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, identity: p, severity: b.privilegedSeverity, why: 'entitled Dixa administrator' });
  }
  {
    const p = b.newPerson({ department: 'Operations', dialpad: true });
    const id = dialpadSeat(p, { office: 'Headquarters', admin: 'super' });
    b.expect('PRIVILEGED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, severity: b.privilegedSeverity, why: 'entitled Dialpad company admin (is_super_admin)' });
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const id = dialpadSeat(p, { office: 'Sales', admin: 'office' });
    b.expect('PRIVILEGED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, identity: p, severity: b.privilegedSeverity, why: 'entitled Dialpad office admin (admin_office_ids)' });
  }

  // --- Exceptions: service account, shared mailbox, expired service exception -----------------------------
  {
    const id = b.addAgent({ first: 'Zendesk', last: 'Sync', display: `Zendesk Sync ${n}`, email: b.email(`svc-zendesk-sync-${n}`), seen: true, createdDaysAgo: 900 });
    const exc = b.addException({ kind: 'service', scope: { vendor: 'dixa', accountId: id }, rules: ['ORPHANED_ACCOUNT'], reason: 'Integration user for the ticket migration', approver: 'it.ops@' + d, expires: b.dateOnly(b.asOfMs + 300 * DAY) });
    b.expect('ORPHANED_ACCOUNT', acct('dixa', id), { vendor: 'dixa', accountId: id, exception: exc, why: `service account excluded by ${exc}: orphaned, suppressed` });
  }
  {
    const mailbox = b.email(`frontdesk-${n}`);
    const id = b.addDialpadUser({ first: 'Front', last: `Desk ${n}`, emails: [mailbox], state: 'active', office: 'Headquarters', addedDaysAgo: 1000, numbers: 1, callCenter: { name: 'Reception', role: 'operator' } });
    const exc = b.addException({ kind: 'shared', scope: { vendor: 'dialpad', email: mailbox }, rules: ['*'], reason: 'Shared reception line', approver: 'office.manager@' + d });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, exception: exc, why: `shared mailbox excluded by ${exc}: orphaned, suppressed` });
  }
  {
    const id = b.addDialpadUser({ first: 'IVR', last: `Test ${n}`, emails: [b.email(`ivr-test-${n}`)], state: 'active', office: 'Berlin', addedDaysAgo: 600, numbers: 1 });
    const exc = b.addException({ kind: 'service', scope: { vendor: 'dialpad', accountId: id }, rules: ['ORPHANED_ACCOUNT'], reason: 'IVR load test user', approver: 'it.ops@' + d, expires: b.dateOnly(b.asOfMs - (40 + c) * DAY) });
    b.expect('ORPHANED_ACCOUNT', acct('dialpad', id), { vendor: 'dialpad', accountId: id, why: `service exception ${exc} expired: no longer excluded, orphaned and not suppressed` });
    b.expect('EXCEPTION_EXPIRED', `exception:${exc}`, { vendor: 'dialpad', accountId: id, why: `service exception ${exc} expired before as-of` });
  }

  // --- DATA_QUALITY (row numbers are known only after the rows are shuffled: see assignRows) ----------------
  {
    const p = b.newPerson({ department: 'Engineering' });
    p.dq = 'no_email';
    p.row.primaryEmail = '';
    p.row.secondaryEmail = null;
    p.row.login = b.format === 'okta-rockstar-users' ? `svc.scanner${n}` : '';
    p.key = '';
  }
  {
    const original = b.newPerson({ status: 'deprovisioned', department: 'Operations' });
    const rehire = b.newPerson({ department: 'Operations', first: first(original), last: last(original) });
    rehire.row.primaryEmail = original.row.primaryEmail;
    rehire.key = original.key;
    rehire.row.login = b.format === 'okta-rockstar-users' ? `${original.key.split('@')[0] ?? 'x'}.rehire@${d}` : original.row.primaryEmail;
    rehire.dq = 'duplicate_email';
    original.dq = 'duplicate_email';
    original.dupGroup = rehire.dupGroup = `dup-${n}`;
  }
  {
    const p = b.newPerson({ status: 'unknown', department: 'Marketing' });
    p.dq = 'unknown_status';
  }

  // --- Look-alikes: must produce no finding ----------------------------------------------------------------
  {
    const p = b.newPerson({ department: 'Support', dixa: true, mixedCase: true });
    const id = dixaSeat(p);
    b.lookAlike(acct('dixa', id), `IdP email ${p.row.primaryEmail} differs only in case from the agent's ${vendorEmail(p)}`);
    b.lookAlike(`dixa:identity:${p.key}`, 'has its seat despite the case difference');
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true });
    const upper = vendorEmail(p).replace(/^[a-z]/, (ch) => ch.toUpperCase()).replace(/@.*$/, (dom) => dom.toUpperCase());
    const id = dialpadSeat(p, { emails: [upper], office: 'Sales' });
    b.lookAlike(acct('dialpad', id), `Dialpad email ${upper} differs only in case from the IdP's`);
  }
  {
    const p = b.newPerson({ department: 'Support', dixa: true });
    const id = dixaSeat(p, { email: b.email(`${p.key.split('@')[0] ?? 'x'}.support`), additionalEmails: [vendorEmail(p)] });
    b.lookAlike(acct('dixa', id), 'primary email unknown to the IdP, but additionalEmails holds the identity primary (any_email)');
  }
  {
    const p = b.newPerson({ department: 'Support', dialpad: true });
    const id = dialpadSeat(p, { emails: [b.email(`${p.key.split('@')[0] ?? 'x'}.phone`), vendorEmail(p)], office: 'Support' });
    b.lookAlike(acct('dialpad', id), 'Dialpad emails[0] unknown to the IdP, emails[1] is the identity primary (any_email)');
  }
  {
    const p = b.newPerson({ department: 'Customer success', dixa: true, secondary: true });
    const id = dixaSeat(p, { email: p.row.secondaryEmail ?? '' });
    b.lookAlike(acct('dixa', id), 'Dixa email equals the IdP secondary email (any_email)');
  }
  {
    const p = b.newPerson({ department: 'Sales', dialpad: true, dixa: true });
    const local = p.key.split('@')[0] ?? 'x';
    const id1 = dialpadSeat(p, { emails: [`${local}@${b.company.acquiredDomain}`], office: 'Sales' });
    const id2 = dixaSeat(p, { email: `${local}@${b.company.acquiredDomain}` });
    b.lookAlike(acct('dialpad', id1), `acquired domain ${b.company.acquiredDomain} handled by correlation.domainAliases`);
    b.lookAlike(acct('dixa', id2), `acquired domain ${b.company.acquiredDomain} handled by correlation.domainAliases`);
  }
  {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    const p1 = b.newPerson({ department: 'Support', dixa: true, first: f, last: l });
    const p2 = b.newPerson({ department: 'Support', dixa: true, first: f, last: l });
    const id1 = dixaSeat(p1);
    const id2 = dixaSeat(p2);
    b.lookAlike(acct('dixa', id1), `two people named ${f} ${l} with different emails: each owns one agent`);
    b.lookAlike(acct('dixa', id2), `two people named ${f} ${l} with different emails: each owns one agent`);
  }
  {
    const p = b.newPerson({ status: 'suspended', department: 'Support', dialpad: true, dixa: true });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'suspended', office: 'Support', addedDaysAgo: 500 });
    b.lookAlike(acct('dialpad', id), 'suspended in the IdP and in Dialpad, holds nothing; Dixa agent removed');
  }
  {
    const p = b.newPerson({ status: 'deprovisioned', department: 'Sales' });
    const id = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'deleted', office: 'Sales', addedDaysAgo: 800 });
    b.lookAlike(acct('dialpad', id), 'deprovisioned in the IdP, deleted in Dialpad with no number');
  }
  {
    const locked = b.newPerson({ status: 'locked_out', department: 'Support', dixa: true, dialpad: true });
    const id1 = dixaSeat(locked);
    const id2 = dialpadSeat(locked, { office: 'Support', callCenter: { name: 'Support Line', role: 'operator' } });
    const expired = b.newPerson({ status: 'password_expired', department: 'Customer success', dixa: true });
    const id3 = dixaSeat(expired);
    const reset = b.newPerson({ status: 'password_reset', department: 'Sales', dialpad: true });
    const id4 = dialpadSeat(reset, { office: 'Sales' });
    for (const [vendor, id] of [['dixa', id1], ['dialpad', id2], ['dixa', id3], ['dialpad', id4]] as const) {
      b.lookAlike(acct(vendor, id), 'locked out / password expired / password reset in the IdP: still active and entitled');
    }
  }
  {
    const p = b.newPerson({ department: 'Support', dixa: true, dialpad: true });
    const id1 = b.addAgent({ first: first(p), last: last(p), email: vendorEmail(p), seen: false, createdDaysAgo: b.rng.int(1, 6), teams: 1 });
    const id2 = b.addDialpadUser({ first: first(p), last: last(p), emails: [vendorEmail(p)], state: 'pending', office: 'Support', addedDaysAgo: b.rng.int(1, 6) });
    b.lookAlike(acct('dixa', id1), 'young Dixa invite (within 14 days): nothing by itself');
    b.lookAlike(acct('dialpad', id2), 'young pending Dialpad invite (within 14 days): nothing by itself');
    b.lookAlike(`dixa:identity:${p.key}`, 'young invite counts as a seat');
    b.lookAlike(`dialpad:identity:${p.key}`, 'young invite counts as a seat');
  }
  {
    const ghost = b.uuid();
    const team = b.rng.pick(b.teams);
    team.memberIds.push(ghost);
    b.lookAlike(acct('dixa', ghost), `team ${team.name} lists member id ${ghost} that resolves to nothing: unresolved, not an account`);
  }

  plantInactivityCases(b, c);
}

/** Baseline people: consistent access, no finding by construction. */
function addBaselinePerson(b: OrgBuilder): void {
  const pr = b.proportions;
  const active = Math.max(0, 1 - pr.suspended - pr.deprovisioned - pr.staged - pr.temporary);
  const status = b.rng.weighted<PersonStatus>([
    ['active', active],
    ['locked_out', pr.temporary / 3],
    ['password_expired', pr.temporary / 3],
    ['password_reset', pr.temporary / 3],
    ['suspended', pr.suspended],
    ['deprovisioned', pr.deprovisioned],
    ['staged', pr.staged],
  ]);
  const department = b.rng.weighted(DEPARTMENTS);
  const [dixaOdds, dialpadOdds] = ENTITLEMENT_ODDS[department] ?? DEFAULT_ODDS;
  // Deprovisioning removes Okta app assignments (research/idp.md 1.5); staged people get none yet.
  const mayBeEntitled = status !== 'deprovisioned' && status !== 'staged';
  const p = b.newPerson({
    status,
    department,
    dixa: mayBeEntitled && b.rng.chance(dixaOdds),
    dialpad: mayBeEntitled && b.rng.chance(dialpadOdds),
    secondary: b.rng.chance(0.1),
  });
  const idStatus = b.idStatus(p);
  const email = vendorEmail(p);
  if (idStatus === 'active') {
    if (p.entitled.dixa) {
      const young = b.rng.chance(b.proportions.youngInvite);
      const contact = CONTACT_CENTER_DEPARTMENTS.has(department);
      b.addAgent({
        first: p.row.firstName,
        last: p.row.lastName,
        email,
        seen: !young,
        createdDaysAgo: young ? b.rng.int(1, 10) : b.rng.int(30, 1500),
        teams: contact ? b.rng.int(1, 2) : 0,
        queues: contact ? b.rng.int(1, 2) : 0,
      });
    }
    if (p.entitled.dialpad) {
      const young = b.rng.chance(b.proportions.youngInvite);
      const cc = CALL_CENTERS.find((x) => x.department === department);
      b.addDialpadUser({
        first: p.row.firstName,
        last: p.row.lastName,
        emails: [email],
        state: young ? 'pending' : 'active',
        office: p.officeName,
        addedDaysAgo: young ? b.rng.int(1, 10) : b.rng.int(30, 1500),
        numbers: young ? 0 : 1,
        callCenter: !young && cc && b.rng.chance(0.75) ? { name: cc.name, role: b.rng.chance(0.1) ? 'supervisor' : 'operator' } : null,
      });
    }
  } else if (idStatus === 'suspended' || idStatus === 'deprovisioned') {
    // Offboarded correctly: Dialpad suspended or deleted holding nothing, the Dixa agent removed.
    if (b.rng.chance(0.5)) {
      b.addDialpadUser({
        first: p.row.firstName,
        last: p.row.lastName,
        emails: [email],
        state: p.row.status === 'suspended' ? 'suspended' : 'deleted',
        office: p.officeName,
        addedDaysAgo: b.rng.int(200, 1500),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

function sortExpected(a: ExpectedFinding, b: ExpectedFinding): number {
  const bySeverity = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (bySeverity !== 0) return bySeverity;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  if (a.vendor !== b.vendor) {
    if (a.vendor === null) return 1;
    if (b.vendor === null) return -1;
    return a.vendor < b.vendor ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Planted people per copy of the catalogue (used to check `people` is large enough). */
function plantedPerCopy(): number {
  const probe = new OrgBuilder({ seed: 1, asOf: '2026-01-01T00:00:00Z', format: 'okta-rockstar-users', company: DEFAULT_COMPANY, proportions: DEFAULT_PROPORTIONS, adminGroups: [], defaultOfficeName: null });
  plantCases(probe, 0);
  return probe.persons.length;
}

export function generateOrg(opts: GenerateOptions): DemoOrg {
  const format = opts.idpFormat ?? 'okta-rockstar-users';
  if (!DEMO_IDP_FORMATS.includes(format)) throw badInput(`--idp-format: ${String(format)} is not one of ${DEMO_IDP_FORMATS.join(', ')}`);
  if (!Number.isInteger(opts.seed)) throw badInput(`--seed: must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.people) || opts.people < 1) throw badInput(`--people: must be a positive integer, got ${opts.people}`);
  const copies = opts.copies ?? Math.max(2, Math.round(opts.people / 150));
  if (!Number.isInteger(copies) || copies < 1) throw badInput(`--copies: must be a positive integer, got ${copies}`);
  const perCopy = plantedPerCopy();
  if (opts.people < perCopy * copies + REVIEW_CASE_PEOPLE) {
    throw badInput(`--people: ${opts.people} is fewer than the ${perCopy * copies + REVIEW_CASE_PEOPLE} people the planted cases need (${copies} copies of ${perCopy}, and ${REVIEW_CASE_PEOPLE} for the review campaign)`);
  }
  const company = opts.company ?? DEFAULT_COMPANY;
  const proportions: Proportions = { ...DEFAULT_PROPORTIONS, ...opts.proportions };
  const adminGroups = opts.adminGroups ?? [];
  const defaultOfficeName = opts.dialpadDefaultOffice ?? null;
  if (defaultOfficeName && !OFFICES.some((o) => o.name === defaultOfficeName)) {
    throw badInput(`dialpadDefaultOffice: no office named ${defaultOfficeName} (${OFFICES.map((o) => o.name).join(', ')})`);
  }
  const shortfallOffices = opts.shortfallOffices ?? 2;

  const b = new OrgBuilder({ seed: opts.seed, asOf: opts.asOf, format, company, proportions, adminGroups, defaultOfficeName });

  // A few baseline people first, so the planted orphan has a namesake and managers exist.
  const baselineTotal = opts.people - perCopy * copies - REVIEW_CASE_PEOPLE;
  const early = Math.min(baselineTotal, 10);
  for (let i = 0; i < early; i++) addBaselinePerson(b);
  for (let c = 0; c < copies; c++) plantCases(b, c);
  for (let i = early; i < baselineTotal; i++) addBaselinePerson(b);
  // Last, so every earlier draw of the generator is what it was before the campaign existed.
  const review = plantReviewCases(b);

  // Some Dixa customers (end users) nobody references: never part of the audit.
  for (let i = 0; i < 5; i++) {
    const f = b.rng.pick(FIRST_NAMES);
    const l = b.rng.pick(LAST_NAMES);
    b.endUsers.push({ id: b.uuid(), createdAt: isoSeconds(b.ago(b.rng.int(10, 600))), displayName: `${f} ${l}`, email: `${emailPart(f)}.${emailPart(l)}${i}@customer-mail.example`, firstName: f, lastName: l });
  }

  // IdP rows in a shuffled order; the first row of a duplicate group is the original (no finding). DATA_QUALITY
  // subjects are keyed on the row's content (src/idp/row-key.ts), never on the file name or row number.
  const rows = b.rng.shuffle([...b.persons]);
  const seenDup = new Set<string>();
  rows.forEach((p) => {
    if (p.dq === null) return;
    if (p.dq === 'duplicate_email') {
      const group = p.dupGroup ?? '';
      if (!seenDup.has(group)) {
        seenDup.add(group);
        return;
      }
    }
    b.expect('DATA_QUALITY', `idp:idp:${rowContentKey(p.row.primaryEmail || null, idpUsersRecord(format, p.row))}:${p.dq}`, {
      vendor: null,
      why:
        p.dq === 'no_email'
          ? 'IdP row with no usable email (no primary, login not an email, no secondary)'
          : p.dq === 'duplicate_email'
            ? `IdP row repeats the primary email ${p.key} of an earlier row`
            : `IdP row with an unknown status value`,
    });
  });

  // Seat pools: shortfall where planned, exactly enough in the boundary office (Sales), spare seats elsewhere.
  const shortfall = ['Support', 'Customer Success'].slice(0, Math.max(0, Math.min(2, shortfallOffices)));
  const availableLicenses: Record<string, DialpadAvailableLicensesRaw> = {};
  for (const office of b.offices) {
    const missing = b.missingSeatsByOffice.get(office.name) ?? 0;
    let talk: number;
    if (shortfall.includes(office.name) && missing > 0) {
      talk = b.rng.int(0, missing - 1);
      b.expect('SEAT_SHORTFALL', `dialpad:office:${office.id}`, { vendor: 'dialpad', why: `office ${office.name}: ${talk} talk_lines available for ${missing} missing seats` });
    } else if (office.name === 'Sales') {
      talk = missing;
      b.lookAlike(`dialpad:office:${office.id}`, `office Sales has exactly as many talk_lines (${talk}) as missing seats: not lower, no shortfall`);
    } else {
      talk = missing + b.rng.int(3, 40);
    }
    availableLicenses[office.id] = {
      talk_lines: String(talk),
      contact_center_lines: String(b.rng.int(0, 20)),
      room_lines: String(b.rng.int(0, 4)),
      fax_lines: '0',
      additional_number_lines: String(b.rng.int(0, 10)),
      sell_lines: '0',
      tollfree_additional_number_lines: '0',
      tollfree_room_lines: '0',
      tollfree_uberconference_lines: '0',
      uberconference_lines: '0',
    };
  }

  // Assignments export: who is entitled (plus other apps, for realism). Okta drops assignments on deprovisioning.
  const assignments: AssignmentRow[] = [];
  for (const p of b.persons) {
    if (p.dq !== null || p.row.status === 'deprovisioned' || p.row.status === 'staged') continue;
    const add = (app: string): void => {
      assignments.push({
        user: p.row.displayName,
        login: p.row.login,
        app,
        instance: app,
        appLogin: p.row.login,
        assignedMs: Math.min(b.asOfMs - DAY, p.row.createdMs + b.rng.int(1, 30) * DAY),
        lastLoginMs: p.row.lastLoginMs,
        passwordChangedMs: p.row.passwordChangedMs,
      });
    };
    if (p.entitled.dixa) add('Dixa');
    if (p.entitled.dialpad) add('Dialpad');
    for (const app of OTHER_APPS) if (b.rng.chance(app === 'Slack' ? 0.9 : 0.3)) add(app);
  }
  assignments.sort((x, y) => cmp(x.user, y.user) || cmp(x.login, y.login) || cmp(x.app, y.app));

  // Devices of everyone else, from a stream of their own so the rest of the organisation does not move with them.
  addBaselineDevices(b, new Prng((opts.seed ^ 0x5eed) >>> 0));

  // Vendor listings in a shuffled order, so planted cases are not clustered.
  b.rng.shuffle(b.agents);
  b.rng.shuffle(b.users);
  const agentOrder = new Map(b.agents.map((a, i) => [a.id, i]));
  b.presence.sort((x, y) => (agentOrder.get(x.userId) ?? 0) - (agentOrder.get(y.userId) ?? 0));
  for (const t of b.teams) b.rng.shuffle(t.memberIds);
  for (const q of b.queues) b.rng.shuffle(q.members);
  b.numbers.sort((x, y) => cmp(x.number, y.number));

  const dixa: DixaState = {
    organization: { id: b.dixaOrgId, name: company.name, subdomain: company.subdomain, status: 'Active' },
    agents: b.agents,
    presence: b.presence,
    teams: b.teams,
    queues: b.queues,
    endUsers: b.endUsers,
  };
  const dialpad: DialpadState = {
    company: {
      id: b.companyId,
      name: company.name,
      domain: company.domain,
      country: 'dk',
      account_type: 'enterprise',
      admin_email: `it.ops@${company.domain}`,
      office_count: String(b.offices.length),
      state: 'active',
    },
    users: b.users,
    offices: b.offices,
    availableLicenses,
    callcenters: b.callCenters,
    operators: b.operators,
    numbers: b.numbers,
    devices: [...b.devices].sort((x, y) => cmp(x.id, y.id)),
  };

  const config: Record<string, unknown> = {
    correlation: { domainAliases: { [company.acquiredDomain]: company.domain } },
    entitlements: { dixa: { apps: ['^dixa$'], groups: [] }, dialpad: { apps: ['^dialpad$'], groups: [] } },
    thresholds: { inviteMaxAgeDays: 14, inactiveDays: INACTIVE_DAYS },
    // Illustrative list prices per seat and month: Dialpad by the user's license, Dixa one price per agent.
    licences: { currency: 'USD', dixa: { default: 89 }, dialpad: { talk: 27, agents: 95 } },
  };
  if (adminGroups.length > 0) config.adminGroups = adminGroups;
  config.review = review.config;
  if (defaultOfficeName) config.plan = { dialpadDefaultOfficeId: b.office(defaultOfficeName).id };

  const expected = [...b.expected].sort(sortExpected);
  const answerKey: AnswerKey = {
    schemaVersion: 1,
    generatorVersion: GENERATOR_VERSION,
    seed: opts.seed,
    asOf: opts.asOf,
    idpFormat: format,
    expected,
    lookAlikes: [...b.lookAlikes].sort((x, y) => cmp(x.subject, y.subject)),
    reviewAssignments: review.expected,
  };

  const files: Record<string, string> = {
    [DEMO_FILES.idpUsers]: writeIdpUsers(format, rows.map((p) => p.row)),
    [DEMO_FILES.assignments]: writeAssignments(assignments),
    [DEMO_FILES.config]: stableStringify(config),
    [DEMO_FILES.exceptions]: stableStringify({ exceptions: b.exceptions }),
  };

  const expectedByRule: Record<string, number> = {};
  for (const f of expected) expectedByRule[f.rule] = (expectedByRule[f.rule] ?? 0) + 1;
  const meta: DemoMeta = {
    generator: 'access-audit demo generator (src/demo/generate.ts)',
    generatorVersion: GENERATOR_VERSION,
    seed: opts.seed,
    people: opts.people,
    asOf: opts.asOf,
    idpFormat: format,
    copies,
    proportions,
    company,
    tokens: { env: TOKEN_ENV, demoConstants: { dixa: 'DEMO_DIXA_TOKEN', dialpad: 'DEMO_DIALPAD_TOKEN' }, module: 'src/demo/constants.ts' },
    files: { ...DEMO_FILES },
    counts: {
      identities: rows.length,
      assignments: assignments.length,
      dixaAgents: dixa.agents.length,
      dixaEndUsers: dixa.endUsers.length,
      dixaTeams: dixa.teams.length,
      dixaQueues: dixa.queues.length,
      dialpadUsers: dialpad.users.length,
      dialpadOffices: dialpad.offices.length,
      dialpadCallCenters: dialpad.callcenters.length,
      dialpadNumbers: dialpad.numbers.length,
      dialpadDevices: dialpad.devices?.length ?? 0,
      exceptions: b.exceptions.length,
      expected: expected.length,
      expectedByRule,
      lookAlikes: answerKey.lookAlikes.length,
    },
  };
  return { meta, dixa, dialpad, files, answerKey };
}

/** Every file of a demo folder, relative path -> content (what writeOrg writes). */
export function renderOrg(org: DemoOrg): Record<string, string> {
  return {
    [DEMO_FILES.meta]: stableStringify(org.meta),
    [DEMO_FILES.dixaState]: stableStringify(org.dixa),
    [DEMO_FILES.dialpadState]: stableStringify(org.dialpad),
    [DEMO_FILES.answerKey]: stableStringify(org.answerKey),
    ...org.files,
  };
}

/**
 * Writes the files renderOrg renders, byte for byte; the JSON ones streamed, so a million-person organisation's
 * Dialpad state (past V8's longest string near 900k people) is never one string.
 */
export async function writeOrg(org: DemoOrg, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json: Record<string, unknown> = {
    [DEMO_FILES.meta]: org.meta,
    [DEMO_FILES.dixaState]: org.dixa,
    [DEMO_FILES.dialpadState]: org.dialpad,
    [DEMO_FILES.answerKey]: org.answerKey,
  };
  for (const [rel, value] of Object.entries(json)) await writeStableJsonFile(join(dir, rel), value);
  for (const [rel, content] of Object.entries(org.files)) await writeFileAtomic(join(dir, rel), content);
}
