import { DEMO_DIALPAD_TOKEN, DEMO_DIXA_TOKEN } from '../demo/constants.js';
import type { DemoFixture } from '../demo/fixtures.js';
import { startDialpadSimulator } from '../vendors/dialpad/simulator/index.js';
import { startDixaSimulator } from '../vendors/dixa/simulator/index.js';

export interface DemoSimulators {
  dixaUrl: string;
  dialpadUrl: string;
  tokens: { dixa: string; dialpad: string };
  close(): Promise<void>;
}

/**
 * Both simulators of the demo organisation on loopback ports (free ones unless given), at the vendors' documented
 * rate limits: the demo exercises the same client, pacing and pagination as a real run.
 */
export async function startDemoSimulators(fx: DemoFixture, ports: { dixa?: number; dialpad?: number } = {}): Promise<DemoSimulators> {
  const dixa = await startDixaSimulator(fx.dixa, { tokens: [DEMO_DIXA_TOKEN], ...(ports.dixa ? { port: ports.dixa } : {}) });
  try {
    const dialpad = await startDialpadSimulator(fx.dialpad, { tokens: [DEMO_DIALPAD_TOKEN], ...(ports.dialpad ? { port: ports.dialpad } : {}) });
    return {
      dixaUrl: dixa.url,
      dialpadUrl: dialpad.url,
      tokens: { dixa: DEMO_DIXA_TOKEN, dialpad: DEMO_DIALPAD_TOKEN },
      close: async () => {
        await Promise.all([dixa.close(), dialpad.close()]);
      },
    };
  } catch (err) {
    await dixa.close();
    throw err;
  }
}
