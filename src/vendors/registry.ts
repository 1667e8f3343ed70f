import type { VendorCollectContext } from '../collect/context.js';
import type { Config } from '../config/schema.js';
import type { Vendor } from '../model/common.js';
import type { RuleCode } from '../model/finding.js';
import type { VendorSnapshot } from '../model/snapshot.js';
import type { DemoFixture } from '../demo/fixtures.js';
import type { RunningSimulator } from '../simulator/types.js';
import { dialpadModule } from './dialpad/index.js';
import { dixaModule } from './dixa/index.js';

/** What a collector returns; listings, counters and invalid records come from the context. */
export type VendorCollected = Pick<VendorSnapshot, 'org' | 'accounts' | 'groups' | 'seatPools' | 'numbers'> & { activitySignals?: string[] };

/**
 * Everything the snapshot machinery needs to know about a vendor. A third vendor is a folder under src/vendors
 * exporting one of these plus an entry below; audit/ and report/ read only the canonical model.
 */
export interface VendorModule {
  vendor: Vendor;
  /** Human name for messages. */
  label: string;
  /** Environment variable holding the token. */
  tokenEnv: string;
  /** CLI flag overriding the base URL. */
  urlFlag: string;
  /** The production API origin, named when a host looks wrong. */
  documentedBaseUrl: string;
  baseUrl(config: Config): string;
  /** Authorization header value for a token. */
  authorization(token: string): string;
  rateLimit(config: Config): { perSecond: number; burst: number };
  concurrency(config: Config): number;
  /**
   * Per listing, the rules whose evidence its records carry: a record that cannot be used makes these (and only
   * these) partly evaluated for the vendor.
   */
  rulesFedBy: Readonly<Record<string, readonly RuleCode[]>>;
  collect(ctx: VendorCollectContext): Promise<VendorCollected>;
  /** The demo organisation's simulator for this vendor on loopback (a free port unless given), accepting demoToken. */
  startDemoSimulator(fx: DemoFixture, port?: number): Promise<RunningSimulator>;
  /** The fake token the demo simulator accepts. */
  demoToken: string;
  /** What `doctor` asks the live API (GET only) to tell a token is accepted and of the right kind. */
  doctorProbes: readonly DoctorProbe[];
}

/**
 * One read-only request `doctor` sends and what its answers mean. The first probe is the token check; later ones check
 * the token's kind or privileges (a 403 there is a token of the wrong kind, not a bad token).
 */
export interface DoctorProbe {
  /** Root-relative path and query, GET. */
  path: string;
  /** What a 2xx proves, e.g. "token accepted". */
  proves: string;
  /** The fix when the API answers 401. */
  on401: string;
  /** The fix when the API answers 403. */
  on403: string;
}

export const VENDOR_MODULES: Record<Vendor, VendorModule> = {
  dixa: dixaModule,
  dialpad: dialpadModule,
};

export function vendorModule(vendor: Vendor): VendorModule {
  return VENDOR_MODULES[vendor];
}
