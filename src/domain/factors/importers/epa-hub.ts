/**
 * Parser for the US EPA GHG Emission Factors Hub workbook (.xlsx; the 2024 edition is one sheet,
 * "Emission Factors Hub", tables 1–12, last modified 13 February 2024). US Government work,
 * public domain. https://www.epa.gov/climateleadership/ghg-emission-factors-hub
 *
 * Rows become factors under the activity keys the Scope 3 categories ask for (epa-hub-keys.ts),
 * region `US` (eGRID subregions `US-<acronym>`, e.g. `US-CAMX`, which fall back to `US`), year =
 * the edition's year, in the units the built-in factors use (L, t, kWh, km, pkm, tkm; converted
 * with units.ts from gallons, short tons, mmBtu, MWh, miles, ton-miles):
 *   Table 1  stationary combustion → `fuel.<fuel>`          Table 6  eGRID total output → `electricity.grid`
 *   Table 2  CNG, LNG (CO2 only)  → `fuel.cng`, `fuel.lng`  Table 7  steam and heat → `heat.steam`, `heat.district`
 *   Table 8  freight per ton-mile → `transport.<mode>`      Table 9  waste (WARM) → `waste.<treatment>[.<material>]`
 *   Table 10 travel and commuting → `travel.<type>`, `commute.<mode>`
 * Tables 1, 2, 6, 7, 8 and 10 give CO2, CH4 and N2O separately: they are kept in `gases` (kg per
 * unit) and the CO2e value uses the hub's own GWPs (Table 11: CH4 28, N2O 265, IPCC AR5 — the
 * engine's default set, so results keep the value; another set recomputes from the gases).
 * Table 9 is published in CO2e with AR4 GWPs (its notes) and has no gas breakdown.
 * Pure: no I/O; the caller passes the bytes, the file name and its SHA-256.
 */
import type * as XLSXTypes from 'xlsx';
import { deterministicId } from '../../ids.ts';
import { convert } from '../../units.ts';
import type { FactorDataset, FactorRecord, FactorSource, GasBreakdown, GwpSetName } from '../types.ts';
import {
  FREIGHT_KEYS,
  FUEL_KEYS,
  isBiomassGroup,
  MOBILE_FUEL_KEYS,
  PASSENGER_KEYS,
  slugOf,
  WASTE_AVERAGES,
  WASTE_MATERIAL_ALIASES,
  WASTE_TREATMENT_COLUMNS,
} from './epa-hub-keys.ts';
import {
  cellNumber,
  cellText,
  columnOf,
  findLabel,
  type HubSheet,
  type HubTable,
  hubFail,
  hubSheet,
  sheetRow,
  table,
  withoutFootnote,
} from './epa-hub-sheet.ts';
import { readWorkbook, sheetRows } from './xlsx.ts';

export const EPA_HUB_SOURCE_NAME = 'US EPA GHG Emission Factors Hub';
const LICENCE = 'US Government work, public domain';
const URL = 'https://www.epa.gov/climateleadership/ghg-emission-factors-hub';
/** One standard cubic foot in m³ (0.3048³, exact). */
const SCF_M3 = 0.028316846592;
const LB_KG = convert(1, 'lb', 'kg');

const GWP_SETS: Record<string, GwpSetName> = { '25|298': 'AR4', '28|265': 'AR5', '27.9|273': 'AR6', '29.8|273': 'AR6' };

const clean = (v: number) => Number(v.toPrecision(12));

/** kg CO2, g CH4, g N2O per published unit, as the hub gives them (CO2 only for Table 2). */
interface PerGas {
  CO2: number;
  CH4g?: number | undefined;
  N2Og?: number | undefined;
}

/** One value of one row, for one or more activity keys. */
interface Entry {
  activities: readonly string[];
  region: string;
  category: number | null;
  name: string;
  table: HubTable;
  row: number;
  /** The row label, and for a table with one column per treatment, the column. */
  label: string;
  column?: string | undefined;
  /** The unit as published (`gallon`) and as units.ts knows it (`gal_us`); the factor's unit (`L`). */
  publishedUnit: string;
  from: string;
  to: string;
  /** Per-gas amounts, or kg CO2e (Table 9) per published unit. */
  gas?: PerGas | undefined;
  kgCo2e?: number | undefined;
  gwpSet: GwpSetName | null;
  note?: string | undefined;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "Last Modified: February 13, 2024" near the top: the edition's date (the dataset version). */
function lastModified(sheet: HubSheet): { date: string; year: number } {
  for (const row of sheet.rows.slice(0, 20)) {
    for (const c of Array.from(row ?? [], cellText)) {
      const m = /^Last Modified:\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$/i.exec(c);
      const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) + 1 : 0;
      if (m && month > 0) return { date: `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`, year: Number(m[3]) };
    }
  }
  return hubFail(sheet.fileName, 'no "Last Modified: <Month D, YYYY>" line in the first 20 rows (the edition date is the dataset version)');
}

interface HubGwp {
  set: GwpSetName;
  CH4: number;
  N2O: number;
}

/** The hub's GWP-100 values for CH4 and N2O (Table 11), and which IPCC report they are. */
function gwpOf(sheet: HubSheet): HubGwp {
  const t = table(sheet, 11, /Global Warming Potential/i);
  const head = findLabel(sheet, t, /^Chemical Formula$/);
  const gwpCol = columnOf(sheet, t, head.row, /^100-Year GWP$/);
  const gwp: Record<string, number> = {};
  for (let i = head.row + 1; i < t.end; i++) {
    const gas = cellText(sheet.rows[i]?.[head.col]);
    const v = cellNumber(sheet.rows[i]?.[gwpCol]);
    if ((gas === 'CH4' || gas === 'N2O') && v !== null) gwp[gas] = v;
  }
  const set = GWP_SETS[`${gwp.CH4}|${gwp.N2O}`];
  return set
    ? { set, CH4: gwp.CH4!, N2O: gwp.N2O! }
    : hubFail(sheet.fileName, `Table 11 gives CH4 ${gwp.CH4}, N2O ${gwp.N2O}: not an IPCC AR4, AR5 or AR6 GWP-100 set`);
}

/** Rows of a table after its header row, up to its "Source:" note. */
function* dataRows(sheet: HubSheet, t: HubTable, header: number): Generator<{ i: number; cells: unknown[] }> {
  for (let i = header + 1; i < t.end; i++) {
    const cells = Array.from(sheet.rows[i] ?? []);
    if (cells.some((c) => /^Source:/.test(cellText(c)))) return;
    yield { i, cells };
  }
}

function stationary(sheet: HubSheet, gwpSet: GwpSetName): Entry[] {
  const t = table(sheet, 1, /Stationary Combustion/i);
  const head = findLabel(sheet, t, /^Fuel Type$/);
  const out: Entry[] = [];
  let cols: { energy: number[]; unit: number[]; basis: string } | null = null;
  let group = '';
  for (const { i, cells } of dataRows(sheet, t, head.row)) {
    const texts = cells.map(cellText);
    const perUnit = texts.map((c) => /^kg CO2 per (short ton|scf|gallon)$/.exec(c)?.[1]).find((b) => b !== undefined);
    if (texts.includes('kg CO2 per mmBtu')) {
      // A unit row: per-mmBtu columns, then per short ton / scf / gallon columns.
      const at = (re: RegExp) => columnOf(sheet, t, i, re);
      cols = {
        energy: [at(/^kg CO2 per mmBtu$/), at(/^g CH4 per mmBtu$/), at(/^g N2O per mmBtu$/)],
        unit: [at(/^kg CO2 per (short ton|scf|gallon)$/), at(/^g CH4 per (short ton|scf|gallon)$/), at(/^g N2O per (short ton|scf|gallon)$/)],
        basis: perUnit ?? '',
      };
      continue;
    }
    const name = texts[head.col] ?? '';
    if (name === '' || !cols) continue;
    if (cellNumber(cells[cols.energy[0]!]) === null) {
      group = name; // "Coal and Coke", "Petroleum Products", "Biomass Fuels - Solid"…
      continue;
    }
    if (isBiomassGroup(group)) continue;
    // Gases per mmBtu (HHV) → per kWh; solids per short ton → per tonne; liquids per gallon → per litre.
    const byEnergy = cols.basis === 'scf';
    const [c, m, n] = (byEnergy ? cols.energy : cols.unit).map((k) => cellNumber(cells[k]));
    if (c == null || m == null || n == null) hubFail(sheet.fileName, `Table 1 row ${sheetRow(sheet, i)} (${name}): CO2, CH4 and N2O must be numbers`);
    const [publishedUnit, from, to] = byEnergy
      ? ['mmBtu', 'MMBtu', 'kWh']
      : cols.basis === 'gallon'
        ? ['gallon', 'gal_us', 'L']
        : ['short ton', 'short_ton', 't'];
    out.push({
      activities: (FUEL_KEYS[name] ?? [slugOf(name)]).map((k) => `fuel.${k}`),
      region: 'US',
      category: null,
      name: `Stationary combustion, ${name}`,
      table: t,
      row: i,
      label: name,
      publishedUnit,
      from,
      to,
      gas: { CO2: c!, CH4g: m!, N2Og: n! },
      gwpSet,
    });
  }
  return out;
}

function mobileCo2(sheet: HubSheet, gwpSet: GwpSetName): Entry[] {
  const t = table(sheet, 2, /Mobile Combustion CO2/i);
  const head = findLabel(sheet, t, /^Fuel Type$/);
  const co2 = columnOf(sheet, t, head.row, /^kg CO2 per unit$/);
  const unit = columnOf(sheet, t, head.row, /^Unit$/);
  const out: Entry[] = [];
  for (const { i, cells } of dataRows(sheet, t, head.row)) {
    const name = cellText(cells[head.col]);
    const key = MOBILE_FUEL_KEYS[name];
    const v = cellNumber(cells[co2]);
    if (!key || v === null) continue;
    const u = cellText(cells[unit]);
    const [from, to] =
      u === 'gallon' ? ['gal_us', 'L'] : u === 'scf' ? ['scf', 'm3'] : hubFail(sheet.fileName, `Table 2 row ${sheetRow(sheet, i)}: unit "${u}"`);
    out.push({
      activities: [`fuel.${key}`],
      region: 'US',
      category: null,
      name: `Mobile combustion, ${name} (CO2 only)`,
      table: t,
      row: i,
      label: name,
      publishedUnit: u,
      from,
      to,
      gas: { CO2: v },
      gwpSet,
      note: 'CO2 only: the hub gives CH4 and N2O for this fuel per vehicle-mile by vehicle type (Table 4), not per unit of fuel',
    });
  }
  return out;
}

function electricity(sheet: HubSheet, gwpSet: GwpSetName): Entry[] {
  const t = table(sheet, 6, /^Electricity$/i);
  const head = findLabel(sheet, t, /^eGRID Subregion Acronym$/);
  const name = columnOf(sheet, t, head.row, /^eGRID Subregion Name$/);
  // The first CO2/CH4/N2O columns are "Total Output Emission Factors"; the non-baseload ones follow (not for inventories).
  const co2 = columnOf(sheet, t, head.row, /^CO2 Factor$/);
  const gases = [co2, columnOf(sheet, t, head.row, /^CH4 Factor$/), columnOf(sheet, t, head.row, /^N2O Factor$/)];
  if (columnOf(sheet, t, head.row - 1, /^Total Output Emission Factors$/) !== co2 || columnOf(sheet, t, head.row + 1, /^\(lb CO2 \/ MWh\)$/) !== co2) {
    hubFail(sheet.fileName, 'Table 6: the first CO2 Factor column is not "Total Output Emission Factors" in lb CO2 / MWh');
  }
  const out: Entry[] = [];
  for (const { i, cells } of dataRows(sheet, t, head.row + 1)) {
    const acronym = cellText(cells[head.col]);
    const [c, m, n] = gases.map((k) => cellNumber(cells[k]));
    if (c == null || m == null || n == null) continue;
    const us = acronym === 'US Average';
    if (!us && !/^[A-Z]{4}$/.test(acronym)) hubFail(sheet.fileName, `Table 6 row ${sheetRow(sheet, i)}: "${acronym}" is not an eGRID subregion acronym`);
    out.push({
      activities: ['electricity.grid'],
      region: us ? 'US' : `US-${acronym}`,
      category: null,
      name: us ? 'Grid electricity, US average (eGRID total output)' : `Grid electricity, eGRID subregion ${acronym} (${cellText(cells[name])}), total output`,
      table: t,
      row: i,
      label: acronym,
      publishedUnit: 'MWh',
      from: 'MWh',
      to: 'kWh',
      // lb per MWh → kg CO2 and g CH4/N2O per MWh.
      gas: { CO2: c * LB_KG, CH4g: m * LB_KG * 1000, N2Og: n * LB_KG * 1000 },
      gwpSet,
    });
  }
  return out;
}

function steam(sheet: HubSheet, gwpSet: GwpSetName): Entry[] {
  const t = table(sheet, 7, /Steam and Heat/i);
  const head = findLabel(sheet, t, /^CO2 Factor \(kg CO2 \/ mmBtu\)$/);
  const ch4 = columnOf(sheet, t, head.row, /^CH4 Factor \(g CH4 \/ mmBtu\)$/);
  const n2o = columnOf(sheet, t, head.row, /^N2O Factor \(g N2O \/ mmBtu\)$/);
  const row = findLabel(sheet, t, /^Steam and Heat$/, head.row + 1).row;
  const [c, m, n] = [head.col, ch4, n2o].map((k) => cellNumber(sheet.rows[row]?.[k]));
  if (c == null || m == null || n == null) return hubFail(sheet.fileName, `Table 7 row ${sheetRow(sheet, row)}: CO2, CH4 and N2O must be numbers`);
  return [
    {
      activities: ['heat.steam', 'heat.district'],
      region: 'US',
      category: null,
      name: 'Purchased steam and heat (natural gas, 80% efficiency)',
      table: t,
      row,
      label: 'Steam and Heat',
      publishedUnit: 'mmBtu',
      from: 'MMBtu',
      to: 'kWh',
      gas: { CO2: c, CH4g: m, N2Og: n },
      gwpSet,
    },
  ];
}

const VEHICLE_UNITS: Record<string, readonly [string, string]> = {
  'ton-mile': ['ton_mile', 'tkm'],
  'vehicle-mile': ['mi', 'km'],
  'passenger-mile': ['passenger_mile', 'pkm'],
};

/** Tables 8 and 10: one row per vehicle type, CO2 kg and CH4, N2O g per unit, and the unit. */
function vehicles(sheet: HubSheet, n: 8 | 10, keys: Readonly<Record<string, readonly string[]>>, gwpSet: GwpSetName): Entry[] {
  const t = table(sheet, n, n === 8 ? /Category 4/ : /Category 6/);
  const head = findLabel(sheet, t, /^Vehicle Type$/);
  const cols = [/^CO2 Factor \(kg CO2 \/ unit\)$/, /^CH4 Factor \(g CH4 \/ unit\)$/, /^N2O Factor \(g N2O \/ unit\)$/].map((re) =>
    columnOf(sheet, t, head.row, re),
  );
  const unitCol = columnOf(sheet, t, head.row, /^Units$/);
  const out: Entry[] = [];
  for (const { i, cells } of dataRows(sheet, t, head.row)) {
    const label = withoutFootnote(cellText(cells[head.col]));
    const unit = cellText(cells[unitCol]);
    const activities = keys[label];
    // Table 8 lists the medium- and heavy-duty truck per vehicle-mile and per ton-mile: only ton-miles fit tkm.
    if (!activities || (n === 8 && unit !== 'ton-mile')) continue;
    const units = VEHICLE_UNITS[unit] ?? hubFail(sheet.fileName, `Table ${n} row ${sheetRow(sheet, i)}: unit "${unit}"`);
    const [c, m, o] = cols.map((k) => cellNumber(cells[k]));
    if (c == null || m == null || o == null) hubFail(sheet.fileName, `Table ${n} row ${sheetRow(sheet, i)} (${label}): CO2, CH4 and N2O must be numbers`);
    out.push({
      activities,
      region: 'US',
      category: n === 8 ? 4 : null,
      name: `${n === 8 ? 'Freight' : 'Passenger travel'}, ${label} (US average)`,
      table: t,
      row: i,
      label,
      publishedUnit: unit,
      from: units[0],
      to: units[1],
      gas: { CO2: c!, CH4g: m!, N2Og: o! },
      gwpSet,
    });
  }
  return out;
}

function waste(sheet: HubSheet): Entry[] {
  const t = table(sheet, 9, /Category 5/);
  const head = findLabel(sheet, t, /^Material$/);
  columnOf(sheet, t, head.row - 1, /^Metric Tons CO2e \/ Short Ton Material$/);
  const headers = Array.from(sheet.rows[head.row] ?? [], (c) => withoutFootnote(cellText(c)));
  const treatments = WASTE_TREATMENT_COLUMNS.map(([re, treatment]) => {
    const col = headers.findIndex((h) => re.test(h));
    return col >= 0 ? { col, treatment, column: headers[col]! } : hubFail(sheet.fileName, `Table 9 has no column ${re.source}`);
  });
  // "AR4 GWP values are used to convert all waste emission factors into CO2e" (the table's notes).
  const notes = sheet.rows.slice(head.row, t.end).flatMap((r) => Array.from(r ?? [], cellText));
  const gwp = /\b(AR[456]) GWP/.exec(notes.join(' '))?.[1] as GwpSetName | undefined;
  const out: Entry[] = [];
  for (const { i, cells } of dataRows(sheet, t, head.row)) {
    const material = cellText(cells[head.col]);
    if (material === '') continue;
    for (const { col, treatment, column } of treatments) {
      const v = cellNumber(cells[col]); // "NA": no factor for this treatment
      if (v === null) continue;
      const alias = WASTE_MATERIAL_ALIASES[material];
      const average = WASTE_AVERAGES[`${material}|${treatment}`];
      out.push({
        activities: [`waste.${treatment}.${slugOf(material)}`, ...(alias ? [`waste.${treatment}.${alias}`] : []), ...(average ? [average] : [])],
        region: 'US',
        category: 5,
        name: `Waste, ${column.toLowerCase()}: ${material} (US, WARM)`,
        table: t,
        row: i,
        label: material,
        column,
        publishedUnit: 'short ton',
        from: 'short_ton',
        to: 't',
        kgCo2e: v * 1000, // metric tons CO2e per short ton → kg CO2e per short ton
        gwpSet: gwp ?? null,
      });
    }
  }
  return out;
}

/** One published unit → the factor's unit: how many published units one factor unit is. */
function perFactorUnit(from: string, to: string): number {
  return from === 'scf' ? 1 / SCF_M3 : convert(1, to, from);
}

function toFactors(e: Entry, sheet: HubSheet, source: FactorSource, year: number, gwp: HubGwp): FactorRecord[] {
  const per = perFactorUnit(e.from, e.to);
  let gases: GasBreakdown | null = null;
  let value: number;
  if (e.gas) {
    const kg = { CO2: e.gas.CO2 * per, CH4: ((e.gas.CH4g ?? 0) / 1000) * per, N2O: ((e.gas.N2Og ?? 0) / 1000) * per };
    gases = e.gas.CH4g === undefined ? { CO2: clean(kg.CO2) } : { CO2: clean(kg.CO2), CH4: clean(kg.CH4), N2O: clean(kg.N2O) };
    // kg CO2e = kg CO2 + GWP(CH4) × kg CH4 + GWP(N2O) × kg N2O, with the hub's GWPs (Table 11).
    value = clean(kg.CO2 + gwp.CH4 * kg.CH4 + gwp.N2O * kg.N2O);
  } else value = clean(e.kgCo2e! * per);
  const r = sheetRow(sheet, e.row);
  const what = `${e.label}${e.column ? ` › ${e.column}` : ''} [${e.publishedUnit}]`;
  const citation = `${source.citation} Sheet "${sheet.name}", Table ${e.table.number} (${e.table.title}), row ${r}: ${what}.`;
  const published = e.gas ? { kgCo2: e.gas.CO2, ...(e.gas.CH4g === undefined ? {} : { gCh4: e.gas.CH4g, gN2o: e.gas.N2Og }) } : { kgCo2e: e.kgCo2e };
  return e.activities.map((activity) => ({
    id: deterministicId('fac', source.id, activity, e.region, year),
    tenantId: null,
    sourceId: source.id,
    supplierId: null,
    activity,
    name: e.name,
    // Table 10 feeds two categories: business travel (`travel.*`, 6) and commuting (`commute.*`, 7).
    category: activity.startsWith('travel.') ? 6 : activity.startsWith('commute.') ? 7 : e.category,
    naicsCode: null,
    region: e.region,
    year,
    value,
    unit: `kgCO2e/${e.to}`,
    gases,
    gwpSet: e.gwpSet,
    uncertainty: null,
    datasetVersion: source.datasetVersion,
    licence: LICENCE,
    citation,
    meta: {
      sheet: sheet.name,
      table: e.table.number,
      tableTitle: e.table.title,
      sheetRow: r,
      row: what,
      publishedUnit: e.publishedUnit,
      published,
      ...(e.note ? { note: e.note } : {}),
    },
  }));
}

/** The sheet holding the hub's tables (the 2024 edition has one, "Emission Factors Hub"). */
function hubSheetOf(wb: XLSXTypes.WorkBook, fileName: string): HubSheet {
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    if (!ws) continue;
    const { rows, firstRow } = sheetRows(ws);
    const sheet = hubSheet(name, fileName, rows, firstRow);
    if (sheet.tables.has(1) && sheet.tables.has(11)) return sheet;
  }
  return hubFail(fileName, 'no sheet with "Table 1" … "Table 11" (is this the GHG Emission Factors Hub workbook?)');
}

export function parseEpaHub(buf: Buffer | Uint8Array, fileName: string, fileSha256: string): FactorDataset {
  let wb: XLSXTypes.WorkBook;
  try {
    wb = readWorkbook(buf);
  } catch (e) {
    return hubFail(fileName, `not a readable workbook (${(e as Error).message})`);
  }
  const sheet = hubSheetOf(wb, fileName);
  const { date, year } = lastModified(sheet);
  const gwp = gwpOf(sheet);
  const gwpSet = gwp.set;
  const source: FactorSource = {
    id: deterministicId('src', EPA_HUB_SOURCE_NAME, date),
    tenantId: null,
    name: EPA_HUB_SOURCE_NAME,
    publisher: 'US Environmental Protection Agency (EPA), Center for Corporate Climate Leadership',
    datasetVersion: date,
    licence: LICENCE,
    citation: `US EPA, GHG Emission Factors Hub ${year} ("Emission Factors for Greenhouse Gas Inventories", last modified ${date}). ${URL}. US Government work, public domain.`,
    url: URL,
    fileSha256,
  };
  const entries = [
    ...stationary(sheet, gwpSet),
    ...mobileCo2(sheet, gwpSet),
    ...electricity(sheet, gwpSet),
    ...steam(sheet, gwpSet),
    ...vehicles(sheet, 8, FREIGHT_KEYS, gwpSet),
    ...waste(sheet),
    ...vehicles(sheet, 10, PASSENGER_KEYS, gwpSet),
  ];
  const factors = entries.flatMap((e) => toFactors(e, sheet, source, year, gwp));
  const seen = new Map<string, number>();
  for (const f of factors) {
    const key = `${f.activity} ${f.region}`;
    if (seen.has(key)) hubFail(fileName, `two rows give ${key} (sheet rows ${seen.get(key)} and ${f.meta.sheetRow})`);
    seen.set(key, f.meta.sheetRow as number);
  }
  return { source, factors };
}
