/**
 * The CBAM goods catalogue: Annex I of Regulation (EU) 2023/956 (OJ L 130, 16.5.2023), unchanged
 * in its list of goods by Regulation (EU) 2025/2083 as far as we know (docs/cbam.md, to verify on
 * each amendment). One row per Annex I entry, CN prefixes as digits only; an 8-digit CN code is a
 * CBAM good when its longest matching prefix is a goods row, not an exclusion row.
 *
 * `indirectCounts` is Annex II: indirect emissions are left out for iron and steel, aluminium and
 * hydrogen, so they count for cement and fertilisers; electricity has direct emissions only.
 */
import type { CbamGood, CnCodeInfo, GoodsCategory } from './types.ts';

/** An Annex I "except" entry: goods under it are not CBAM goods although a goods row covers them. */
export interface CbamExclusion {
  prefix: string;
  description: string;
  category: GoodsCategory;
}

const good = (prefix: string, category: GoodsCategory, unit: 't' | 'MWh', indirectCounts: boolean, description: string): CbamGood => ({
  prefix,
  description,
  category,
  unit,
  indirectCounts,
});

/** Annex I, in its order. Columns: CN prefix, category, unit, indirect counts, description. */
export const ANNEX_I_GOODS: readonly CbamGood[] = [
  good('25070080', 'cement', 't', true, 'Other kaolinic clays'),
  good('25231000', 'cement', 't', true, 'Cement clinkers'),
  good('25232100', 'cement', 't', true, 'White Portland cement, whether or not artificially coloured'),
  good('25232900', 'cement', 't', true, 'Other Portland cement'),
  good('25233000', 'cement', 't', true, 'Aluminous cement'),
  good('25239000', 'cement', 't', true, 'Other hydraulic cements'),
  good('27160000', 'electricity', 'MWh', false, 'Electrical energy'),
  good('28080000', 'fertilisers', 't', true, 'Nitric acid; sulphonitric acids'),
  good('2814', 'fertilisers', 't', true, 'Ammonia, anhydrous or in aqueous solution'),
  good('28342100', 'fertilisers', 't', true, 'Nitrates of potassium'),
  good('3102', 'fertilisers', 't', true, 'Mineral or chemical fertilisers, nitrogenous'),
  good('3105', 'fertilisers', 't', true, 'Mineral or chemical fertilisers containing two or three of nitrogen, phosphorus and potassium; other fertilisers'),
  good('72', 'iron_steel', 't', false, 'Iron and steel'),
  good('26011200', 'iron_steel', 't', false, 'Agglomerated iron ores and concentrates, other than roasted iron pyrites'),
  good('7301', 'iron_steel', 't', false, 'Sheet piling of iron or steel; welded angles, shapes and sections'),
  good('7302', 'iron_steel', 't', false, 'Railway or tramway track construction material of iron or steel'),
  good('730300', 'iron_steel', 't', false, 'Tubes, pipes and hollow profiles, of cast iron'),
  good('7304', 'iron_steel', 't', false, 'Tubes, pipes and hollow profiles, seamless, of iron or steel'),
  good('7305', 'iron_steel', 't', false, 'Other tubes and pipes, external diameter over 406,4 mm, of iron or steel'),
  good('7306', 'iron_steel', 't', false, 'Other tubes, pipes and hollow profiles, of iron or steel'),
  good('7307', 'iron_steel', 't', false, 'Tube or pipe fittings of iron or steel'),
  good('7308', 'iron_steel', 't', false, 'Structures and parts of structures of iron or steel'),
  good('730900', 'iron_steel', 't', false, 'Reservoirs, tanks, vats of iron or steel, capacity over 300 l'),
  good('7310', 'iron_steel', 't', false, 'Tanks, casks, drums, cans, boxes of iron or steel, capacity not over 300 l'),
  good('731100', 'iron_steel', 't', false, 'Containers for compressed or liquefied gas, of iron or steel'),
  good('7318', 'iron_steel', 't', false, 'Screws, bolts, nuts, rivets, washers and similar articles, of iron or steel'),
  good('7326', 'iron_steel', 't', false, 'Other articles of iron or steel'),
  good('7601', 'aluminium', 't', false, 'Unwrought aluminium'),
  good('7603', 'aluminium', 't', false, 'Aluminium powders and flakes'),
  good('7604', 'aluminium', 't', false, 'Aluminium bars, rods and profiles'),
  good('7605', 'aluminium', 't', false, 'Aluminium wire'),
  good('7606', 'aluminium', 't', false, 'Aluminium plates, sheets and strip, thickness over 0,2 mm'),
  good('7607', 'aluminium', 't', false, 'Aluminium foil, thickness not over 0,2 mm'),
  good('7608', 'aluminium', 't', false, 'Aluminium tubes and pipes'),
  good('76090000', 'aluminium', 't', false, 'Aluminium tube or pipe fittings'),
  good('7610', 'aluminium', 't', false, 'Aluminium structures and parts of structures'),
  good('76110000', 'aluminium', 't', false, 'Aluminium reservoirs, tanks, vats, capacity over 300 l'),
  good('7612', 'aluminium', 't', false, 'Aluminium casks, drums, cans, boxes, capacity not over 300 l'),
  good('76130000', 'aluminium', 't', false, 'Aluminium containers for compressed or liquefied gas'),
  good('7614', 'aluminium', 't', false, 'Stranded wire, cables, plaited bands, of aluminium, not electrically insulated'),
  good('7616', 'aluminium', 't', false, 'Other articles of aluminium'),
  good('28041000', 'hydrogen', 't', false, 'Hydrogen'),
];

const except = (prefix: string, category: GoodsCategory, description: string): CbamExclusion => ({ prefix, category, description });

/** Annex I's "except" entries: under 3105, and under chapter 72 (7202 1x, 4x and 60 stay in). */
export const ANNEX_I_EXCLUSIONS: readonly CbamExclusion[] = [
  except('31056000', 'fertilisers', 'Fertilisers containing the two elements phosphorus and potassium'),
  except('72022', 'iron_steel', 'Ferro-silicon'),
  except('72023000', 'iron_steel', 'Ferro-silico-manganese'),
  except('72025000', 'iron_steel', 'Ferro-silico-chromium'),
  except('72027000', 'iron_steel', 'Ferro-molybdenum'),
  except('72028000', 'iron_steel', 'Ferro-tungsten and ferro-silico-tungsten'),
  except('72029100', 'iron_steel', 'Ferro-titanium and ferro-silico-titanium'),
  except('72029200', 'iron_steel', 'Ferro-vanadium'),
  except('72029300', 'iron_steel', 'Ferro-niobium'),
  except('720299', 'iron_steel', 'Other ferro-alloys (ferro-phosphorus, ferro-silico-magnesium, other)'),
  except('7204', 'iron_steel', 'Ferrous waste and scrap; remelting scrap ingots of iron or steel'),
];

export type AnnexIMatch = { kind: 'good'; good: CbamGood } | { kind: 'excluded'; exclusion: CbamExclusion };

const ENTRIES = new Map<string, AnnexIMatch>([
  ...ANNEX_I_GOODS.map((g): [string, AnnexIMatch] => [g.prefix, { kind: 'good', good: g }]),
  ...ANNEX_I_EXCLUSIONS.map((e): [string, AnnexIMatch] => [e.prefix, { kind: 'excluded', exclusion: e }]),
]);
const LONGEST = Math.max(...[...ENTRIES.keys()].map((p) => p.length));
const SHORTEST = Math.min(...[...ENTRIES.keys()].map((p) => p.length));

/** The Annex I entry with the longest prefix of `digits` (a CN code or heading), or null when none covers it. */
export function matchAnnexI(digits: string): AnnexIMatch | null {
  for (let n = Math.min(LONGEST, digits.length); n >= SHORTEST; n--) {
    const hit = ENTRIES.get(digits.slice(0, n));
    if (hit) return hit;
  }
  return null;
}

const INFO_CACHE = new Map<string, CnCodeInfo | null>();

/** What the catalogue says about an 8-digit CN code; null when it is not a CBAM good (or not 8 digits). */
export function lookupCn(cn: string): CnCodeInfo | null {
  const cached = INFO_CACHE.get(cn);
  if (cached !== undefined) return cached;
  const hit = /^\d{8}$/.test(cn) ? matchAnnexI(cn) : null;
  const info = hit?.kind === 'good' ? { cn, heading4: cn.slice(0, 4), heading6: cn.slice(0, 6), good: hit.good } : null;
  if (INFO_CACHE.size < 100_000) INFO_CACHE.set(cn, info);
  return info;
}

/** Whether a data-set prefix (2–8 digits) names CBAM goods: it lies under a goods row or heads one. */
export function coversCbamGoods(prefix: string): boolean {
  const hit = matchAnnexI(prefix);
  if (hit) return hit.kind === 'good';
  return ANNEX_I_GOODS.some((g) => g.prefix.startsWith(prefix));
}

/** `7208 51 20`, `7208.51.20` → `72085120`: a CN code as digits (unchanged when other characters remain). */
export function normalizeCn(text: string): string {
  return text.replace(/[\s.]/g, '');
}

/** `72085120` → `7208 51 20`, how the CN nomenclature writes a code. */
export function formatCn(cn: string): string {
  return cn.length === 8 ? `${cn.slice(0, 4)} ${cn.slice(4, 6)} ${cn.slice(6)}` : cn;
}
