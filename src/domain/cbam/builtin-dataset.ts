/**
 * The built-in CBAM data set. The schedules are the law's (sources below); the default SEE values,
 * benchmarks and certificate prices are ILLUSTRATIVE round numbers chosen for this product's
 * examples and tests — they are NOT the Commission's values. Every result that uses this set
 * carries the ILLUSTRATIVE_DATA warning; import the Commission's tables with
 * `greenline cbam defaults import FILE` (dataset-csv.ts) for real declarations.
 */
import type { CbamDataset } from './types.ts';

export const BUILTIN_CBAM_DATASET: CbamDataset = {
  id: 'greenline-illustrative',
  name: "Greenline illustrative CBAM data (schedules from the law; default values, benchmarks and prices illustrative, not the Commission's)",
  version: '2026.1',
  source:
    'Mark-ups: Commission Implementing Regulation (EU) 2025/2621 (default values; 10/20/30% for 2026/2027/2028+, none for electricity). ' +
    'Free allocation: Directive 2003/87/EC Art. 10a(1a) as amended by Directive (EU) 2023/959, applied by Regulation (EU) 2023/956 Art. 31. ' +
    'Default values, benchmarks, prices: illustrative round numbers (docs/cbam.md).',
  illustrative: true,
  // Illustrative: one world row per Annex I heading, tCO2e per tonne (per MWh for electricity).
  defaults: [
    { prefix: '2507', country: null, directSee: 0.2, indirectSee: 0.05 },
    { prefix: '2523', country: null, directSee: 0.8, indirectSee: 0.1 },
    { prefix: '27160000', country: null, directSee: 0.5, indirectSee: 0 },
    { prefix: '2808', country: null, directSee: 1.5, indirectSee: 0.1 },
    { prefix: '2814', country: null, directSee: 2.5, indirectSee: 0.1 },
    { prefix: '2834', country: null, directSee: 1, indirectSee: 0.1 },
    { prefix: '3102', country: null, directSee: 2, indirectSee: 0.2 },
    { prefix: '3105', country: null, directSee: 1.5, indirectSee: 0.1 },
    { prefix: '2601', country: null, directSee: 0.2, indirectSee: 0.05 },
    { prefix: '72', country: null, directSee: 2, indirectSee: 0.4 },
    { prefix: '73', country: null, directSee: 2.2, indirectSee: 0.5 },
    { prefix: '76', country: null, directSee: 2, indirectSee: 10 },
    { prefix: '28041000', country: null, directSee: 10, indirectSee: 0.5 },
  ],
  // Implementing Regulation (EU) 2025/2621, as secondary sources summarise it (to verify against its
  // text): 10/20/30%, and the mark-up applies to goods other than electricity.
  // Fertilisers reportedly have a lower mark-up there: to verify (docs/cbam.md), not encoded here.
  markups: [
    { year: 2026, pct: 10 },
    { year: 2027, pct: 20 },
    { year: 2028, pct: 30 },
    { year: 2026, pct: 0, prefix: '27160000' },
  ],
  // CBAM factor: Directive 2003/87/EC Art. 10a(1a) (as amended by Directive (EU) 2023/959).
  freeAllocation: [
    { year: 2026, pct: 97.5 },
    { year: 2027, pct: 95 },
    { year: 2028, pct: 90 },
    { year: 2029, pct: 77.5 },
    { year: 2030, pct: 51.5 },
    { year: 2031, pct: 39 },
    { year: 2032, pct: 26.5 },
    { year: 2033, pct: 14 },
    { year: 2034, pct: 0 },
  ],
  // Illustrative, tCO2e per tonne; electricity 0 because electricity generation gets no free
  // allocation in the EU ETS (Directive 2003/87/EC Art. 10a(3)).
  benchmarks: [
    { prefix: '2507', value: 0.1 },
    { prefix: '2523', value: 0.7 },
    { prefix: '27160000', value: 0 },
    { prefix: '2808', value: 1 },
    { prefix: '2814', value: 1.6 },
    { prefix: '2834', value: 0.5 },
    { prefix: '3102', value: 1 },
    { prefix: '3105', value: 1 },
    { prefix: '2601', value: 0.1 },
    { prefix: '72', value: 1.3 },
    { prefix: '73', value: 1.3 },
    { prefix: '76', value: 1.5 },
    { prefix: '28041000', value: 8 },
  ],
  // Illustrative EUR per tonne CO2e.
  prices: [
    { period: '2026', eurPerT: 80 },
    { period: '2027', eurPerT: 90 },
  ],
};
