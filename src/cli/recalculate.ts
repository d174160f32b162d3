/**
 * `greenline recalculate`: recompute a tenant's stored results with the factors current now, for
 * a batch, a period of record dates, the data set their factor came from, or all of them; changed
 * results are superseded by new ones (docs/recalculation.md).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import {
  createRecalculationFor,
  RecalculationInputError,
  type RecalculationRequest,
  type RecalculationStatus,
  recalculationAnswer,
  runRecalculation,
} from '../calculate/recalculate.ts';
import type { RecalculationRow } from '../store/recalculations.ts';
import { findTenantByName } from '../store/tenants.ts';
import type { SqlDriver } from '../store/driver.ts';
import { printed } from '../domain/printed-number.ts';
import { ServerProblem, withDatabase } from './server-link.ts';

interface RecalculateFlags {
  tenant: string;
  batch?: string;
  from?: string;
  to?: string;
  dataset?: string;
  datasetVersion?: string;
  all?: boolean;
  json?: boolean;
}

const fmt = new Intl.NumberFormat('en-US');
const FLAG: Record<string, string> = { batch_id: '--batch', from: '--from', to: '--to', dataset: '--dataset', dataset_version: '--dataset-version' };

function progressLine(s: RecalculationStatus): string {
  const done = s.selected > 0 ? Math.min(1, s.processed / s.selected) : 1;
  const width = 24;
  const bar = '█'.repeat(Math.round(done * width)).padEnd(width, '░');
  const rate = s.elapsedMs > 0 ? (s.processed / s.elapsedMs) * 1000 : 0;
  const eta = rate > 0 && done < 1 ? Math.round((s.selected - s.processed) / rate) : 0;
  return (
    `${bar} ${(done * 100).toFixed(0).padStart(3)}%  ${fmt.format(s.processed)} of ${fmt.format(s.selected)} results  ` +
    `${fmt.format(s.recalculated)} recalculated, ${fmt.format(s.unchanged)} unchanged${s.failed ? `, ${fmt.format(s.failed)} failed` : ''}  ` +
    `${fmt.format(Math.round(rate))}/s  ETA ${eta}s`
  );
}

const ref = (d: { source: string | null; dataset_version: string | null } | null) => (d ? `${d.source ?? '?'} ${d.dataset_version ?? ''}`.trim() : 'no factor');

export function summary(r: RecalculationRow, seconds: number): string {
  const lines = [
    `recalculation ${r.id} ${r.state}: ${fmt.format(r.selected)} results selected, ${fmt.format(r.recalculated)} recalculated, ` +
      `${fmt.format(r.unchanged)} unchanged, ${fmt.format(r.failed)} failed${r.skipped ? `, ${fmt.format(r.skipped)} superseded meanwhile` : ''} ` +
      `in ${seconds.toFixed(1)} s`,
  ];
  if (r.recalculated > 0)
    lines.push(`  kg CO2e of the recalculated results: ${fmt.format(printed(r.kg_co2e_before))} → ${fmt.format(printed(r.kg_co2e_after))}`);
  for (const d of r.datasets) lines.push(`  ${fmt.format(d.results)} from ${ref(d.before)} → ${ref(d.after)}`);
  for (const e of r.errors) lines.push(`  failed ${e.id}: ${e.message}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  return lines.join('\n');
}

/** Running servers sharing a Redis drop their cached answers that a recalculation changed. */
async function invalidateResponses(redisUrl: string): Promise<void> {
  const { cacheOptionsFor, createCache, createRedisClient } = await import('../cache/index.ts');
  const redis = createRedisClient(redisUrl);
  const responses = createCache<unknown>(cacheOptionsFor('responses', redis));
  try {
    await responses.ready();
    // Every tenant's entries are also tagged `all|<tag>` (src/http/plugins/response-cache.ts).
    await Promise.all(['calculations', 'suppliers'].map((tag) => responses.invalidateTag(`all|${tag}`)));
  } finally {
    await responses.close();
    await redis.quit().catch(() => {});
  }
}

/** Recalculates in this process, with progress on a terminal and Ctrl-C stopping between chunks. */
async function recalculateHere(driver: SqlDriver, opts: RecalculateFlags, request: RecalculationRequest, redisUrl: string | null): Promise<RecalculationRow> {
  const tty = process.stderr.isTTY && !opts.json;
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  try {
    const tenant = await findTenantByName(driver, opts.tenant);
    if (!tenant) throw new Error(`--tenant: no tenant ${opts.tenant}`);
    let created: RecalculationRow;
    try {
      created = await createRecalculationFor(driver, tenant.id, request);
    } catch (err) {
      if (!(err instanceof RecalculationInputError)) throw err;
      throw new Error(err.issues.map((i) => (i.field ? `${FLAG[i.field] ?? i.field}: ${i.message}` : i.message)).join('; '));
    }
    let last = 0;
    let row: RecalculationRow;
    try {
      row = await runRecalculation(driver, tenant.id, created.id, {
        signal: stop.signal,
        onProgress: tty
          ? (s) => {
              // At most a few redraws a second, and always the last one.
              if (s.processed < s.selected && performance.now() - last < 250) return;
              last = performance.now();
              process.stderr.write(`\r${progressLine(s)}\u001b[K`);
            }
          : undefined,
      });
    } catch (err) {
      throw new Error(`recalculation ${created.id} failed: ${(err as Error).message}`, { cause: err });
    } finally {
      if (tty) process.stderr.write('\n');
    }
    if (row.recalculated > 0 && redisUrl) await invalidateResponses(redisUrl);
    return row;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** The server words a scope problem with the API's field names; the command names its flags. */
function flagWording(message: string): string {
  return message.replace('querystring.tenant', '--tenant').replace(/body\.([a-z_]+)/g, (_, f: string) => FLAG[f] ?? f);
}

export function registerRecalculateCommands(program: Command): void {
  program
    .command('recalculate')
    .description(
      'recompute stored results with the factors current now (for a batch, a period, a data set, or all); changed results are superseded by new ones, the old ones stay readable (docs/recalculation.md)',
    )
    .option('--tenant <name>', 'tenant whose results to recalculate', 'default')
    .option('--batch <id>', 'results of one ingest batch')
    .option('--from <date>', 'first record date, inclusive (YYYY-MM-DD)')
    .option('--to <date>', 'last record date, inclusive (YYYY-MM-DD)')
    .option('--dataset <dataset>', 'results whose factor came from this data set: "builtin", a source id (src_…) or a source name')
    .option('--dataset-version <version>', 'with --dataset as a source name: one version of it')
    .option('--all', 'every current result of the tenant')
    .option('--json', 'print the recalculation as JSON')
    .action(async (opts: RecalculateFlags) => {
      if (opts.all && (opts.batch || opts.from || opts.to || opts.dataset))
        throw new Error('--all recalculates every result: give it alone, or narrow with --batch, --from/--to, --dataset instead');
      if (!opts.all && !opts.batch && !opts.from && !opts.to && !opts.dataset)
        throw new Error('say what to recalculate: --batch ID, --from DATE --to DATE, --dataset X, or --all');
      const config = loadConfig();
      const request = { batchId: opts.batch, from: opts.from, to: opts.to, dataset: opts.all ? 'all' : opts.dataset, datasetVersion: opts.datasetVersion };
      const started = performance.now();
      const row = await withDatabase(config, {
        local: (rt) => recalculateHere(rt.driver, opts, request, config.redisUrl),
        async server(link) {
          try {
            return (await link.call<{ row: RecalculationRow }>('POST', '/recalculations', { json: request, query: { tenant: opts.tenant } })).body.row;
          } catch (err) {
            if (err instanceof ServerProblem && err.status === 400) throw new Error(flagWording(err.message));
            throw err;
          }
        },
      });
      console.log(opts.json ? JSON.stringify(recalculationAnswer(row), null, 2) : summary(row, (performance.now() - started) / 1000));
    });
}
