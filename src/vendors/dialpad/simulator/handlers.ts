import { randomInt } from 'node:crypto';
import type { RequestHandler } from 'msw';
import type { z } from 'zod';
import { lookupBy } from '../../../simulator/lookup.js';
import { readJson, SimHttpError, type RouteContext, type SimulatorCore } from '../../../simulator/core.js';
import { deleteUser, officeLicenses, releaseNumber, removeOperator, setUserState, unassignNumber } from './mutations.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import {
  addCallCenterOperatorMessage,
  createUserMessage,
  removeCallCenterOperatorMessage,
  unassignNumberMessage,
  updateUserMessage,
} from './requests.js';
import type { DialpadState, DialpadUserRaw } from './state.js';

/**
 * No default page size is documented (shared/research/dialpad.md section 6); 25 is the legacy official SDK's
 * client-side default and what a forum report saw from /call.
 */
export const DIALPAD_DEFAULT_PAGE_SIZE = 25;
/** "Limit values of greater than 100 will only produce a page size of 100" (users.list). */
export const DIALPAD_MAX_PAGE_SIZE = 100;
/** "... and a 400 Bad Request response will be produced 20% of the time": deterministic, every 5th such call. */
export const DIALPAD_OVER_LIMIT_EVERY = 5;

const USER_STATES = ['active', 'cancelled', 'deleted', 'pending', 'suspended'] as const;
const DIGITS = /^\d+$/;

export interface DialpadRouteOptions {
  pageSizeDefault: number;
  nonAdminTokens: Set<string>;
}

export function dialpadRoutes(core: SimulatorCore, state: DialpadState, opts: DialpadRouteOptions): RequestHandler[] {
  let overLimitCalls = 0;

  const requireAdmin = (ctx: RouteContext): void => {
    // "Requires a company admin API key." (spec, GET /company and GET /numbers)
    if (opts.nonAdminTokens.has(ctx.token)) throw new SimHttpError(403, 'This operation requires a company admin API key.');
  };
  const idParam = (ctx: RouteContext, name: string): string => {
    const v = ctx.params[name] ?? '';
    if (!DIGITS.test(v)) throw new SimHttpError(400, `Invalid ${name}: ${v}`);
    return v;
  };
  const userById = lookupBy(() => state.users, (u) => u.id);
  const callCenterById = lookupBy(() => state.callcenters, (c) => c.id);
  const numberByE164 = lookupBy(() => state.numbers, (n) => n.number);
  const user = (id: string): DialpadUserRaw => {
    const u = userById(id);
    if (!u) throw new SimHttpError(404, `User ${id} not found.`);
    return u;
  };
  const callCenter = (ctx: RouteContext) => {
    const id = idParam(ctx, 'id');
    const cc = callCenterById(id);
    if (!cc) throw new SimHttpError(404, `Call center ${id} not found.`);
    return cc;
  };
  const body = async <T>(ctx: RouteContext, schema: z.ZodType<T, unknown>): Promise<T> => {
    const parsed = schema.safeParse(await readJson(ctx.request, 'Invalid JSON in request body.'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SimHttpError(400, `Invalid request body: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
  };

  /**
   * One page of a cursor list. Filters come from the cursor when there is one. `limit` is honoured up to 100.
   */
  const listings = new Map<string, { writes: number; items: unknown[] }>();
  const page = <T>(ctx: RouteContext, filterNames: string[], select: (f: Record<string, string>) => T[], overLimit400 = false) => {
    const q = ctx.url.searchParams;
    let limit = opts.pageSizeDefault;
    const rawLimit = q.get('limit');
    if (rawLimit !== null) {
      const n = Number(rawLimit);
      if (!Number.isInteger(n) || n < 1) throw new SimHttpError(400, `Invalid limit: ${rawLimit}`);
      if (n > DIALPAD_MAX_PAGE_SIZE && overLimit400) {
        overLimitCalls += 1;
        if (overLimitCalls % DIALPAD_OVER_LIMIT_EVERY === 0) {
          throw new SimHttpError(400, 'The limit parameter has been soft-deprecated. Please omit it, or reduce it to 100 or less.');
        }
      }
      limit = Math.min(n, DIALPAD_MAX_PAGE_SIZE);
    }
    let offset = 0;
    let filters: Record<string, string> = {};
    const rawCursor = q.get('cursor');
    if (rawCursor !== null && rawCursor !== '') {
      const c = decodeCursor(rawCursor);
      if (!c) throw new SimHttpError(400, 'Invalid cursor.');
      offset = c.offset;
      filters = c.filters;
    } else {
      for (const name of filterNames) {
        const v = q.get(name);
        if (v !== null) filters[name] = v;
      }
    }
    // Filtering every user again for each page of 100 made a 300k listing quadratic (issue 19): later pages of one
    // listing reuse what its first page selected, unless a write came in between.
    const cacheKey = `${ctx.url.pathname}\u0000${JSON.stringify(filters)}`;
    const cached = rawCursor ? listings.get(cacheKey) : undefined;
    const all = cached && cached.writes === core.writes ? (cached.items as T[]) : select(filters);
    if (all !== cached?.items) listings.set(cacheKey, { writes: core.writes, items: all });
    const items = all.slice(offset, offset + limit);
    let cursor: string | undefined;
    if (ctx.paginationLoop && rawCursor) cursor = rawCursor;
    else if (offset + limit < all.length) cursor = encodeCursor({ offset: offset + limit, filters });
    // Last page: no cursor key at all (the SDK loops while response.get('cursor')).
    return { status: 200, json: cursor === undefined ? { items } : { items, cursor } };
  };

  const operatorView = (u: DialpadUserRaw) =>
    omitUndefined({
      id: u.id,
      name: u.display_name,
      company_id: u.company_id,
      office_id: u.office_id,
      country: u.country,
      image_url: u.image_url as string | undefined,
      is_on_duty: (u.is_on_duty as boolean | undefined) ?? false,
      phone_numbers: u.phone_numbers,
      state: u.state,
    });
  const licenses = (officeId: string) => officeLicenses(state, officeId);

  return [
    core.route('get', '/api/v2/company', (ctx) => {
      requireAdmin(ctx);
      return { status: 200, json: state.company };
    }),

    core.route('get', '/api/v2/users', (ctx) => {
      const st = ctx.url.searchParams.get('state');
      if (st !== null && st !== 'all' && !(USER_STATES as readonly string[]).includes(st)) {
        throw new SimHttpError(400, `Invalid state: ${st}`);
      }
      return page(
        ctx,
        ['state', 'email', 'number', 'company_admin'],
        (f) =>
          state.users.filter((u) => {
            // No default is documented; without `state` we leave out deleted users, as the admin UI's list does.
            if (f.state === undefined ? u.state === 'deleted' : f.state !== 'all' && u.state !== f.state) return false;
            if (f.email !== undefined && !(u.emails ?? []).some((e) => e.toLowerCase() === f.email?.toLowerCase())) return false;
            if (f.number !== undefined && !(u.phone_numbers ?? []).includes(f.number)) return false;
            if (f.company_admin !== undefined && Boolean(u.is_super_admin) !== (f.company_admin === 'true')) return false;
            return true;
          }),
        true,
      );
    }),

    core.route('get', '/api/v2/userdevices', (ctx) => {
      // user_id is optional (spec): without it, every device of the company, in pages.
      const userId = ctx.url.searchParams.get('user_id');
      if (userId !== null && !DIGITS.test(userId)) throw new SimHttpError(400, `Invalid user_id: ${userId}`);
      return page(ctx, ['user_id'], (f) => (state.devices ?? []).filter((d) => f.user_id === undefined || d.user_id === f.user_id));
    }),

    core.route('post', '/api/v2/users', async (ctx) => {
      const input = await body(ctx, createUserMessage);
      const office = state.offices.find((o) => o.id === input.office_id);
      if (!office) throw new SimHttpError(400, `Invalid office_id: ${input.office_id}`);
      const email = input.email.toLowerCase();
      if (state.users.some((u) => u.state !== 'deleted' && (u.emails ?? []).some((e) => e.toLowerCase() === email))) {
        throw new SimHttpError(409, `A user with email ${input.email} already exists.`);
      }
      const license = input.license ?? 'talk';
      const lic = licenses(office.id);
      if (license === 'talk') {
        // Talk lines are "consumed when a new user with a primary number is created" (available_licenses).
        const free = Number(lic.talk_lines ?? '0');
        if (!(free > 0)) throw new SimHttpError(400, `No talk licenses available in office ${office.id}; add licenses before creating users.`);
        lic.talk_lines = String(free - 1);
      }
      const first = input.first_name ?? undefined;
      const last = input.last_name ?? undefined;
      const u: DialpadUserRaw = omitUndefined({
        id: newId(state),
        company_id: state.company.id,
        office_id: office.id,
        emails: [input.email],
        first_name: first,
        last_name: last,
        display_name: [first, last].filter(Boolean).join(' ') || input.email,
        license,
        // The spec's users.create example answers state "active".
        state: 'active',
        is_admin: false,
        is_super_admin: false,
        date_added: new Date().toISOString().slice(0, 19),
        timezone: office.timezone,
        country: office.country,
        language: 'en',
        do_not_disturb: false,
        international_dialing_enabled: false,
      }) as DialpadUserRaw;
      if (input.auto_assign) {
        const n = state.numbers.find((x) => x.status === 'available' && (x.office_id === undefined || x.office_id === office.id));
        if (n) {
          Object.assign(n, { status: 'user', target_id: u.id, target_type: 'user' });
          u.phone_numbers = [n.number];
        }
      }
      state.users.push(u);
      return { status: 200, json: u };
    }),

    core.route('get', '/api/v2/users/:id', (ctx) => ({ status: 200, json: user(idParam(ctx, 'id')) })),

    core.route('patch', '/api/v2/users/:id', async (ctx) => {
      const u = user(idParam(ctx, 'id'));
      const input = await body(ctx, updateUserMessage);
      if (u.state === 'deleted') throw new SimHttpError(400, `User ${u.id} is deleted.`);
      if (input.office_id != null && !state.offices.some((o) => o.id === input.office_id)) {
        throw new SimHttpError(400, `Invalid office_id: ${input.office_id}`);
      }
      const current = u.phone_numbers ?? [];
      // "phone_numbers: re-order or remove" only; adding goes through assign_number.
      if (input.phone_numbers?.some((n) => !current.includes(n))) throw new SimHttpError(400, 'phone_numbers may only re-order or remove numbers.');
      // Checked before anything changes: a refused update changes nothing.
      if (input.state != null && !setUserState(state, u, input.state)) {
        throw new SimHttpError(400, `No talk licenses available in office ${u.office_id ?? ''} to re-activate user ${u.id}.`);
      }
      if (input.phone_numbers != null) {
        for (const removed of current.filter((n) => !input.phone_numbers?.includes(n))) {
          const n = state.numbers.find((x) => x.number === removed);
          if (n) releaseNumber(n);
        }
        u.phone_numbers = input.phone_numbers;
      }
      const simple = ['admin_office_ids', 'emails', 'extension', 'first_name', 'last_name', 'forwarding_numbers', 'international_dialing_enabled', 'is_super_admin', 'job_title', 'license', 'office_id'] as const;
      for (const k of simple) {
        const v = input[k];
        if (v !== undefined && v !== null) u[k] = v as never;
      }
      if (input.first_name != null || input.last_name != null) u.display_name = [u.first_name, u.last_name].filter(Boolean).join(' ');
      u.is_admin = Boolean(u.is_super_admin) || (u.admin_office_ids ?? []).length > 0;
      return { status: 200, json: u };
    }),

    // Returns the user with state "deleted" and "(deactivated)" in display_name (spec example); numbers are released.
    core.route('delete', '/api/v2/users/:id', (ctx) => {
      const u = user(idParam(ctx, 'id'));
      deleteUser(state, u);
      return { status: 200, json: u };
    }),

    core.route('post', '/api/v2/users/:id/unassign_number', async (ctx) => {
      const u = user(idParam(ctx, 'id'));
      const { number } = await body(ctx, unassignNumberMessage);
      const n = unassignNumber(state, u, number);
      if (!n) throw new SimHttpError(400, `Number ${number} is not assigned to user ${u.id}.`);
      return { status: 200, json: n };
    }),

    core.route('get', '/api/v2/offices', (ctx) =>
      page(ctx, ['active_only'], (f) => state.offices.filter((o) => f.active_only !== 'true' || o.state === 'active')),
    ),

    core.route('get', '/api/v2/offices/:office_id/available_licenses', (ctx) => {
      const id = idParam(ctx, 'office_id');
      if (!state.offices.some((o) => o.id === id)) throw new SimHttpError(404, `Office ${id} not found.`);
      return { status: 200, json: state.availableLicenses[id] ?? {} };
    }),

    core.route('get', '/api/v2/callcenters', (ctx) =>
      page(ctx, ['office_id', 'name_search'], (f) =>
        state.callcenters.filter(
          (c) =>
            (f.office_id === undefined || c.office_id === f.office_id) &&
            (f.name_search === undefined || (c.name ?? '').toLowerCase().includes(f.name_search.toLowerCase())),
        ),
      ),
    ),

    core.route('get', '/api/v2/callcenters/:id', (ctx) => ({ status: 200, json: callCenter(ctx) })),

    // OperatorCollection {users, rooms}: unpaginated, full UserProto per operator.
    core.route('get', '/api/v2/callcenters/:id/operators', (ctx) => {
      const cc = callCenter(ctx);
      const ops = state.operators[cc.id] ?? { userIds: [], roomIds: [] };
      const users = ops.userIds.map((id) => userById(id)).filter((u): u is DialpadUserRaw => u !== undefined);
      return { status: 200, json: { users, rooms: [] } };
    }),

    core.route('post', '/api/v2/callcenters/:id/operators', async (ctx) => {
      const cc = callCenter(ctx);
      const input = await body(ctx, addCallCenterOperatorMessage);
      const u = user(input.user_id);
      const ops = (state.operators[cc.id] ??= { userIds: [], roomIds: [] });
      if (ops.userIds.includes(u.id)) throw new SimHttpError(409, `User ${u.id} is already an operator of call center ${cc.id}.`);
      if (u.license !== 'agents' && u.license !== 'lite_support_agents') {
        // "If the licenses are required and not available the operation will fail."
        const lic = licenses(u.office_id ?? cc.office_id ?? '');
        const free = Number(lic.contact_center_lines ?? '0');
        if (!(free > 0)) throw new SimHttpError(400, `No call center licenses available to add user ${u.id}.`);
        lic.contact_center_lines = String(free - 1);
        u.license = input.license_type ?? 'agents';
      }
      ops.userIds.push(u.id);
      u.group_details = [...(u.group_details ?? []), { group_id: cc.id, group_type: 'callcenter', role: input.role ?? 'operator' }];
      return { status: 200, json: operatorView(u) };
    }),

    // DELETE with a JSON body {user_id}. "This API will not change or release any licenses."
    core.route('delete', '/api/v2/callcenters/:id/operators', async (ctx) => {
      const cc = callCenter(ctx);
      const { user_id } = await body(ctx, removeCallCenterOperatorMessage);
      const u = user(user_id);
      if (!removeOperator(state, cc.id, u)) throw new SimHttpError(400, `User ${u.id} is not an operator of call center ${cc.id}.`);
      return { status: 200, json: operatorView(u) };
    }),

    core.route('get', '/api/v2/numbers', (ctx) => {
      requireAdmin(ctx);
      return page(ctx, ['status'], (f) => state.numbers.filter((n) => f.status === undefined || n.status === f.status));
    }),

    // Apply's precondition read of one number: whom it is assigned to now.
    core.route('get', '/api/v2/numbers/:number', (ctx) => {
      requireAdmin(ctx);
      const number = safeDecode(ctx.params.number ?? '');
      const n = numberByE164(number);
      if (!n) throw new SimHttpError(404, `Number ${number} not found.`);
      return { status: 200, json: n };
    }),

    core.fallback(),
  ];
}

function newId(state: DialpadState): string {
  for (;;) {
    const id = String(randomInt(1_000_000_000_000, 9_000_000_000_000)) + String(randomInt(1000, 9999));
    if (!state.users.some((u) => u.id === id)) return id;
  }
}

function omitUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A path segment as sent ("+1415..." or "%2B1415..."); a malformed escape is taken literally (and found nowhere). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
