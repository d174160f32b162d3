/**
 * Cache settings in one place: the defaults every cache shares and, per type of data, how long it
 * stays fresh and how much of L1 it may use. Durations follow how often the data changes: emission
 * factors change with a dataset import (1 h), resolved entities (supplier and activity matches)
 * almost never (24 h), stored calculation results only when recalculated (30 min), API responses
 * with any write (5 min, and writes invalidate them by tag anyway).
 */
import type { Redis } from 'ioredis';
import type { CacheOptions } from './options.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MIB = 1024 * 1024;

export const CACHE_DEFAULTS = {
  /** Up to 10% is taken off each TTL at random, so entries written together expire apart. */
  jitter: 0.1,
  graceMs: 0,
  /** JSON larger than this is brotli-compressed in Redis; below it compression does not pay. */
  compressAboveBytes: 1024,
  keyPrefix: 'greenline:cache',
  lock: {
    /** Longer than a normal load; if the holder dies, the lock frees itself after this. */
    ttlMs: 5_000,
    /** How long other instances wait for the holder's value before loading themselves. */
    waitMs: 1_000,
    pollMs: 20,
  },
  circuit: { failureThreshold: 5, cooldownMs: 2_000 },
} as const;

export interface CacheTypeConfig {
  ttlMs: number;
  graceMs: number;
  l1: { maxEntries: number; maxBytes: number };
}

export const CACHE_TYPES = {
  factors: { ttlMs: HOUR, graceMs: 10 * MINUTE, l1: { maxEntries: 50_000, maxBytes: 64 * MIB } },
  entities: { ttlMs: 24 * HOUR, graceMs: HOUR, l1: { maxEntries: 100_000, maxBytes: 64 * MIB } },
  calculations: { ttlMs: 30 * MINUTE, graceMs: 5 * MINUTE, l1: { maxEntries: 20_000, maxBytes: 64 * MIB } },
  // No grace: a response cannot be refreshed in the background (its loader is the route handler).
  responses: { ttlMs: 5 * MINUTE, graceMs: 0, l1: { maxEntries: 10_000, maxBytes: 128 * MIB } },
} as const satisfies Record<string, CacheTypeConfig>;

export type CacheType = keyof typeof CACHE_TYPES;

/** Options for the cache of one type; `overrides` win (tests shorten TTLs, sizes, prefixes). */
export function cacheOptionsFor(type: CacheType, redis: Redis | null, overrides: Partial<CacheOptions> = {}): CacheOptions {
  const { ttlMs, graceMs, l1 } = CACHE_TYPES[type];
  return { name: type, redis, ttlMs, graceMs, l1: { ...l1 }, ...overrides };
}
