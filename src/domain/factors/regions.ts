/**
 * Region hierarchy for factor fallback: a subdivision falls back to its country, an EU member
 * state to `EU`, and everything to `GLOBAL`. Regions are upper-case ISO 3166 codes.
 */

export const GLOBAL = 'GLOBAL';

const EU_MEMBERS = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

export function normalizeRegion(region: string | undefined | null): string {
  const r = (region ?? '').trim().toUpperCase();
  return r === '' ? GLOBAL : r;
}

/** The regions to try after `region` itself, most specific first, always ending in GLOBAL. */
export function parentRegions(region: string): string[] {
  const r = normalizeRegion(region);
  if (r === GLOBAL) return [];
  const chain: string[] = [];
  const dash = r.indexOf('-');
  const country = dash > 0 ? r.slice(0, dash) : r;
  if (dash > 0) chain.push(country);
  if (EU_MEMBERS.has(country)) chain.push('EU');
  chain.push(GLOBAL);
  return chain;
}
