import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'msw';
import type { z } from 'zod';
import { lookupBy } from '../../../simulator/lookup.js';
import { readJson, SimHttpError, type RouteContext, type SimulatorCore } from '../../../simulator/core.js';
import { dixaNow, downgradeAgent, setPresence } from './mutations.js';
import { decodePageKey, pageLink, type DixaPageKey } from './pagination.js';
import { createAgentInput, queueMembersInput, teamAgentsInput, UUID_RE } from './requests.js';
import type { DixaAgentRaw, DixaEndUserRaw, DixaState } from './state.js';

/** Example texts of the spec's BadRequest / NotFound / ServerError responses (shared/specs/dixa-openapi-beta.yaml). */
export const DIXA_MESSAGES = {
  invalidValue: 'Invalid value in request',
  decodingFailure: 'Decoding failure in request',
  notFound: 'The requested resource could not be found',
  serverError: 'There was an internal server error while processing the request',
  bothFilters: 'Invalid filters: Cannot provide both phone number and email address',
  createValidation: 'Validation failure during agent creation',
} as const;

/** "Up to 10 members can be specified." (DELETE /queues/{queueId}/members request description) */
export const DIXA_QUEUE_REMOVE_MAX = 10;

/**
 * No default page size is documented for GET /agents (shared/research/dixa.md section 4). 50 is what Dixa's own
 * code uses and the documented maximum of the search endpoint, so a client relying on a default sees several pages
 * on any real organisation.
 */
export const DIXA_DEFAULT_PAGE_LIMIT = 50;

export function dixaRoutes(core: SimulatorCore, state: DixaState, pageSizeDefault = DIXA_DEFAULT_PAGE_LIMIT): RequestHandler[] {
  const agentById: (id: string) => DixaAgentRaw | undefined = lookupBy(() => state.agents, (a) => a.id);
  const endUserById: (id: string) => DixaEndUserRaw | undefined = lookupBy(() => state.endUsers, (u) => u.id);
  const teamById = lookupBy(() => state.teams, (t) => t.id);
  const queueById = lookupBy(() => state.queues, (q) => q.queue.id);
  const presenceOf = lookupBy(() => state.presence, (p) => p.userId);
  const uuidParam = (ctx: RouteContext, name: string): string => {
    const v = ctx.params[name] ?? '';
    if (!UUID_RE.test(v)) throw new SimHttpError(400, DIXA_MESSAGES.invalidValue);
    return v;
  };
  const team = (ctx: RouteContext) => {
    const t = teamById(uuidParam(ctx, 'teamId'));
    if (!t) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
    return t;
  };
  const queue = (ctx: RouteContext) => {
    const q = queueById(ctx.params.queueId ?? '');
    if (!q) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
    return q;
  };
  const body = async <T>(ctx: RouteContext, schema: z.ZodType<T>): Promise<T> => {
    const parsed = schema.safeParse(await readJson(ctx.request, DIXA_MESSAGES.decodingFailure));
    if (!parsed.success) throw new SimHttpError(400, DIXA_MESSAGES.decodingFailure);
    return parsed.data;
  };

  return [
    core.route('get', '/v1/organization', () => ({ status: 200, json: { data: state.organization } })),

    // Registered before /v1/agents/:agentId so "presence" is not taken for an id.
    core.route('get', '/v1/agents/presence', () => ({ status: 200, json: state.presence })),

    core.route('get', '/v1/agents', (ctx) => {
      const q = ctx.url.searchParams;
      const limitParam = q.get('pageLimit');
      const limit = limitParam === null ? undefined : Number(limitParam);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new SimHttpError(400, DIXA_MESSAGES.invalidValue);
      let key: DixaPageKey;
      const rawKey = q.get('pageKey');
      if (rawKey !== null) {
        const decoded = decodePageKey(rawKey);
        if (!decoded) throw new SimHttpError(400, DIXA_MESSAGES.invalidValue);
        // "pageLimit ... may be used in combination with pageKey to change the number of results".
        key = { ...decoded, pageLimit: limit ?? decoded.pageLimit };
      } else {
        const filters: Record<string, string> = {};
        const email = q.get('email');
        const phone = q.get('phone');
        if (email !== null && phone !== null) throw new SimHttpError(400, DIXA_MESSAGES.bothFilters);
        if (email !== null) filters.email = email;
        if (phone !== null) filters.phone = phone;
        key = { page: 0, pageLimit: limit ?? pageSizeDefault, filters };
      }
      const { email, phone } = key.filters;
      const matches = (a: DixaAgentRaw): boolean =>
        (email === undefined || a.email.toLowerCase() === email.toLowerCase()) && (phone === undefined || a.phoneNumber === phone);
      const all = email === undefined && phone === undefined ? state.agents : state.agents.filter(matches);
      const start = key.page * key.pageLimit;
      const data = all.slice(start, start + key.pageLimit);
      const meta: { previous?: string; next?: string } = {};
      if (key.page > 0) meta.previous = pageLink('/v1/agents', { ...key, page: key.page - 1 });
      if (ctx.paginationLoop && rawKey !== null) meta.next = pageLink('/v1/agents', key);
      else if (start + key.pageLimit < all.length) meta.next = pageLink('/v1/agents', { ...key, page: key.page + 1 });
      // The last page carries no next; a single page carries no meta at all (meta is optional in ListAgentsOutput).
      return { status: 200, json: Object.keys(meta).length > 0 ? { data, meta } : { data } };
    }),

    core.route('post', '/v1/agents', async (ctx) => {
      const input = await body(ctx, createAgentInput);
      if (state.agents.some((a) => a.email.toLowerCase() === input.email.toLowerCase())) {
        throw new SimHttpError(400, DIXA_MESSAGES.createValidation);
      }
      const agent: DixaAgentRaw = {
        id: randomUUID(),
        createdAt: dixaNow(),
        additionalEmails: [],
        additionalPhoneNumbers: [],
        middleNames: [],
        ...input,
        roles: ['Agent'],
      };
      state.agents.push(agent);
      // A new agent has never signed in: presence without lastSeen.
      setPresence(state, agent.id, false);
      return { status: 201, json: { data: agent } };
    }),

    core.route('get', '/v1/agents/:agentId', (ctx) => {
      const agent = agentById(uuidParam(ctx, 'agentId'));
      if (!agent) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
      return { status: 200, json: { data: agent } };
    }),

    // "Downgrade an agent/admin to become an end user." Team and queue member lists keep the id.
    core.route('delete', '/v1/agents/:agentId', (ctx) => {
      const id = uuidParam(ctx, 'agentId');
      const agent = agentById(id);
      if (!agent) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
      downgradeAgent(state, agent);
      return { status: 204 };
    }),

    // Apply's precondition read of one agent's status (lastSeen absent: never signed in, an unaccepted invite).
    core.route('get', '/v1/agents/:agentId/presence', (ctx) => {
      const id = uuidParam(ctx, 'agentId');
      if (!agentById(id)) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
      const presence = presenceOf(id) ?? { userId: id, requestTime: new Date().toISOString().slice(0, 23), connectionStatus: 'Offline' };
      return { status: 200, json: { data: presence } };
    }),

    core.route('get', '/v1/agents/:agentId/teams', (ctx) => {
      const id = uuidParam(ctx, 'agentId');
      if (!agentById(id)) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
      return { status: 200, json: { data: state.teams.filter((t) => t.memberIds.includes(id)).map((t) => ({ id: t.id })) } };
    }),

    core.route('get', '/v1/teams', () => ({ status: 200, json: { data: state.teams.map((t) => ({ id: t.id, name: t.name })) } })),

    core.route('get', '/v1/teams/:teamId', (ctx) => {
      const t = team(ctx);
      return { status: 200, json: { data: { id: t.id, name: t.name } } };
    }),

    core.route('get', '/v1/teams/:teamId/agents', (ctx) => {
      const members = team(ctx).memberIds.map((id) => {
        const person = agentById(id) ?? endUserById(id);
        if (!person) return { id };
        return omitUndefined({ id, name: person.displayName, email: person.email, phoneNumber: person.phoneNumber });
      });
      return { status: 200, json: { data: members } };
    }),

    core.route('patch', '/v1/teams/:teamId/agents', async (ctx) => {
      const t = team(ctx);
      const { agentIds } = await body(ctx, teamAgentsInput);
      if (agentIds.some((id) => !agentById(id))) throw new SimHttpError(400, DIXA_MESSAGES.invalidValue);
      for (const id of agentIds) if (!t.memberIds.includes(id)) t.memberIds.push(id);
      // The spec documents 200 with no content.
      return { status: 200 };
    }),

    core.route('delete', '/v1/teams/:teamId/agents', async (ctx) => {
      const t = team(ctx);
      const { agentIds } = await body(ctx, teamAgentsInput);
      t.memberIds = t.memberIds.filter((id) => !agentIds.includes(id));
      return { status: 204 };
    }),

    core.route('get', '/v1/queues', () => ({ status: 200, json: { data: state.queues.map((q) => q.queue) } })),

    core.route('get', '/v1/queues/:queueId', (ctx) => ({ status: 200, json: { data: queue(ctx).queue } })),

    core.route('get', '/v1/queues/:queueId/members', (ctx) => ({
      status: 200,
      json: { data: queue(ctx).members.map((m) => omitUndefined({ agentId: m.agentId, priority: m.priority })) },
    })),

    // Bulk outcome per id, as the spec's example: "User not found" (NotFound), "Member is neither Agent or Admin" (Validation).
    core.route('patch', '/v1/queues/:queueId/members', async (ctx) => {
      const q = queue(ctx);
      const { agentIds } = await body(ctx, queueMembersInput);
      const outcomes = agentIds.map((id) => {
        if (agentById(id)) {
          if (!q.members.some((m) => m.agentId === id)) q.members.push({ agentId: id, priority: 1 });
          return { data: id, _type: 'BulkActionSuccess' };
        }
        const error = endUserById(id)
          ? { id, message: 'Member is neither Agent or Admin', _type: 'Validation' }
          : { id, message: 'User not found', _type: 'NotFound' };
        return { error, _type: 'BulkActionFailure' };
      });
      return { status: 200, json: { data: outcomes } };
    }),

    core.route('delete', '/v1/queues/:queueId/members', async (ctx) => {
      const q = queue(ctx);
      const { agentIds } = await body(ctx, queueMembersInput);
      if (agentIds.length > DIXA_QUEUE_REMOVE_MAX) throw new SimHttpError(400, DIXA_MESSAGES.invalidValue);
      q.members = q.members.filter((m) => !agentIds.includes(m.agentId));
      return { status: 204 };
    }),

    core.route('get', '/v1/endusers/:userId', (ctx) => {
      const u = endUserById(uuidParam(ctx, 'userId'));
      if (!u) throw new SimHttpError(404, DIXA_MESSAGES.notFound);
      return { status: 200, json: { data: u } };
    }),

    core.fallback(),
  ];
}

function omitUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
