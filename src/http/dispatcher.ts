import { Agent, type Dispatcher } from 'undici';

/** Connection and timeout settings of the one dispatcher a run uses (research/libs.md section 4). */
export interface DispatcherOptions {
  /** Sockets per origin: undici's default is unlimited, which a rate-limited API does not need. */
  connections: number;
  keepAliveTimeoutMs: number;
  /** Time to the response headers. undici's default (300 s) would make a stalled server look like a hang. */
  headersTimeoutMs: number;
  /** Longest gap between two body chunks. */
  bodyTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  connections: 8,
  keepAliveTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 60_000,
  connectTimeoutMs: 10_000,
};

/** One Agent per run, passed explicitly to every request; the caller closes it in `finally`. */
export function createDispatcher(options: Partial<DispatcherOptions> = {}): Dispatcher {
  const o = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  return new Agent({
    connections: o.connections,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    headersTimeout: o.headersTimeoutMs,
    bodyTimeout: o.bodyTimeoutMs,
    connect: { timeout: o.connectTimeoutMs },
  });
}
