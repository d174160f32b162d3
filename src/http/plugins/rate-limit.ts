/**
 * Per-key rate limits on /v1 (@fastify/rate-limit): each API key may make `perMinute` requests in
 * a fixed one-minute window; beyond that it gets `429` `RATE_LIMITED` problem+json with
 * `Retry-After` (seconds until its window ends) and `x-ratelimit-*` headers on every answer.
 *
 * With Redis the counts live there (the library's Lua INCR + PEXPIRE), so the limit holds across
 * instances. While Redis fails, each instance counts on its own instead — the limit fails open to
 * a per-instance one, never to no limit and never to refusing everyone — and a circuit breaker
 * keeps an outage from costing each request a Redis timeout (docs/security.md#rate-limits).
 *
 * Registered after authentication in the /v1 scope: the limiter's hooks are route-level, so they
 * run after the scope's own, and the key is the authenticated key's id.
 */
import { createRequire } from 'node:module';
import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { CircuitBreaker } from '../../cache/circuit-breaker.ts';
import { HttpProblem } from '../problem.ts';

type Counted = { current: number; ttl: number };
type CountCallback = (error: Error | null, result?: Counted) => void;

/** What the library's stores do: count one request for `key` in a window of `timeWindow` ms. */
interface CountingStore {
  incr(key: string, callback: CountCallback, timeWindow: number, max: number): void;
}

// The library's two stores, used as they are; it exports only its plugin.
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  size?: number,
) => CountingStore;
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  keyPrefix?: string,
) => CountingStore;

/** Keys counted in process at most (the library's LRU); a key past this bound starts a new window. */
const LOCAL_KEYS = 10_000;
const WINDOW_MS = 60_000;

export interface RateLimitCountsStats {
  /** Requests counted in Redis. */
  shared: number;
  /** Requests counted in this process because Redis failed or its circuit was open. */
  local: number;
  /** Redis calls that failed. */
  redisErrors: number;
}

/** Counts in Redis when it answers, in this process when it does not. */
export class RateLimitCounts {
  readonly #local = new LocalStore(false, false, LOCAL_KEYS);
  readonly #redis: CountingStore | null;
  readonly #breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 2_000 }, Date.now);
  readonly #stats: RateLimitCountsStats = { shared: 0, local: 0, redisErrors: 0 };

  constructor(
    redis: Redis | null,
    keyPrefix: string,
    private readonly onRedisError: (err: unknown) => void = () => {},
  ) {
    this.#redis = redis ? new RedisStore(false, false, redis, `${keyPrefix}:`) : null;
  }

  stats(): RateLimitCountsStats {
    return { ...this.#stats };
  }

  incr(key: string, callback: CountCallback, timeWindow: number, max: number): void {
    const redis = this.#redis;
    if (!redis || !this.#breaker.tryAcquire()) {
      this.#countLocally(key, callback, timeWindow, max);
      return;
    }
    redis.incr(
      key,
      (err, result) => {
        if (err || !result) {
          this.#breaker.fail();
          this.#stats.redisErrors++;
          this.onRedisError(err);
          this.#countLocally(key, callback, timeWindow, max);
          return;
        }
        this.#breaker.succeed();
        this.#stats.shared++;
        callback(null, result);
      },
      timeWindow,
      max,
    );
  }

  #countLocally(key: string, callback: CountCallback, timeWindow: number, max: number): void {
    this.#stats.local++;
    this.#local.incr(key, callback, timeWindow, max);
  }
}

/** The library builds its store with `new`: a constructor that hands it these counts. */
function storeOf(counts: RateLimitCounts): FastifyRateLimitStoreCtor {
  return class implements FastifyRateLimitStore {
    incr(key: string, callback: CountCallback, timeWindow: number, max: number): void {
      counts.incr(key, callback, timeWindow, max);
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

export interface RateLimitOptions {
  /** Requests per key per minute; 0 turns the limit off. */
  perMinute: number;
  /** Shared counts; null counts in this process only (one instance). */
  redis: Redis | null;
  /** Prefix of the Redis keys (default greenline:ratelimit). */
  keyPrefix?: string;
  log?: (err: unknown) => void;
}

/** Registers the limiter on every route declared after it in `scope` (the /v1 scope, after auth). */
export async function registerRateLimit(scope: FastifyInstance, options: RateLimitOptions): Promise<RateLimitCounts | null> {
  if (options.perMinute <= 0) return null;
  const counts = new RateLimitCounts(options.redis, options.keyPrefix ?? 'greenline:ratelimit', options.log);
  await scope.register(rateLimit, {
    max: options.perMinute,
    timeWindow: WINDOW_MS,
    store: storeOf(counts),
    // Authentication ran first (its hook is the scope's, the limiter's the route's): count by key.
    keyGenerator: (request: FastifyRequest) => request.apiKey?.id ?? request.ip,
    // Nothing a store throws blocks a request; RateLimitCounts already falls back to local counts.
    skipOnError: true,
    errorResponseBuilder: (request, context) =>
      new HttpProblem(
        429,
        'RATE_LIMITED',
        `the API key ${request.apiKey?.id ?? ''} made more than ${context.max} requests in a minute; retry after ${Math.max(1, Math.ceil(context.ttl / 1000))} s (Retry-After)`,
      ),
  });
  return counts;
}
