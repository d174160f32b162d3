/**
 * Parser for the IPCC GWP table `globalwarmingpotentials.csv` from openclimatedata
 * (https://github.com/openclimatedata/globalwarmingpotentials): SAR…AR6 values per species.
 * Licence: CC0 1.0 (public domain dedication).
 *
 * Only the 100-year columns (`<SET>GWP100`) are read; GWP20/GWP500/GTP columns are ignored.
 * Species names are kept as the file spells them (`CH4`, `HFC134a`, `cC4F8`); use
 * `gwpTableSpecies` to map hyphenated symbols such as `HFC-134a` or `c-C4F8` onto them.
 */
import { parse } from 'csv-parse/sync';
import type { GwpValue } from '../types.ts';

/** `HFC-134a` → `HFC134a`, `c-C4F8` → `cC4F8`: the table's species spelling for a gas symbol. */
export function gwpTableSpecies(gas: string): string {
  return gas.replace(/-/g, '');
}

export function parseGwpTable(csvText: string): GwpValue[] {
  const body = csvText
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#') && line.trim() !== '')
    .join('\n');
  const rows = parse(body, { trim: true, relax_column_count: true }) as string[][];
  const header = rows[0];
  if (header?.[0]?.toLowerCase() !== 'species') {
    throw new Error('GWP table: header row starting with "Species" not found');
  }
  const sets = header.map((h, i) => ({ set: /^(.+)GWP100$/.exec(h)?.[1], i })).filter((c): c is { set: string; i: number } => c.set !== undefined);
  if (sets.length === 0) throw new Error('GWP table: no <SET>GWP100 columns in the header');

  const out: GwpValue[] = [];
  for (const { set, i } of sets) {
    const seen = new Set<string>();
    if (!rows.some((r) => r[0] === 'CO2')) {
      out.push({ gwpSet: set, gas: 'CO2', value: 1 });
      seen.add('CO2');
    }
    for (const r of rows.slice(1)) {
      const gas = r[0] ?? '';
      const cell = r[i] ?? '';
      if (gas === '' || cell === '') continue;
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new Error(`GWP table: ${header[i]} for ${gas} is not a number ("${cell}")`);
      if (seen.has(gas)) throw new Error(`GWP table: species ${gas} listed twice`);
      seen.add(gas);
      out.push({ gwpSet: set, gas, value });
    }
  }
  return out;
}
