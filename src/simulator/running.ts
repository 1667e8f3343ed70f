import type { RequestHandler } from 'msw';
import type { SimulatorCore } from './core.js';
import { startSimulator } from './serve.js';
import type { DialpadState } from '../vendors/dialpad/simulator/state.js';
import type { DixaState } from '../vendors/dixa/simulator/state.js';
import type { RunningSimulator, SimDrift } from './types.js';

/** Serves a built vendor simulation on 127.0.0.1 (the given port, or a free one) and exposes its controls. */
export async function serveSimulation<S extends DixaState | DialpadState>(
  origin: string,
  sim: { core: SimulatorCore; state: S; drift: SimDrift<S>; handlers: RequestHandler[] },
  port: number | undefined,
): Promise<RunningSimulator<S>> {
  const server = await startSimulator({ origin, handlers: sim.handlers, ...(port !== undefined ? { port } : {}) });
  return {
    url: server.url,
    server,
    stats: sim.core.stats,
    setFaults: (f) => sim.core.setFaults(f),
    revokeToken: (t) => sim.core.revokeToken(t),
    state: sim.state,
    drift: sim.drift,
    requests: server.requests,
    waitForRequest: (match, since) => server.waitForRequest(match, since),
    close: () => server.close(),
  };
}
