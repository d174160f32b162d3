/** The `greenline` command. `serve` is the default. */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Verification } from '../calculate/verify.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { IMPORT_FORMATS, type ImportFormat } from '../domain/factors/importers/index.ts';
import { camelCaseKeys, snakeCaseKeys } from '../http/snake-case.ts';
import type { ImportSummary } from '../jobs/import-factor-file.ts';
import { ServerProblem, withDatabase } from './server-link.ts';

function portArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be an integer 0–65535');
  return n;
}

/**
 * Command groups in modules of their own, by the top-level names each adds. Only the group a
 * command line names is loaded, so `greenline keys create` does not load the benchmark, SLO or
 * ingest code (together ~1 s of start-up); help and anything else load them all.
 */
const GROUPS: Array<[names: readonly string[], load: () => Promise<(program: Command) => void>]> = [
  [['keys'], async () => (await import('./keys.ts')).registerKeyCommands],
  [['bench'], async () => (await import('../perf/bench/cli.ts')).registerBenchCommands],
  [['ingest', 'worker', 'gen'], async () => (await import('./ingest.ts')).registerIngestCommands],
  [['slo'], async () => (await import('./slo.ts')).registerSloCommands],
  [['recalculate'], async () => (await import('./recalculate.ts')).registerRecalculateCommands],
  [['cbam'], async () => (await import('./cbam.ts')).registerCbamCommands],
  [['suppliers'], async () => (await import('./suppliers.ts')).registerSupplierCommands],
  [['profile'], async () => (await import('./profile.ts')).registerProfileCommands],
  [['db'], async () => (await import('./db.ts')).registerDbCommands],
  [['doctor'], async () => (await import('./doctor.ts')).registerDoctorCommands],
  [['classify'], async () => (await import('./classify.ts')).registerClassifyCommands],
];

/** Commands defined in this file: they need no group. */
const OWN_COMMANDS = ['serve', 'migrate', 'factors', 'dashboard', 'loadtest', 'verify'];

/** The groups to register for these arguments: the one named first, none for this file's commands, else all (help, typos). */
function groupsFor(args: readonly string[]): typeof GROUPS {
  const named = args.find((a) => !a.startsWith('-'));
  if (named !== undefined && OWN_COMMANDS.includes(named)) return [];
  const group = GROUPS.find(([names]) => named !== undefined && names.includes(named));
  return group ? [group] : GROUPS;
}

const program = new Command('greenline').description('Greenline: Scope 3 and CBAM carbon accounting, fast and auditable').showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('run the API server (embedded PGlite unless DATABASE_URL is set)')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)', portArg)
  .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
  .option('--memory', 'use a throwaway in-memory database')
  .action(async (opts: { port?: number; host?: string; memory?: boolean }) => {
    // Loaded per command, so `greenline ingest` does not carry the web server (and the reverse).
    const { serve } = await import('./serve.ts');
    await serve(loadConfig(process.env, opts));
  });

program
  .command('migrate')
  .description('bring the database schema up to date (also done on every start)')
  .action(async () => {
    await withDatabase(loadConfig(), {
      async local(rt) {
        console.log(rt.migrationsApplied.length ? `applied migrations ${rt.migrationsApplied.join(', ')}` : 'schema already current');
      },
      async server(link) {
        const { body } = await link.call<{ pid: number; migrations: number[] }>('GET', '/status');
        const { migrations } = await import('../store/migrations/index.ts');
        const missing = migrations.filter((m) => !body.migrations.includes(m.version)).map((m) => m.version);
        if (missing.length > 0) throw new Error(`the running server (process ${body.pid}) predates migrations ${missing.join(', ')}: restart it to apply them`);
        console.log(`schema already current (the running server, process ${body.pid}, brought it up to date when it started)`);
      },
    });
  });

const factors = program.command('factors').description('emission factor data sets');
factors
  .command('import')
  .description('import a public factor data set (idempotent: the same file twice changes nothing)')
  .addOption(new Option('--format <format>', 'file format').choices(IMPORT_FORMATS).makeOptionMandatory())
  .argument('<file>', 'path to the file')
  .action(async (file: string, opts: { format: ImportFormat }) => {
    const config = loadConfig();
    const started = performance.now();
    const s = await withDatabase(config, {
      async local(rt) {
        const { importFactorFile } = await import('../jobs/import-factor-file.ts');
        const summary = await importFactorFile(rt.driver, opts.format, file);
        if (summary.status === 'imported' && config.redisUrl) {
          // Running servers drop their cached factors and factor responses (they would expire anyway).
          const { invalidateFactorCaches } = await import('../store/factor-cache.ts');
          await invalidateFactorCaches(config.redisUrl);
        }
        return summary;
      },
      async server(link) {
        // The server imports the uploaded file and drops its cached factors itself.
        await access(file).catch(() => {
          throw new Error(`cannot read ${file}: no such file`);
        });
        const body = createReadStream(file);
        const { body: answer } = await link.call<Record<string, unknown>>('POST', '/factors/import', {
          body,
          query: { format: opts.format, name: basename(file) },
        });
        return camelCaseKeys(answer) as unknown as ImportSummary;
      },
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      s.status === 'unchanged'
        ? `${s.file}: already imported (${s.rows} rows${s.datasetVersion ? `, version ${s.datasetVersion}` : ''}); nothing changed`
        : `${s.file}: imported ${s.inserted} of ${s.rows} rows${s.datasetVersion ? ` as version ${s.datasetVersion}` : ''} in ${ms} ms`,
    );
  });

for (const [, load] of groupsFor(process.argv.slice(2))) (await load())(program);

program
  .command('dashboard')
  .description('the live dashboard of a running server: where it is, a terminal view, or a JSON snapshot (docs/observability.md#live-dashboard)')
  .option('--url <url>', 'the server (env GREENLINE_URL, default http://127.0.0.1:$PORT, PORT 3000 unless set)')
  .option('--terminal', 'show the dashboard in this terminal, redrawn every --interval ms')
  .option('--interval <ms>', 'terminal refresh period in ms', '2000')
  .option('--once', 'with --terminal: print one view and exit')
  .option('--export <file>', 'write one snapshot as JSON to this file and exit')
  .action(async (opts: import('./dashboard.ts').DashboardOptions) => {
    const { runDashboard } = await import('./dashboard.ts');
    await runDashboard(opts);
  });

program
  .command('loadtest')
  .description('load test a server: sustained, spike, capacity or endurance; SLO gates set the exit code (docs/loadtest.md)')
  .argument('[scenario]', 'scenario YAML file (loadtest/*.yaml); without one, a built-in class from the flags')
  .option('--class <name>', 'built-in Greenline class: calculation, batch, supplier-reads, reporting, mixed (default mixed)')
  .option('--kind <kind>', 'sustained, spike, capacity or endurance')
  .option('--model <model>', 'closed (virtual users) or open (arrival rate)')
  .option('--users <n>', 'closed model: users to hold (replaces the stages, with --duration and --ramp)')
  .option('--rate <n>', 'open model: arrivals per second to hold (implies --model open)')
  .option('--duration <d>', 'hold time, e.g. 30s, 5m (default 30s)')
  .option('--ramp <d>', 'ramp-up and ramp-down time, e.g. 10s')
  .option('--think <d>', 'think time after each answer: 200ms or 100ms..500ms')
  .option('--target <url>', 'server origin (env GREENLINE_URL, default http://127.0.0.1:$PORT, PORT 3000 unless set)')
  .option('--api-key <key>', 'API key (env GREENLINE_API_KEY); create one with greenline keys create')
  .option('--workers <n>', 'worker threads generating load (default 1)')
  .option('--connections <n>', 'open model: connections to open (default 100)')
  .option('--p95 <d>', 'gate: p95 latency at most, e.g. 500ms')
  .option('--p99 <d>', 'gate: p99 latency at most')
  .option('--max-error-rate <f>', 'gate: error rate at most, e.g. 1%')
  .option('--min-throughput <n>', 'gate: successful requests per second at least')
  .option('--no-co-correction', 'open model: time from the actual send, not the intended one (for comparison only)')
  .option('--json <file>', 'write the results as JSON')
  .option('--html <file>', 'write a self-contained HTML report with charts')
  .option('--no-progress', 'no live progress line')
  .action(async (file: string | undefined, opts: import('./loadtest.ts').LoadtestFlags) => {
    const { runLoadtestCommand } = await import('./loadtest.ts');
    process.exitCode = await runLoadtestCommand(file, opts);
  });

program
  .command('verify')
  .description('recompute a stored calculation from its inputs and factors; exit 1 on a mismatch')
  .argument('<calculation-id>', 'the id returned by POST /v1/calculations')
  .option('--json', 'print the verification as JSON')
  .action(async (id: string, opts: { json?: boolean }) => {
    const { verifyCalculation } = await import('../calculate/verify.ts');
    const v = await withDatabase(loadConfig(), {
      local: (rt) => verifyCalculation(rt.driver, null, id),
      async server(link) {
        try {
          return camelCaseKeys(
            (await link.call<Record<string, unknown>>('POST', `/calculations/${encodeURIComponent(id)}/verify`)).body,
          ) as unknown as Verification;
        } catch (err) {
          if (err instanceof ServerProblem && err.status === 404) return null;
          throw err;
        }
      },
    });
    if (!v) {
      console.error(`greenline: no calculation ${id}`);
      process.exitCode = 2;
      return;
    }
    if (opts.json) console.log(JSON.stringify(snakeCaseKeys(v), null, 2));
    else if (v.status === 'match') console.log(`${id}: match (${v.stored.kgCo2e} kg CO2e, lineage ${v.stored.lineageHash.slice(0, 16)}…)`);
    else console.log(`${id}: MISMATCH\n${v.differences.map((d) => `  - ${d}`).join('\n')}`);
    if (v.status !== 'match') process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  console.error(`greenline: ${message}`);
  process.exit(1);
}
