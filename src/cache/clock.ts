/**
 * Time for the cache. Freshness is checked on every L1 hit, and `Date.now()` costs more than the
 * hash lookup itself (measured ~60 ns against ~20 ns for `Map.get` on Node 20), so the default
 * clock reads it once and reuses the value until a 1 ms timer clears it: the same trick as
 * lru-cache's `ttlResolution`. Deadlines are therefore accurate to a millisecond, plus however
 * long synchronous code keeps the event loop from running that timer.
 */
export type Clock = () => number;

let cachedNow: number | undefined;

function forget(): void {
  cachedNow = undefined;
}

export const coarseClock: Clock = () => {
  if (cachedNow === undefined) {
    cachedNow = Date.now();
    setTimeout(forget, 1).unref();
  }
  return cachedNow;
};

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
