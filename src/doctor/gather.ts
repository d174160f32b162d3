/**
 * Reads a running server for `greenline doctor`: /readyz, two dashboard snapshots `sampleSeconds`
 * apart (rates, memory growth) and /metrics. Each read has a timeout; a failed one is evidence too.
 */
import type { Snapshot } from '../dashboard/snapshot.ts';
import { camelCaseKeys } from '../http/snake-case.ts';
import { parseExposition } from '../slo/metrics-text.ts';
import type { Readiness, ServerEvidence } from './checks.ts';

const TIMEOUT_MS = 5_000;

async function get(url: string, key: string | null): Promise<Response> {
  return fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
}

const reason = (err: unknown) => (err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err));

async function readiness(base: string, key: string | null): Promise<Readiness> {
  try {
    const res = await get(`${base}/readyz`, key);
    const body = (await res.json()) as Omit<Extract<Readiness, { reachable: true }>, 'reachable'>;
    return { reachable: true, ...body };
  } catch (err) {
    return { reachable: false, error: `GET ${base}/readyz: ${reason(err)}` };
  }
}

async function snapshot(base: string, key: string | null): Promise<Snapshot | null> {
  try {
    const res = await get(`${base}/dashboard/snapshot`, key);
    return res.ok ? (camelCaseKeys(await res.json()) as unknown as Snapshot) : null;
  } catch {
    return null;
  }
}

async function metrics(base: string, key: string | null): Promise<ServerEvidence['metrics']> {
  try {
    const res = await get(`${base}/metrics`, key);
    return res.ok ? parseExposition(await res.text()) : null;
  } catch {
    return null;
  }
}

export async function gatherServer(url: string, key: string | null, sampleSeconds: number, onWait?: (seconds: number) => void): Promise<ServerEvidence> {
  const base = url.replace(/\/+$/, '');
  const ready = await readiness(base, key);
  if (!ready.reachable) return { url: base, readiness: ready, first: null, last: null, sampleSeconds, metrics: null };
  const first = await snapshot(base, key);
  if (sampleSeconds > 0) {
    onWait?.(sampleSeconds);
    await new Promise((r) => setTimeout(r, sampleSeconds * 1000));
  }
  const last = sampleSeconds > 0 ? await snapshot(base, key) : first;
  return { url: base, readiness: ready, first: sampleSeconds > 0 ? first : null, last, sampleSeconds, metrics: await metrics(base, key) };
}
