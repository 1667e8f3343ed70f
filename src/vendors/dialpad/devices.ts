import { z } from 'zod';
import type { VendorCollectContext } from '../../collect/context.js';
import type { ListingTracker } from '../../collect/listing.js';
import { HttpFailure } from '../../http/failure.js';
import { dialpadPages } from '../../http/pages.js';
import { IdText } from './api.js';

/**
 * UserDeviceProto (shared/specs/dialpad-openapi.json, `userdevices.list`). Kept apart from api.ts so the user and
 * listing schemas there can change without touching this one. `date_registered` is "the most recent time at which
 * the device registered with the backend ... roughly once per hour, with the exception of mobile devices (iphone,
 * ipad, android) for which this field will always be blank".
 */
export const DialpadUserDevice = z.looseObject({
  id: z.string().nullish(),
  user_id: IdText.nullish(),
  type: z.string().nullish(),
  display_name: z.string().nullish(),
  date_created: z.string().nullish(),
  date_registered: z.string().nullish(),
  date_updated: z.string().nullish(),
});
export type DialpadUserDevice = z.infer<typeof DialpadUserDevice>;

export const DEVICES_PATH = '/api/v2/userdevices';

/** HTTP answers that say "this key cannot list devices company-wide", not "the listing broke". */
const NOT_AVAILABLE = new Set(['forbidden', 'not-found', 'client']);

/**
 * Every device of the company: GET /api/v2/userdevices without user_id, following the cursor. user_id is optional
 * in the spec and the listing is cursor-paged, so one chain of pages replaces a request per user (20/s company-wide).
 * The spec's summary says "for a specific user": a key that is refused the company-wide call (400/403/404 on the
 * first page) keeps the snapshot complete with a caveat, and the device signal is simply not used. Returns null
 * whenever the listing is not whole: half a device list could hide someone's latest registration.
 */
export async function readDialpadDevices(ctx: VendorCollectContext, listing: ListingTracker): Promise<DialpadUserDevice[] | null> {
  const out: DialpadUserDevice[] = [];
  let pageNo = 0;
  let pageFile = '';
  const get = async (url: string): Promise<unknown> => {
    pageNo += 1;
    if (pageNo > 1) ctx.progress.planned('dialpad', 1);
    const res = await ctx.fetch(listing, url, String(pageNo).padStart(4, '0'));
    pageFile = res.file;
    return res.json;
  };
  try {
    // No `limit`: userdevices.list documents only cursor and user_id.
    for await (const page of dialpadPages(get, DEVICES_PATH, {}, { resolve: ctx.http.resolve, maxPages: ctx.maxPages, label: 'Dialpad' })) {
      listing.pages += 1;
      // One push per record: spreading a page of 100k+ records into push() overflows the call stack.
      for (const record of ctx.parseRecords(listing, DialpadUserDevice, page.items, { file: pageFile })) out.push(record);
      listing.items += page.items.length;
      ctx.pageRead(listing);
    }
    return listing.complete ? out : null;
  } catch (err) {
    if (err instanceof HttpFailure && NOT_AVAILABLE.has(err.kind) && pageNo === 1) {
      listing.caveat(
        `refused (${err.status ?? err.kind}): the company-wide device listing is not available to this key, so device registrations are not used as an activity signal; the snapshot stays complete`,
      );
      return null;
    }
    ctx.failed(listing, err);
    return null;
  } finally {
    ctx.progress.listingDone('dialpad', listing.toStats());
  }
}
