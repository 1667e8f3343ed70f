import type { z } from 'zod';
import type { VendorCollectContext } from '../../collect/context.js';
import type { ListingTracker } from '../../collect/listing.js';
import { mapConcurrent } from '../../http/concurrency.js';
import { HttpFailure } from '../../http/failure.js';
import { dixaPages } from '../../http/pages.js';
import { apiPath } from '../../http/path.js';
import type { VendorCollected } from '../registry.js';
import {
  DixaAgent,
  DixaEndUser,
  DixaEndUserResponse,
  DixaOrganization,
  DixaOrganizationResponse,
  DixaPresence,
  DixaQueue,
  DixaQueueMember,
  DixaTeam,
  DixaTeamMember,
} from './api.js';
import { normalizeDixa, type DixaCollectedData } from './normalize.js';

/**
 * Reads a Dixa organisation (research/dixa.md section 10): the organisation first as the token check, then agents
 * (paged), presence, teams and queues at once, then each team's and queue's members, then the member ids that are
 * not agents through /v1/endusers/{id}.
 */
export async function collectDixa(ctx: VendorCollectContext): Promise<VendorCollected> {
  const orgListing = ctx.listing('organization', '/v1/organization');
  let org: VendorCollected['org'] = null;
  try {
    const res = await ctx.fetch(orgListing, '/v1/organization', 'organization');
    orgListing.pages = 1;
    const parsed = DixaOrganizationResponse.safeParse(res.json);
    const data = (res.json as { data?: unknown } | null)?.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      // Only another envelope altogether says wrong host; an organization the document would allow does not.
      orgListing.fail(`Dixa: GET ${res.url}: not the documented {"data": {"id", ...}} organization; wrong host? The Dixa API is https://dev.dixa.io (--dixa-url)`);
    } else if (!parsed.success) {
      ctx.parseRecords(orgListing, DixaOrganization, [data], { file: res.file });
      orgListing.caveat('the organization has no usable id, so it is not identified; collection goes on');
    } else {
      org = { id: parsed.data.data.id, name: parsed.data.data.name ?? parsed.data.data.subdomain ?? parsed.data.data.id };
      orgListing.items = 1;
    }
  } catch (err) {
    ctx.failed(orgListing, err);
  }
  ctx.progress.listingDone('dixa', orgListing.toStats());
  // The token check failed: nothing else can be read, and one line says why.
  if (!orgListing.complete) return { org, accounts: [], groups: [], seatPools: [], numbers: [] };

  const data: DixaCollectedData = { agents: [], presence: [], teams: [], queues: [], endUsers: new Map() };
  const pageLimit = ctx.config.vendors.dixa.pageLimit;

  ctx.progress.planned('dixa', 4);
  const agentsListing = ctx.listing('agents', '/v1/agents');
  const presenceListing = ctx.listing('presence', '/v1/agents/presence');
  const teamsListing = ctx.listing('teams', '/v1/teams');
  const queuesListing = ctx.listing('queues', '/v1/queues');
  const teamMembersListing = ctx.listing('team-members', '/v1/teams/{teamId}/agents');
  const queueMembersListing = ctx.listing('queue-members', '/v1/queues/{queueId}/members');
  // Each fan-out starts as soon as its own list is known, beside the agent page chain: with real round trips a
  // lone chain cannot use the whole rate.
  await Promise.all([
    readPaged(ctx, agentsListing, `/v1/agents?pageLimit=${pageLimit}`, 'agents', DixaAgent).then((r) => (data.agents = r ?? [])),
    readPresence(ctx, presenceListing).then((r) => {
      data.presence = r ?? [];
      // A broken record leaves the others usable; a failed request leaves nothing to tell seen from never seen.
      data.presenceRead = r !== null;
    }),
    readPaged(ctx, teamsListing, '/v1/teams', 'teams', DixaTeam).then(async (r) => {
      const teams = r ?? [];
      ctx.progress.planned('dixa', teams.length);
      const members = await mapConcurrent(teams, ctx.concurrency, async (team) => {
        const path = ctx.path(teamMembersListing, () => apiPath`/v1/teams/${team.id}/agents`);
        return path === null ? null : readPaged(ctx, teamMembersListing, path, team.id, DixaTeamMember, { fanOut: true });
      });
      data.teams = teams.map((team, i) => ({ team, members: members[i] ?? null }));
      done(ctx, teamMembersListing);
    }),
    readPaged(ctx, queuesListing, '/v1/queues', 'queues', DixaQueue).then(async (r) => {
      const queues = r ?? [];
      ctx.progress.planned('dixa', queues.length);
      const members = await mapConcurrent(queues, ctx.concurrency, async (queue) => {
        const path = ctx.path(queueMembersListing, () => apiPath`/v1/queues/${queue.id}/members`);
        return path === null ? null : readPaged(ctx, queueMembersListing, path, queue.id, DixaQueueMember, { fanOut: true });
      });
      data.queues = queues.map((queue, i) => ({ queue, members: members[i] ?? null }));
      done(ctx, queueMembersListing);
    }),
  ]);

  // Member ids that are not agents: downgraded agents (end users) or ids that exist nowhere (docs/rules.md).
  const agentIds = new Set(data.agents.map((a) => a.id));
  const strangers = new Set<string>();
  for (const { members } of data.teams) for (const m of members ?? []) if (!agentIds.has(m.id)) strangers.add(m.id);
  for (const { members } of data.queues) for (const m of members ?? []) if (!agentIds.has(m.agentId)) strangers.add(m.agentId);
  const endUsersListing = ctx.listing('endusers', '/v1/endusers/{userId}');
  // An agent listing that failed part-way would make every later agent look like a stranger; only look them up
  // when the agent list is whole.
  if (agentsListing.complete) {
    const ids = [...strangers].sort();
    ctx.progress.planned('dixa', ids.length);
    await mapConcurrent(ids, ctx.concurrency, async (id) => {
      try {
        const res = await ctx.fetch(endUsersListing, apiPath`/v1/endusers/${id}`, id, { accept: [404] });
        endUsersListing.pages += 1;
        if (res.status === 404) {
          data.endUsers.set(id, null);
          return;
        }
        const parsed = DixaEndUserResponse.safeParse(res.json);
        const [endUser] = parsed.success ? [parsed.data.data] : ctx.parseRecords(endUsersListing, DixaEndUser, [(res.json as { data?: unknown } | null)?.data], { file: res.file });
        if (endUser) {
          data.endUsers.set(id, endUser);
          endUsersListing.items += 1;
        }
      } catch (err) {
        ctx.failed(endUsersListing, err);
      }
    });
  } else if (strangers.size > 0) {
    endUsersListing.fail(`Dixa endusers: ${strangers.size} member ids not looked up because the agent listing is incomplete`);
  }

  const normalized = normalizeDixa(data);
  if (normalized.unresolvedMemberIds.length > 0) {
    const n = normalized.unresolvedMemberIds.length;
    endUsersListing.caveat(`${n} team/queue member ${n === 1 ? 'id resolves' : 'ids resolve'} to nothing (404): ${normalized.unresolvedMemberIds.slice(0, 10).join(', ')}${normalized.unresolvedMemberIds.length > 10 ? ', ...' : ''}`);
  }
  done(ctx, endUsersListing);
  return { org, accounts: normalized.accounts, groups: normalized.groups, seatPools: [], numbers: [], activitySignals: normalized.activitySignals };
}

function done(ctx: VendorCollectContext, listing: ListingTracker): void {
  ctx.progress.listingDone('dixa', listing.toStats());
}

/**
 * Reads every page of a Dixa list (`{data, meta.next}`); also used for the unpaginated lists, which simply have no
 * next link. Raw files: 0001.json, 0002.json... for a listing; <id>.json (then <id>.0002.json) for one fan-out call.
 * A fan-out call returns null when it failed, so its group is known to be unread.
 */
async function readPaged<T>(
  ctx: VendorCollectContext,
  listing: ListingTracker,
  firstUrl: string,
  file: string,
  schema: z.ZodType<T>,
  opts: { fanOut?: boolean } = {},
): Promise<T[] | null> {
  const out: T[] = [];
  const fanOut = opts.fanOut === true;
  let pageNo = 0;
  // Pages come one after another: the file of the page being parsed is the last one fetched.
  let pageFile = '';
  const get = async (url: string): Promise<unknown> => {
    pageNo += 1;
    if (pageNo > 1) ctx.progress.planned('dixa', 1);
    const seq = String(pageNo).padStart(4, '0');
    const name = fanOut ? (pageNo === 1 ? file : `${file}.${seq}`) : seq;
    // A listing's pages form a chain: they go before fan-out calls waiting for the rate limiter.
    const res = await ctx.fetch(listing, url, name, { priority: fanOut ? 'normal' : 'high' });
    pageFile = res.file;
    return res.json;
  };
  try {
    for await (const page of dixaPages(get, firstUrl, { resolve: ctx.http.resolve, maxPages: ctx.maxPages, label: 'Dixa' })) {
      listing.pages += 1;
      listing.items += page.items.length;
      // One push per record: spreading a page of 100k+ records into push() overflows the call stack.
      for (const record of ctx.parseRecords(listing, schema, page.items, { file: pageFile, ...(fanOut ? { within: file } : {}) })) out.push(record);
      ctx.pageRead(listing);
    }
  } catch (err) {
    ctx.failed(listing, err);
    return fanOut ? null : out;
  } finally {
    if (!fanOut) done(ctx, listing);
  }
  return out;
}

/** GET /v1/agents/presence returns a bare array (research/dixa.md section 2); an enveloped one is accepted too. */
async function readPresence(ctx: VendorCollectContext, listing: ListingTracker): Promise<DixaPresence[] | null> {
  try {
    const res = await ctx.fetch(listing, '/v1/agents/presence', 'presence');
    listing.pages = 1;
    const body = res.json;
    const items = Array.isArray(body) ? body : body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data) ? (body as { data: unknown[] }).data : null;
    if (items === null) {
      throw new HttpFailure('schema', `Dixa: GET ${res.url}: presence is neither an array nor {"data": [...]}`, { url: res.url });
    }
    listing.items = items.length;
    return ctx.parseRecords(listing, DixaPresence, items, { file: res.file });
  } catch (err) {
    ctx.failed(listing, err);
    return null;
  } finally {
    done(ctx, listing);
  }
}
