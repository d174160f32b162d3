/**
 * What the LLM gateway adds to a model call (issue 20 target: p50 < 1 ms, p99 < 5 ms added;
 * LiteLLM publishes ~2 ms p50, ~13 ms p99). The same OpenAI-compatible server (the tests' fake,
 * deterministic, in this process) is called directly and through `POST /v1/intelligence/chat` of
 * the real app (API-key auth, rate-limit hook, metrics, policy lookup, routing, budget
 * reservation, ledger row, headers) on PostgreSQL, in the same run, sequentially over keep-alive
 * connections, rounds in ABBA order. Caches are off for these calls (`cache: false`), so each
 * goes to the model; a second benchmark times exact-cache hits.
 */
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { DEFAULT_N_PLUS_ONE_SAMPLE } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { FakeOpenAiServer } from '../../test/intelligence/fake-openai-server.ts';
import type { TestDatabase } from '../../test/support/databases.ts';
import { percentile, scratchPostgres } from './support.ts';

const REQUESTS = 1_000;

interface Ctx {
  db: TestDatabase;
  driver: SqlDriver;
  upstream: FakeOpenAiServer;
  app: FastifyInstance;
  gateway: Pool;
  direct: Pool;
  directPath: string;
  key: string;
  /** Samples of the measured rounds (each side's first round is the warm-up), for the overhead summary. */
  samples: { gateway: number[]; direct: number[] };
  rounds: { gateway: number; direct: number };
}

async function measured(ctx: Ctx, side: 'gateway' | 'direct', run: () => Promise<number[]>): Promise<number[]> {
  const samples = await run();
  if (ctx.rounds[side]++ > 0) ctx.samples[side].push(...samples);
  ctx.upstream.calls.length = 0;
  return samples;
}

const chatBody = (i: number, cache: boolean) =>
  JSON.stringify({
    model: 'gpt-4o-mini',
    cache,
    messages: [
      { role: 'system', content: 'Classify the spend line.' },
      { role: 'user', content: `steel coil 2mm S235, line ${i}` },
    ],
  });

async function timed(pool: Pool, path: string, headers: Record<string, string>, body: (i: number) => string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: body(i) });
    const text = await res.body.text();
    samples.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  }
  return samples;
}

export default defineSuite({
  name: 'app-intelligence-gateway',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const upstream = await new FakeOpenAiServer().start();
    const { db, driver, cursorSecret } = await scratchPostgres('greenline_bench_llm');
    const tenant = await ensureTenant(driver, 'bench');
    const key = await addApiKey(driver, tenant.id);
    const llm = { baseUrl: upstream.url, apiKey: null, timeoutMs: 30_000, maxRetries: 2, retryBaseMs: 250 };
    // N+1 detection sampled as `greenline serve` runs it by default (an app built without the setting detects on every request).
    const config = { bodyLimitBytes: 1024 ** 2, logLevel: 'silent' as const, llm, nPlusOneSample: DEFAULT_N_PLUS_ONE_SAMPLE };
    const app = await buildApp({ driver, config, cursorSecret });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const upstreamUrl = new URL(upstream.url);
    return {
      db,
      driver,
      upstream,
      app,
      key,
      gateway: new Pool(origin, { connections: 1 }),
      direct: new Pool(upstreamUrl.origin, { connections: 1 }),
      directPath: `${upstreamUrl.pathname}/chat/completions`,
      samples: { gateway: [], direct: [] },
      rounds: { gateway: 0, direct: 0 },
    };
  },
  async teardown(ctx) {
    const { gateway, direct } = ctx.samples;
    if (gateway.length > 0 && direct.length > 0) {
      const row = (p: number) => {
        const [g, d] = [percentile(gateway, p), percentile(direct, p)];
        return `p${p} ${d.toFixed(3)} ms direct, ${g.toFixed(3)} ms through the gateway: +${(g - d).toFixed(3)} ms (${(g / d).toFixed(2)}×)`;
      };
      console.error(`  gateway overhead over ${gateway.length} calls each (measured rounds): ${row(50)}; ${row(99)}`);
    }
    await ctx.gateway.close();
    await ctx.direct.close();
    await ctx.app.close();
    await ctx.upstream.close();
    await ctx.driver.close();
    await ctx.db.drop();
  },
  benchmarks: [
    {
      name: `POST /v1/intelligence/chat, cache off, ${REQUESTS} sequential calls (vs the same model server called directly)`,
      rounds: 3,
      warmupRounds: 1,
      run: (ctx) =>
        measured(ctx, 'gateway', () => timed(ctx.gateway, '/v1/intelligence/chat', { authorization: `Bearer ${ctx.key}` }, (i) => chatBody(i, false))),
      baseline: (ctx) => measured(ctx, 'direct', () => timed(ctx.direct, ctx.directPath, {}, (i) => chatBody(i, false))),
    },
    {
      name: `POST /v1/intelligence/chat, exact-cache hits, ${REQUESTS} sequential calls (vs the model server called directly)`,
      rounds: 2,
      warmupRounds: 1,
      run: (ctx) => timed(ctx.gateway, '/v1/intelligence/chat', { authorization: `Bearer ${ctx.key}` }, (i) => chatBody(i % 50, true)),
      baseline: (ctx) => timed(ctx.direct, ctx.directPath, {}, (i) => chatBody(i % 50, true)),
    },
  ],
});
