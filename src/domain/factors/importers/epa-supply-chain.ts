/**
 * Parser for the US EPA "Supply Chain Greenhouse Gas Emission Factors for US Industries and
 * Commodities" CSV files (NAICS-2017 6-digit, v1.2 and v1.3.x; the `_CO2e_` and `_byGHG_` files).
 * https://catalog.data.gov/dataset/supply-chain-greenhouse-gas-emission-factors-for-us-industries-and-commodities
 *
 * Licence: US Government work, public domain.
 *
 * Per NAICS code two factors are produced: `eeio.naics.<code>` (with margins, purchaser price,
 * cradle to shelf) and `eeio.naics.<code>.producer` (without margins, cradle to factory gate).
 * Pure: no I/O; the caller passes the file text, its name (version and dollar year are read from
 * it) and its SHA-256.
 */
import { parse } from 'csv-parse/sync';
import { deterministicId } from '../../ids.ts';
import type { FactorDataset, FactorRecord, FactorSource, GwpSetName } from '../types.ts';

export type EpaFileKind = 'co2e' | 'byGHG';

export const EPA_SOURCE_NAME = 'US EPA Supply Chain GHG Emission Factors';
export const EPA_BY_GAS_SOURCE_NAME = 'US EPA Supply Chain GHG Emission Factors (by gas)';
const URL = 'https://catalog.data.gov/dataset/supply-chain-greenhouse-gas-emission-factors-for-us-industries-and-commodities';
const LICENCE = 'US Government work, public domain';

/**
 * GWP-100 set behind each dataset version's CO2e values.
 * - v1.2: IPCC AR4 (the v1.2 dataset description: CO2e "utilizes 100-year global warming
 *   potentials from the 4th IPCC Assessment report").
 * - v1.3: IPCC AR5. Checked against the files themselves: recomputing CO2e from the v1.3 byGHG
 *   file reproduces the CO2e file's 3-decimal values for 788/1016 codes with AR5 GWPs (max abs
 *   deviation 0.004, per-gas rounding) versus 423 with AR4 and 444 with AR6; for v1.2 AR4 fits
 *   (max abs deviation 0.009) and AR5 does not (max 1.3).
 * Other versions are refused rather than guessed (v1.4 moved to AR6 and ships as .xlsx).
 */
const GWP_SET_BY_VERSION: Record<string, GwpSetName> = { '1.2': 'AR4', '1.3': 'AR5' };

/** EPA gas names → symbols (HFC names are kept as given). */
const GAS_SYMBOLS: Record<string, string> = {
  'Carbon dioxide': 'CO2',
  Methane: 'CH4',
  'Nitrous oxide': 'N2O',
  'Carbon tetrafluoride': 'CF4',
  Hexafluoroethane: 'C2F6',
  Perfluoropropane: 'C3F8',
  Perfluorocyclobutane: 'c-C4F8',
  Perfluorobutane: 'C4F10',
  Perfluorohexane: 'C6F14',
  'Nitrogen trifluoride': 'NF3',
  'Sulfur hexafluoride': 'SF6',
};

/**
 * "HFCs and PFCs, unspecified" is already in kg CO2e per USD (EPA supply-chain-factors release
 * v1.2.2: "Corrects unit for HFCs and PFCs unspecified ... to be kg CO2e per dollar. Was
 * erroneously listed as kg per dollar"; the v1.3 file labels it kg CO2e). It is added to the CO2e
 * value as is and kept out of `gases` (which holds kg of a named gas).
 */
const UNSPECIFIED_CO2E = 'HFCs and PFCs, unspecified';

/**
 * GWP-100 values for the gases in the EPA files, copied from the openclimatedata
 * globalwarmingpotentials.csv (AR4GWP100 / AR5GWP100 columns; AR4 and AR5 via the GHG Protocol
 * "Global Warming Potential Values" table of 16 Feb 2016, CC0).
 */
const GWP: Record<'AR4' | 'AR5', Record<string, number>> = {
  AR4: {
    CO2: 1,
    CH4: 25,
    N2O: 298,
    'HFC-23': 14800,
    'HFC-32': 675,
    'HFC-125': 3500,
    'HFC-134a': 1430,
    'HFC-143a': 4470,
    'HFC-236fa': 9810,
    CF4: 7390,
    C2F6: 12200,
    C3F8: 8830,
    'c-C4F8': 10300,
    C4F10: 8860,
    C6F14: 9300,
    NF3: 17200,
    SF6: 22800,
  },
  AR5: {
    CO2: 1,
    CH4: 28,
    N2O: 265,
    'HFC-23': 12400,
    'HFC-32': 677,
    'HFC-125': 3170,
    'HFC-134a': 1300,
    'HFC-143a': 4800,
    'HFC-236fa': 8060,
    CF4: 6630,
    C2F6: 11100,
    C3F8: 8900,
    'c-C4F8': 9540,
    C4F10: 9200,
    C6F14: 7910,
    NF3: 16100,
    SF6: 23500,
  },
};

/** Embedded GWP-100 values used for by-gas files (exported for cross-checks in tests). */
export function epaEmbeddedGwp(set: 'AR4' | 'AR5'): Readonly<Record<string, number>> {
  return GWP[set];
}

type Col = 'code' | 'title' | 'ghg' | 'unit' | 'without' | 'margins' | 'with' | 'useeio';

/** Columns are found by what their header says, not by exact text (it varies by version). */
const COLUMNS: Array<{ col: Col; label: string; test: (h: string) => boolean }> = [
  { col: 'code', label: 'NAICS Code', test: (h) => h.includes('naics') && h.includes('code') },
  { col: 'title', label: 'NAICS Title', test: (h) => h.includes('naics') && h.includes('title') },
  { col: 'ghg', label: 'GHG', test: (h) => h === 'ghg' },
  { col: 'unit', label: 'Unit', test: (h) => h === 'unit' },
  { col: 'margins', label: 'Margins of Supply Chain Emission Factors', test: (h) => h.startsWith('margins') },
  {
    col: 'without',
    label: 'Supply Chain Emission Factors without Margins',
    test: (h) => h.includes('emission factors without margins'),
  },
  {
    col: 'with',
    label: 'Supply Chain Emission Factors with Margins',
    test: (h) => h.includes('emission factors with margins'),
  },
  { col: 'useeio', label: 'Reference USEEIO Code', test: (h) => h.includes('useeio') },
];

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
function fail(fileName: string, problem: string): never {
  throw new Error(`EPA supply chain file "${fileName}": ${problem}`);
}
/** Rounds away binary float noise from sums (12 significant digits). */
const clean = (v: number) => Number(v.toPrecision(12));

function readRows(csvText: string, fileName: string): { idx: Record<Col, number>; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(csvText, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    return fail(fileName, `not valid CSV (${(e as Error).message})`);
  }
  const header = records[0];
  if (!header) return fail(fileName, 'empty file');
  const heads = header.map(norm);
  const idx = {} as Record<Col, number>;
  for (const { col, label, test } of COLUMNS) {
    const i = heads.findIndex(test);
    if (i < 0) fail(fileName, `missing required column "${label}" (header: ${header.join(', ')})`);
    idx[col] = i;
  }
  return { idx, rows: records.slice(1) };
}

/** 'co2e' when every row's GHG is "All GHGs", else 'byGHG'. Throws if the header is unusable. */
export function detectEpaKind(csvText: string, fileName = '(unnamed)'): EpaFileKind {
  const { idx, rows } = readRows(csvText, fileName);
  return rows.every((r) => norm(r[idx.ghg] ?? '') === 'all ghgs') ? 'co2e' : 'byGHG';
}

function datasetVersionOf(fileName: string): string {
  const m = /(?:^|[_\s-])v(\d+\.\d+(?:\.\d+)*)(?=[_\s.-]|$)/i.exec(fileName.replace(/\.csv$/i, ''));
  if (!m?.[1]) return fail(fileName, 'dataset version (e.g. "v1.3.0") not found in the file name');
  return `v${m[1]}`;
}

function dollarYearOf(fileName: string, units: Set<string>): number {
  const years = new Set<number>();
  for (const u of units) {
    const m = /(\d{4})\s*USD/i.exec(u);
    if (!m?.[1]) fail(fileName, `dollar year not found in Unit "${u}" (expected e.g. "kg CO2e/2022 USD, purchaser price")`);
    else years.add(Number(m[1]));
  }
  if (years.size !== 1) return fail(fileName, `expected one dollar year in the Unit column, found ${[...years].join(', ') || 'none'}`);
  const year = [...years][0] as number;
  const fromName = /USD[_-]?(\d{4})/i.exec(fileName)?.[1];
  if (fromName && Number(fromName) !== year) {
    fail(fileName, `dollar year ${fromName} in the file name disagrees with ${year} in the Unit column`);
  }
  return year;
}

function num(fileName: string, line: number, col: string, raw: string | undefined): number {
  const v = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(v)) {
    return fail(fileName, `line ${line}: "${col}" is not a number ("${raw ?? ''}")`);
  }
  return v;
}

interface Sector {
  code: string;
  title: string;
  useeioCode: string;
  without: number;
  margins: number;
  withMargins: number;
  gasesWithout: Record<string, number> | null;
  gasesWith: Record<string, number> | null;
  unspecifiedWithout: number;
  unspecifiedWith: number;
}

/**
 * Parses one EPA supply-chain CSV (CO2e or by-gas) into a data set. CO2e and by-gas files become
 * separate sources (different names) so both can be imported side by side.
 */
export function parseEpaSupplyChain(csvText: string, fileName: string, fileSha256: string): FactorDataset {
  const { idx, rows } = readRows(csvText, fileName);
  if (rows.length === 0) fail(fileName, 'no data rows');
  const datasetVersion = datasetVersionOf(fileName);
  const minor = datasetVersion.slice(1).split('.').slice(0, 2).join('.');
  const gwpSet = GWP_SET_BY_VERSION[minor];
  if (!gwpSet) return fail(fileName, `unsupported dataset version ${datasetVersion} (GWP set not known; supported: v1.2, v1.3)`);
  const dollarYear = dollarYearOf(fileName, new Set(rows.map((r) => r[idx.unit] ?? '')));
  const kind: EpaFileKind = rows.every((r) => norm(r[idx.ghg] ?? '') === 'all ghgs') ? 'co2e' : 'byGHG';
  const gwp = GWP[gwpSet as 'AR4' | 'AR5'];

  const sectors = new Map<string, Sector>();
  for (const [i, r] of rows.entries()) {
    const line = i + 2;
    const code = r[idx.code] ?? '';
    if (!/^\d{6}$/.test(code)) fail(fileName, `line ${line}: NAICS code "${code}" is not 6 digits`);
    const without = num(fileName, line, 'without margins', r[idx.without]);
    const margins = num(fileName, line, 'margins', r[idx.margins]);
    const withMargins = num(fileName, line, 'with margins', r[idx.with]);
    let s = sectors.get(code);
    if (s && kind === 'co2e') fail(fileName, `line ${line}: duplicate NAICS code ${code}`);
    if (!s) {
      s = {
        code,
        title: r[idx.title] ?? '',
        useeioCode: r[idx.useeio] ?? '',
        without: 0,
        margins: 0,
        withMargins: 0,
        gasesWithout: kind === 'byGHG' ? {} : null,
        gasesWith: kind === 'byGHG' ? {} : null,
        unspecifiedWithout: 0,
        unspecifiedWith: 0,
      };
      sectors.set(code, s);
    }
    if (kind === 'co2e') {
      Object.assign(s, { without, margins, withMargins });
      continue;
    }
    const gasName = r[idx.ghg] ?? '';
    if (gasName === UNSPECIFIED_CO2E) {
      s.unspecifiedWithout += without;
      s.unspecifiedWith += withMargins;
      s.without += without;
      s.margins += margins;
      s.withMargins += withMargins;
      continue;
    }
    const gas = GAS_SYMBOLS[gasName] ?? (/^HFC-[0-9a-z]+$/i.test(gasName) ? gasName : undefined);
    const factor = gas === undefined ? undefined : gwp[gas];
    if (gas === undefined || factor === undefined) {
      fail(fileName, `line ${line}: gas "${gasName}" has no ${gwpSet} GWP in the importer's table`);
    }
    if (s.gasesWithout && gas in s.gasesWithout) fail(fileName, `line ${line}: duplicate gas ${gasName} for ${code}`);
    (s.gasesWithout as Record<string, number>)[gas] = without;
    (s.gasesWith as Record<string, number>)[gas] = withMargins;
    s.without += without * factor;
    s.margins += margins * factor;
    s.withMargins += withMargins * factor;
  }

  const name = kind === 'co2e' ? EPA_SOURCE_NAME : EPA_BY_GAS_SOURCE_NAME;
  const sourceId = deterministicId('src', name, datasetVersion);
  const citation =
    `US EPA, Supply Chain Greenhouse Gas Emission Factors for US Industries and Commodities, ${datasetVersion} ` +
    `(NAICS-2017, ${kind === 'co2e' ? 'kg CO2e' : 'kg per gas'} per ${dollarYear} USD, purchaser price; ${gwpSet} GWP-100). ${URL}`;
  const source: FactorSource = {
    id: sourceId,
    tenantId: null,
    name,
    publisher: 'US EPA',
    datasetVersion,
    licence: LICENCE,
    citation,
    url: URL,
    fileSha256,
  };

  const unit = `kgCO2e/USD${dollarYear}`;
  const factors: FactorRecord[] = [];
  for (const s of sectors.values()) {
    for (const priceBasis of ['purchaser', 'producer'] as const) {
      const producer = priceBasis === 'producer';
      // The by-gas file restates the same factors with a gas breakdown; its recomputed totals differ
      // from the published CO2e in the last digits, so it gets its own activity keys
      // (`eeio.naics.331110.by_gas`) and the published CO2e stays the default answer.
      const activity = `eeio.naics.${s.code}${producer ? '.producer' : ''}${kind === 'byGHG' ? '.by_gas' : ''}`;
      const gases = producer ? s.gasesWithout : s.gasesWith;
      const meta: Record<string, unknown> = {
        priceBasis,
        marginsKgPerUsd: clean(s.margins),
        useeioCode: s.useeioCode,
        dollarYear,
      };
      if (kind === 'byGHG') {
        meta.unspecifiedHfcPfcKgCo2e = clean(producer ? s.unspecifiedWithout : s.unspecifiedWith);
      }
      factors.push({
        id: deterministicId('fac', sourceId, activity, 'US', dollarYear),
        tenantId: null,
        sourceId,
        supplierId: null,
        activity,
        name: producer ? `${s.title} (without margins)` : s.title,
        category: 1,
        naicsCode: s.code,
        region: 'US',
        year: dollarYear,
        value: clean(producer ? s.without : s.withMargins),
        unit,
        gases: gases ? { ...gases } : null,
        gwpSet,
        uncertainty: null,
        datasetVersion,
        licence: LICENCE,
        citation,
        meta,
      });
    }
  }
  return { source, factors };
}
