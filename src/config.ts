/**
 * One typed configuration, read from the environment and CLI flags and validated at start.
 * Every setting has a sane default so `npm start` works on a fresh machine.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export interface PoolConfig {
  /** Connections kept at most (pg-pool has no separate overflow: size + overflow). */
  max: number;
  /** How long a request waits for a free connection before failing (ms). */
  acquireTimeoutMs: number;
  /** Idle connections are closed after this long (ms). */
  idleTimeoutMs: number;
  /** Connections are recycled after this age (s), so server-side memory and DNS changes don't stick. */
  maxLifetimeSeconds: number;
  /** Server-side statement_timeout for every query (ms). */
  statementTimeoutMs: number;
  applicationName: string;
  /** A connection idle longer than this is validated with `SELECT 1` on checkout (ms). */
  validateAfterIdleMs: number;
}

export interface Config {
  port: number;
  host: string;
  /** `postgres://…` switches to node-postgres; absent means embedded PGlite. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files; null with `memory`. */
  dataDir: string;
  memory: boolean;
  pool: PoolConfig;
  bootstrapKey: string | null;
  bodyLimitBytes: number;
  logLevel: string;
  /** GREENLINE_LOG_FORMAT: `pretty` (one readable line per event), `json` (pino's lines), or `auto`: pretty on a terminal. */
  logFormat: 'pretty' | 'json' | 'auto';
  /** Secret for signing pagination cursors; defaults to a per-database value. */
  cursorSecret: string | null;
  /** `redis://…`: bulk ingest is split into chunk jobs on a queue that `greenline worker`s share. */
  redisUrl: string | null;
  /** Largest accepted upload to POST /v1/batches. */
  uploadLimitBytes: number;
  /** How often the live dashboard takes a snapshot and pushes it to /dashboard/stream (ms). */
  dashboardIntervalMs: number;
  /** Request metrics, `GET /metrics` and the live dashboard (GREENLINE_METRICS=0 turns them off). */
  metrics: boolean;
  /** Big calculation batches split with a worker thread (GREENLINE_CALC_THREADS=0 keeps them on the request thread). */
  calculationThreads: boolean;
  /** Threads POST /v1/suppliers/match matches on, each holding the tenants' matchers (GREENLINE_SUPPLIER_MATCH_THREADS; 0 = on the request thread). */
  supplierMatchThreads: number;
  /** The BullMQ queue of distributed ingest; separates installations sharing one Redis. */
  ingestQueue: string;
  /** How long a `greenline worker` holds a chunk job's lock before another worker may take it (ms). */
  workerLockMs: number;
  /** Bulk ingest takes its spend fast path (GREENLINE_INGEST_FAST_PATH=0 turns it off). */
  ingestFastPath: boolean;
  /** The server that client commands (`slo status`, `dashboard`, `loadtest`) talk to, without a trailing `/`. */
  serverUrl: string;
  /** The API key `loadtest` sends when its scenario names none. */
  apiKey: string | null;
  /** Requests each API key may make per minute on /v1 (429 beyond); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Uploads (POST /v1/batches) in flight at once on this instance (503 beyond); 0 turns the limit off. */
  uploadConcurrency: number;
  /** GREENLINE_PROFILING=on: the server takes CPU profiles of itself for an admin (docs/profiling.md); off by default. */
  profiling: boolean;
  /** GREENLINE_SLOW_QUERY_MS: a statement slower than this is logged (redacted) and counted in greenline_db_slow_queries_total; 0 turns the log off. */
  slowQueryMs: number;
  /** GREENLINE_N_PLUS_ONE_THRESHOLD: one query fingerprint run this often in one request is reported as an N+1; 0 turns detection off. */
  nPlusOneThreshold: number;
  /** GREENLINE_N_PLUS_ONE_SAMPLE: share of the time N+1 detection is on, in one-second windows (default 0.2; 1 = every request). */
  nPlusOneSample: number;
  /** The LLM gateway (GREENLINE_LLM_BASE_URL and friends); null, the default, turns it off. */
  llm: LlmConfig | null;
}

/** The LLM gateway's upstream, an OpenAI-compatible HTTP API (docs/intelligence.md). */
export interface LlmConfig {
  /** GREENLINE_LLM_BASE_URL, without a trailing `/`: e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama). */
  baseUrl: string;
  /** GREENLINE_LLM_API_KEY, sent as `Authorization: Bearer …`; null for a local server that needs none. */
  apiKey: string | null;
  /** GREENLINE_LLM_TIMEOUT_MS: one attempt's limit, until the whole answer (or a stream's next chunk) arrives. */
  timeoutMs: number;
  /** GREENLINE_LLM_MAX_RETRIES: further attempts on 429, 5xx and network errors, per model. */
  maxRetries: number;
  /** GREENLINE_LLM_RETRY_BASE_MS: the first retry waits up to this (full jitter), doubling each time. */
  retryBaseMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface ConfigFlags {
  port?: number | string | undefined;
  memory?: boolean | undefined;
  host?: string | undefined;
}

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

const BOOLEANS: Record<string, boolean> = { '1': true, true: true, on: true, yes: true, '0': false, false: false, off: false, no: false };

function logFormat(raw: string | undefined): Config['logFormat'] {
  const value = raw?.trim().toLowerCase() || 'auto';
  if (value !== 'pretty' && value !== 'json' && value !== 'auto') throw new ConfigError('GREENLINE_LOG_FORMAT', `must be pretty, json or auto, got "${raw}"`);
  return value;
}

function boolSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = BOOLEANS[raw.toLowerCase()];
  if (value === undefined) throw new ConfigError(name, `must be 1 (on) or 0 (off), got "${raw}"`);
  return value;
}

/** GREENLINE_URL, or this machine at the configured port. */
function serverUrl(raw: string | undefined, port: number): string {
  const given = raw?.trim();
  if (!given) return `http://127.0.0.1:${port}`;
  let protocol: string;
  try {
    protocol = new URL(given).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError('GREENLINE_URL', `must be an http:// or https:// URL, like http://127.0.0.1:3000, got "${given}"`);
  return given.replace(/\/+$/, '');
}

/**
 * GREENLINE_RATE_LIMIT_PER_MINUTE when not set: 200 requests/s per key on average, twice what this
 * 2-core machine serves of the mixed load test (docs/loadtest.md), so only a runaway client meets it.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 12_000;
/** GREENLINE_UPLOAD_CONCURRENCY when not set. */
export const DEFAULT_UPLOAD_CONCURRENCY = 4;

/** The ingest queue's name when GREENLINE_INGEST_QUEUE is not set. */
export const DEFAULT_INGEST_QUEUE = 'greenline-ingest';

function ingestQueue(raw: string | undefined): string {
  const name = raw?.trim() || DEFAULT_INGEST_QUEUE;
  // BullMQ separates its Redis keys with ':'.
  if (name.includes(':')) throw new ConfigError('GREENLINE_INGEST_QUEUE', `must not contain ":", got "${name}"`);
  return name;
}

function redisUrl(raw: string | undefined): string | null {
  const url = raw?.trim() || null;
  if (url && !/^rediss?:\/\//.test(url)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  return url;
}

/** 0 (off) or at least 2: a statement run once is not a repeat. */
function nPlusOneThreshold(env: Env): number {
  const n = intSetting(env, 'GREENLINE_N_PLUS_ONE_THRESHOLD', 10, 0, 1_000_000);
  if (n === 1) throw new ConfigError('GREENLINE_N_PLUS_ONE_THRESHOLD', 'must be 0 (off) or at least 2, got "1"');
  return n;
}

/** GREENLINE_SUPPLIER_MATCH_THREADS' default: one per core up to two; none on one core (docs/suppliers.md#speed). */
export function defaultSupplierMatchThreads(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(2, cores) : 0;
}

/** GREENLINE_N_PLUS_ONE_SAMPLE's default: detection on one second in five. */
export const DEFAULT_N_PLUS_ONE_SAMPLE = 0.2;

/** A share of the time, more than 0 and at most 1. */
function nPlusOneSample(env: Env): number {
  const raw = env.GREENLINE_N_PLUS_ONE_SAMPLE?.trim();
  if (raw === undefined || raw === '') return DEFAULT_N_PLUS_ONE_SAMPLE;
  const n = Number(raw);
  if (!(n > 0 && n <= 1)) throw new ConfigError('GREENLINE_N_PLUS_ONE_SAMPLE', `must be a share above 0 and at most 1 (1 = every request), got "${raw}"`);
  return n;
}

function llmConfig(env: Env): LlmConfig | null {
  const raw = env.GREENLINE_LLM_BASE_URL?.trim();
  if (!raw) return null;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {}
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new ConfigError('GREENLINE_LLM_BASE_URL', `must be an http:// or https:// URL, like http://127.0.0.1:11434/v1, got "${raw}"`);
  return {
    baseUrl: raw.replace(/\/+$/, ''),
    apiKey: env.GREENLINE_LLM_API_KEY?.trim() || null,
    timeoutMs: intSetting(env, 'GREENLINE_LLM_TIMEOUT_MS', 60_000, 100, 3_600_000),
    maxRetries: intSetting(env, 'GREENLINE_LLM_MAX_RETRIES', 2, 0, 10),
    retryBaseMs: intSetting(env, 'GREENLINE_LLM_RETRY_BASE_MS', 250, 0, 60_000),
  };
}

export function loadConfig(env: Env = process.env, flags: ConfigFlags = {}): Config {
  const portRaw = flags.port ?? env.PORT;
  const port = portRaw === undefined ? 3000 : Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('port', `must be an integer 0–65535, got "${portRaw}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: resolve(env.GREENLINE_DATA_DIR ?? '.greenline'),
    memory: flags.memory ?? env.GREENLINE_MEMORY === '1',
    pool: {
      max: intSetting(env, 'GREENLINE_POOL_MAX', 20, 1, 1000),
      acquireTimeoutMs: intSetting(env, 'GREENLINE_POOL_ACQUIRE_TIMEOUT_MS', 30_000, 1, 600_000),
      idleTimeoutMs: intSetting(env, 'GREENLINE_POOL_IDLE_TIMEOUT_MS', 30_000, 0, 3_600_000),
      maxLifetimeSeconds: intSetting(env, 'GREENLINE_POOL_MAX_LIFETIME_S', 3600, 0, 86_400),
      statementTimeoutMs: intSetting(env, 'GREENLINE_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000),
      applicationName: env.GREENLINE_APPLICATION_NAME ?? 'greenline',
      validateAfterIdleMs: intSetting(env, 'GREENLINE_POOL_VALIDATE_AFTER_MS', 10_000, 0, 3_600_000),
    },
    bootstrapKey: env.GREENLINE_BOOTSTRAP_KEY?.trim() || null,
    bodyLimitBytes: intSetting(env, 'GREENLINE_BODY_LIMIT_BYTES', 16 * 1024 * 1024, 1024, 1024 ** 3),
    logLevel: env.LOG_LEVEL ?? 'info',
    logFormat: logFormat(env.GREENLINE_LOG_FORMAT),
    cursorSecret: env.GREENLINE_CURSOR_SECRET ?? null,
    redisUrl: redisUrl(env.REDIS_URL),
    uploadLimitBytes: intSetting(env, 'GREENLINE_UPLOAD_LIMIT_BYTES', 2 * 1024 ** 3, 1024, 64 * 1024 ** 3),
    dashboardIntervalMs: intSetting(env, 'GREENLINE_DASHBOARD_INTERVAL_MS', 2_000, 100, 3_600_000),
    metrics: boolSetting(env, 'GREENLINE_METRICS', true),
    calculationThreads: boolSetting(env, 'GREENLINE_CALC_THREADS', true),
    supplierMatchThreads: intSetting(env, 'GREENLINE_SUPPLIER_MATCH_THREADS', defaultSupplierMatchThreads(), 0, 16),
    ingestQueue: ingestQueue(env.GREENLINE_INGEST_QUEUE),
    workerLockMs: intSetting(env, 'GREENLINE_WORKER_LOCK_MS', 30_000, 1_000, 3_600_000),
    ingestFastPath: boolSetting(env, 'GREENLINE_INGEST_FAST_PATH', true),
    serverUrl: serverUrl(env.GREENLINE_URL, port),
    apiKey: env.GREENLINE_API_KEY?.trim() || null,
    rateLimitPerMinute: intSetting(env, 'GREENLINE_RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 0, 10_000_000),
    uploadConcurrency: intSetting(env, 'GREENLINE_UPLOAD_CONCURRENCY', DEFAULT_UPLOAD_CONCURRENCY, 0, 1000),
    profiling: boolSetting(env, 'GREENLINE_PROFILING', false),
    slowQueryMs: intSetting(env, 'GREENLINE_SLOW_QUERY_MS', 500, 0, 3_600_000),
    nPlusOneThreshold: nPlusOneThreshold(env),
    nPlusOneSample: nPlusOneSample(env),
    llm: llmConfig(env),
  };
}
