/**
 * Which rows of a UK BEIS/DESNZ flat file the Scope 3 category modules ask for, and under which
 * activity key: the same keys, regions, categories and units as the built-in excerpt
 * (builtin-desnz-2020.ts), so an imported year answers every record the excerpt answers.
 *
 * Rows are matched by their path, `Level 1 › Level 2 › Level 3 › Level 4 › Column Text [UOM]`
 * (empty levels left out), not by sheet row: the flat files of other years keep the paths but
 * move the rows. A path may feed several keys (e.g. "Average car › Unknown [km]" is both
 * `travel.car` and `commute.car`) or several regions (UK electricity WTT is GB and the GLOBAL
 * default). UK averages are GLOBAL rows with `meta.publishedFor: 'GB'`, as in the excerpt.
 * A row a later edition renamed is matched by its new path too (DESNZ_RENAMED_PATHS). Pure data.
 */
import { DESNZ_2020_ROWS } from '../builtin-desnz-2020.ts';

export interface DesnzCategoryKey {
  activity: string;
  region: string;
  category: number | null;
  /** Canonical factor unit (units.ts), e.g. `kgCO2e/L` for a row in litres. */
  unit: string;
  name: string;
}

const BY_PATH = new Map<string, DesnzCategoryKey[]>();
for (const [activity, region, category, , unit, , path, name] of DESNZ_2020_ROWS) {
  const list = BY_PATH.get(path) ?? [];
  list.push({ activity, region, category, unit, name });
  BY_PATH.set(path, list);
}

/**
 * Rows a later edition renamed: its path → the 2020 path whose keys it feeds. The 2021 file calls
 * the material-use "WEEE - …" items "Electrical items - …" (and revised their values); it drops
 * "WEEE - mixed" and splits "Batteries" by chemistry, so those two keys stay the excerpt's.
 */
const material = (item: string) => `Material use › Electrical items › ${item} › Primary material production [tonnes]`;
export const DESNZ_RENAMED_PATHS: ReadonlyMap<string, string> = new Map([
  [material('Electrical items - fridges and freezers'), material('WEEE - fridges and freezers')],
  [material('Electrical items - large'), material('WEEE - large')],
  [material('Electrical items - small'), material('WEEE - small')],
]);

/** The path a row is matched by: non-empty levels and column text joined by ` › `, then ` [UOM]`. */
export function desnzPath(levelsAndText: readonly string[], uom: string): string {
  return `${levelsAndText.filter((s) => s !== '').join(' › ')} [${uom}]`;
}

/** The category keys a row feeds (empty for rows no category asks for). */
export function desnzCategoryKeys(path: string): readonly DesnzCategoryKey[] {
  return BY_PATH.get(DESNZ_RENAMED_PATHS.get(path) ?? path) ?? [];
}

/** Every 2020 path that feeds a category key (later names of renamed rows: DESNZ_RENAMED_PATHS). */
export const DESNZ_CATEGORY_PATHS: readonly string[] = [...BY_PATH.keys()];
