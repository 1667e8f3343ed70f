import type { DemoFixture } from '../demo/fixtures.js';
import { VENDORS, type Vendor } from '../model/common.js';
import type { RunningSimulator } from '../simulator/types.js';
import { vendorModule } from '../vendors/registry.js';

export interface DemoSimulators {
  urls: Record<Vendor, string>;
  tokens: Record<Vendor, string>;
  close(): Promise<void>;
}

/**
 * Every vendor's simulator of the demo organisation on loopback ports (free ones unless given), at the vendors'
 * documented rate limits: the demo exercises the same client, pacing and pagination as a real run.
 */
export async function startDemoSimulators(fx: DemoFixture, ports: Partial<Record<Vendor, number>> = {}): Promise<DemoSimulators> {
  const running: RunningSimulator[] = [];
  const urls: Partial<Record<Vendor, string>> = {};
  const tokens: Partial<Record<Vendor, string>> = {};
  const close = async (): Promise<void> => {
    await Promise.all(running.map((s) => s.close()));
  };
  try {
    for (const vendor of VENDORS) {
      const mod = vendorModule(vendor);
      const sim = await mod.startDemoSimulator(fx, ports[vendor] || undefined);
      running.push(sim);
      urls[vendor] = sim.url;
      tokens[vendor] = mod.demoToken;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { urls: urls as Record<Vendor, string>, tokens: tokens as Record<Vendor, string>, close };
}
