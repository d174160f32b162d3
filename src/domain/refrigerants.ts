/**
 * Refrigerants for fugitive emissions (GHG Protocol Scope 3 Technical Guidance, categories 4, 8, 9,
 * 13: mass of refrigerant lost × its GWP). Pure gases by their GWP-100 per assessment report:
 *   AR4: IPCC AR4 WG1 Table 2.14; AR5: AR5 WG1 Table 8.A.1; AR6: AR6 WG1 Table 7.SM.7.
 * Blends by mass fraction of their components (ASHRAE Standard 34): a blend's GWP is the
 * mass-weighted sum of its components' GWPs, so its loss is reported as kg of each component gas.
 */
import type { GwpSetName } from './factors/types.ts';

const PURE: Readonly<Record<string, Readonly<Record<GwpSetName, number>>>> = {
  CO2: { AR4: 1, AR5: 1, AR6: 1 },
  'HFC-23': { AR4: 14_800, AR5: 12_400, AR6: 14_600 },
  'HFC-32': { AR4: 675, AR5: 677, AR6: 771 },
  'HFC-125': { AR4: 3_500, AR5: 3_170, AR6: 3_740 },
  'HFC-134a': { AR4: 1_430, AR5: 1_300, AR6: 1_530 },
  'HFC-143a': { AR4: 4_470, AR5: 4_800, AR6: 5_810 },
  'HFC-152a': { AR4: 124, AR5: 138, AR6: 164 },
  'HFC-227ea': { AR4: 3_220, AR5: 3_350, AR6: 3_600 },
  SF6: { AR4: 22_800, AR5: 23_500, AR6: 25_200 },
};

/** Mass fractions of each blend's component gases (ASHRAE 34). */
const BLENDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'R-404A': { 'HFC-125': 0.44, 'HFC-143a': 0.52, 'HFC-134a': 0.04 },
  'R-407C': { 'HFC-32': 0.23, 'HFC-125': 0.25, 'HFC-134a': 0.52 },
  'R-410A': { 'HFC-32': 0.5, 'HFC-125': 0.5 },
  'R-507A': { 'HFC-125': 0.5, 'HFC-143a': 0.5 },
};

/** Names refrigerants go by on equipment plates, mapped to the names above. */
const ALIASES: Readonly<Record<string, string>> = {
  'R-744': 'CO2',
  'R-23': 'HFC-23',
  'R-32': 'HFC-32',
  'R-125': 'HFC-125',
  'R-134A': 'HFC-134a',
  'R-143A': 'HFC-143a',
  'R-152A': 'HFC-152a',
  'R-227EA': 'HFC-227ea',
};

/** The canonical name of a refrigerant as written (`r-134a`, `R134a`, `HFC-134a`), or null. */
export function refrigerantName(written: string): string | null {
  const upper = written
    .trim()
    .toUpperCase()
    .replace(/^R(?=\d)/, 'R-');
  for (const name of [...Object.keys(PURE), ...Object.keys(BLENDS)]) if (name.toUpperCase() === upper) return name;
  return ALIASES[upper] ?? null;
}

export function knownRefrigerants(): string[] {
  return [...Object.keys(PURE), ...Object.keys(BLENDS), ...Object.keys(ALIASES)];
}

/** kg of each component gas in one kg of the refrigerant (a pure gas is 1 kg of itself). */
export function refrigerantComposition(name: string): Readonly<Record<string, number>> {
  return BLENDS[name] ?? { [name]: 1 };
}

/** The built-in GWP-100 of a pure gas in a set, or undefined for a gas this table lacks. */
export function pureGasGwp(gas: string, set: GwpSetName): number | undefined {
  return PURE[gas]?.[set];
}
