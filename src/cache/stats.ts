/**
 * What a cache counts. Counters only grow (Prometheus counters); `l1Entries`, `l1Bytes` and
 * `circuitState` are gauges read when the snapshot is taken. docs/cache.md maps each field to a
 * metric name.
 */
import type { CircuitState } from './circuit-breaker.ts';

export interface CacheCounters {
  l1Hits: number;
  l1Misses: number;
  l2Hits: number;
  l2Misses: number;
  /** Entries served after their TTL, inside the grace period. */
  staleServed: number;
  loaderCalls: number;
  loaderErrors: number;
  /** Callers that waited for a load already running (here, or on another instance) instead of loading. */
  stampedesSuppressed: number;
  /** L1 entries dropped to respect its entry or byte bound. */
  evictions: number;
  /** Failed or timed-out Redis commands (the caller never sees them). */
  redisErrors: number;
  /** Redis calls skipped because the circuit was open. */
  redisSkipped: number;
  /** Values in Redis this code could not decode; treated as misses. */
  decodeErrors: number;
  /** Invalidations received from other instances over pub/sub. */
  invalidationsReceived: number;
  /** L1 cleared because the pub/sub connection came back and may have missed invalidations. */
  resyncs: number;
}

export interface CacheStats extends CacheCounters {
  name: string;
  circuitState: CircuitState | 'disabled';
  circuitOpens: number;
  l1Entries: number;
  l1Bytes: number;
  /** Invalidations that could not reach Redis yet, replayed when it answers again. */
  unsentInvalidations: number;
}

export function emptyCounters(): CacheCounters {
  return {
    l1Hits: 0,
    l1Misses: 0,
    l2Hits: 0,
    l2Misses: 0,
    staleServed: 0,
    loaderCalls: 0,
    loaderErrors: 0,
    stampedesSuppressed: 0,
    evictions: 0,
    redisErrors: 0,
    redisSkipped: 0,
    decodeErrors: 0,
    invalidationsReceived: 0,
    resyncs: 0,
  };
}
