import type { DialpadState } from '../vendors/dialpad/simulator/state.js';
import type { DixaState } from '../vendors/dixa/simulator/state.js';
import type { FaultSpec } from './faults.js';
import type { SimRequestRecord, SimulatorServer } from './serve.js';

export type { FaultSpec, FaultKind } from './faults.js';
export type { SimRequestRecord } from './serve.js';

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

/** The canonical statuses (DESIGN.md section 2) a drift can move an account to. */
export type DriftStatus = 'active' | 'invited' | 'suspended' | 'deactivated';

/**
 * Changes made in the vendor between plan and apply (someone in the admin UI), in the canonical vocabulary: the
 * account id and group id the plan names. Each change is what a later GET sees at once (listing caches dropped). A
 * change the vendor cannot express, or an id the simulator does not hold, throws.
 */
export interface SimDrift<S> {
  /** The account's primary email. */
  setEmail(accountId: string, email: string): void;
  /** Moves the account as the vendor would (Dixa deactivated = downgraded to end user; Dialpad deactivated = deleted). */
  setStatus(accountId: string, status: DriftStatus): void;
  /** The roles the collector reads back (Dixa `roles`; Dialpad super_admin / admin / office_admin). */
  setRoles(accountId: string, roles: string[]): void;
  /** Ends one membership: a team or queue (Dixa), a call center or a phone number (Dialpad). */
  removeMembership(accountId: string, groupId: string): void;
  /** Anything else, on the vendor's wire-shaped state. */
  mutate(fn: (state: S) => void): void;
}

export interface RunningSimulator<S extends DixaState | DialpadState = DixaState | DialpadState> {
  url: string;
  server: SimulatorServer;
  stats: SimStats;
  /** Replace the fault list; counters of the old faults are dropped. */
  setFaults(f: FaultSpec[]): void;
  /** From now on the token gets 401. */
  revokeToken(token: string): void;
  /** The simulator's own copy, mutated by write calls. Change it through `drift`, which drops the listing caches. */
  state: S;
  /** Changes between plan and apply (drift), seen by the next GET. */
  drift: SimDrift<S>;
  /** Every request the simulator received, oldest first (method, path, body, status): the same array as server.requests. */
  requests: readonly SimRequestRecord[];
  /** See SimulatorServer.waitForRequest: resolves when a matching request has arrived (its body read, not yet answered). */
  waitForRequest(match: (r: SimRequestRecord) => boolean, since?: number): Promise<SimRequestRecord>;
  close(): Promise<void>;
}
