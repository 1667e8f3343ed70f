import cliProgress from 'cli-progress';
import type { Vendor } from '../model/common.js';
import type { ListingStats } from '../model/snapshot.js';
import { escapeLine } from '../util/terminal-text.js';

/** What a collection reports as it goes. All methods are cheap and synchronous. */
export interface ProgressSink {
  vendorStarted(vendor: Vendor): void;
  /** `count` more requests are now known to be needed (fan-out sizes, pages). */
  planned(vendor: Vendor, count: number): void;
  requestDone(vendor: Vendor): void;
  /** A listing has read `pages` pages so far. */
  pageRead(vendor: Vendor, listing: string, pages: number, items: number): void;
  /** A server asked us to wait this long (Retry-After) before the vendor's next request. */
  waiting(vendor: Vendor, ms: number, why: string): void;
  listingDone(vendor: Vendor, listing: ListingStats): void;
  vendorDone(vendor: Vendor, complete: boolean): void;
  stop(): void;
}

export const silentProgress: ProgressSink = {
  vendorStarted: () => undefined,
  planned: () => undefined,
  requestDone: () => undefined,
  pageRead: () => undefined,
  waiting: () => undefined,
  listingDone: () => undefined,
  vendorDone: () => undefined,
  stop: () => undefined,
};

/** A long listing reports every this many pages. */
export const PAGES_PER_PROGRESS_LINE = 100;

function waitLine(vendor: Vendor, ms: number, why: string): string {
  return `${vendor}: waiting ${Math.ceil(ms / 1000)} s (the server ${why})`;
}

/**
 * Plain lines on a stream (stderr when it is not a TTY): one per vendor when it is done, with its totals; a line per
 * listing only with `verbose`, or when the listing was incomplete, retried or throttled (what a user must notice).
 */
export function lineProgress(write: (line: string) => void, verbose = false): ProgressSink {
  const totals = new Map<Vendor, { listings: number; items: number; requests: number }>();
  return {
    vendorStarted: (vendor) => {
      totals.set(vendor, { listings: 0, items: 0, requests: 0 });
      if (verbose) write(`${vendor}: collecting`);
    },
    planned: () => undefined,
    requestDone: () => undefined,
    pageRead: (vendor, listing, pages, items) => {
      if (pages % PAGES_PER_PROGRESS_LINE === 0) write(`${vendor}: ${listing}: ${pages} pages, ${items} items so far`);
    },
    waiting: (vendor, ms, why) => write(waitLine(vendor, ms, why)),
    listingDone: (vendor, l) => {
      const t = totals.get(vendor) ?? { listings: 0, items: 0, requests: 0 };
      t.listings++;
      t.items += l.items;
      t.requests += l.requests;
      totals.set(vendor, t);
      if (!verbose && l.complete && !l.retries && !l.throttled) return;
      write(
        `${vendor}: ${l.name}: ${l.items} items, ${l.requests} requests${l.retries ? `, ${l.retries} retries` : ''}${l.throttled ? `, ${l.throttled} throttled` : ''}${
          l.complete ? '' : ` INCOMPLETE: ${l.reason ?? 'error'}`
        }`,
      );
    },
    vendorDone: (vendor, complete) => {
      const t = totals.get(vendor) ?? { listings: 0, items: 0, requests: 0 };
      write(`${vendor}: ${complete ? 'complete' : 'INCOMPLETE'} (${t.listings} listings, ${t.items} items, ${t.requests} requests)`);
    },
    stop: () => undefined,
  };
}

/** One cli-progress bar per vendor on stderr (only used when stderr is a TTY). */
export function barProgress(): ProgressSink {
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, format: '{vendor} [{bar}] {value}/{total} requests {state}', hideCursor: true, clearOnComplete: false, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<Vendor, { bar: cliProgress.SingleBar; total: number; value: number }>();
  const get = (vendor: Vendor) => {
    let b = bars.get(vendor);
    if (!b) {
      b = { bar: multi.create(1, 0, { vendor: vendor.padEnd(7), state: '' }), total: 1, value: 0 };
      // total 1: the token check; collectors add what they learn (listings, fan-out, further pages).
      bars.set(vendor, b);
    }
    return b;
  };
  return {
    vendorStarted: (vendor) => void get(vendor),
    planned: (vendor, count) => {
      const b = get(vendor);
      b.total += count;
      b.bar.setTotal(b.total);
    },
    requestDone: (vendor) => {
      const b = get(vendor);
      b.value += 1;
      if (b.value > b.total) {
        b.total = b.value;
        b.bar.setTotal(b.total);
      }
      b.bar.update(b.value);
    },
    pageRead: () => undefined,
    waiting: (vendor, ms, why) => get(vendor).bar.update({ state: waitLine(vendor, ms, why).replace(/^\w+: /, '') }),
    listingDone: () => undefined,
    vendorDone: (vendor, complete) => {
      const b = get(vendor);
      b.bar.setTotal(b.value);
      b.bar.update(b.value, { state: complete ? 'complete' : 'INCOMPLETE' });
    },
    stop: () => multi.stop(),
  };
}

/** The sink for a CLI run: nothing under --quiet, bars on a TTY, plain lines otherwise. */
export function progressFor(opts: { quiet: boolean; verbose?: boolean }): ProgressSink {
  if (opts.quiet) return silentProgress;
  if (process.stderr.isTTY && !process.env.CI) return barProgress();
  // Listing reasons quote vendor error messages: escaped like every other line the CLI prints.
  return lineProgress((line) => process.stderr.write(escapeLine(line) + '\n'), opts.verbose ?? false);
}
