/**
 * Time for the cache. Freshness is checked on every L1 hit and `Date.now()` costs more than the
 * hash lookup itself (docs/benchmarks.md, Design measurements), so the default clock reads it once
 * and reuses the value until a 1 ms timer clears it, like lru-cache's `ttlResolution`. Deadlines
 * are therefore accurate to a millisecond, plus however long synchronous code delays that timer.
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
