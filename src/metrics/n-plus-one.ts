/**
 * N+1 metrics: requests in which one query fingerprint ran at least the threshold's number of
 * times, and how many statements those repeats were. Labels: the route template, the query's
 * short name and its fingerprint — as many series as places in the code that loop over a
 * query, never SQL text or values. Defined once per registry, on first use.
 */
import { Counter, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './registry.ts';

export const N_PLUS_ONE_METRICS = {
  requests: `${METRIC_PREFIX}db_n_plus_one_requests_total`,
  statements: `${METRIC_PREFIX}db_n_plus_one_statements_total`,
} as const;

export interface NPlusOneMetrics {
  readonly requests: Counter<'route' | 'query' | 'fingerprint'>;
  readonly statements: Counter<'route' | 'query' | 'fingerprint'>;
}

const defined = new WeakMap<Registry, NPlusOneMetrics>();

export function nPlusOneMetrics(registry: Registry): NPlusOneMetrics {
  let metrics = defined.get(registry);
  if (!metrics) {
    const labelNames = ['route', 'query', 'fingerprint'] as const;
    metrics = {
      requests: new Counter({
        name: N_PLUS_ONE_METRICS.requests,
        help: 'Requests in which one query fingerprint ran at least GREENLINE_N_PLUS_ONE_THRESHOLD times (an N+1), by route, query name and fingerprint.',
        labelNames,
        registers: [registry],
      }),
      statements: new Counter({
        name: N_PLUS_ONE_METRICS.statements,
        help: 'Statements run by those repeats: divided by the requests, the mean repeat count.',
        labelNames,
        registers: [registry],
      }),
    };
    defined.set(registry, metrics);
  }
  return metrics;
}
