/**
 * A Prometheus server as an SLO source: `greenline slo status --prometheus URL`. Every count is
 * one instant query (`/api/v1/query`) built from the SLO definitions by promql.ts, all at the
 * same evaluation time, so the numbers of one report belong together. It needs only the raw
 * metrics, not the generated recording rules.
 */
import type { Counts } from './budget.ts';
import type { Slo, SloConfig } from './definitions.ts';
import { countExprs } from './promql.ts';
import type { Observation } from './status.ts';

/** SLOs evaluated at once (two queries each in flight): 30-day windows are heavy for the server. */
const SLOS_AT_ONCE = 4;
const TIMEOUT_MS = 60_000;

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown };
}

export class PrometheusClient {
  private readonly base: string;

  constructor(
    url: string,
    /** Evaluation time, seconds since the epoch. */
    private readonly time = Date.now() / 1000,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  /** The sum of an instant vector (0 when empty: no series, no events), or a scalar. */
  async query(expr: string): Promise<number> {
    const url = `${this.base}/api/v1/query?${new URLSearchParams({ query: expr, time: String(this.time) })}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new Error(`cannot reach Prometheus at ${this.base}: ${(err as Error).cause ?? (err as Error).message}`);
    }
    const body = (await res.json().catch(() => null)) as QueryResponse | null;
    if (body?.status !== 'success' || !body.data) {
      throw new Error(`Prometheus at ${this.base} answered ${res.status} to ${expr}: ${body?.error ?? 'not a query result'}`);
    }
    const { resultType, result } = body.data;
    if (resultType === 'scalar') return Number((result as [number, string])[1]);
    return (result as { value: [number, string] }[]).reduce((sum, r) => sum + Number(r.value[1]), 0);
  }

  private async counts(slo: Slo, windowSeconds: number): Promise<Counts> {
    const e = countExprs(slo.sli, windowSeconds);
    const [bad, total] = await Promise.all([this.query(e.bad), this.query(e.total)]);
    // increase() extrapolates, so counts are rarely whole and `bad` can overshoot `total` by a hair.
    return { total, bad: Math.min(Math.max(bad, 0), total) };
  }

  /** Every SLO over its own window and over the score's burn window. */
  async observations(config: SloConfig): Promise<Map<string, Observation>> {
    const jobs = config.slos.map((slo) => async () => {
      const window = await this.counts(slo, slo.window);
      const recent = await this.counts(slo, config.score.burnWindow);
      return [slo.name, { window, recent }] as const;
    });
    return new Map(await withLimit(jobs, SLOS_AT_ONCE));
  }
}

/** Runs `jobs` with at most `limit` at a time, results in order. */
async function withLimit<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
