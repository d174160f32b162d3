/**
 * `greenline doctor`: checks this machine's configuration (Node, settings, database and
 * migrations, Redis) and a running server (readiness, pool, caches, event loop, memory growth,
 * errors, SLO burn, slow and N+1 queries), printing each finding with its evidence and fix.
 * Exit 1 when a finding reaches --fail-on (default error), for CI. docs/troubleshooting.md.
 */
import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type Config, loadConfig } from '../config.ts';
import { atLeast, diagnoseLocal, diagnoseServer, type Finding, formatFindings, type LocalEvidence, type Severity, worst } from '../doctor/checks.ts';
import { gatherServer } from '../doctor/gather.ts';
import { findServer, ServerLink } from './server-link.ts';

interface DoctorFlags {
  url?: string;
  key?: string;
  local?: boolean;
  sample: number;
  json?: boolean;
  failOn: Severity;
}

const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: no answer in ${ms / 1000} s`)), ms).unref())]);

/** The schema version of the configured database, read without migrating it. */
async function localDatabase(config: Config): Promise<LocalEvidence['database']> {
  const { latestVersion, appliedVersion } = await import('../store/migrate.ts');
  const expected = latestVersion();
  const kind = config.databaseUrl ? 'postgres' : 'pglite';
  if (!config.databaseUrl) {
    // The embedded database: a running server holds it (ask it), or it is opened here read-only in effect.
    const server = findServer(config.dataDir);
    if (server) {
      const { body } = await new ServerLink(server).call<{ migrations: number[] }>('GET', '/status');
      return { kind: `pglite, held by server process ${server.pid}`, reachable: true, applied: Math.max(...body.migrations), expected };
    }
    if (!existsSync(config.dataDir)) return { kind, reachable: true, applied: null, expected };
  }
  try {
    const { openDriver } = await import('../store/open.ts');
    const driver = await withTimeout(openDriver(config), 10_000, 'opening the database');
    try {
      return { kind, reachable: true, applied: await appliedVersion(driver), expected };
    } finally {
      await driver.close();
    }
  } catch (err) {
    return { kind, reachable: false, error: (err as Error).message };
  }
}

async function localRedis(url: string | null): Promise<LocalEvidence['redis']> {
  if (url === null) return null;
  const { createRedisClient } = await import('../cache/index.ts');
  const redis = createRedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      2_000,
      'PING',
    );
    return { url, reachable: true };
  } catch (err) {
    return { url, reachable: false, error: (err as Error).message };
  } finally {
    redis.disconnect();
  }
}

async function diagnoseThisMachine(): Promise<{ config: Config | null; findings: Finding[] }> {
  let config: Config | null = null;
  let configError = '';
  try {
    config = loadConfig();
  } catch (err) {
    configError = (err as Error).message;
  }
  const evidence: LocalEvidence = {
    nodeVersion: process.version,
    config: config ? { ok: true } : { ok: false, error: configError },
    database: config ? await localDatabase(config) : null,
    redis: config ? await localRedis(config.redisUrl) : null,
  };
  return { config, findings: diagnoseLocal(evidence) };
}

function seconds(v: string): number {
  const n = Number(v.replace(/s$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 600) throw new InvalidArgumentError('must be 0–600 seconds, e.g. 5 or 5s');
  return n;
}

export async function runDoctor(flags: DoctorFlags): Promise<number> {
  const local = await diagnoseThisMachine();
  const sections: Array<{ title: string; findings: Finding[] }> = [{ title: 'this machine', findings: local.findings }];
  if (!flags.local) {
    const url = flags.url ?? local.config?.serverUrl ?? 'http://127.0.0.1:3000';
    const key = flags.key ?? local.config?.apiKey ?? null;
    const server = await gatherServer(url, key, flags.sample, (s) => {
      if (!flags.json) process.stderr.write(`reading ${url} twice, ${s} s apart…\n`);
    });
    let findings = diagnoseServer(server);
    // No server where none was asked for is not an error: say so and check the machine only.
    if (!server.readiness.reachable && flags.url === undefined)
      findings = findings.map((f) => ({ ...f, severity: 'info' as const, fix: 'start one (`npm start`) to check it too' }));
    sections.push({ title: `server ${server.url}`, findings });
  }
  const all = sections.flatMap((s) => s.findings);
  if (flags.json) console.log(JSON.stringify({ worst: worst(all), sections }, null, 2));
  else console.log(sections.map((s) => formatFindings(`== ${s.title}`, s.findings)).join('\n'));
  return all.some((f) => atLeast(f.severity, flags.failOn)) ? 1 : 0;
}

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description('check this machine and a running server; each finding with evidence and fix; exit 1 at --fail-on (docs/troubleshooting.md)')
    .option('--url <url>', 'the server to check (env GREENLINE_URL, default http://127.0.0.1:$PORT)')
    .option('--key <key>', 'API key sent to the server (env GREENLINE_API_KEY)')
    .option('--local', 'check this machine only')
    .option('--sample <seconds>', 'seconds between the two readings of the server (rates, memory growth); 0 reads once', seconds, 5)
    .option('--json', 'print the findings as JSON')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['warn', 'error']).default('error'))
    .action(async (flags: DoctorFlags) => {
      process.exitCode = await runDoctor(flags);
    });
}
