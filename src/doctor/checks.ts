/**
 * `greenline doctor`'s verdicts: each check reads the evidence gathered from a running server
 * (dashboard snapshots, /metrics, /readyz) or from the local configuration, and gives a finding
 * with its severity, the evidence in numbers and the fix. Pure: gather.ts does the I/O.
 * Thresholds are documented in docs/troubleshooting.md#greenline-doctor.
 */
import { DASHBOARD_METRICS, type Snapshot } from '../dashboard/snapshot.ts';
import { N_PLUS_ONE_METRICS } from '../metrics/n-plus-one.ts';
import { METRIC_PREFIX } from '../metrics/registry.ts';
import type { Sample } from '../slo/metrics-text.ts';

export type Severity = 'ok' | 'info' | 'warn' | 'error';

export interface Finding {
  check: string;
  severity: Severity;
  /** One line: what was found. */
  summary: string;
  /** The numbers behind it. */
  evidence: string;
  /** What to do; empty when nothing. */
  fix: string;
}

/** What /readyz answered, or why it could not be read. */
export type Readiness =
  | {
      reachable: true;
      status: string;
      database: { driver: string; reachable: boolean; error?: string };
      migrations: { applied: number | null; expected: number };
    }
  | { reachable: false; error: string };

/** Evidence from a running server: two snapshots `sampleSeconds` apart, its metrics, its readiness. */
export interface ServerEvidence {
  url: string;
  readiness: Readiness;
  first: Snapshot | null;
  last: Snapshot | null;
  sampleSeconds: number;
  metrics: readonly Sample[] | null;
}

/** Evidence from this machine: Node, the configuration, the database and Redis it names. */
export interface LocalEvidence {
  nodeVersion: string;
  config: { ok: true } | { ok: false; error: string };
  database: { kind: string; reachable: true; applied: number | null; expected: number } | { kind: string; reachable: false; error: string } | null;
  redis: { url: string; reachable: boolean; error?: string } | null;
}

const SEVERITY_RANK: Record<Severity, number> = { ok: 0, info: 1, warn: 2, error: 3 };

/** The worst severity among findings ('ok' for none). */
export function worst(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'ok');
}

/** Whether `severity` is at least `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

const finding = (check: string, severity: Severity, summary: string, evidence: string, fix = ''): Finding => ({ check, severity, summary, evidence, fix });
const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(v < 0.01 ? 2 : 1)}%`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The supported Node.js majors: package.json's engines (20 and later). */
export const MIN_NODE_MAJOR = 20;

export function checkNode(version: string): Finding {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= MIN_NODE_MAJOR
    ? finding('node', 'ok', `Node.js ${version}`, `${version} ≥ ${MIN_NODE_MAJOR}`)
    : finding('node', 'error', `Node.js ${version} is too old`, `${version} < ${MIN_NODE_MAJOR}`, `install Node.js ${MIN_NODE_MAJOR} or later`);
}

export function checkMigrations(applied: number | null, expected: number, where: string): Finding {
  if (applied === expected) return finding('migrations', 'ok', `schema current (${where})`, `migration ${applied} of ${expected}`);
  if (applied !== null && applied > expected)
    return finding(
      'migrations',
      'warn',
      `the database is newer than this Greenline (${where})`,
      `migration ${applied}, this version knows ${expected}`,
      'upgrade Greenline to the version that wrote the schema',
    );
  return finding(
    'migrations',
    'error',
    `schema not current (${where})`,
    `migration ${applied ?? 'none'} of ${expected}`,
    'run `npx greenline migrate` (a server applies them when it starts)',
  );
}

export function checkReadiness(r: Readiness): Finding[] {
  if (!r.reachable) return [finding('server', 'error', 'the server did not answer /readyz', r.error, 'start it (`npm start`) or pass --url')];
  if (!r.database.reachable)
    return [
      finding(
        'database',
        'error',
        `the server cannot reach its database (${r.database.driver})`,
        r.database.error ?? 'unreachable',
        'check DATABASE_URL and that PostgreSQL is running',
      ),
    ];
  return [
    finding('database', 'ok', `database reachable (${r.database.driver})`, `/readyz: ${r.status}`),
    checkMigrations(r.migrations.applied, r.migrations.expected, 'server'),
  ];
}

/** Pool saturation and acquire waits: requests queue for a connection before their query runs. */
export function checkPool(s: Snapshot): Finding {
  const { total, idle, waiting, max, acquireWaitMs } = s.pool;
  const busy = total - idle;
  const evidence = `${busy} of ${max} connections busy, ${waiting} waiting, mean acquire wait ${acquireWaitMs === null ? 'n/a' : ms(acquireWaitMs)}`;
  const fix =
    'raise GREENLINE_POOL_MAX if PostgreSQL has connections to spare, else find the slow or repeated queries holding them (`npx greenline db explain`)';
  if (waiting > 0 && (acquireWaitMs ?? 0) >= 50) return finding('pool', 'error', 'requests wait for a database connection', evidence, fix);
  if (waiting > 0 || (acquireWaitMs ?? 0) >= 5 || (max > 0 && busy / max >= 0.9))
    return finding('pool', 'warn', 'the connection pool is near saturation', evidence, fix);
  return finding('pool', 'ok', 'connection pool has room', evidence);
}

/** Caches with enough lookups to judge and a low hit ratio; L2 (Redis) errors mean Redis is unreachable. */
export function checkCaches(s: Snapshot, metrics: readonly Sample[] | null): Finding[] {
  const out: Finding[] = [];
  for (const c of s.caches) {
    const ratio = c.hitRatio ?? c.hitRatioSinceStart;
    if (ratio === null) continue;
    const evidence = `hit ratio ${pct(ratio)}${c.lookupsPerSecond === null ? '' : ` at ${c.lookupsPerSecond.toFixed(1)} lookups/s`}`;
    if (ratio < 0.5)
      out.push(
        finding(
          `cache ${c.name}`,
          'warn',
          `cache ${c.name} misses more than it hits`,
          evidence,
          'see docs/troubleshooting.md#low-cache-hit-rate: TTLs, key cardinality, invalidations, memory bound',
        ),
      );
    else out.push(finding(`cache ${c.name}`, 'ok', `cache ${c.name} hits`, evidence));
  }
  const l2 = (result: string) =>
    (metrics ?? [])
      .filter((m) => m.name === DASHBOARD_METRICS.cacheOperations && m.labels.level === 'l2' && m.labels.result === result)
      .reduce((t, m) => t + m.value, 0);
  const errors = l2('error') + l2('skipped');
  if (metrics !== null && errors > 0)
    out.push(
      finding(
        'redis',
        'warn',
        'Redis (the shared L2 cache) failed or was skipped',
        `${errors} L2 operations failed or skipped since start`,
        'check REDIS_URL and that Redis runs; the server keeps answering from L1 and the database meanwhile',
      ),
    );
  return out;
}

export function checkEventLoop(s: Snapshot): Finding {
  const e = s.eventLoop;
  if (e === null) return finding('event loop', 'info', 'event-loop delay not measured yet', 'the server has taken one reading');
  const evidence = `delay p99 ${ms(e.p99Ms)}, max ${ms(e.maxMs)}, mean ${ms(e.meanMs)}`;
  const fix = 'something blocks the event loop: profile it (`npx greenline profile cpu --url … --seconds 10`) and move the work off the request path';
  if (e.p99Ms >= 500) return finding('event loop', 'error', 'the event loop is blocked for long stretches', evidence, fix);
  if (e.p99Ms >= 100) return finding('event loop', 'warn', 'the event loop lags', evidence, fix);
  return finding('event loop', 'ok', 'event loop responsive', evidence);
}

/** Heap growth between the two snapshots; one short sample only hints, a heap profile decides. */
export function checkMemory(first: Snapshot, last: Snapshot, seconds: number): Finding {
  const grew = last.memory.heapUsedBytes - first.memory.heapUsedBytes;
  const evidence = `heap used ${mb(first.memory.heapUsedBytes)} → ${mb(last.memory.heapUsedBytes)} in ${seconds} s, RSS ${mb(last.memory.rssBytes)}`;
  if (grew > 50 * 1_048_576 && grew > 0.2 * first.memory.heapUsedBytes)
    return finding(
      'memory',
      'warn',
      'the heap grew fast while sampled',
      evidence,
      'take heap snapshots over a longer run: `npx greenline profile heap --url … --snapshots 4`',
    );
  return finding('memory', 'ok', 'no fast heap growth', evidence);
}

export function checkErrors(s: Snapshot): Finding[] {
  const out: Finding[] = [];
  for (const g of s.http.groups) {
    if (g.errorRate === null || g.requests === 0) continue;
    const evidence = `${pct(g.errorRate)} 5xx of ${g.requests} requests, p99 ${g.p99Ms === null ? 'n/a' : ms(g.p99Ms)}`;
    const fix = 'read the server log for the 5xx answers (their problem+json `type` names the cause); see docs/troubleshooting.md#high-error-rate';
    if (g.errorRate >= 0.05) out.push(finding(`errors ${g.name}`, 'error', `${g.name}: many server errors`, evidence, fix));
    else if (g.errorRate >= 0.01) out.push(finding(`errors ${g.name}`, 'warn', `${g.name}: server errors`, evidence, fix));
  }
  return out;
}

/** SLOs burning their error budget: a warning either way (a load test can spend a latency budget on a healthy installation); `--fail-on warn` fails on them. */
export function checkSlos(s: Snapshot): Finding[] {
  if (s.slo.error)
    return [finding('slo', 'warn', 'the SLO file could not be loaded', s.slo.error, 'fix slo/slos.yaml (`npx greenline slo status` names the line)')];
  const bad = s.slo.slos.filter((x) => x.state === 'critical' || x.state === 'warning');
  if (bad.length === 0) {
    const judged = s.slo.slos.filter((x) => x.state !== 'no_data').length;
    return [finding('slo', 'ok', 'no SLO is burning its budget', `${judged} of ${s.slo.slos.length} SLOs with enough traffic to judge, all healthy`)];
  }
  return bad.map((x) =>
    finding(
      `slo ${x.name}`,
      'warn',
      `${x.name}: error budget ${x.state === 'critical' ? 'nearly spent' : 'burning'}`,
      `budget left ${x.budgetRemaining === null ? 'n/a' : pct(x.budgetRemaining)}, burn rate ${x.burnRate === null ? 'n/a' : x.burnRate.toFixed(1)}×`,
      'see docs/troubleshooting.md#high-latency and `npx greenline slo status`',
    ),
  );
}

const SLOW_QUERIES = `${METRIC_PREFIX}db_slow_queries_total`;

/** Slow queries and N+1 patterns the server counted since it started (issue 19's diagnostics). */
export function checkQueries(metrics: readonly Sample[] | null): Finding[] {
  if (metrics === null) return [];
  const out: Finding[] = [];
  const slow = metrics.filter((m) => m.name === SLOW_QUERIES && m.value > 0);
  if (slow.length > 0) {
    const top = [...slow].sort((a, b) => b.value - a.value).slice(0, 3);
    out.push(
      finding(
        'slow queries',
        'warn',
        'slow queries since start',
        top.map((m) => `${m.labels.query ?? 'query'} ×${m.value}`).join(', '),
        'explain them: `npx greenline db explain`; see docs/troubleshooting.md#slow-queries',
      ),
    );
  } else out.push(finding('slow queries', 'ok', 'no slow queries counted', `${SLOW_QUERIES} is 0`));
  const nPlusOne = metrics.filter((m) => m.name === N_PLUS_ONE_METRICS.requests && m.value > 0);
  if (nPlusOne.length > 0) {
    const places = nPlusOne.map(
      (m) => `${m.labels.route ?? '?'} ran ${m.labels.query ?? '?'} (${m.labels.fingerprint ?? '?'}) repeatedly in ${m.value} requests`,
    );
    out.push(
      finding(
        'n+1',
        'warn',
        'requests ran the same query many times (N+1)',
        places.join('; '),
        'batch the lookups into one query (the request log shows the SQL shape)',
      ),
    );
  } else out.push(finding('n+1', 'ok', 'no N+1 query pattern counted', `${N_PLUS_ONE_METRICS.requests} is 0`));
  return out;
}

/** Every finding about a running server. */
export function diagnoseServer(e: ServerEvidence): Finding[] {
  const out = checkReadiness(e.readiness);
  if (!e.readiness.reachable) return out;
  if (e.last === null) {
    out.push(
      finding('dashboard', 'warn', 'no dashboard snapshot', 'GET /dashboard/snapshot failed', 'the dashboard is off with GREENLINE_METRICS=0; turn metrics on'),
    );
    return out;
  }
  out.push(checkPool(e.last), ...checkCaches(e.last, e.metrics), checkEventLoop(e.last));
  if (e.first !== null) out.push(checkMemory(e.first, e.last, e.sampleSeconds));
  out.push(...checkErrors(e.last), ...checkSlos(e.last), ...checkQueries(e.metrics));
  return out;
}

/** Every finding about this machine's configuration. */
export function diagnoseLocal(e: LocalEvidence): Finding[] {
  const out = [checkNode(e.nodeVersion)];
  if (!e.config.ok) {
    out.push(finding('config', 'error', 'the configuration does not load', e.config.error, 'fix the setting it names (docs: README, "Configuration")'));
    return out;
  }
  out.push(finding('config', 'ok', 'configuration loads', 'every setting valid'));
  if (e.database !== null) {
    if (e.database.reachable)
      out.push(
        finding('database', 'ok', `database reachable (${e.database.kind})`, 'opened'),
        checkMigrations(e.database.applied, e.database.expected, 'local'),
      );
    else
      out.push(
        finding(
          'database',
          'error',
          `cannot open the database (${e.database.kind})`,
          e.database.error,
          'check DATABASE_URL, or GREENLINE_DATA_DIR for the embedded one',
        ),
      );
  }
  if (e.redis !== null)
    out.push(
      e.redis.reachable
        ? finding('redis', 'ok', 'Redis reachable', e.redis.url)
        : finding(
            'redis',
            'warn',
            'Redis unreachable',
            `${e.redis.url}: ${e.redis.error ?? 'no answer'}`,
            'start Redis or unset REDIS_URL (caches stay in process)',
          ),
    );
  return out;
}

/** The findings as the terminal shows them: one line each, then evidence and fix indented. */
export function formatFindings(title: string, findings: readonly Finding[]): string {
  const mark: Record<Severity, string> = { ok: 'ok   ', info: 'info ', warn: 'WARN ', error: 'ERROR' };
  const lines = [title];
  for (const f of findings) {
    lines.push(`${mark[f.severity]} ${f.check}: ${f.summary}`, `        evidence: ${f.evidence}`);
    if (f.fix) lines.push(`        fix: ${f.fix}`);
  }
  const counts = (['error', 'warn'] as const).map((s) => `${findings.filter((f) => f.severity === s).length} ${s === 'error' ? 'errors' : 'warnings'}`);
  lines.push(`${counts.join(', ')}; worst: ${worst(findings)}`);
  return `${lines.join('\n')}\n`;
}
