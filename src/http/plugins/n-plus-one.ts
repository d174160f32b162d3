/**
 * Query diagnostics per request (docs/database-diagnostics.md): N+1 detection and the slow-query
 * log. Every statement the driver runs inside a request is counted against that request, found
 * through an AsyncLocalStorage entered when the request arrives (and again after its body is
 * read: body parsing runs outside it). When the request is answered, any query fingerprint run
 * at least `threshold` times is reported: a warning in the request log (route, fingerprint,
 * count, normalized SQL), greenline_db_n_plus_one_* metrics (which the dashboard shows), and a
 * message on the `greenline.n-plus-one` diagnostics channel for whoever listens (tests).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { channel } from 'node:diagnostics_channel';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { nPlusOneMetrics } from '../../metrics/n-plus-one.ts';
import type { Metrics } from '../../metrics/registry.ts';
import { loadFingerprints } from '../../store/diagnostics/fingerprint.ts';
import { DEFAULT_N_PLUS_ONE_THRESHOLD, type RepeatedStatement, StatementCounts } from '../../store/diagnostics/n-plus-one.ts';
import { DEFAULT_SLOW_QUERY_MS, slowQueryEntry } from '../../store/diagnostics/slow-query-log.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { observeStatements } from '../../store/query-timing.ts';

export interface NPlusOnePluginOptions {
  driver: SqlDriver;
  metrics: Pick<Metrics, 'registry'>;
  /** Repeats of one fingerprint in one request that make an N+1 (default 10); 0 turns detection off. */
  threshold?: number | undefined;
  /** A statement slower than this is logged (default 500 ms); 0 turns the log off. */
  slowQueryMs?: number | undefined;
  /**
   * Share of the time detection is on (default 1: always): windows of one second on, then off
   * for the rest of 1/sample seconds. On Node 20 an enabled AsyncLocalStorage slows every promise
   * of the process, so a sampled server pays that only while a window is open; an N+1 is a
   * property of a route, so it still shows within a few windows.
   */
  sample?: number | undefined;
  /** The clock of the sampling windows (tests). */
  now?: () => number;
}

/** Length of one detection window when sampling. */
const SAMPLE_WINDOW_MS = 1_000;

/** What the `greenline.n-plus-one` channel carries for each flagged request. */
export interface NPlusOneFinding {
  method: string;
  /** The route template (`/v1/suppliers/:id`), `unmatched` without one. */
  route: string;
  requestId: string;
  statements: RepeatedStatement[];
}

/** What the `greenline.request-statements` channel carries for every request, while someone listens. */
export interface RequestStatements {
  method: string;
  route: string;
  /** Statements the request ran. */
  total: number;
  /** Its most repeated fingerprint (run at least twice), or null. */
  mostRepeated: RepeatedStatement | null;
}

export const N_PLUS_ONE_CHANNEL = 'greenline.n-plus-one';
/** Every request's statement count: how close routes come to the threshold (the false-positive check of docs/database-diagnostics.md). */
export const REQUEST_STATEMENTS_CHANNEL = 'greenline.request-statements';
const findings = channel(N_PLUS_ONE_CHANNEL);
const perRequest = channel(REQUEST_STATEMENTS_CHANNEL);

/** The request a statement belongs to. */
interface RequestQueries {
  statements: StatementCounts;
  log: FastifyBaseLogger;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The statements this request ran (null while N+1 detection is off). */
    queryDiagnostics: RequestQueries | null;
  }
}

async function plugin(app: FastifyInstance, options: NPlusOnePluginOptions): Promise<void> {
  const threshold = options.threshold ?? DEFAULT_N_PLUS_ONE_THRESHOLD;
  const slowQueryMs = options.slowQueryMs ?? DEFAULT_SLOW_QUERY_MS;
  if (threshold === 0 && slowQueryMs === 0) return;
  await loadFingerprints();
  const storage = threshold > 0 ? new AsyncLocalStorage<RequestQueries>() : null;

  const stop = observeStatements(options.driver, (name, sql, params, seconds, failed) => {
    const current = storage?.getStore();
    current?.statements.record(sql);
    const slow = slowQueryEntry(slowQueryMs, name, sql, params, seconds, failed);
    if (slow) (current?.log ?? app.log).warn({ slowQuery: slow }, `slow query ${slow.query}: ${slow.durationMs} ms`);
  });
  if (stop)
    app.addHook('onClose', (_app, done) => {
      stop();
      done();
    });
  if (!storage) return;

  const metrics = nPlusOneMetrics(options.metrics.registry);
  const sample = options.sample ?? 1;
  const now = options.now ?? Date.now;
  const period = sample >= 1 ? 1 : Math.max(2, Math.round(1 / sample));
  const started = now();
  let enabled = true;
  app.decorateRequest('queryDiagnostics', null);
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (period > 1 && Math.floor((now() - started) / SAMPLE_WINDOW_MS) % period !== 0) {
      // A closed window: stop the storage (and its cost on every promise) until the next one opens.
      // Requests still running lose their store and are not judged: fewer findings, never a false one.
      if (enabled) storage.disable();
      enabled = false;
      return done();
    }
    enabled = true;
    const queries = { statements: new StatementCounts(), log: request.log };
    request.queryDiagnostics = queries;
    storage.run(queries, done);
  });
  // The body is read in the socket's callbacks, outside the context entered above.
  app.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.queryDiagnostics) storage.run(request.queryDiagnostics, done);
    else done();
  });
  app.addHook('onResponse', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const statements = request.queryDiagnostics?.statements;
    const repeated = statements?.repeated(threshold) ?? [];
    const route = request.routeOptions.url ?? 'unmatched';
    if (statements && perRequest.hasSubscribers)
      perRequest.publish({
        method: request.method,
        route,
        total: statements.total,
        mostRepeated: statements.repeated(2)[0] ?? null,
      } satisfies RequestStatements);
    if (repeated.length > 0) {
      for (const r of repeated) {
        const labels = { route, query: r.query, fingerprint: r.fingerprint };
        metrics.requests.inc(labels);
        metrics.statements.inc(labels, r.count);
      }
      const worst = repeated[0]!;
      request.log.warn(
        { nPlusOne: repeated, route },
        `N+1 queries: ${worst.query} (fingerprint ${worst.fingerprint}) ran ${worst.count} times in one ${request.method} ${route}`,
      );
      if (findings.hasSubscribers) findings.publish({ method: request.method, route, requestId: request.id, statements: repeated } satisfies NPlusOneFinding);
    }
    done();
  });
}

/** Registered with `app.register`; its hooks then apply to every route of the app, like fastify-plugin. */
export const nPlusOnePlugin: FastifyPluginAsync<NPlusOnePluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'n-plus-one',
});
