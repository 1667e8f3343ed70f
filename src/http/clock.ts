import { setTimeout as sleepReal } from 'node:timers/promises';

/** Time source for the rate limiter and backoff, injectable so their arithmetic can be tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    if (ms > 0) await sleepReal(ms);
  },
};

/** Virtual time: sleeping advances the clock at once. Deterministic for single-flow tests of the limiter. */
export function virtualClock(start = 0): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      if (ms > 0) t += ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
