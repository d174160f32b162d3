/**
 * The SHA-256 lineage hash every emission result carries: hashing the canonical JSON against
 * producing that JSON alone, so the ratio is what the hash adds on top of serialization.
 */
import { createHash } from 'node:crypto';
import { defineSuite } from '../../src/perf/bench/suite.ts';

interface LineageRecord {
  category: number;
  tier: number;
  method: string;
  factorId: string;
  inputs: Record<string, number | string>;
  kgCo2e: number;
}

export default defineSuite({
  name: 'micro-lineage-hash',
  kind: 'micro',
  setup: (): LineageRecord => ({
    category: 4,
    tier: 2,
    method: 'distance_km × mass_t × ef_per_tkm',
    factorId: 'glec-road-truck-heavy-2024',
    inputs: { distance_km: 1_250, mass_t: 18.4, ef_per_tkm: 0.062, origin: 'DE', destination: 'PL' },
    kgCo2e: 1_426,
  }),
  benchmarks: [
    {
      name: 'sha256(JSON) vs JSON',
      fn: (record) => createHash('sha256').update(JSON.stringify(record)).digest('hex'),
      baseline: (record) => JSON.stringify(record),
    },
  ],
});
