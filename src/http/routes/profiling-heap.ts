/**
 * `POST /v1/profiles/heap`: a heap snapshot of this server process, answered as the
 * `.heapsnapshot` JSON — what `greenline profile heap --url` asks for, once per snapshot
 * (docs/heap-profiling.md). Off unless GREENLINE_PROFILING=on; on /v1 it needs an API key with
 * scope `admin`, on the local admin API the server's token (as POST /v1/profiles/cpu).
 *
 * V8's heap profiler writes the snapshot to a temporary file (v8.writeHeapSnapshot), which is then
 * streamed: taking it through an inspector session would hold every chunk as a JS string until
 * sent, doubling what a snapshot of a large heap costs in memory.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from '../problem.ts';

export interface HeapProfilingOptions {
  /** GREENLINE_PROFILING: when false the route answers 404 PROFILING_OFF to everyone. */
  enabled: boolean;
}

/** One snapshot at a time per process: each stops the server while it is taken and needs memory of its own. */
let taking = false;

export function heapProfilingRoutes(app: FastifyInstance, options: HeapProfilingOptions): void {
  app.post('/profiles/heap', { schema: { hide: true }, config: { scope: 'admin' } }, async (_request, reply) => {
    if (!options.enabled) {
      throw new HttpProblem(404, 'PROFILING_OFF', 'profiling is off on this server: start it with GREENLINE_PROFILING=on (docs/heap-profiling.md)');
    }
    if (taking) throw new HttpProblem(409, 'PROFILE_RUNNING', 'a heap snapshot of this server is already being taken; try again when it ends');
    taking = true;
    const file = join(tmpdir(), `greenline-${process.pid}-${Date.now()}.heapsnapshot`);
    const started = performance.now();
    try {
      // Synchronous: the event loop stops for as long as V8 needs (a full GC, then the walk).
      writeHeapSnapshot(file);
    } catch (err) {
      taking = false;
      await rm(file, { force: true });
      throw err;
    }
    const stream = createReadStream(file);
    const done = () => {
      taking = false;
      rm(file, { force: true }).catch(() => {});
    };
    stream.once('close', done);
    return reply
      .type('application/json; charset=utf-8')
      .header('x-heap-snapshot-ms', Math.round(performance.now() - started))
      .header('x-process-id', process.pid)
      .send(stream);
  });
}
