/**
 * An ioredis client set up for caching, where Redis is an optimisation and never worth waiting
 * for: commands time out after 100 ms, fail at once while disconnected (no offline queue, which
 * would otherwise hold requests until Redis returns), are not retried, and the client keeps
 * reconnecting in the background, at most a second apart, so the cache recovers by itself.
 */
import { Redis, type RedisOptions } from 'ioredis';

export const CACHE_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: 100,
  connectTimeout: 1_000,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
};

export function createRedisClient(url = 'redis://127.0.0.1:6379', overrides: RedisOptions = {}): Redis {
  const client = new Redis(url, { ...CACHE_REDIS_OPTIONS, ...overrides });
  // Failed commands are counted by the cache; connection errors are retried by retryStrategy.
  // Without a listener ioredis would print every failed reconnection attempt.
  client.on('error', () => {});
  return client;
}

/**
 * Resolves once `redis` is connected, or has given up (`end`). Commands fail at once while it is
 * disconnected (no offline queue), so a cache waits for this before its first write.
 */
export async function connected(redis: Redis | null): Promise<void> {
  if (redis === null || redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      redis.off('ready', done);
      redis.off('end', done);
      resolve();
    };
    redis.on('ready', done);
    redis.on('end', done);
  });
}
