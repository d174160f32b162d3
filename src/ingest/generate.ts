/**
 * Deterministic test data: `greenline gen purchases --rows 1000000 --seed 1 > purchases.csv`.
 * The same type, row count and seed always give the same bytes (a 32-bit LCG, no Math.random),
 * and every generated row calculates with the built-in factors (NAICS codes fall back to the
 * sector average when the EPA data set is not imported).
 */
import type { RecordTypeName } from './record-types.ts';

/** A few real 2017 NAICS-6 codes, spread over the EPA supply-chain data set. */
const NAICS = [
  '111110',
  '112210',
  '212210',
  '237130',
  '311351',
  '312130',
  '321918',
  '325311',
  '327110',
  '332111',
  '332999',
  '333994',
  '335311',
  '336612',
  '423140',
  '424120',
  '441210',
  '448130',
  '482112',
  '488310',
  '515120',
  '523991',
  '532289',
  '541618',
  '561440',
  '611310',
  '621999',
  '713120',
  '811213',
  '813940',
];
const SECTORS = ['manufacturing', 'services', 'agriculture', 'construction', 'average'];
const CURRENCIES = ['USD', 'USD', 'USD', 'EUR', 'GBP'];
const MODES = ['road.truck_heavy', 'road.truck_medium', 'rail', 'sea.container', 'air.cargo'];
const CABINS = ['economy', 'economy', 'economy', 'premium_economy', 'business'];
const COUNTRIES = ['US', 'GB', 'CN', 'JP'];
/** Real CN codes of CBAM goods (Annex I), most of them iron and steel and aluminium, as imports are. */
const CBAM_CN = [
  '72081000',
  '72085120',
  '72101220',
  '72139110',
  '73084000',
  '76061291',
  '76012010',
  '25232900',
  '25231000',
  '31021010',
  '28141000',
  '72024910',
];
/** Origins outside the EU and the exempt countries. */
const CBAM_ORIGINS = ['CN', 'IN', 'TR', 'UA', 'KR', 'US', 'GB', 'EG', 'ZA', 'BR', 'VN', 'RS'];
const VERIFIERS = ['TÜV Nord Cert', 'Bureau Veritas', 'DNV', 'SGS'];

const HEADERS: Record<RecordTypeName, string[]> = {
  purchases: ['date', 'external_id', 'spend', 'currency', 'naics', 'sector'],
  logistics: ['date', 'external_id', 'mode', 'distance', 'distance_unit', 'mass', 'mass_unit'],
  travel: ['date', 'external_id', 'travel_type', 'cabin', 'distance', 'distance_unit', 'passengers', 'nights', 'country'],
  activities: ['category', 'date', 'external_id', 'spend', 'currency', 'naics', 'sector', 'mode', 'distance', 'distance_unit', 'mass', 'mass_unit'],
  'cbam-shipments': [
    'shipment_id',
    'import_date',
    'cn_code',
    'origin_country',
    'quantity',
    'unit',
    'actual_direct_see',
    'actual_indirect_see',
    'actual_verified',
    'verifier',
    'verified_on',
    'carbon_price_paid_eur',
  ],
};

export interface GenerateOptions {
  type: RecordTypeName;
  rows: number;
  seed: number;
  format?: 'csv' | 'ndjson';
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Yields the file in pieces of about 64 KiB (header first), so millions of rows stream. */
export function* generateRows(opts: GenerateOptions): Generator<string> {
  const rand = lcg(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const date = () => `${int(2022, 2024)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
  const money = () => (int(100, 5_000_000) / 100).toFixed(2);
  const header = HEADERS[opts.type];
  const ndjson = opts.format === 'ndjson';
  const row = (i: number): Array<string | number | boolean> => {
    const id = `${opts.type.slice(0, 3).toUpperCase()}-${String(i).padStart(8, '0')}`;
    switch (opts.type) {
      case 'purchases': {
        const sectorOnly = rand() < 0.1;
        return [date(), id, money(), pick(CURRENCIES), sectorOnly ? '' : pick(NAICS), pick(SECTORS)];
      }
      case 'logistics':
        return [date(), id, pick(MODES), int(20, 12_000), 'km', int(1, 400) / 10, 't'];
      case 'travel':
        return rand() < 0.7
          ? [date(), id, 'flight', pick(CABINS), int(300, 12_000), 'km', int(1, 3), '', '']
          : [date(), id, 'hotel', '', '', '', '', int(1, 6), pick(COUNTRIES)];
      case 'activities':
        return rand() < 0.6
          ? [1, date(), id, money(), pick(CURRENCIES), pick(NAICS), pick(SECTORS), '', '', '', '', '']
          : [4, date(), id, '', '', '', '', pick(MODES), int(20, 12_000), 'km', int(1, 400) / 10, 't'];
      case 'cbam-shipments': {
        // 2026 imports in date order, as customs exports list them; a quarter of the lines carry the
        // installation's actual emissions (most verified), some a carbon price paid.
        const dayOfYear = Math.floor(((i - 1) * 365) / opts.rows);
        const day = new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
        const head = [`CBAM-${String(i).padStart(8, '0')}`, day, pick(CBAM_CN), pick(CBAM_ORIGINS), int(1, 50_000) / 100, 't'];
        const paid = rand() < 0.1 ? int(100, 500_000) / 100 : '';
        if (rand() >= 0.25) return [...head, '', '', '', '', '', paid];
        const verified = rand() < 0.8;
        return [...head, int(50, 3_000) / 1000, int(0, 500) / 1000, verified, verified ? pick(VERIFIERS) : '', verified ? '2026-01-15' : '', paid];
      }
    }
  };
  let out = ndjson ? '' : `${header.join(',')}\n`;
  for (let i = 1; i <= opts.rows; i++) {
    const cells = row(i);
    if (ndjson) {
      const obj: Record<string, string | number | boolean> = {};
      cells.forEach((c, k) => {
        if (c === '') return;
        const numeric = typeof c === 'number' || (header[k] === 'spend' && c !== '');
        obj[header[k]!] = typeof c === 'boolean' ? c : numeric ? Number(c) : c;
      });
      out += `${JSON.stringify(obj)}\n`;
    } else out += `${cells.join(',')}\n`;
    if (out.length >= 65_536) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}
