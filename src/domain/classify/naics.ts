/**
 * The NAICS 2017 list the classifier answers from: the EPA factor set's 1,016 six-digit industries
 * with their titles, and the 20 sectors. Every answer, the local classifier's or a fallback's, is a
 * code of this list.
 */
import { NAICS_2017_TSV } from './data/naics-2017.ts';
import { NAICS_SECTORS } from './data/sectors.ts';

export interface NaicsIndustry {
  code: string;
  title: string;
}

const INDUSTRIES: readonly NaicsIndustry[] = NAICS_2017_TSV.split('\n').map((line) => {
  const tab = line.indexOf('\t');
  return { code: line.slice(0, tab), title: line.slice(tab + 1) };
});
const BY_CODE = new Map(INDUSTRIES.map((i) => [i.code, i]));
const SECTOR_BY_PREFIX = new Map(NAICS_SECTORS.flatMap(([prefixes, name]) => prefixes.map((p) => [p, name] as const)));

/** The six-digit industries, in code order. */
export function naicsIndustries(): readonly NaicsIndustry[] {
  return INDUSTRIES;
}

/** The industry with this six-digit code, if the list has it. */
export function naicsIndustry(code: string): NaicsIndustry | undefined {
  return BY_CODE.get(code);
}

/** The sector name of a code's two-digit prefix (e.g. 33 → Manufacturing). */
export function naicsSector(code: string): string | undefined {
  return SECTOR_BY_PREFIX.get(code.slice(0, 2));
}

/** The sector a code belongs to as one key: 31, 32 and 33 are all `31-33`. */
export function naicsSectorKey(code: string): string {
  const prefix = code.slice(0, 2);
  const entry = NAICS_SECTORS.find(([prefixes]) => prefixes.includes(prefix));
  return entry ? entry[0].join('-') : prefix;
}
