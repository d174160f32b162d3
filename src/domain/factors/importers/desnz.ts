/**
 * Parser for the UK Government GHG Conversion Factors for Company Reporting (BEIS, later DESNZ),
 * "flat file for automatic processing" workbooks (.xlsx, and legacy .xls as published for 2021).
 * Licence: Open Government Licence v3.0 — attribution: "Contains public sector information
 * licensed under the Open Government Licence v3.0."
 *
 * Each row whose GHG unit is "kg CO2e" becomes a factor. The per-gas rows of the same level path,
 * column text and UOM ("kg CO2" / "kg CH4" / "kg N2O", or "kg CO2e of CH4 per unit" in later
 * files) give that gas's share in kg CO2e; they are folded into `gases` converted to kg of gas
 * with the workbook's own GWP set, and kept as published in `meta.gasesKgCo2e`.
 * parseDesnzWithCategoryKeys (what the import loads) adds the rows the Scope 3 categories ask
 * for once more under their activity keys (desnz-category-keys.ts). Pure: no I/O.
 */
import type * as XLSXTypes from 'xlsx';
import { deterministicId } from '../../ids.ts';
import type { FactorDataset, FactorRecord, FactorSource, GwpSetName } from '../types.ts';
import { desnzCategoryKeys, desnzPath } from './desnz-category-keys.ts';
import { readWorkbook, sheetRows } from './xlsx.ts';

export const DESNZ_SOURCE_NAME = 'UK Government GHG Conversion Factors for Company Reporting';
const LICENCE = 'Open Government Licence v3.0';
const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.';

type Col = 'scope' | 'l1' | 'l2' | 'l3' | 'l4' | 'text' | 'uom' | 'ghg' | 'factor';
const COLUMNS: Array<{ col: Col; label: string; test: (h: string) => boolean }> = [
  { col: 'scope', label: 'Scope', test: (h) => h === 'scope' },
  { col: 'l1', label: 'Level 1', test: (h) => h === 'level 1' },
  { col: 'l2', label: 'Level 2', test: (h) => h === 'level 2' },
  { col: 'l3', label: 'Level 3', test: (h) => h === 'level 3' },
  { col: 'l4', label: 'Level 4', test: (h) => h === 'level 4' },
  { col: 'text', label: 'Column Text', test: (h) => h === 'column text' },
  { col: 'uom', label: 'UOM', test: (h) => h === 'uom' },
  { col: 'ghg', label: 'GHG/Unit', test: (h) => h === 'ghg' || h.replace(/\s/g, '') === 'ghg/unit' },
  { col: 'factor', label: 'GHG Conversion Factor <year>', test: (h) => /^ghg conversion factor \d{4}$/.test(h) },
];

/**
 * The CO2e values' GWP set, read from the workbook's own refrigerant table (Methane, kg CO2e per
 * kg). The 2020 and 2021 files list CH4 25, N2O 298, SF6 22,800, i.e. IPCC AR4 (the UK inventory
 * basis of the time), not AR5. Unrecognised → null (and `gases` is left null).
 */
const GWP_BY_METHANE: Record<string, GwpSetName> = { '25': 'AR4', '28': 'AR5', '27.9': 'AR6', '29.8': 'AR6' };
const CH4_N2O: Record<GwpSetName, { CO2: number; CH4: number; N2O: number }> = {
  AR4: { CO2: 1, CH4: 25, N2O: 298 },
  AR5: { CO2: 1, CH4: 28, N2O: 265 },
  AR6: { CO2: 1, CH4: 27.9, N2O: 273 },
};

/**
 * GHG Protocol Scope 3 category per Level 1 group, only where the group is unambiguous. Fuels,
 * vehicles and electricity are scope 1/2 (null); WTT of land vehicles and freight and managed
 * assets depend on who operates them (null).
 */
const CATEGORY_BY_LEVEL1: Record<string, number> = {
  'material use': 1,
  'water supply': 1,
  'water treatment': 5,
  'waste disposal': 5,
  'freighting goods': 4,
  'business travel- air': 6,
  'business travel- sea': 6,
  'business travel- land': 6,
  'hotel stay': 6,
  'wtt- business travel- air': 6,
  'wtt- business travel- sea': 6,
  'wtt- fuels': 3,
  'wtt- bioenergy': 3,
  'wtt- uk & overseas elec': 3,
  'wtt- heat and steam': 3,
  'transmission and distribution': 3,
  'uk electricity t&d for evs': 3,
};

function fail(fileName: string, problem: string): never {
  throw new Error(`DESNZ flat file "${fileName}": ${problem}`);
}
const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/\s+/g, ' ') : '');
/** Level/text cells: trimmed text; a stray numeric 0 (seen in the 2020/2021 files) means empty. */
const text = (v: unknown) => (typeof v === 'number' ? (v === 0 ? '' : String(v)) : typeof v === 'string' ? v.trim() : '');
const clean = (v: number) => Number(v.toPrecision(12));
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

function numeric(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return null;
}

/** 'co2e' for the total row, the gas symbol for a per-gas row, null for anything else (kWh rows). */
function ghgKind(v: unknown): 'co2e' | 'CO2' | 'CH4' | 'N2O' | null {
  const s = norm(v);
  if (s === 'kg co2e') return 'co2e';
  const m = /^kg (?:co2e of )?(co2|ch4|n2o)(?: per unit)?$/.exec(s);
  return m ? ((m[1] as string).toUpperCase() as 'CO2' | 'CH4' | 'N2O') : null;
}

interface Table {
  sheet: string;
  rows: unknown[][];
  /** 1-based sheet row of rows[0], to cite rows. */
  firstRow: number;
  idx: Record<Col, number>;
  idCol: number;
  year: number;
}

function findTable(wb: XLSXTypes.WorkBook, fileName: string): Table {
  let best: { missing: string[]; where: string } | null = null;
  for (const name of wb.SheetNames) {
    const sheet = wb.Sheets[name];
    if (!sheet) continue;
    const { rows, firstRow } = sheetRows(sheet);
    for (let r = 0; r < Math.min(rows.length, 50); r++) {
      const heads = Array.from(rows[r] ?? [], norm);
      if (!heads.includes('level 1')) continue;
      const idx = {} as Record<Col, number>;
      const missing: string[] = [];
      for (const { col, label, test } of COLUMNS) {
        idx[col] = heads.findIndex(test);
        if (idx[col] < 0) missing.push(label);
      }
      if (missing.length === 0) {
        const year = Number(/(\d{4})$/.exec(heads[idx.factor] ?? '')?.[1]);
        return { sheet: name, rows: rows.slice(r + 1), firstRow: firstRow + r + 1, idx, idCol: heads.indexOf('id'), year };
      }
      if (!best || missing.length < best.missing.length) best = { missing, where: `sheet "${name}" row ${r + 1}` };
    }
  }
  if (best) fail(fileName, `header row in ${best.where} is missing required column(s) ${best.missing.map((m) => `"${m}"`).join(', ')}`);
  return fail(fileName, `no sheet has a header row with columns ${COLUMNS.map((c) => `"${c.label}"`).join(', ')}`);
}

/** "Version: 3" on the front page (DESNZ republishes corrected versions within a year). */
function revisionOf(wb: XLSXTypes.WorkBook): string | null {
  const name = wb.SheetNames.find((n) => /front/i.test(n));
  const sheet = name ? wb.Sheets[name] : undefined;
  if (!sheet) return null;
  for (const row of sheetRows(sheet).rows.slice(0, 20)) {
    const cells = Array.from(row);
    const i = cells.findIndex((c) => norm(c) === 'version:');
    const v = i >= 0 ? cells.slice(i + 1).find((c) => c != null && c !== '') : undefined;
    if (v !== undefined) return String(v).trim();
  }
  return null;
}

/** The flat file's rows as factors under `desnz.<level path>` keys (region GB), as published. */
export function parseDesnzFlatFile(buf: Buffer | Uint8Array, fileName: string, fileSha256: string): FactorDataset {
  return parse(buf, fileName, fileSha256, false);
}

/**
 * What `greenline factors import --format desnz` loads: the rows as parseDesnzFlatFile gives them,
 * plus the rows the Scope 3 categories ask for once more under their activity keys
 * (desnz-category-keys.ts: `electricity.wtt`, `fuel.*`, `travel.*`, `commute.*`, `waste.*`,
 * `material.*`…),
 * with canonical units and the built-in excerpt's regions, citing sheet and row.
 */
export function parseDesnzWithCategoryKeys(buf: Buffer | Uint8Array, fileName: string, fileSha256: string): FactorDataset {
  return parse(buf, fileName, fileSha256, true);
}

function parse(buf: Buffer | Uint8Array, fileName: string, fileSha256: string, categoryKeys: boolean): FactorDataset {
  let wb: XLSXTypes.WorkBook;
  try {
    // dense: the 2020 sheet spans 205 mostly empty columns, which make row extraction from sparse sheets slow (docs/benchmarks.md, Design measurements).
    wb = readWorkbook(buf);
  } catch (e) {
    return fail(fileName, `not a readable workbook (${(e as Error).message})`);
  }
  const { sheet, rows, firstRow, idx, idCol, year } = findTable(wb, fileName);

  // Pass 1: per-gas shares (kg CO2e) by level path + column text + UOM; and the GWP set.
  const keyOf = (r: unknown[]) => [idx.l1, idx.l2, idx.l3, idx.l4, idx.text, idx.uom].map((i) => text(r[i])).join('\u001f');
  const gasShares = new Map<string, Record<string, number>>();
  let methaneGwp: number | null = null;
  for (const r of rows) {
    const kind = ghgKind(r[idx.ghg]);
    const value = numeric(r[idx.factor]);
    if (kind === null || value === null) continue;
    if (kind !== 'co2e') {
      const shares = gasShares.get(keyOf(r)) ?? {};
      shares[kind] = value;
      gasShares.set(keyOf(r), shares);
    } else if (/refrigerant/i.test(text(r[idx.l1])) && norm(r[idx.l3]) === 'methane' && text(r[idx.uom]) === 'kg') {
      methaneGwp = value;
    }
  }
  const gwpSet = methaneGwp === null ? null : (GWP_BY_METHANE[String(methaneGwp)] ?? null);

  const datasetVersion = String(year);
  const publisher = year >= 2023 ? 'UK Department for Energy Security and Net Zero (DESNZ)' : 'UK Department for Business, Energy & Industrial Strategy (BEIS)';
  const url = `https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-${year}`;
  const revision = revisionOf(wb);
  const citation =
    `${publisher}, UK Government GHG Conversion Factors for Company Reporting ${year} ` +
    `(flat file for automatic processing${revision ? `, version ${revision}` : ''}). ${url}. ${OGL_ATTRIBUTION}`;
  const sourceId = deterministicId('src', DESNZ_SOURCE_NAME, datasetVersion);
  const source: FactorSource = {
    id: sourceId,
    tenantId: null,
    name: DESNZ_SOURCE_NAME,
    publisher,
    datasetVersion,
    licence: LICENCE,
    citation,
    url,
    fileSha256,
  };

  // Pass 2: one factor per numeric kg CO2e row (and, when asked, its category keys after them).
  const factors: FactorRecord[] = [];
  const keyed: FactorRecord[] = [];
  const keyedIds = new Set<string>();
  const seen = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    if (ghgKind(r[idx.ghg]) !== 'co2e') continue;
    const value = numeric(r[idx.factor]);
    if (value === null) continue;
    const levels = [idx.l1, idx.l2, idx.l3, idx.l4].map((i) => text(r[i])).filter((s) => s !== '');
    const columnText = text(r[idx.text]);
    const uom = text(r[idx.uom]);
    const base = `desnz.${[...levels, columnText, uom]
      .map(slug)
      .filter((s) => s !== '')
      .join('.')}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const activity = n === 1 ? base : `${base}_dup${n}`;
    const shares = gasShares.get(keyOf(r));
    const gwp = gwpSet ? CH4_N2O[gwpSet] : null;
    const gases = shares && gwp ? Object.fromEntries(Object.entries(shares).map(([g, v]) => [g, clean(v / gwp[g as 'CO2' | 'CH4' | 'N2O'])])) : null;
    const meta: Record<string, unknown> = { scope: text(r[idx.scope]), uom };
    if (idCol >= 0 && text(r[idCol]) !== '') meta.desnzId = text(r[idCol]);
    if (shares) meta.gasesKgCo2e = { ...shares };
    const raw: FactorRecord = {
      id: deterministicId('fac', sourceId, activity, 'GB', year),
      tenantId: null,
      sourceId,
      supplierId: null,
      activity,
      name: [...levels, columnText].filter((s) => s !== '').join(' > '),
      category: CATEGORY_BY_LEVEL1[norm(r[idx.l1])] ?? null,
      naicsCode: null,
      region: 'GB',
      year,
      value: clean(value),
      unit: `kgCO2e/${uom}`,
      gases,
      gwpSet,
      uncertainty: null,
      datasetVersion,
      licence: LICENCE,
      citation,
      meta,
    };
    factors.push(raw);
    // A repeated path (`_dup<n>`) is not a category key: the first occurrence is; likewise a key
    // fed by both a path and its later name (DESNZ_RENAMED_PATHS) takes the first row.
    if (categoryKeys && n === 1) {
      for (const f of categoryFactors(raw, desnzPath([...levels, columnText], uom), sheet, firstRow + i)) {
        if (keyedIds.has(f.id)) continue;
        keyedIds.add(f.id);
        keyed.push(f);
      }
    }
  }
  if (factors.length === 0) fail(fileName, 'no numeric kg CO2e rows found');
  return { source, factors: keyed.length > 0 ? [...factors, ...keyed] : factors };
}

/** The row once more under each activity key a category asks for, with a canonical unit and the row cited. */
function categoryFactors(raw: FactorRecord, path: string, sheet: string, sheetRow: number): FactorRecord[] {
  return desnzCategoryKeys(path).map((k) => ({
    ...raw,
    id: deterministicId('fac', raw.sourceId, k.activity, k.region, raw.year),
    activity: k.activity,
    name: k.name,
    category: k.category,
    region: k.region,
    unit: k.unit,
    citation: `${raw.citation} Sheet "${sheet}", row ${sheetRow}: ${path}.`,
    meta: { ...raw.meta, sheet, sheetRow, levels: path, mappedFrom: raw.activity, ...(k.region === 'GLOBAL' ? { publishedFor: 'GB' } : {}) },
  }));
}
