/** `greenline ingest`, `greenline gen` and `greenline worker`: bulk ingest from the command line. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { DEFAULT_SETTINGS } from '../domain/scope3/types.ts';
import { DEFAULT_CLASSIFY_MIN_CONFIDENCE } from '../ingest/classify-column.ts';
import { generateRows } from '../ingest/generate.ts';
import { generateSupplierRows, isSupplierGenType, SUPPLIER_GEN_TYPES, type SupplierGenType } from '../ingest/generate-suppliers.ts';
import { type FileFormat, type IngestProgress, type IngestSource, ingest } from '../ingest/pipeline.ts';
import { parseColumnMap, RECORD_TYPES, type RecordTypeName } from '../ingest/record-types.ts';
import { supplierNamesLine } from '../ingest/supplier-name-report.ts';
import type { InvalidUtf8 } from '../ingest/utf8.ts';
import { openRuntime } from '../runtime.ts';
import { ensureTenant } from '../store/tenants.ts';
import { type BatchSummary, ingestThroughServer } from './remote-ingest.ts';
import { withDatabase } from './server-link.ts';

function fraction(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a number from 0 to 1, got "${v}"`);
  return n;
}

function positiveInt(v: string): number {
  const n = Number(v.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

/** A file as an ingest source: its SHA-256 is read first (one fast pass) to name the batch. */
export async function fileSource(path: string): Promise<IngestSource> {
  const { size } = await stat(path).catch(() => {
    throw new Error(`cannot read ${path}: no such file`);
  });
  const hash = createHash('sha256');
  for await (const buf of createReadStream(path)) hash.update(buf as Buffer);
  return { name: basename(path), sha256: hash.digest('hex'), bytes: size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

export function formatFor(path: string, given?: string): FileFormat {
  if (given === 'csv' || given === 'ndjson') return given;
  return /\.(ndjson|jsonl)$/i.test(path) ? 'ndjson' : 'csv';
}

const fmt = new Intl.NumberFormat('en-US');

function progressLine(p: IngestProgress): string {
  const done = p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : 0;
  const width = 24;
  const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░');
  const eta = done > 0 && done < 1 ? Math.round(((p.elapsedMs / done) * (1 - done)) / 1000) : 0;
  return `${bar} ${(done * 100).toFixed(0).padStart(3)}%  ${fmt.format(p.rowsCommitted + p.rowsFailed)} rows  ${fmt.format(Math.round(p.rowsPerSecond))} rows/s  ${p.rowsFailed ? `${fmt.format(p.rowsFailed)} failed  ` : ''}ETA ${eta}s`;
}

export function summaryLine(s: BatchSummary): string {
  if (s.alreadyDone)
    return `batch ${s.batchId}: this file was ingested already (${fmt.format(s.rows)} rows, ${fmt.format(s.rowsOk)} stored, ${fmt.format(s.rowsFailed)} failed); nothing changed`;
  const resumed = s.resumedRows > 0 ? `, resumed after ${fmt.format(s.resumedRows)} rows committed earlier` : '';
  const ignored = s.ignoredColumns.length > 0 ? `; ignored columns: ${s.ignoredColumns.join(', ')}` : '';
  // Rows resting on a stand-in factor or a clamped rate year: each result's warnings say which.
  const warned = s.rowsWithWarnings > 0 ? `, ${fmt.format(s.rowsWithWarnings)} stored with warnings` : '';
  return (
    `batch ${s.batchId} ${s.status}: ${fmt.format(s.rows)} rows, ${fmt.format(s.rowsOk)} stored, ${fmt.format(s.rowsFailed)} failed${warned}, ` +
    `${fmt.format(Math.round(s.kgCo2e / 10) / 100)} t CO2e in ${s.seconds.toFixed(1)} s (${fmt.format(Math.round(s.rowsPerSecond))} rows/s)${resumed}${ignored}` +
    (s.supplierNames ? `\n${supplierNamesLine(s.supplierNames)}` : '')
  );
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('calculate and store every row of a CSV or NDJSON file (idempotent: the same file twice stores nothing twice; a killed run resumes)')
    .argument('<file>', 'the file (.csv, or .ndjson/.jsonl)')
    .addOption(new Option('--type <type>', 'record type (docs/ingest.md)').choices(RECORD_TYPES).makeOptionMandatory())
    .option('--tenant <name>', 'tenant the rows belong to', 'default')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson']))
    .option('--map <column=field...>', 'read a column under another name, e.g. --map "Amount=spend" "PO=external_id"')
    .option('--concurrency <n>', 'chunks being written while the next is calculated', positiveInt, 2)
    .addOption(
      new Option('--invalid-utf8 <policy>', 'invalid UTF-8 in a row: a row error, or replaced with U+FFFD').choices(['error', 'replace']).default('error'),
    )
    .option('--classify-from <column>', 'purchases: classify lines without a naics from this text column (local classifier, docs/classification.md#ingest)')
    .option('--classify-min-confidence <n>', 'with --classify-from: the confidence a code needs to be used (0–1)', fraction, DEFAULT_CLASSIFY_MIN_CONFIDENCE)
    .option('--local', 'calculate in this process even when REDIS_URL is set')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        file: string,
        opts: {
          type: RecordTypeName;
          tenant: string;
          format?: string;
          map?: string[];
          concurrency: number;
          invalidUtf8: InvalidUtf8;
          classifyFrom?: string;
          classifyMinConfidence: number;
          local?: boolean;
          json?: boolean;
        },
      ) => {
        const classify = opts.classifyFrom === undefined ? undefined : { from: opts.classifyFrom, minConfidence: opts.classifyMinConfidence };
        const columnMap = parseColumnMap(opts.map ?? []);
        const source = await fileSource(file);
        const config = loadConfig();
        if (config.redisUrl && !opts.local && !config.databaseUrl)
          throw new Error('distributed ingest (REDIS_URL) needs a shared database: set DATABASE_URL, or pass --local');
        const tty = process.stderr.isTTY && !opts.json;
        const format = formatFor(file, opts.format);
        const summary = await withDatabase<BatchSummary>(config, {
          async local(rt) {
            const tenant = await ensureTenant(rt.driver, opts.tenant);
            const job = {
              tenantId: tenant.id,
              type: opts.type,
              format,
              columnMap,
              settings: DEFAULT_SETTINGS,
              source,
              invalidUtf8: opts.invalidUtf8,
              fastPath: config.ingestFastPath,
              ...(classify ? { classify } : {}),
            };
            const distributed = config.redisUrl && !opts.local ? await import('../ingest/distributed.ts') : null;
            return distributed && config.redisUrl
              ? await distributed.ingestDistributed(rt.driver, {
                  ...job,
                  redisUrl: config.redisUrl,
                  queue: config.ingestQueue,
                  onProgress: tty
                    ? (rows, queued) => process.stderr.write(`\r${fmt.format(rows)} rows committed by workers, ${queued} chunks to go\u001b[K`)
                    : undefined,
                })
              : await ingest(rt.driver, {
                  ...job,
                  concurrency: Math.max(1, opts.concurrency),
                  onProgress: tty ? (p) => process.stderr.write(`\r${progressLine(p)}\u001b[K`) : undefined,
                });
          },
          server: (link) =>
            ingestThroughServer(link, file, { ...opts, format, map: opts.map ?? [] }, tty ? (line) => process.stderr.write(`\r${line}\u001b[K`) : undefined),
        });
        if (tty) process.stderr.write('\n');
        console.log(opts.json ? JSON.stringify(summary, null, 2) : summaryLine(summary));
      },
    );

  program
    .command('worker')
    .description('calculate and commit ingest chunks from the queue (needs REDIS_URL and DATABASE_URL); several may run at once, on any machines')
    .option('--concurrency <n>', 'chunks processed at once', positiveInt, 2)
    .action(async (opts: { concurrency: number }) => {
      const config = loadConfig();
      if (!config.redisUrl) throw new Error('greenline worker needs REDIS_URL (the queue) and DATABASE_URL (the shared database)');
      if (!config.databaseUrl) throw new Error('greenline worker needs DATABASE_URL: the embedded database cannot be shared between processes');
      const rt = await openRuntime(config);
      const { startChunkWorker } = await import('../ingest/distributed.ts');
      const worker = startChunkWorker(rt.driver, {
        redisUrl: config.redisUrl,
        queue: config.ingestQueue,
        concurrency: Math.max(1, opts.concurrency),
        lockMs: config.workerLockMs,
      });
      worker.on('failed', (job, err) => console.error(`chunk ${job?.data.batchId}:${job?.data.chunkNo} failed (attempt ${job?.attemptsMade}): ${err.message}`));
      await worker.waitUntilReady();
      console.log(`worker ${process.pid} waiting for ingest chunks`);
      const stop = async () => {
        await worker.close();
        await rt.driver.close();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  program
    .command('gen')
    .description('write deterministic test data to stdout: the same type, rows and seed give the same bytes')
    .addArgument(
      new Argument('<type>', 'a record type, or suppliers / supplier-mentions (a labelled supplier-matching set)').choices([
        ...RECORD_TYPES,
        ...SUPPLIER_GEN_TYPES,
      ]),
    )
    .option('--rows <n>', 'number of data rows', positiveInt, 1000)
    .option('--seed <n>', 'seed', positiveInt, 1)
    .option('--companies <n>', 'supplier-mentions: the --rows of `gen suppliers` (same seed) the mentions refer to', positiveInt)
    .addOption(new Option('--format <format>', 'csv or ndjson').choices(['csv', 'ndjson']).default('csv'))
    .addHelpText(
      'after',
      [
        '',
        'Supplier matching (docs/suppliers.md#the-labelled-evaluation-set):',
        '  greenline gen suppliers --rows 100000 --seed 1 > suppliers.csv            id,name,country,lei,duns',
        '  greenline gen supplier-mentions --rows 100000 --companies 100000 --seed 1 > mentions.csv',
        '      mention_id,name,country,lei,duns,truth,corruptions (truth: a supplier id, empty for one not in the set)',
      ].join('\n'),
    )
    .action(async (type: RecordTypeName | SupplierGenType, opts: { rows: number; seed: number; companies?: number; format: 'csv' | 'ndjson' }) => {
      if (!isSupplierGenType(type) && opts.companies !== undefined) throw new Error('--companies: applies to supplier-mentions only');
      const pieces = isSupplierGenType(type)
        ? generateSupplierRows({ type, rows: opts.rows, seed: opts.seed, companies: opts.companies, format: opts.format })
        : generateRows({ type, rows: opts.rows, seed: opts.seed, format: opts.format });
      for (const piece of pieces) {
        if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
      }
    });
}
