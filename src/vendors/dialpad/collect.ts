import type { z } from 'zod';
import type { VendorCollectContext } from '../../collect/context.js';
import type { ListingTracker } from '../../collect/listing.js';
import { mapConcurrent } from '../../http/concurrency.js';
import { HttpFailure } from '../../http/failure.js';
import { dialpadPages } from '../../http/pages.js';
import { apiPath } from '../../http/path.js';
import type { VendorCollected } from '../registry.js';
import { COMPANY_FIELDS, DialpadAvailableLicenses, DialpadCallCenter, DialpadCompany, DialpadNumber, DialpadOffice, DialpadOperator, DialpadOperators, DialpadUser, IdText } from './api.js';
import { DEVICES_PATH, readDialpadDevices } from './devices.js';
import { normalizeDialpad, type DialpadCollectedData } from './normalize.js';

/**
 * Reads a Dialpad company (research/dialpad.md section 12): the company first as the token check, then users
 * (state=all), offices, call centers and numbers at once, then each office's available licenses and each call
 * center's operators.
 */
export async function collectDialpad(ctx: VendorCollectContext): Promise<VendorCollected> {
  const companyListing = ctx.listing('company', '/api/v2/company');
  let org: VendorCollected['org'] = null;
  try {
    const res = await ctx.fetch(companyListing, '/api/v2/company', 'company');
    companyListing.pages = 1;
    // Every CompanyProto field is nullable: only an answer that is not a company object at all says wrong host.
    const body = res.json;
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    const keys = isObject ? Object.keys(body) : [];
    const parsed = DialpadCompany.safeParse(body);
    if (!isObject || (keys.length > 0 && !keys.some((k) => (COMPANY_FIELDS as readonly string[]).includes(k)))) {
      companyListing.fail(`Dialpad: GET ${res.url}: not the documented company object; wrong host? The Dialpad API is https://dialpad.com (--dialpad-url)`);
    } else if (!parsed.success || !parsed.data.id) {
      ctx.parseRecords(companyListing, DialpadCompany.extend({ id: IdText }), [body], { file: res.file });
      companyListing.caveat('the company object has no usable id, so the company is not identified; collection goes on');
    } else {
      org = { id: parsed.data.id, name: parsed.data.name ?? parsed.data.domain ?? parsed.data.id };
      companyListing.items = 1;
    }
  } catch (err) {
    // GET /company "Requires a company admin API key" (spec): a 403 still proves the key authenticates.
    if (err instanceof HttpFailure && err.kind === 'forbidden') {
      companyListing.caveat('refused with 403: the API key is not a company admin key, so the company is not identified; the key authenticates, collection goes on');
    } else {
      ctx.failed(companyListing, err);
    }
  }
  done(ctx, companyListing);
  if (!companyListing.complete) return { org, accounts: [], groups: [], seatPools: [], numbers: [], activitySignals: [] };

  const limit = ctx.config.vendors.dialpad.pageLimit;
  ctx.progress.planned('dialpad', 5);
  const usersListing = ctx.listing('users', '/api/v2/users?state=all');
  const officesListing = ctx.listing('offices', '/api/v2/offices');
  const callcentersListing = ctx.listing('callcenters', '/api/v2/callcenters');
  const numbersListing = ctx.listing('numbers', '/api/v2/numbers');
  const licensesListing = ctx.listing('licenses', '/api/v2/offices/{id}/available_licenses');
  const operatorsListing = ctx.listing('operators', '/api/v2/callcenters/{id}/operators');
  const devicesListing = ctx.listing('devices', DEVICES_PATH);
  const licenses = new Map<string, z.infer<typeof DialpadAvailableLicenses>>();
  // Each fan-out starts as soon as its own list is known, beside the user and number page chains.
  const [users, offices, callcenters, numbers, devices] = await Promise.all([
    readPaged(ctx, usersListing, '/api/v2/users', { state: 'all' }, limit, DialpadUser),
    readPaged(ctx, officesListing, '/api/v2/offices', {}, limit, DialpadOffice).then(async (list) => {
      ctx.progress.planned('dialpad', list.length);
      await mapConcurrent(list, ctx.concurrency, async (office) => {
        try {
          const res = await ctx.fetch(licensesListing, apiPath`/api/v2/offices/${office.id}/available_licenses`, office.id);
          licensesListing.pages += 1;
          licensesListing.items += 1;
          // The answer is the record itself: anything but an object is not the documented AvailableLicensesProto.
          if (typeof res.json !== 'object' || res.json === null || Array.isArray(res.json)) {
            throw new HttpFailure('schema', `Dialpad: GET ${res.url}: not the documented available-licenses object`, { url: res.url });
          }
          const [lic] = ctx.parseRecords(licensesListing, DialpadAvailableLicenses, [res.json], { file: res.file, within: `office ${office.id}` });
          if (lic) licenses.set(office.id, lic);
        } catch (err) {
          ctx.failed(licensesListing, err);
        }
      });
      done(ctx, licensesListing);
      return list;
    }),
    readPaged(ctx, callcentersListing, '/api/v2/callcenters', {}, limit, DialpadCallCenter).then(async (list) => {
      ctx.progress.planned('dialpad', list.length);
      const operatorIds = await mapConcurrent(list, ctx.concurrency, async (cc): Promise<string[] | null> => {
        try {
          const res = await ctx.fetch(operatorsListing, apiPath`/api/v2/callcenters/${cc.id}/operators`, cc.id);
          operatorsListing.pages += 1;
          const parsed = DialpadOperators.safeParse(res.json);
          if (!parsed.success) throw new HttpFailure('schema', `Dialpad: GET ${res.url}: not the documented {"users": [...], "rooms": [...]}`, { url: res.url });
          const userItems = parsed.data.users ?? [];
          operatorsListing.items += userItems.length;
          return ctx.parseRecords(operatorsListing, DialpadOperator, userItems, { file: res.file, within: `call center ${cc.id}` }).map((u) => u.id);
        } catch (err) {
          ctx.failed(operatorsListing, err);
          return null;
        }
      });
      done(ctx, operatorsListing);
      return list.map((callcenter, i) => ({ callcenter, operatorIds: operatorIds[i] ?? null }));
    }),
    readNumbers(ctx, numbersListing, limit),
    readDialpadDevices(ctx, devicesListing),
  ]);

  // A membership entry without group_id names no group: dropped from its user (normalize), said here once.
  const strayGroups = users.filter((u) => (u.group_details ?? []).some((g) => !g.group_id));
  if (strayGroups.length > 0) {
    const ids = strayGroups.map((u) => u.id);
    usersListing.caveat(
      `${ids.length} ${ids.length === 1 ? 'user has' : 'users have'} a group_details entry without group_id; the entry was dropped, the user kept (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''})`,
    );
  }

  const data: DialpadCollectedData = {
    users,
    offices,
    licenses,
    callcenters,
    numbers,
    devices,
  };
  const normalized = normalizeDialpad(data);
  return { org, ...normalized };
}

function done(ctx: VendorCollectContext, listing: ListingTracker): void {
  ctx.progress.listingDone('dialpad', listing.toStats());
}

/** Every page of a Dialpad list (`{items, cursor}`); raw files 0001.json, 0002.json... */
async function readPaged<T>(
  ctx: VendorCollectContext,
  listing: ListingTracker,
  path: string,
  params: Record<string, string>,
  limit: number,
  schema: z.ZodType<T>,
): Promise<T[]> {
  const out: T[] = [];
  let pageNo = 0;
  // Pages come one after another: the file of the page being parsed is the last one fetched.
  let pageFile = '';
  const get = async (url: string): Promise<unknown> => {
    pageNo += 1;
    if (pageNo > 1) ctx.progress.planned('dialpad', 1);
    const res = await ctx.fetch(listing, url, String(pageNo).padStart(4, '0'), { priority: 'high' });
    pageFile = res.file;
    return res.json;
  };
  try {
    for await (const page of dialpadPages(get, path, params, { resolve: ctx.http.resolve, maxPages: ctx.maxPages, label: 'Dialpad', limit })) {
      listing.pages += 1;
      // One push per record: spreading a page of 100k+ records into push() overflows the call stack.
      for (const record of ctx.parseRecords(listing, schema, page.items, { file: pageFile })) out.push(record);
      listing.items += page.items.length;
      ctx.pageRead(listing);
    }
  } catch (err) {
    ctx.failed(listing, err);
  } finally {
    done(ctx, listing);
  }
  return out;
}

/**
 * GET /numbers needs a company admin key (research/dialpad.md section 5). Refused with 403: a caveat, not a failure;
 * the rules that do not need /numbers stay evaluable, and users' own phone_numbers are still in the snapshot.
 */
async function readNumbers(ctx: VendorCollectContext, listing: ListingTracker, limit: number): Promise<DialpadNumber[] | null> {
  const out: DialpadNumber[] = [];
  let pageNo = 0;
  // Pages come one after another: the file of the page being parsed is the last one fetched.
  let pageFile = '';
  const get = async (url: string): Promise<unknown> => {
    pageNo += 1;
    if (pageNo > 1) ctx.progress.planned('dialpad', 1);
    const res = await ctx.fetch(listing, url, String(pageNo).padStart(4, '0'), { priority: 'high' });
    pageFile = res.file;
    return res.json;
  };
  try {
    for await (const page of dialpadPages(get, '/api/v2/numbers', {}, { resolve: ctx.http.resolve, maxPages: ctx.maxPages, label: 'Dialpad', limit })) {
      listing.pages += 1;
      for (const record of ctx.parseRecords(listing, DialpadNumber, page.items, { file: pageFile })) out.push(record);
      listing.items += page.items.length;
      ctx.pageRead(listing);
    }
    return out;
  } catch (err) {
    if (err instanceof HttpFailure && err.kind === 'forbidden' && pageNo === 1) {
      listing.caveat(
        'refused with 403: the API key is not a company admin key, so numbers held through /numbers are not in this snapshot (users\' own phone_numbers are); the snapshot stays complete for every rule that does not need /numbers',
      );
      return null;
    }
    ctx.failed(listing, err);
    return out;
  } finally {
    done(ctx, listing);
  }
}
