import type { RequestHandler } from 'msw';
import { SimulatorCore, type VendorAdapter } from '../../../simulator/core.js';
import { serveSimulation } from '../../../simulator/running.js';
import type { RunningSimulator, SimDrift, SimOptions } from '../../../simulator/types.js';
import { dixaDrift } from './drift.js';
import { DIXA_DEFAULT_PAGE_LIMIT, DIXA_MESSAGES, dixaRoutes } from './handlers.js';
import type { DixaState } from './state.js';

export const DIXA_ORIGIN = 'https://dev.dixa.io';
export { DIXA_DEFAULT_PAGE_LIMIT, DIXA_MESSAGES, DIXA_QUEUE_REMOVE_MAX } from './handlers.js';

/**
 * Dixa's pipeline facts (shared/research/dixa.md): the raw token in Authorization (spec securityScheme apiKey; no
 * "Bearer", which is then just a wrong token); rate limit 10/s per token with bursts of 4; errors `{message}`.
 * No primary source documents the 401 and 429 bodies; we send the API gateway's `{"message": ...}` shape.
 */
export const dixaAdapter: VendorAdapter = {
  origin: DIXA_ORIGIN,
  credential: (request) => request.headers.get('authorization') ?? undefined,
  errorBody: (_status, message) => ({ message }),
  unauthorizedMessage: 'Unauthorized',
  forbiddenMessage: 'Forbidden',
  rateLimitedMessage: 'Too Many Requests',
  serverErrorMessage: DIXA_MESSAGES.serverError,
  rateLimitKey: (token) => token,
  defaultRateLimit: { perSecond: 10, burst: 4 },
  pageTokenParams: ['pageKey'],
  notFoundMessage: DIXA_MESSAGES.notFound,
};

interface DixaSimulator {
  core: SimulatorCore;
  state: DixaState;
  drift: SimDrift<DixaState>;
  handlers: RequestHandler[];
}

function buildDixa(state: DixaState, opts: SimOptions): DixaSimulator {
  const own = structuredClone(state);
  const core = new SimulatorCore(dixaAdapter, opts);
  return { core, state: own, drift: dixaDrift(own, () => core.noteChange()), handlers: dixaRoutes(core, own, opts.pageSizeDefault ?? DIXA_DEFAULT_PAGE_LIMIT) };
}

/** msw handlers for https://dev.dixa.io/v1, serving a deep copy of state (write calls mutate the copy). */
export function createDixaHandlers(state: DixaState, opts: SimOptions): RequestHandler[] {
  return buildDixa(state, opts).handlers;
}

/** Serves the Dixa simulator on 127.0.0.1 (opts.port, or a free port). */
export async function startDixaSimulator(state: DixaState, opts: SimOptions): Promise<RunningSimulator<DixaState>> {
  return serveSimulation(DIXA_ORIGIN, buildDixa(state, opts), opts.port);
}
