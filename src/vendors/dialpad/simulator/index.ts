import type { RequestHandler } from 'msw';
import { SimulatorCore, type VendorAdapter } from '../../../simulator/core.js';
import { serveSimulation } from '../../../simulator/running.js';
import type { RunningSimulator, SimDrift, SimOptions } from '../../../simulator/types.js';
import { dialpadDrift } from './drift.js';
import { DIALPAD_DEFAULT_PAGE_SIZE, dialpadRoutes } from './handlers.js';
import type { DialpadState } from './state.js';

export const DIALPAD_ORIGIN = 'https://dialpad.com';
export { DIALPAD_DEFAULT_PAGE_SIZE, DIALPAD_MAX_PAGE_SIZE, DIALPAD_OVER_LIMIT_EVERY } from './handlers.js';

const REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  429: 'rateLimitExceeded',
};

/**
 * The protorpc / Cloud Endpoints error envelope, the only error shape in Dialpad's spec (users.togglevi example).
 */
export function dialpadError(status: number, message: string): unknown {
  const reason = REASONS[status] ?? (status >= 500 ? 'backendError' : 'badRequest');
  return { error: { code: status, errors: [{ domain: 'global', reason, message }], message } };
}

/**
 * Dialpad's pipeline facts (shared/research/dialpad.md): `Authorization: Bearer <key>` or `?apikey=<key>`
 * (spec securitySchemes); 20 requests/second per company; no Retry-After documented.
 */
export const dialpadAdapter: VendorAdapter = {
  origin: DIALPAD_ORIGIN,
  credential: (request, url) => {
    const auth = request.headers.get('authorization');
    if (auth !== null) return /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    return url.searchParams.get('apikey') ?? undefined;
  },
  errorBody: dialpadError,
  unauthorizedMessage: 'Invalid or missing API key.',
  forbiddenMessage: 'The API key does not have the scope this operation requires.',
  rateLimitedMessage: 'Rate limit exceeded.',
  serverErrorMessage: 'Internal error.',
  rateLimitKey: () => 'company',
  defaultRateLimit: { perSecond: 20, burst: 20 },
  pageTokenParams: ['cursor'],
  notFoundMessage: 'Not found.',
  // Fields the document types `format: int64` that hold ids.
  int64Keys: ['id', 'company_id', 'office_id', 'target_id', 'group_id', 'user_id', 'admin_office_ids', 'call_center_id'],
};

interface DialpadSimulator {
  core: SimulatorCore;
  state: DialpadState;
  drift: SimDrift<DialpadState>;
  handlers: RequestHandler[];
}

function buildDialpad(state: DialpadState, opts: SimOptions): DialpadSimulator {
  const own = structuredClone(state);
  const core = new SimulatorCore(dialpadAdapter, opts);
  const handlers = dialpadRoutes(core, own, {
    pageSizeDefault: opts.pageSizeDefault ?? DIALPAD_DEFAULT_PAGE_SIZE,
    nonAdminTokens: new Set(opts.nonAdminTokens ?? []),
  });
  return { core, state: own, drift: dialpadDrift(own, () => core.noteChange()), handlers };
}

/** msw handlers for https://dialpad.com/api/v2, serving a deep copy of state (write calls mutate the copy). */
export function createDialpadHandlers(state: DialpadState, opts: SimOptions): RequestHandler[] {
  return buildDialpad(state, opts).handlers;
}

/** Serves the Dialpad simulator on 127.0.0.1 (opts.port, or a free port). */
export async function startDialpadSimulator(state: DialpadState, opts: SimOptions): Promise<RunningSimulator<DialpadState>> {
  return serveSimulation(DIALPAD_ORIGIN, buildDialpad(state, opts), opts.port);
}
