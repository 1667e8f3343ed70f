import type { DialpadState } from '../vendors/dialpad/simulator/state.js';
import type { DixaState } from '../vendors/dixa/simulator/state.js';
import type { FaultSpec } from './faults.js';
import type { SimulatorServer } from './serve.js';

export type { FaultSpec, FaultKind } from './faults.js';

export interface RateLimitOptions {
  /** Sustained rate the bucket refills at. */
  perSecond: number;
  /** Bucket capacity: requests that may arrive at once. */
  burst: number;
}

export interface SimOptions {
  /** API tokens the simulator accepts. */
  tokens: string[];
  /**
   * Tokens that authenticate but are not company-admin keys (Dialpad only): endpoints the spec marks
   * "Requires a company admin API key" answer 403 to them.
   */
  nonAdminTokens?: string[];
  /** Omitted: the vendor's documented limit. false: no limit (tests that do not test limits). */
  rateLimit?: RateLimitOptions | false;
  faults?: FaultSpec[];
  port?: number;
  /** Page size when the client sends none (Dixa pageLimit, Dialpad limit). Neither vendor documents one. */
  pageSizeDefault?: number;
  /** Send int64 ids as bare JSON numbers, as the document types them (Dialpad's own examples quote them). */
  int64AsNumbers?: boolean;
}

export interface SimStats {
  /** Every request a route saw, including rejected ones. */
  requests: number;
  /** 429 responses sent (rate limiter and 429 storms). */
  throttled: number;
  /** Requests per URL path (no query). */
  byPath: Record<string, number>;
}

export interface RunningSimulator {
  url: string;
  server: SimulatorServer;
  stats: SimStats;
  /** Replace the fault list; counters of the old faults are dropped. */
  setFaults(f: FaultSpec[]): void;
  /** From now on the token gets 401. */
  revokeToken(token: string): void;
  /** The simulator's own copy, mutated by write calls. */
  state: DixaState | DialpadState;
  close(): Promise<void>;
}
