/** The load generator measures what the server does: a fixed 10 ms handler reads as ~10 ms. */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClosedLoop, runOpenLoop } from '../../src/perf/load/closed-loop.ts';

describe('load generator', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = Fastify();
    app.get('/slow', async () => {
      await new Promise((r) => setTimeout(r, 10));
      return { ok: true };
    });
    app.get('/missing', async (_req, reply) => reply.code(500).send({ ok: false }));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  // Upper bound 14 ms, not 11.5: CI runs this beside other suites on two cores, where the
  // server's own 10 ms timer fires late; a generator adding its own time would read far higher.
  it('reads a 10 ms handler as ~10 ms at the median, closed and open loop', async () => {
    const closed = await runClosedLoop({ url, path: '/slow', connections: 4, durationMs: 1_000, warmupMs: 200 });
    expect(closed.errors).toBe(0);
    expect(closed.latencyMs.p50).toBeGreaterThanOrEqual(10);
    expect(closed.latencyMs.p50).toBeLessThan(14);
    // 4 users × ~1 request per 10 ms.
    expect(closed.requestsPerSecond).toBeGreaterThan(200);
    expect(closed.requestsPerSecond).toBeLessThan(400);
    const open = await runOpenLoop({ url, path: '/slow', connections: 10, rate: 100, durationMs: 1_000, warmupMs: 200 });
    expect(open.requests).toBe(100);
    expect(open.latencyMs.p50).toBeGreaterThanOrEqual(10);
    expect(open.latencyMs.p50).toBeLessThan(14);
  });

  it('counts answers outside 200/304 as errors, not latencies', async () => {
    const r = await runClosedLoop({ url, path: '/missing', connections: 2, durationMs: 300, warmupMs: 50 });
    expect(r.requests).toBe(0);
    expect(r.errors).toBeGreaterThan(0);
  });
});
