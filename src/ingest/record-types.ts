/**
 * The record types a file can hold, their columns, and how a row becomes a calculation record.
 * Pure: no I/O. Column names are the record's field names (docs/ingest.md lists them); a file with
 * other names maps them with `--map "Their Name=field"`.
 */
import { SHIPMENT_FIELDS } from '../domain/cbam/validate.ts';
import type { InputIssue } from '../domain/scope3/types.ts';

export const RECORD_TYPES = ['purchases', 'logistics', 'travel', 'activities', 'cbam-shipments'] as const;
export type RecordTypeName = (typeof RECORD_TYPES)[number];

type Kind = 'string' | 'number' | 'boolean' | 'integer';

export interface RecordType {
  name: RecordTypeName;
  description: string;
  /** Where rows go: Scope 3 calculations (`emissions`) or CBAM shipments (`cbam_shipments`). */
  target: 'scope3' | 'cbam';
  /** The Scope 3 category every row gets; null when each row names it (`category` column). */
  category: number | null;
  /** Fields with a non-string type; every other known field is text. */
  kinds: Readonly<Record<string, Kind>>;
  /** Fields a row may carry (for `activities`: any, checked by the category itself). */
  fields: readonly string[] | 'any';
  /** Columns the file must have (after mapping). */
  requiredColumns: readonly string[];
}

/**
 * Columns that name a row's supplier in the ledger's own words: resolved to a supplier_id in bulk
 * per chunk before the row is read (supplier-resolution.ts); a supplier_id given too wins.
 */
export const SUPPLIER_MENTION_FIELDS = ['supplier_name', 'supplier_country', 'supplier_lei', 'supplier_duns', 'supplier_vat'] as const;

const COMMON = ['date', 'supplier_id', 'external_id', 'region', ...SUPPLIER_MENTION_FIELDS];

/** Numeric fields across all categories, for generic activity rows given as text. */
const NUMERIC: Record<string, Kind> = Object.fromEntries(
  [
    'spend',
    'quantity',
    'distance',
    'mass',
    'tkm',
    'passengers',
    'nights',
    'occupancy',
    'days_per_week',
    'weeks',
    'employees',
    'units',
    'lifetime_years',
    'energy_per_year',
    'fuel_per_year',
    'energy_per_unit',
    'td_loss_pct',
    'useful_life_years',
    'capex',
    'recycling_rate',
    'floor_area',
    'energy',
    'count',
    'company_emissions_tco2e',
    'outstanding',
    'evic',
    'company_revenue',
  ].map((f) => [f, 'number' as Kind]),
);

export const RECORD_TYPE_DEFS: Readonly<Record<RecordTypeName, RecordType>> = {
  purchases: {
    name: 'purchases',
    target: 'scope3',
    description: 'purchased goods and services (category 1): spend-based or quantity-based lines',
    category: 1,
    kinds: { spend: 'number', quantity: 'number' },
    fields: [...COMMON, 'spend', 'currency', 'naics', 'sector', 'product', 'quantity', 'unit'],
    requiredColumns: ['date'],
  },
  logistics: {
    name: 'logistics',
    target: 'scope3',
    description: 'upstream transport legs (category 4): mode, distance and mass, or tonne-km',
    category: 4,
    kinds: { distance: 'number', mass: 'number', tkm: 'number' },
    fields: [...COMMON, 'mode', 'distance', 'distance_unit', 'mass', 'mass_unit', 'tkm'],
    requiredColumns: ['date', 'mode'],
  },
  travel: {
    name: 'travel',
    target: 'scope3',
    description: 'business travel (category 6): flights, rail, car, hotel nights',
    category: 6,
    kinds: { distance: 'number', passengers: 'number', nights: 'number', spend: 'number', radiative_forcing: 'boolean' },
    fields: [
      ...COMMON,
      'travel_type',
      'cabin',
      'distance',
      'distance_unit',
      'passengers',
      'radiative_forcing',
      'nights',
      'country',
      'spend',
      'currency',
      'naics',
      'sector',
    ],
    requiredColumns: ['date', 'travel_type'],
  },
  activities: {
    name: 'activities',
    target: 'scope3',
    description: 'generic activity records of any category: a `category` column plus that category’s fields',
    category: null,
    kinds: { ...NUMERIC, category: 'integer', one_way: 'boolean', radiative_forcing: 'boolean' },
    fields: 'any',
    requiredColumns: ['category', 'date'],
  },
  'cbam-shipments': {
    name: 'cbam-shipments',
    target: 'cbam',
    description: 'EU CBAM goods lines: CN code, origin, net mass (MWh for electricity), installation or actual emissions (docs/cbam.md)',
    category: null,
    kinds: { quantity: 'number', actual_direct_see: 'number', actual_indirect_see: 'number', actual_verified: 'boolean', carbon_price_paid_eur: 'number' },
    fields: [...SHIPMENT_FIELDS, ...SUPPLIER_MENTION_FIELDS],
    requiredColumns: ['shipment_id', 'import_date', 'cn_code', 'origin_country', 'quantity', 'unit'],
  },
};

export function isRecordType(name: string): name is RecordTypeName {
  return (RECORD_TYPES as readonly string[]).includes(name);
}

/** `["Amount=spend", "PO=external_id"]` → { Amount: 'spend', PO: 'external_id' }, with clear errors. */
export function parseColumnMap(specs: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const from = spec.slice(0, eq).trim();
    const to = spec.slice(eq + 1).trim();
    if (eq <= 0 || from === '' || to === '') throw new Error(`--map "${spec}": expected "column=field", e.g. "Amount=spend"`);
    if (from in map) throw new Error(`--map: column "${from}" is mapped twice`);
    map[from] = to;
  }
  return map;
}

/** How the columns of one file become fields. */
export interface ColumnPlan {
  /** Field per column position; null for a column that is ignored. */
  fields: Array<string | null>;
  /** Columns present in the file but not fields of the type (ignored, reported once). */
  ignored: string[];
}

/** One thing wrong with a file's header; `column` names the column at fault. */
export interface HeaderProblem {
  kind: 'missing' | 'unnamed' | 'twice' | 'unknown-mapped' | 'unknown-classify';
  column: string;
  message: string;
}

/** A header the record type cannot read: every problem named, in words for the CLI or the API. */
export class ColumnPlanError extends Error {
  constructor(
    readonly type: RecordTypeName,
    readonly problems: readonly HeaderProblem[],
    readonly header: readonly string[],
  ) {
    super(`${type} file: ${problems.map((p) => p.message).join('; ')} (columns found: ${header.join(', ') || 'none'})`);
    this.name = 'ColumnPlanError';
  }
}

/**
 * Checks a header against the type: every required column present (after mapping), no field
 * twice; unknown columns are ignored and listed. Throws a ColumnPlanError naming every problem;
 * `mapName` is what the caller calls the column map (`--map` on the CLI, `map` over HTTP).
 */
export function planColumns(type: RecordType, header: readonly string[], map: Readonly<Record<string, string>> = {}, mapName = '--map'): ColumnPlan {
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  const ignored: string[] = [];
  const fields = header.map((column) => {
    const field = map[column] ?? column.trim();
    if (type.category !== null && field === 'category') {
      ignored.push(column);
      return null;
    }
    if (type.fields !== 'any' && !type.fields.includes(field)) {
      ignored.push(column);
      return null;
    }
    if (field === '') {
      problems.push({ kind: 'unnamed', column, message: 'a column has no name' });
      return null;
    }
    if (seen.has(field)) problems.push({ kind: 'twice', column, message: `field "${field}" comes from two columns` });
    seen.add(field);
    return field;
  });
  for (const from of Object.keys(map)) {
    if (!header.includes(from))
      problems.push({ kind: 'unknown-mapped', column: from, message: `${mapName} names column "${from}", which the file does not have` });
  }
  for (const req of type.requiredColumns) {
    if (!seen.has(req))
      problems.push({
        kind: 'missing',
        column: req,
        message: `required column "${req}" is missing (name a column of yours as it with ${mapName}, e.g. ${mapName === '--map' ? '--map "Your Column=' : 'map=Your Column='}${req}${mapName === '--map' ? '"' : ''})`,
      });
  }
  if (problems.length > 0) throw new ColumnPlanError(type.name, problems, header);
  return { fields, ignored };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type RowOutcome = { ok: true; record: Record<string, unknown> } | { ok: false; issues: Array<InputIssue & { value: string }> };

/** A text row (CSV) as a record: empty cells are absent, numbers and booleans parsed strictly. */
export function recordFromText(type: RecordType, plan: ColumnPlan, cells: readonly string[]): RowOutcome {
  if (cells.length !== plan.fields.length) {
    return { ok: false, issues: [{ field: '', value: '', message: `has ${cells.length} columns; the header has ${plan.fields.length}` }] };
  }
  const record: Record<string, unknown> = type.category === null ? {} : { category: type.category };
  const issues: Array<InputIssue & { value: string }> = [];
  for (let i = 0; i < cells.length; i++) {
    const field = plan.fields[i];
    const text = cells[i]!.trim();
    if (field === null || field === undefined || text === '') continue;
    const kind = type.kinds[field] ?? 'string';
    if (kind === 'string') record[field] = text;
    else if (kind === 'boolean') {
      const v = text.toLowerCase();
      if (v === 'true' || v === '1' || v === 'yes') record[field] = true;
      else if (v === 'false' || v === '0' || v === 'no') record[field] = false;
      else issues.push({ field, value: text, message: 'must be true or false' });
    } else if (NUMBER.test(text)) {
      const n = Number(text);
      if (kind === 'integer' && !Number.isInteger(n)) issues.push({ field, value: text, message: 'must be an integer' });
      else record[field] = n;
    } else issues.push({ field, value: text, message: 'must be a number' });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, record };
}

/** A JSON row (NDJSON) as a record: renamed by the map, the type's category set, types left to the engine. */
export function recordFromJson(type: RecordType, map: Readonly<Record<string, string>>, value: unknown): RowOutcome {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ field: '', value: JSON.stringify(value)?.slice(0, 200) ?? '', message: 'must be a JSON object' }] };
  }
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) record[map[k] ?? k] = v;
  if (type.category !== null) {
    if (record.category !== undefined && record.category !== type.category) {
      return { ok: false, issues: [{ field: 'category', value: String(record.category), message: `${type.name} rows are category ${type.category}` }] };
    }
    record.category = type.category;
  }
  return { ok: true, record };
}
