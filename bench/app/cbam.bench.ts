/**
 * EU CBAM on real PostgreSQL (issue 16 targets):
 * - ingest: N generated shipments (`greenline gen cbam-shipments`, N = CBAM_BENCH_ROWS, default
 *   1,000,000) through `greenline ingest` in its own process, within 1.3× the time of N generated
 *   purchase records ingested the same way in the same run (the baseline);
 * - annual declaration over those shipments, `GET /v1/cbam/declarations/2026`: < 100 ms, against
 *   bare Fastify answering the same bytes;
 * - quarterly XML for 100,000 goods-emission lines (1,000 CN code × origin goods lines, 100
 *   installations each) streamed into a file in a child process: peak RSS < 300 MB, against a
 *   child writing the same bytes in 64 KiB pieces with no logic.
 * The ingest figures are what `greenline ingest --json` reports (`seconds` leaves out process
 * start-up and the file's SHA-256 pass); the XML figures are the child's own clock and peak RSS.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Declaration } from '../../src/domain/cbam/certificates.ts';
import { buildApp } from '../../src/http/app.ts';
import { generateRows } from '../../src/ingest/generate.ts';
import type { RecordTypeName } from '../../src/ingest/record-types.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { TestDatabase } from '../../test/support/databases.ts';
import { scratchPostgres, startBareGetServer, timedGets } from './support.ts';

const ROWS = Number(process.env.CBAM_BENCH_ROWS ?? 1_000_000);
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/greenline.js');
const XML_CHILD = join(ROOT, 'bench/app/cbam-xml-child.ts');
const DECLARATION_REQUESTS = 20;

// The quarter of the XML benchmark: CN codes × origins goods lines, each from every installation.
const XML_CN_CODES = 100;
const XML_ORIGINS = ['CN', 'IN', 'TR', 'UA', 'KR', 'US', 'GB', 'EG', 'ZA', 'BR'];
const XML_INSTALLATIONS = 100;
const XML_GOODS_EMISSIONS = XML_CN_CODES * XML_ORIGINS.length * XML_INSTALLATIONS;

interface IngestSummary {
  seconds: number;
  rowsOk: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

interface XmlChildResult {
  ms: number;
  bytes: number;
  peakRssMb: number;
}

/** The declaration's app and its bare baseline, started once the shipments are stored. */
interface DeclarationServers {
  app: FastifyInstance;
  bare: FastifyInstance;
  appUrl: string;
  bareUrl: string;
  key: string;
}

interface Ctx {
  /** Ingest and declaration: `greenline ingest` stores into tenant `default` here. */
  db: TestDatabase;
  driver: SqlDriver;
  cursorSecret: string;
  /** The quarterly XML's rollups, apart so the ingest's resets leave them alone. */
  xmlDb: TestDatabase;
  xmlTenantId: string;
  dir: string;
  cbamFile: string;
  purchasesFile: string;
  declaration?: Promise<DeclarationServers>;
  /** The real report's size, which the plain baseline writes. */
  xmlBytes?: number;
  xmlChecked: boolean;
}

async function reset(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    'TRUNCATE cbam_shipments, cbam_rollups, emissions, emission_rollups, emission_rollups_by_category, batch_chunks, batch_errors, batches, calculation_parts',
  );
  await c.query('CHECKPOINT');
  await c.end();
}

/** Runs `node ARGS` and parses the JSON it prints on stdout (stderr passes through). */
async function childJson<T>(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`node ${args.slice(0, 3).join(' ')} exited with ${code}: ${out.slice(0, 500)}`);
  return JSON.parse(out) as T;
}

/** `greenline ingest FILE --type TYPE --json` in its own process, on a reset database. */
async function ingestFile(url: string, file: string, type: RecordTypeName): Promise<{ samples: number[]; ops: number }> {
  await reset(url);
  const s = await childJson<IngestSummary>([BIN, 'ingest', file, '--type', type, '--json'], { ...process.env, DATABASE_URL: url, REDIS_URL: '' });
  if (s.rowsOk !== ROWS) throw new Error(`${type}: expected ${ROWS} rows stored, got ${s.rowsOk}`);
  console.error(`  ${type} ingest: ${s.seconds.toFixed(2)} s, ${Math.round(s.rowsPerSecond).toLocaleString('en-US')} rows/s, peak RSS ${s.peakRssMb} MB`);
  return { samples: [s.seconds * 1000], ops: s.rowsPerSecond };
}

async function generateFile(file: string, type: RecordTypeName): Promise<void> {
  await pipeline(Readable.from(generateRows({ type, rows: ROWS, seed: 1 })), createWriteStream(file));
}

/** Whether the database holds exactly the N generated shipments (left by the ingest benchmark's last round). */
async function holdsShipments(driver: SqlDriver): Promise<boolean> {
  const res = await driver.query<{ stored: string; rolled: string | null }>(
    'SELECT (SELECT count(*) FROM cbam_shipments)::text AS stored, (SELECT sum(shipments) FROM cbam_rollups WHERE year = 2026)::text AS rolled',
  );
  const r = res.rows[0]!;
  return Number(r.stored) === ROWS && Number(r.rolled) === ROWS;
}

/** The N shipments stored (ingested again only when the ingest benchmark did not leave them), then the app and the bare baseline. */
async function startDeclaration(ctx: Ctx): Promise<DeclarationServers> {
  if (!(await holdsShipments(ctx.driver))) await ingestFile(ctx.db.url, ctx.cbamFile, 'cbam-shipments');
  const key = await addApiKey(ctx.driver, (await ensureTenant(ctx.driver, 'default')).id);
  const app = await buildApp({ driver: ctx.driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: ctx.cursorSecret });
  const appUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/cbam/declarations/2026`;
  const probe = await fetch(appUrl, { headers: { authorization: `Bearer ${key}` } });
  const body = await probe.text();
  if (probe.status !== 200) throw new Error(`declaration answered ${probe.status}: ${body.slice(0, 300)}`);
  const d = JSON.parse(body) as Declaration;
  const shipments = d.by_method.reduce((n, m) => n + m.shipments, 0);
  if (shipments !== ROWS) throw new Error(`declaration covers ${shipments} shipments, expected ${ROWS}`);
  console.error(`  declaration: ${body.length.toLocaleString('en-US')} bytes, ${d.by_cn_code.length} CN codes, ${d.certificates} certificates`);
  const { app: bare, url: bareUrl } = await startBareGetServer(body);
  return { app, bare, appUrl, bareUrl, key };
}

/** 1,000 goods lines × 100 installations of 2025-Q4 as rollups, and the installations they name. */
async function seedQuarter(driver: SqlDriver, tenantId: string): Promise<void> {
  const origins = `ARRAY[${XML_ORIGINS.map((o) => `'${o}'`).join(', ')}]`;
  await driver.query(
    `INSERT INTO cbam_installations (tenant_id, installation_id, name, operator_name, country, emissions)
     SELECT $1, 'INST-' || j, 'Bench installation ' || j, 'Bench operator ' || (1 + j % 40), (${origins})[1 + j % ${XML_ORIGINS.length}], '[]'::json
     FROM generate_series(1, ${XML_INSTALLATIONS}) j`,
    [tenantId],
  );
  // Half the CN codes under heading 7208 (flat-rolled iron or steel), half under 7606 (aluminium plates).
  await driver.query(
    `INSERT INTO cbam_rollups (tenant_id, year, quarter, cn_code, origin_country, installation_id, method, shipments, quantity, direct_t, indirect_t,
                               counted_t, carbon_price_paid_eur)
     SELECT $1, 2025, 4, CASE WHEN c <= ${XML_CN_CODES / 2} THEN '7208' ELSE '7606' END || lpad(c::text, 4, '0'), (${origins})[o], 'INST-' || j,
            CASE WHEN j % 2 = 0 THEN 'actual_verified' ELSE 'default' END, 1, q, q * 1.85, q * 0.32, q * 2.17, 0
     FROM generate_series(1, ${XML_CN_CODES}) c, generate_series(1, ${XML_ORIGINS.length}) o, generate_series(1, ${XML_INSTALLATIONS}) j,
          LATERAL (SELECT (1 + (c * 7 + o * 13 + j) % 500)::numeric / 10 AS q) x`,
    [tenantId],
  );
  await driver.query('VACUUM ANALYZE cbam_rollups');
  await driver.query('VACUUM ANALYZE cbam_installations');
}

/** Streams the file once: it is an XML document ending in </QReport> with the expected GoodsEmissions count. */
async function checkReport(file: string): Promise<void> {
  const tag = '<GoodsEmissions>';
  let count = 0;
  let first = true;
  let tail = '';
  for await (const piece of createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const text = tail + (piece as string);
    if (first && !text.startsWith('<?xml')) throw new Error(`${file} does not start with <?xml: ${text.slice(0, 40)}`);
    first = false;
    for (let at = text.indexOf(tag); at !== -1; at = text.indexOf(tag, at + tag.length)) count++;
    // Shorter than the tag, so no tag is counted twice, and long enough to hold the closing element.
    tail = text.slice(-(tag.length - 1));
  }
  if (!tail.trimEnd().endsWith('</QReport>')) throw new Error(`${file} does not end with </QReport>: ${JSON.stringify(tail)}`);
  if (count !== XML_GOODS_EMISSIONS) throw new Error(`${file} has ${count} GoodsEmissions, expected ${XML_GOODS_EMISSIONS}`);
}

async function xmlReport(ctx: Ctx): Promise<XmlChildResult> {
  const file = join(ctx.dir, 'qreport-2025-Q4.xml');
  const r = await childJson<XmlChildResult>(['--import', 'tsx', XML_CHILD, 'report', ctx.xmlDb.url, ctx.xmlTenantId, file]);
  ctx.xmlBytes = r.bytes;
  if (!ctx.xmlChecked) {
    await checkReport(file);
    ctx.xmlChecked = true;
  }
  console.error(`  quarterly XML: ${Math.round(r.ms)} ms, ${(r.bytes / 1e6).toFixed(1)} MB, peak RSS ${r.peakRssMb} MB`);
  return r;
}

export default defineSuite({
  name: 'app-cbam',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const { db, driver, cursorSecret } = await scratchPostgres('greenline_bench_cbam', { statementTimeoutMs: 600_000 });
    const xml = await scratchPostgres('greenline_bench_cbam_xml', { statementTimeoutMs: 600_000 });
    const xmlTenantId = (await ensureTenant(xml.driver, 'bench-xml')).id;
    await seedQuarter(xml.driver, xmlTenantId);
    await xml.driver.close();
    const dir = mkdtempSync(join(tmpdir(), 'greenline-bench-cbam-'));
    const cbamFile = join(dir, `cbam-shipments-${ROWS}.csv`);
    const purchasesFile = join(dir, `purchases-${ROWS}.csv`);
    await generateFile(cbamFile, 'cbam-shipments');
    await generateFile(purchasesFile, 'purchases');
    return { db, driver, cursorSecret, xmlDb: xml.db, xmlTenantId, dir, cbamFile, purchasesFile, xmlChecked: false };
  },
  async teardown(ctx) {
    const servers = await ctx.declaration?.catch(() => undefined);
    await servers?.app.close();
    await servers?.bare.close();
    await ctx.driver.close();
    await ctx.db.drop();
    await ctx.xmlDb.drop();
    rmSync(ctx.dir, { recursive: true, force: true });
  },
  benchmarks: [
    {
      name: `greenline ingest, ${ROWS.toLocaleString('en-US')} CBAM shipments vs as many purchase records, PostgreSQL, stored`,
      rounds: 3,
      warmupRounds: 0,
      run: (ctx) => ingestFile(ctx.db.url, ctx.cbamFile, 'cbam-shipments'),
      baseline: (ctx) => ingestFile(ctx.db.url, ctx.purchasesFile, 'purchases'),
    },
    {
      name: `GET /v1/cbam/declarations/2026 over ${ROWS.toLocaleString('en-US')} shipments (rollups) vs bare Fastify, same bytes`,
      rounds: 3,
      warmupRounds: 1,
      async run(ctx) {
        ctx.declaration ??= startDeclaration(ctx);
        const s = await ctx.declaration;
        return timedGets(s.appUrl, s.key, DECLARATION_REQUESTS);
      },
      async baseline(ctx) {
        ctx.declaration ??= startDeclaration(ctx);
        const s = await ctx.declaration;
        return timedGets(s.bareUrl, s.key, DECLARATION_REQUESTS);
      },
    },
    {
      name: `quarterly XML, ${XML_GOODS_EMISSIONS.toLocaleString('en-US')} goods-emission lines streamed to a file, child process vs the same bytes written plainly`,
      rounds: 2,
      warmupRounds: 1,
      async run(ctx) {
        return [(await xmlReport(ctx)).ms];
      },
      async baseline(ctx) {
        const bytes = ctx.xmlBytes ?? (await xmlReport(ctx)).bytes;
        const r = await childJson<XmlChildResult>(['--import', 'tsx', XML_CHILD, 'plain', String(bytes), join(ctx.dir, 'plain.bin')]);
        if (r.bytes !== bytes) throw new Error(`plain writer wrote ${r.bytes} bytes, expected ${bytes}`);
        console.error(`  plain write: ${Math.round(r.ms)} ms, ${(r.bytes / 1e6).toFixed(1)} MB, peak RSS ${r.peakRssMb} MB`);
        return [r.ms];
      },
    },
  ],
});
