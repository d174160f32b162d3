/**
 * The built-in Greenline workload: the five user classes of the user's earlier Locust file
 * (single calculations, batch uploads, supplier/factor reads, reporting, and a mixed user) mapped
 * onto routes that exist: POST /v1/calculations, POST /v1/calculations/batch (1,000 records by
 * default), GET /v1/suppliers[/:id] + GET /v1/factors[/:id] + POST /v1/factors/resolve, and
 * GET /v1/reports/emissions. Every record calculates with the built-in screening factors, so a
 * fresh server answers 2xx. Ids the requests need (suppliers, factors) are prepared once per run
 * by `prepareGreenlineFixtures`, over HTTP, with the same API key.
 *
 * It reaches the generic load engine (src/perf/load/) only as a `Workload`, injected by
 * `greenline loadtest`; worker threads load it from this module (`module` below).
 */
import { lcg } from './load/random.ts';
import type { RequestSpec, Workload, WorkloadClass } from './load/workload.ts';

export const GREENLINE_ACTIONS = ['calculation', 'batch', 'supplier-reads', 'reporting'] as const;
export type GreenlineActionName = (typeof GREENLINE_ACTIONS)[number];

/** The mixed user's shares: 60% single calculations, 20% batches, 10% reads, 10% reports. */
export const MIXED_WEIGHTS: Record<GreenlineActionName, number> = { calculation: 60, batch: 20, 'supplier-reads': 10, reporting: 10 };

function isGreenlineAction(use: string): use is GreenlineActionName {
  return (GREENLINE_ACTIONS as readonly string[]).includes(use);
}

/** The built-in classes: one per action, then the mixed user. */
const GREENLINE_CLASSES: Readonly<Record<string, WorkloadClass>> = Object.fromEntries([
  ...GREENLINE_ACTIONS.map((use) => [use, { actions: [{ use, weight: 1 }] }] as const),
  ['mixed', { actions: GREENLINE_ACTIONS.map((use) => ({ use, weight: MIXED_WEIGHTS[use] })) }] as const,
]);

export interface GreenlineFixtures {
  supplierIds: string[];
  factorIds: string[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SUPPLIERS = 20;

/** One activity record the built-in factors can calculate: freight, flights, hotels, spend. */
export function makeRecord(rand: () => number, supplierIds: readonly string[]): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const date = `202${3 + Math.floor(rand() * 2)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const supplier = supplierIds.length > 0 && rand() < 0.3 ? { supplier_id: pick(supplierIds) } : {};
  const r = rand();
  if (r < 0.4) {
    const modes = ['road.truck_heavy', 'road.truck_medium', 'road.van', 'rail', 'sea.container', 'air.cargo', 'inland_waterway'];
    return {
      category: 4,
      date,
      mode: pick(modes),
      distance: 50 + Math.floor(rand() * 2000),
      distance_unit: 'km',
      mass: 1 + Math.floor(rand() * 20),
      mass_unit: 't',
    };
  }
  if (r < 0.6)
    return {
      category: 6,
      date,
      travel_type: 'flight',
      cabin: pick(['economy', 'business', 'premium_economy']),
      distance: 300 + Math.floor(rand() * 9000),
      distance_unit: 'km',
      passengers: 1 + Math.floor(rand() * 3),
    };
  if (r < 0.75) return { category: 6, date, travel_type: 'hotel', nights: 1 + Math.floor(rand() * 5), country: pick(['US', 'GB', 'JP', 'CN']) };
  return {
    category: 1,
    date,
    spend: Math.round(rand() * 100_000) / 100,
    currency: 'USD',
    sector: pick(['manufacturing', 'services', 'agriculture', 'construction', 'average']),
    ...supplier,
  };
}

/**
 * The next-request function of one built-in action. Bodies are built once and rotated (a pool of
 * distinct single-record bodies, a few distinct batches), so the generator spends its time
 * sending, not serializing 1,000 records per request.
 */
export function greenlineRequests(use: GreenlineActionName, fixtures: GreenlineFixtures, seed: number, batchSize = 1_000): () => RequestSpec {
  const rand = lcg(seed);
  let i = 0;
  const rotate =
    <T>(xs: readonly T[]) =>
    () =>
      xs[i++ % xs.length]!;
  switch (use) {
    case 'calculation': {
      const bodies = Array.from({ length: 256 }, () => ({
        method: 'POST',
        path: '/v1/calculations',
        headers: JSON_HEADERS,
        body: JSON.stringify({ record: makeRecord(rand, fixtures.supplierIds) }),
      }));
      return rotate(bodies);
    }
    case 'batch': {
      const bodies = Array.from({ length: 4 }, () => ({
        method: 'POST',
        path: '/v1/calculations/batch',
        headers: JSON_HEADERS,
        body: JSON.stringify({ records: Array.from({ length: batchSize }, () => makeRecord(rand, fixtures.supplierIds)) }),
      }));
      return rotate(bodies);
    }
    case 'supplier-reads': {
      const reads: RequestSpec[] = [];
      for (const id of fixtures.supplierIds) reads.push({ method: 'GET', path: `/v1/suppliers/${id}` });
      reads.push({ method: 'GET', path: '/v1/suppliers?q=loadtest&limit=20' });
      for (const id of fixtures.factorIds.slice(0, 10)) reads.push({ method: 'GET', path: `/v1/factors/${id}` });
      for (const activity of ['transport.rail', 'transport.road.truck_heavy', 'flight.economy', 'hotel.night', 'spend.manufacturing']) {
        reads.push({ method: 'GET', path: `/v1/factors?activity=${activity}&limit=20` });
        reads.push({ method: 'POST', path: '/v1/factors/resolve', headers: JSON_HEADERS, body: JSON.stringify({ activity, region: 'GB', year: 2024 }) });
      }
      // Shuffled once (deterministically) so each read kind is spread over the run.
      for (let k = reads.length - 1; k > 0; k--) {
        const j = Math.floor(rand() * (k + 1));
        [reads[k], reads[j]] = [reads[j]!, reads[k]!];
      }
      return rotate(reads);
    }
    case 'reporting': {
      const reports = ['category', 'category,month', 'supplier', 'tier', 'month'].flatMap((g) => [
        { method: 'GET', path: `/v1/reports/emissions?group_by=${g}` },
        { method: 'GET', path: `/v1/reports/emissions?group_by=${g}&from=2024-01-01&to=2024-12-31` },
      ]);
      return rotate(reports);
    }
  }
}

async function call(target: string, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${target}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, ...JSON_HEADERS },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err: Error) => {
    const cause = err.cause instanceof Error ? err.cause.message : err.message;
    throw new Error(`cannot reach ${target} (${cause}); start the server, or set --target / GREENLINE_URL`);
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`setup: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/**
 * Makes sure the tenant has the workload's 20 suppliers ("Loadtest supplier NN", reused across
 * runs) and some stored results for the reports to group (one 1,000-record batch per run), and
 * reads the factor ids the reads rotate through.
 */
export async function prepareGreenlineFixtures(target: string, headers: Record<string, string>): Promise<GreenlineFixtures> {
  const listed = (await call(target, headers, 'GET', '/v1/suppliers?q=loadtest&limit=100')) as { data: Array<{ id: string; name: string }> };
  const byName = new Map(listed.data.map((s) => [s.name, s.id]));
  const supplierIds: string[] = [];
  for (let n = 1; n <= SUPPLIERS; n++) {
    const name = `Loadtest supplier ${String(n).padStart(2, '0')}`;
    const id = byName.get(name) ?? ((await call(target, headers, 'POST', '/v1/suppliers', { name, country: 'DE' })) as { id: string }).id;
    supplierIds.push(id);
  }
  const factors = (await call(target, headers, 'GET', '/v1/factors?limit=100')) as { data: Array<{ id: string }> };
  const rand = lcg(99);
  const seeded = (await call(target, headers, 'POST', '/v1/calculations/batch', {
    records: Array.from({ length: 1_000 }, () => makeRecord(rand, supplierIds)),
  })) as { totals: { failed: number } };
  if (seeded.totals.failed > 0) throw new Error(`setup: ${seeded.totals.failed} of the seed records failed to calculate`);
  return { supplierIds, factorIds: factors.data.map((f) => f.id) };
}

export const greenlineWorkload: Workload<GreenlineFixtures> = {
  name: 'Greenline',
  module: { url: import.meta.url, exportName: 'greenlineWorkload' },
  actions: GREENLINE_ACTIONS,
  actionSettings: ['batchSize'],
  classes: GREENLINE_CLASSES,
  memoryMetric: 'greenline_process_resident_memory_bytes',
  async setup({ target, headers, log }) {
    log(`preparing the Greenline workload on ${target} (suppliers, factor ids, 1,000 seed results)…`);
    return prepareGreenlineFixtures(target, headers);
  },
  requests(use, { fixtures, seed, settings }) {
    if (!isGreenlineAction(use)) throw new TypeError(`the Greenline workload has no action "${use}"`);
    return greenlineRequests(use, fixtures, seed, settings.batchSize);
  },
};
