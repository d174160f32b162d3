/**
 * Bulk ingest end to end on real PostgreSQL (issue 5 target: 1,000,000 generated purchase records
 * ≥ 100,000 records/s; peak RSS under 300 MB and within ±20% between 1M and 5M rows).
 *
 * Run: `greenline ingest` in its own process (so its memory is its own), the time it reports for
 * the ingest itself (read, validate, calculate, COPY, commit; process start-up and the file's
 * SHA-256 pass are left out and printed). Baseline in the same run: raw `COPY … FROM STDIN (FORMAT
 * csv)` of the same file into a table of its columns, the fastest PostgreSQL takes those rows.
 * INGEST_BENCH_ROWS=5000000 runs the 5M variant (about a minute per run).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generateRows } from '../../src/ingest/generate.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import type { TestDatabase } from '../../test/support/databases.ts';
import { scratchPostgres } from './support.ts';

const ROWS = Number(process.env.INGEST_BENCH_ROWS ?? 1_000_000);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

interface Ctx {
  db: TestDatabase;
  dir: string;
  file: string;
}

async function reset(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('TRUNCATE emissions, batch_chunks, batch_errors, batches, raw_purchases');
  await c.query('CHECKPOINT');
  await c.end();
}

export default defineSuite({
  name: 'app-ingest',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const { db, driver } = await scratchPostgres('greenline_bench_ingest');
    await driver.query('CREATE TABLE raw_purchases (date text, external_id text, spend text, currency text, naics text, sector text)');
    await driver.close();
    const dir = mkdtempSync(join(tmpdir(), 'greenline-bench-ingest-'));
    const file = join(dir, `purchases-${ROWS}.csv`);
    await pipeline(Readable.from(generateRows({ type: 'purchases', rows: ROWS, seed: 1 })), createWriteStream(file));
    return { db, dir, file };
  },
  async teardown(ctx) {
    await ctx.db.drop();
    rmSync(ctx.dir, { recursive: true, force: true });
  },
  benchmarks: [
    {
      name: `greenline ingest, ${ROWS.toLocaleString('en-US')} purchase records, PostgreSQL, stored`,
      rounds: 2,
      warmupRounds: 0,
      async run(ctx) {
        await reset(ctx.db.url);
        const child = spawn(process.execPath, [BIN, 'ingest', ctx.file, '--type', 'purchases', '--json'], {
          env: { ...process.env, DATABASE_URL: ctx.db.url, REDIS_URL: '' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        const code = await new Promise<number | null>((r) => child.once('exit', r));
        if (code !== 0) throw new Error(`greenline ingest exited with ${code}: ${out.slice(0, 500)}`);
        const s = JSON.parse(out) as { seconds: number; rows: number; rowsOk: number; rowsPerSecond: number; peakRssMb: number };
        if (s.rowsOk !== ROWS) throw new Error(`expected ${ROWS} rows stored, got ${s.rowsOk}`);
        console.error(`  ingest: ${Math.round(s.rowsPerSecond).toLocaleString('en-US')} rows/s, peak RSS ${s.peakRssMb} MB`);
        return { samples: [s.seconds * 1000], ops: s.rowsPerSecond };
      },
      async baseline(ctx) {
        await reset(ctx.db.url);
        const c = new pg.Client({ connectionString: ctx.db.url });
        await c.connect();
        const started = performance.now();
        await pipeline(createReadStream(ctx.file, { highWaterMark: 256 * 1024 }), c.query(copyFrom('COPY raw_purchases FROM STDIN (FORMAT csv, HEADER true)')));
        const ms = performance.now() - started;
        await c.end();
        return { samples: [ms], ops: (ROWS * 1000) / ms };
      },
    },
  ],
});
