/** A cached value with absolute deadlines: the same record lives in L1 and, encoded, in L2. */
import type { Clock } from './clock.ts';

export interface CacheEntry<T> {
  value: T;
  /** Until this instant (ms since the epoch) the entry is served as a hit. */
  freshUntil: number;
  /** After `freshUntil` and before this instant it is served stale while one refresh runs. */
  staleUntil: number;
  tags: readonly string[];
}

export type Freshness = 'fresh' | 'stale' | 'expired';

export function freshness(entry: CacheEntry<unknown>, now: number): Freshness {
  if (now < entry.freshUntil) return 'fresh';
  return now < entry.staleUntil ? 'stale' : 'expired';
}

export interface Lifetime {
  ttlMs: number;
  /** Fraction of the TTL taken off at random, so keys written together do not expire together. */
  jitter: number;
  graceMs: number;
}

export function createEntry<T>(value: T, tags: readonly string[], life: Lifetime, clock: Clock, random: () => number): CacheEntry<T> {
  // Jitter only shortens: the configured TTL stays an upper bound on how old a hit can be.
  const ttl = Math.max(1, Math.round(life.ttlMs * (1 - life.jitter * random())));
  const freshUntil = clock() + ttl;
  return { value, freshUntil, staleUntil: freshUntil + life.graceMs, tags };
}
