/**
 * Supplier matching end to end on real PostgreSQL (issue 18 speed acceptance): `greenline serve` in a child
 * process, N generated companies (SUPPLIERS_E2E_COMPANIES, default 1,000,000; `gen suppliers`, seed 7) loaded into
 * its tenant by COPY (setup, not timed; printed), the tenant's index warmed by one call, then:
 * - M generated mentions (SUPPLIERS_E2E_MENTIONS, default 100,000) through POST /v1/suppliers/match in calls of
 *   10,000, two in flight → mentions/s, against the exact normalized-name lookup alone in SQL
 *   (`normalized_name = ANY($2)`, batches of 10,000, two in flight) in the same run; the answers' precision and
 *   recall are printed from the first round;
 * - pg_trgm similarity without blocking (GIN trigram index, `normalized_name % $2 ORDER BY similarity DESC LIMIT
 *   5` per mention) on a sample of SUPPLIERS_E2E_TRGM_SAMPLE mentions (default 100), against the same sample
 *   through the match route in one call: per-mention time, the rate extrapolated;
 * - p99 of a single-name POST /v1/suppliers/match at 100 connections, open loop at SUPPLIERS_E2E_RATE requests/s
 *   (default 500), cache warm: a fuzzy name and an exact name, against bare Fastify answering the same bytes.
 * Load comes from this process, on the same 2-core machine as the server and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { companies, mentions, type SupplierMention } from '../../src/domain/suppliers/generate.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { runOpenLoop } from '../../src/perf/load/closed-loop.ts';
import { copyText } from '../../src/store/copy-text.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { normalizeSupplierName } from '../../src/store/suppliers.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../../test/support/databases.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const KEY = 'bench-key-suppliers-0123456789';
const COMPANIES = Number(process.env.SUPPLIERS_E2E_COMPANIES ?? 1_000_000);
const MENTIONS = Number(process.env.SUPPLIERS_E2E_MENTIONS ?? 100_000);
const TRGM_SAMPLE = Number(process.env.SUPPLIERS_E2E_TRGM_SAMPLE ?? 100);
const RATE = Number(process.env.SUPPLIERS_E2E_RATE ?? 500);
const SEED = 7;
const CALL = 10_000;
const IN_FLIGHT = 2;
const CONNECTIONS = 100;
const DURATION_MS = 5_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const auth = { authorization: `Bearer ${KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

interface Ctx {
  db: TestDatabase;
  driver: SqlDriver;
  dir: string;
  children: ChildProcess[];
  app: string;
  tenantId: string;
  mentions: SupplierMention[];
  /** The match calls' bodies, CALL names each. */
  bodies: string[];
  sampleBody: string;
  fuzzyBody: string;
  exactBody: string;
  bareFuzzy: string;
}

const nameOf = (m: SupplierMention) => ({
  name: m.name,
  ...(m.country ? { country: m.country } : {}),
  ...(m.lei ? { lei: m.lei } : {}),
  ...(m.duns ? { duns: m.duns } : {}),
});

/** Runs `jobs` with at most `width` at once. */
async function inFlight<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

interface MatchAnswer {
  results: { index: number; status: 'matched' | 'review' | 'no_match'; best: { supplier_id: string; rule: string } | null }[];
}

let serverLog = '';

async function postMatch(app: string, body: string): Promise<MatchAnswer> {
  const res = await fetch(`${app}/v1/suppliers/match`, { method: 'POST', headers: json, body }).catch((err: Error) => {
    const tail = serverLog && existsSync(serverLog) ? readFileSync(serverLog, 'utf8').slice(-2000) : '';
    throw new Error(`POST /v1/suppliers/match failed: ${err.message} (${String(err.cause)}); server log: ${tail}`);
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /v1/suppliers/match answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as MatchAnswer;
}

function start(args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(ready);
      if (m) resolveStart({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out.slice(-500)}`)));
  });
}

/** Precision of auto-matches and recall of auto + review against the generator's truth. */
function printQuality(label: string, answers: MatchAnswer[], list: readonly SupplierMention[]): void {
  let positives = 0;
  let matched = 0;
  let right = 0;
  let found = 0;
  answers.forEach((a, call) => {
    for (const r of a.results) {
      const truth = list[call * CALL + r.index]!.truth;
      const ok = truth !== null && r.best?.supplier_id === truth;
      if (truth !== null) positives++;
      if (r.status === 'matched') {
        matched++;
        if (ok) right++;
      }
      if (r.status !== 'no_match' && ok) found++;
    }
  });
  console.error(
    `  ${label}: auto ${fmt(matched)} (${fmt(matched - right)} wrong) → precision ${(right / matched).toFixed(4)}, auto recall ${(right / positives).toFixed(4)}, auto + review recall ${(found / positives).toFixed(4)}`,
  );
}

const rateOf = (count: number, ms: number) => (count / ms) * 1000;

export default defineSuite({
  name: 'app-suppliers-e2e',
  kind: 'app',
  async setup(): Promise<Ctx> {
    console.error(`  ${fmt(COMPANIES)} companies, ${fmt(MENTIONS)} mentions, seed ${SEED}`);
    const db = await createTestDatabase('greenline_bench_suppliers');
    const dir = mkdtempSync(join(tmpdir(), 'greenline-bench-suppliers-'));
    const port = 20_000 + ((process.pid + 7) % 20_000);
    // SUPPLIERS_E2E_SERVER_NODE_ARGS: Node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes.
    const nodeArgs = (process.env.SUPPLIERS_E2E_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const server = spawn(process.execPath, [...nodeArgs, 'bin/greenline.js', 'serve', '--port', String(port)], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        GREENLINE_BOOTSTRAP_KEY: KEY,
        LOG_LEVEL: 'warn',
        GREENLINE_RATE_LIMIT_PER_MINUTE: '0',
      },
      // The server's log (stdout) to a file: its tail is printed if a call fails.
      stdio: ['ignore', openSync(join(dir, 'server.log'), 'w'), 'inherit'],
    });
    serverLog = join(dir, 'server.log');
    const app = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${app}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300 || server.exitCode !== null) throw new Error('greenline serve did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const driver = await openPostgres(db.url, { ...testPoolConfig, max: 4 });
    const tenants = await driver.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM api_keys');
    if (tenants.rows.length !== 1) throw new Error(`expected the bootstrap key's tenant only, found ${tenants.rows.length}`);
    const tenantId = tenants.rows[0]!.tenant_id;

    // COPY in pieces of 100,000 rows; ids in generator order, so the index keeps the in-process bench's order.
    let started = performance.now();
    const tenant = copyText(tenantId);
    let text = '';
    let rows = 0;
    const columns = ['id', 'tenant_id', 'name', 'normalized_name', 'country', 'duns', 'lei'] as const;
    for (const c of companies(SEED, COMPANIES)) {
      text += `${c.id}\t${tenant}\t${copyText(c.name)}\t${copyText(normalizeSupplierName(c.name))}\t${copyText(c.country)}\t${copyText(c.duns || null)}\t${copyText(c.lei || null)}\n`;
      if (++rows % 100_000 === 0) {
        await driver.copyIn('suppliers', columns, text);
        text = '';
      }
    }
    if (text) await driver.copyIn('suppliers', columns, text);
    await driver.query('ANALYZE suppliers');
    console.error(`  COPY of ${fmt(rows)} suppliers (generated, normalized and written): ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const list = [...mentions(SEED, MENTIONS, COMPANIES)];
    const bodies: string[] = [];
    for (let i = 0; i < list.length; i += CALL) bodies.push(JSON.stringify({ names: list.slice(i, i + CALL).map(nameOf) }));
    started = performance.now();
    await postMatch(app, JSON.stringify({ names: [{ name: 'index warm-up' }] }));
    console.error(`  first call (reads the ${fmt(rows)} suppliers and builds the index): ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // pg_trgm for the baseline without blocking.
    started = performance.now();
    await driver.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await driver.query('CREATE INDEX suppliers_name_trgm_idx ON suppliers USING gin (normalized_name gin_trgm_ops)');
    console.error(`  pg_trgm GIN index on normalized_name: ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Single names for the latency runs: the first fuzzy mention that is auto-matched, and an exact name.
    const probe = await postMatch(app, JSON.stringify({ names: list.slice(0, 200).map(nameOf), queue: false }));
    const fuzzyAt = probe.results.findIndex((r) => r.status === 'matched' && r.best?.rule === 'fuzzy');
    const exactName = [...companies(SEED, 1)][0]!;
    const fuzzyBody = JSON.stringify({ names: [nameOf(list[fuzzyAt]!)] });
    const exactBody = JSON.stringify({ names: [{ name: exactName.name, country: exactName.country }] });
    const fuzzyAnswer = await fetch(`${app}/v1/suppliers/match`, { method: 'POST', headers: json, body: fuzzyBody });
    const fuzzyText = await fuzzyAnswer.text();
    console.error(`  single-name bodies: fuzzy ${fuzzyBody} → ${fuzzyText.slice(0, 160)}…; exact ${exactBody}`);
    const file = join(dir, 'fuzzy.json');
    writeFileSync(file, fuzzyText);
    const bare = await start(['--import', 'tsx', 'bench/app/bare-server.ts'], { BARE_BODY_FILE: file }, /(http:\/\/\S+)\n/);
    const sampleBody = JSON.stringify({ names: list.slice(0, TRGM_SAMPLE).map(nameOf), queue: false });
    return {
      db,
      driver,
      dir,
      children: [server, bare.child],
      app,
      tenantId,
      mentions: list,
      bodies,
      sampleBody,
      fuzzyBody,
      exactBody,
      bareFuzzy: bare.match[1]!.replace(/\/?$/, ''),
    };
  },
  async teardown(ctx) {
    for (const c of ctx.children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await ctx.driver.close();
    await ctx.db.drop();
    rmSync(ctx.dir, { recursive: true, force: true });
  },
  benchmarks: [
    (() => {
      let firstRound = true;
      return {
        name: `POST /v1/suppliers/match, ${fmt(MENTIONS)} mentions against ${fmt(COMPANIES)} suppliers in calls of ${fmt(CALL)} (${IN_FLIGHT} in flight) vs exact normalized-name SQL lookup`,
        rounds: 1,
        warmupRounds: 0,
        async run(ctx: Ctx) {
          const started = performance.now();
          const answers = await inFlight(
            ctx.bodies.map((body) => () => postMatch(ctx.app, body)),
            IN_FLIGHT,
          );
          const ms = performance.now() - started;
          const rate = rateOf(ctx.mentions.length, ms);
          console.error(`  match route: ${fmt(rate)} mentions/s (${(ms / 1000).toFixed(1)} s) — target ≥ 20,000`);
          if (firstRound) printQuality('end-to-end answers', answers, ctx.mentions);
          firstRound = false;
          return { samples: [ms], ops: rate };
        },
        async baseline(ctx: Ctx) {
          const started = performance.now();
          let found = 0;
          await inFlight(
            ctx.bodies.map((_, call) => async () => {
              const names = ctx.mentions.slice(call * CALL, (call + 1) * CALL).map((m) => normalizeSupplierName(m.name));
              const res = await ctx.driver.query<{ normalized_name: string; id: string }>(
                'SELECT normalized_name, id FROM suppliers WHERE tenant_id = $1 AND normalized_name = ANY($2::text[])',
                [ctx.tenantId, names],
              );
              found += res.rows.length;
            }),
            IN_FLIGHT,
          );
          const ms = performance.now() - started;
          const rate = rateOf(ctx.mentions.length, ms);
          console.error(`  exact normalized-name SQL lookup: ${fmt(rate)} mentions/s (${(ms / 1000).toFixed(2)} s, ${fmt(found)} rows found)`);
          return { samples: [ms], ops: rate };
        },
      };
    })(),
    {
      name: `pg_trgm similarity without blocking, ${TRGM_SAMPLE} mentions one by one (rate extrapolated) vs the same mentions through the match route in one call`,
      rounds: 1,
      warmupRounds: 0,
      async run(ctx) {
        const sample = ctx.mentions.slice(0, TRGM_SAMPLE);
        const started = performance.now();
        for (const m of sample) {
          await ctx.driver.query(
            `SELECT id, similarity(normalized_name, $2) AS s FROM suppliers
             WHERE tenant_id = $1 AND normalized_name % $2 ORDER BY s DESC, id LIMIT 5`,
            [ctx.tenantId, normalizeSupplierName(m.name)],
          );
        }
        const ms = performance.now() - started;
        console.error(`  pg_trgm: ${(ms / sample.length).toFixed(1)} ms a mention → ${fmt(rateOf(sample.length, ms))} mentions/s extrapolated`);
        return { samples: [ms / sample.length], ops: rateOf(sample.length, ms) };
      },
      async baseline(ctx) {
        const started = performance.now();
        await postMatch(ctx.app, ctx.sampleBody);
        const ms = performance.now() - started;
        console.error(`  match route, same ${TRGM_SAMPLE} mentions in one call: ${(ms / TRGM_SAMPLE).toFixed(2)} ms a mention`);
        return { samples: [ms / TRGM_SAMPLE], ops: rateOf(TRGM_SAMPLE, ms) };
      },
    },
    {
      name: `single-name POST /v1/suppliers/match (a fuzzy name, cache warm), ${CONNECTIONS} connections, ${RATE} req/s open loop: p99 vs bare Fastify`,
      rounds: 2,
      warmupRounds: 0,
      async run(ctx) {
        const run = (body: string, fromDueTime: boolean) =>
          runOpenLoop({
            url: ctx.app,
            path: '/v1/suppliers/match',
            method: 'POST',
            headers: json,
            body,
            connections: CONNECTIONS,
            rate: RATE,
            durationMs: DURATION_MS,
            fromDueTime,
          });
        const r = await run(ctx.fuzzyBody, false);
        const due = await run(ctx.fuzzyBody, true);
        const exact = await run(ctx.exactBody, false);
        if (r.errors + due.errors + exact.errors > 0) throw new Error(`${r.errors + due.errors + exact.errors} errors`);
        console.error(
          `  fuzzy name: ${fmt(r.requestsPerSecond)} req/s, from send p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms; from due time p99 ${due.latencyMs.p99.toFixed(2)} ms (target p99 < 5 ms); exact name: p50 ${exact.latencyMs.p50.toFixed(2)} ms, p99 ${exact.latencyMs.p99.toFixed(2)} ms`,
        );
        return { samples: [r.latencyMs.p99], ops: r.requestsPerSecond };
      },
      async baseline(ctx) {
        const r = await runOpenLoop({
          url: ctx.bareFuzzy.replace(/\/bare$/, ''),
          path: '/bare',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: ctx.fuzzyBody,
          connections: CONNECTIONS,
          rate: RATE,
          durationMs: DURATION_MS,
          fromDueTime: false,
        });
        console.error(`  bare Fastify: p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms`);
        return { samples: [r.latencyMs.p99], ops: r.requestsPerSecond };
      },
    },
  ],
});
