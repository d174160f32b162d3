/**
 * Graceful shutdown (SIGTERM, src/cli/serve.ts) in two steps, so that requests in flight finish
 * and every other one is told to go elsewhere rather than cut off:
 *
 * 1. `app.drain(maxWaitMs)`: the server keeps accepting connections, but answers every new
 *    request `503` `SHUTTING_DOWN` problem+json with `Retry-After: 1` (and `/readyz` with it, so
 *    a load balancer stops sending); it resolves once no request waits for its answer and none
 *    has come for 100 ms, or after `maxWaitMs`. Still listening matters when the event loop was
 *    busy: connections the kernel queued meanwhile get this answer, where closing the listener
 *    reset them.
 * 2. `app.close()`: stops listening and waits for the connections to end.
 *
 * From the first step on, every answer carries `Connection: close`: an answer in flight went
 * out on a keep-alive connection, which then sat idle and held `server.close()` until the
 * keep-alive timeout (72 s), past the 10 s drain limit, so the process was killed with exit
 * code 1 (test/e2e/sigterm.test.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpProblem } from '../problem.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Step 1 of a graceful shutdown (above); `close()` is step 2. */
    drain(maxWaitMs: number): Promise<void>;
  }
}

/** Once no request waits for its answer, draining ends after this long without a new request. */
const SETTLE_MS = 100;

export function registerDraining(app: FastifyInstance): void {
  let draining = false;
  /** Requests accepted and not answered yet: the answer's headers have not gone out. */
  const waiting = new Set<FastifyRequest>();
  let settled: (() => void) | null = null;
  let lastArrival = 0;
  const answered = (request: FastifyRequest) => {
    if (waiting.delete(request) && waiting.size === 0) settled?.();
  };

  // Callback hooks, like the metrics plugin's: they run on every request and cost no promise.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    lastArrival = Date.now();
    if (!draining) {
      waiting.add(request);
      return done();
    }
    reply.header('connection', 'close');
    done(
      new HttpProblem(503, 'SHUTTING_DOWN', 'this server is shutting down; retry after the time in Retry-After (another instance may answer)', [], {
        'retry-after': '1',
      }),
    );
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    answered(request);
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  // Whichever comes: an answer sent without onSend, or a client that left.
  app.addHook('onResponse', (request, _reply, done) => {
    answered(request);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    answered(request);
    done();
  });
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });

  app.decorate('drain', async (maxWaitMs: number) => {
    draining = true;
    const deadline = Date.now() + maxWaitMs;
    if (waiting.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        settled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    // Then until no request has come for SETTLE_MS: connections the loop could not accept while
    // it was busy get their 503 now, where closing the listener would reset them. Checked after a
    // few turns of the loop, since a queued connection is accepted in one turn and read in the next.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(lastArrival + SETTLE_MS, deadline) - Date.now())));
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      if (Date.now() - lastArrival >= SETTLE_MS || Date.now() >= deadline) return;
    }
  });
}
