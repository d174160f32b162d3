/** The multi-level cache: see docs/cache.md. */
export type { CircuitState } from './circuit-breaker.ts';
export { CacheValueError } from './codec.ts';
export { CACHE_DEFAULTS, CACHE_TYPES, type CacheType, type CacheTypeConfig, cacheOptionsFor } from './config.ts';
export {
  type Cache,
  type CacheHit,
  type CacheOptions,
  type CacheResult,
  createCache,
  type Loader,
  type LockOptions,
  type ManyLoader,
  type SetOptions,
} from './multi-level-cache.ts';
export { CACHE_REDIS_OPTIONS, createRedisClient } from './redis-client.ts';
export type { CacheStats } from './stats.ts';
export { type WarmEntry, warm } from './warm.ts';
