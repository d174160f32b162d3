/**
 * The engine meets a service only through a `Workload`: its setup runs once, before the load, and
 * its fixtures, the actions' settings and per-share seeds reach the requests, also from worker
 * threads, which load the workload from its module. No timing assertions.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greenlineWorkload } from '../../src/perf/greenline-workload.ts';
import { runScenario } from '../../src/perf/load/loadtest.ts';
import { scenarioFromObject } from '../../src/perf/load/scenario.ts';
import { loadWorkload } from '../../src/perf/load/workload.ts';
import { echoWorkload, setups } from './echo-workload.ts';

describe('a workload injected into the engine', () => {
  let server: FastifyInstance;
  let url: string;
  const seen: Array<{ query: Record<string, string>; authorization: string | undefined; seed: string | undefined }> = [];
  beforeAll(async () => {
    server = Fastify();
    server.get('/echo', async (request) => {
      seen.push({
        query: request.query as Record<string, string>,
        authorization: request.headers.authorization,
        seed: request.headers['x-seed'] as string | undefined,
      });
      return { ok: true };
    });
    url = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
  });

  it('builds the requests of built-in actions, in worker threads too', async () => {
    const s = scenarioFromObject(
      {
        target: url,
        apiKey: 'secret',
        workers: 2,
        stages: [
          { duration: 0, target: 6 },
          // Long enough that threads slow to start on a busy machine still send (they join late).
          { duration: '3s', target: 6 },
        ],
        thinkTime: '20ms',
        // Users 0–5 go to classes 1, 0, 1, 1, 0, 1, and user j to thread j mod 2: both threads run both.
        classes: ['pinger', { name: 'sized', weight: 2, actions: [{ use: 'ping', size: 3 }] }],
      },
      {},
      { workload: echoWorkload },
    );
    const lines: string[] = [];
    const r = await runScenario(s, { workload: echoWorkload, log: (line) => lines.push(line) });
    expect(r.totals.errors).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(r.actions.map((a) => a.key).sort()).toEqual(['pinger/ping', 'sized/ping']);
    // One setup, in this thread, with the scenario's target and key; its fixtures reached both threads.
    expect(setups).toEqual([{ target: url, authorization: 'Bearer secret' }]);
    expect(lines).toEqual(['echo: setting up']);
    expect(new Set(seen.map((q) => q.query.token))).toEqual(new Set(['token-1']));
    expect(new Set(seen.map((q) => q.query.size))).toEqual(new Set(['1', '3']));
    expect(seen.every((q) => q.authorization === 'Bearer secret')).toBe(true);
    // Each class and share has its own seed: 2 classes × 2 threads.
    expect(new Set(seen.map((q) => q.seed)).size).toBe(4);
  });

  it('loads a workload from the module it names (as a worker thread does)', async () => {
    expect(await loadWorkload(greenlineWorkload.module)).toBe(greenlineWorkload);
    expect(await loadWorkload(echoWorkload.module)).toBe(echoWorkload);
    await expect(loadWorkload({ url: echoWorkload.module.url, exportName: 'setups' })).rejects.toThrow('its export "setups" is not a workload');
  });

  it('refuses built-in actions without a workload to build them', async () => {
    const s = scenarioFromObject({ target: url, stages: [{ duration: '1s', target: 1 }], classes: ['pinger'] }, {}, { workload: echoWorkload });
    await expect(runScenario(s)).rejects.toThrow('no workload was given');
  });
});
