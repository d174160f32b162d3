/**
 * `POST /v1/profiles/cpu?seconds=N`: a CPU profile of this server process for N seconds, taken
 * in-process with the inspector (Profiler.start/stop) and answered as a `.cpuprofile` — what
 * `greenline profile cpu --url` asks for (docs/profiling.md). Off unless GREENLINE_PROFILING=on;
 * on /v1 it needs an API key with scope `admin`, on the local admin API the server's token.
 */
import { Session } from 'node:inspector/promises';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { mapProfileToSources } from '../../perf/profile/cpu-source-map.mjs';
import { HttpProblem } from '../problem.ts';

export interface ProfilingOptions {
  /** GREENLINE_PROFILING: when false the route answers 404 PROFILING_OFF to everyone. */
  enabled: boolean;
}

/** The longest profile one request may take, so a typo cannot keep the profiler on for hours. */
export const MAX_PROFILE_SECONDS = 300;

const ProfileQuery = Type.Object(
  {
    seconds: Type.Number({ minimum: 0.1, maximum: MAX_PROFILE_SECONDS, default: 10 }),
    interval_us: Type.Integer({ minimum: 100, maximum: 100_000, default: 1000, description: 'sampling interval (V8 default 1000 µs)' }),
  },
  { additionalProperties: false },
);

/** One profile at a time per process: V8 has one sampling profiler, and two would only add cost. */
let running = false;

/** Samples this process's main thread for `seconds`; the result is the DevTools `.cpuprofile` JSON. */
export async function sampleCpu(seconds: number, intervalUs: number): Promise<unknown> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const { profile } = await session.post('Profiler.stop');
    // Lines of the TypeScript sources, not of what tsx compiled them to.
    return mapProfileToSources(profile);
  } finally {
    session.disconnect();
  }
}

export function profilingRoutes(app: FastifyInstance, options: ProfilingOptions): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post('/profiles/cpu', { schema: { hide: true, querystring: ProfileQuery }, config: { scope: 'admin' } }, async (request, reply) => {
    if (!options.enabled) {
      throw new HttpProblem(404, 'PROFILING_OFF', 'profiling is off on this server: start it with GREENLINE_PROFILING=on (docs/profiling.md)');
    }
    if (running) throw new HttpProblem(409, 'PROFILE_RUNNING', 'a profile of this server is already being taken; try again when it ends');
    running = true;
    try {
      const profile = await sampleCpu(request.query.seconds, request.query.interval_us);
      return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(profile);
    } finally {
      running = false;
    }
  });
}
