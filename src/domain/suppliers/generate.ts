/**
 * A deterministic labelled evaluation set for supplier matching (issue 18): canonical companies and
 * corrupted mentions of them with known truth. Pure: company i and mention j are functions of
 * (seed, i) and (seed, j, companies), so millions stream without holding the set.
 *
 * Names are `stem part + industry + [qualifier] + legal form` (generate-vocabulary.ts). Companies
 * come in families of four that share a stem part ("Delta Steel GmbH", "Delta Cables Inc.",
 * "Delta Steel Europe AG", …): look-alikes that test precision. Family f is the stem part and
 * industry group at position f of a seeded permutation, and the four members take the group's
 * industries, so names are unique (after removing the legal form, case and accents) by
 * construction, and a name parses back to the company that owns it (`canonicalIndexOf`): that is how
 * a corrupted mention is checked never to be another company's exact name.
 */
import {
  ABBREVIATIONS,
  COINED_PREFIXES,
  COINED_SUFFIXES,
  COUNTRIES,
  type CountryForms,
  FAMILY_ENDINGS,
  INDUSTRIES,
  LEI_PREFIXES,
  PAIR_SURNAMES,
  QUALIFIERS,
  SURNAMES,
  WORD_STEMS,
} from './generate-vocabulary.ts';
import { keyFor, mix32, Permutation, type Rng, rngFor } from './seeded.ts';

export interface CanonicalCompany {
  /** `sup_` and the 1-based index, 7 digits. */
  id: string;
  index: number;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** 20 characters with valid ISO 17442 check digits, or null. */
  lei: string | null;
  /** 9 digits, or null. */
  duns: string | null;
}

/** The ways a mention differs from its company's canonical record. */
export const CORRUPTIONS = [
  'typo',
  'abbreviation',
  'word_order',
  'accents_added',
  'accents_removed',
  'legal_form_dropped',
  'legal_form_swapped',
  'legal_form_foreign',
  'legal_form_expanded',
  'branch',
  'punctuation',
  'case',
  'all_caps',
  'country_dropped',
  // Mentions of companies outside the set (truth null): how the name was made to resemble one inside.
  'lookalike_qualifier',
  'lookalike_industry',
  'lookalike_stem',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export interface SupplierMention {
  /** `men_` and the 1-based index, 7 digits. */
  id: string;
  index: number;
  name: string;
  /** Null when the ledger did not say (`country_dropped`). */
  country: string | null;
  lei: string | null;
  duns: string | null;
  /** The canonical company's id, or null for a company outside the set. */
  truth: string | null;
  /** In the order applied; empty for an exact copy of the canonical name. */
  corruptions: Corruption[];
}

/** Share of mentions naming a company outside the set. */
export const NON_MEMBER_SHARE = 0.05;
/** Companies per family (consecutive ids). */
export const FAMILY_SIZE = 4;

// ---------------------------------------------------------------------------------------------
// Vocabulary, derived once: stem parts (surnames, words, coined names, pairs, family firms),
// industries in groups of four, and folded lookups to parse a name back into parts.

/** Lower case with accents removed (NFD, combining marks dropped). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const INDUSTRY_TOKENS = new Set(INDUSTRIES.flatMap((i) => fold(i).split(' ')));
const QUALIFIER_TOKENS = new Set(QUALIFIERS.flatMap((q) => fold(q.text).split(' ')));

const STEM_PARTS: readonly string[] = (() => {
  const taken = new Set([...SURNAMES, ...WORD_STEMS].map(fold));
  const coined: string[] = [];
  for (const p of COINED_PREFIXES)
    for (const s of COINED_SUFFIXES) {
      const word = p + s;
      const key = fold(word);
      if (taken.has(key) || INDUSTRY_TOKENS.has(key) || QUALIFIER_TOKENS.has(key)) continue;
      taken.add(key);
      coined.push(word);
    }
  const pairs: string[] = [];
  for (let a = 0; a < PAIR_SURNAMES; a++) for (let b = a + 1; b < PAIR_SURNAMES; b++) pairs.push(`${SURNAMES[a]} & ${SURNAMES[b]}`);
  const family = SURNAMES.flatMap((s) => FAMILY_ENDINGS.map((e) => `${s} ${e}`));
  return [...SURNAMES, ...WORD_STEMS, ...coined, ...pairs, ...family];
})();

const GROUPS = Math.floor(INDUSTRIES.length / FAMILY_SIZE);
const INDUSTRY_COUNT = GROUPS * FAMILY_SIZE;
const FAMILIES = STEM_PARTS.length * GROUPS;
/** The most companies one seed can produce. */
export const SUPPLIER_CAPACITY = FAMILIES * FAMILY_SIZE;

const STEM_INDEX = new Map(STEM_PARTS.map((s, i) => [fold(s), i]));
const INDUSTRY_INDEX = new Map(INDUSTRIES.slice(0, INDUSTRY_COUNT).map((s, i) => [fold(s), i]));
const QUALIFIER_INDEX = new Map(QUALIFIERS.map((q, i) => [fold(q.text), i]));
const COUNTRY_WEIGHT = COUNTRIES.reduce((sum, c) => sum + c.weight, 0);
const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

/** Salts: one random stream per purpose. */
const SALT = { family: 1, company: 2, mention: 3, lei: 4, duns: 5, familyOrder: 6 } as const;
/** Identifiers of companies outside the set come from indices no company has. */
const OUTSIDE_LEI = 2 ** 31;
const OUTSIDE_DUNS = 500_000_000;

/** A name without its legal form: indices into STEM_PARTS, INDUSTRIES, QUALIFIERS (-1: none). */
interface NameParts {
  stem: number;
  industry: number;
  qualifier: number;
}

const sameParts = (a: NameParts, b: NameParts) => a.stem === b.stem && a.industry === b.industry && a.qualifier === b.qualifier;

function baseWords(p: NameParts): string[] {
  const words = STEM_PARTS[p.stem]!.split(' ');
  if (p.industry >= 0) words.push(...INDUSTRIES[p.industry]!.split(' '));
  if (p.qualifier >= 0) words.push(...QUALIFIERS[p.qualifier]!.text.split(' '));
  return words;
}

function pickCountry(r: Rng): CountryForms {
  let x = r.next() * COUNTRY_WEIGHT;
  for (const c of COUNTRIES) {
    x -= c.weight;
    if (x < 0) return c;
  }
  return COUNTRIES[COUNTRIES.length - 1]!;
}

/** The first form is the common one (60%); the rest share the remainder. */
function pickForm(c: CountryForms, r: Rng): string {
  return c.forms.length === 1 || r.chance(0.6) ? c.forms[0]! : c.forms[r.int(1, c.forms.length - 1)]!;
}

// ---------------------------------------------------------------------------------------------
// Families and companies.

interface Family {
  members: NameParts[];
  home: CountryForms;
}

const permutations = new Map<string, Permutation>();
function permutation(seed: number, salt: number, size: number): Permutation {
  const key = `${seed}:${salt}:${size}`;
  let p = permutations.get(key);
  if (!p) {
    p = new Permutation(size, keyFor(seed, salt));
    if (permutations.size > 64) permutations.clear();
    permutations.set(key, p);
  }
  return p;
}

let lastFamily: { seed: number; f: number; family: Family } | null = null;

/**
 * Family f: its stem part and industry group, its members' industries in a seeded order, and in 40%
 * of families a sibling (member 0's name plus a qualifier: "Delta Steel" and "Delta Steel Europe").
 * The family whose group is the stem's designated one (stem mod groups) has a bare member ("Delta").
 */
function familyAt(seed: number, f: number): Family {
  if (lastFamily?.seed === seed && lastFamily.f === f) return lastFamily.family;
  const key = permutation(seed, SALT.familyOrder, FAMILIES).forward(f);
  const stem = Math.floor(key / GROUPS);
  const group = key % GROUPS;
  const r = rngFor(seed, SALT.family, f);
  const industries = [0, 1, 2, 3].map((k) => group + k * GROUPS);
  for (let i = industries.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [industries[i], industries[j]] = [industries[j]!, industries[i]!];
  }
  const qualifier = () => r.int(0, QUALIFIERS.length - 1);
  const maybe = () => (r.chance(0.25) ? qualifier() : -1);
  const members: NameParts[] = r.chance(0.4)
    ? [
        { stem, industry: industries[0]!, qualifier: -1 },
        { stem, industry: industries[0]!, qualifier: qualifier() },
        { stem, industry: industries[1]!, qualifier: maybe() },
        { stem, industry: industries[2]!, qualifier: maybe() },
      ]
    : industries.map((industry) => ({ stem, industry, qualifier: maybe() }));
  if (group === stem % GROUPS) members[3] = { stem, industry: -1, qualifier: -1 };
  const family = { members, home: pickCountry(r) };
  lastFamily = { seed, f, family };
  return family;
}

function checkIndex(field: string, index: number, max: number): void {
  if (!Number.isInteger(index) || index < 1 || index > max) throw new RangeError(`${field}: ${index} is not a whole number in 1..${max}`);
}

export const supplierId = (index: number) => `sup_${String(index).padStart(7, '0')}`;
export const mentionId = (index: number) => `men_${String(index).padStart(7, '0')}`;

/** ISO 7064 MOD 97-10 check digits for the first 18 characters of an LEI (letters A=10 … Z=35). */
export function leiCheckDigits(first18: string): string {
  let rem = 0;
  for (const ch of `${first18}00`) {
    const v = Number.parseInt(ch, 36);
    rem = v < 10 ? (rem * 10 + v) % 97 : (rem * 100 + v) % 97;
  }
  return String(98 - rem).padStart(2, '0');
}

/** An LEI unique to `slot` under `seed`: its 7 characters after the `00` are a bijection of the slot. */
function leiFor(seed: number, slot: number): string {
  const r = rngFor(seed, SALT.lei, slot);
  const unique = mix32((slot ^ keyFor(seed, SALT.lei)) >>> 0)
    .toString(36)
    .toUpperCase()
    .padStart(7, '0');
  let tail = '';
  for (let k = 0; k < 5; k++) tail += r.int(0, 35).toString(36).toUpperCase();
  const body = `${r.pick(LEI_PREFIXES)}00${unique}${tail}`;
  return body + leiCheckDigits(body);
}

/** A DUNS number unique to `slot` (< 10^9) under `seed`. */
function dunsFor(seed: number, slot: number): string {
  return String(permutation(seed, SALT.duns, 1_000_000_000).forward(slot)).padStart(9, '0');
}

interface CompanyDetail {
  company: CanonicalCompany;
  parts: NameParts;
  countryForms: CountryForms;
  form: string;
}

function companyDetail(seed: number, index: number): CompanyDetail {
  checkIndex('index', index, SUPPLIER_CAPACITY);
  const family = familyAt(seed, Math.floor((index - 1) / FAMILY_SIZE));
  const parts = family.members[(index - 1) % FAMILY_SIZE]!;
  const r = rngFor(seed, SALT.company, index);
  const named = parts.qualifier >= 0 ? QUALIFIERS[parts.qualifier]!.country : undefined;
  const countryForms = named ? COUNTRY_BY_CODE.get(named)! : r.chance(0.55) ? family.home : pickCountry(r);
  const form = pickForm(countryForms, r);
  const lei = r.chance(0.4) ? leiFor(seed, index) : null;
  const duns = r.chance(0.6) ? dunsFor(seed, index) : null;
  const name = `${baseWords(parts).join(' ')} ${form}`;
  return { company: { id: supplierId(index), index, name, country: countryForms.code, lei, duns }, parts, countryForms, form };
}

/** Canonical company `index` (1-based) of the set for `seed`. */
export function companyAt(seed: number, index: number): CanonicalCompany {
  return companyDetail(seed, index).company;
}

/** Companies 1..rows in order. */
export function* companies(seed: number, rows: number): Generator<CanonicalCompany> {
  if (rows > 0) checkIndex('rows', rows, SUPPLIER_CAPACITY);
  for (let i = 1; i <= rows; i++) yield companyAt(seed, i);
}

function indexOfParts(seed: number, p: NameParts): number | null {
  if (p.industry < 0 && p.qualifier >= 0) return null;
  const group = p.industry < 0 ? p.stem % GROUPS : p.industry % GROUPS;
  const f = permutation(seed, SALT.familyOrder, FAMILIES).inverse(p.stem * GROUPS + group);
  const m = familyAt(seed, f).members.findIndex((q) => sameParts(p, q));
  return m < 0 ? null : f * FAMILY_SIZE + m + 1;
}

/**
 * The index of the company whose name (legal form removed) is exactly `words` after folding case
 * and accents, or null if no company of the seed (at any index) has that name.
 */
export function canonicalIndexOf(seed: number, words: readonly string[]): number | null {
  const t = words.map(fold);
  const k = t.findIndex((w) => INDUSTRY_TOKENS.has(w));
  const q = t.findIndex((w) => QUALIFIER_TOKENS.has(w));
  if (q >= 0 && k > q) return null;
  const stem = STEM_INDEX.get(t.slice(0, k >= 0 ? k : q >= 0 ? q : t.length).join(' '));
  const industry = k < 0 ? -1 : INDUSTRY_INDEX.get(t.slice(k, q >= 0 ? q : t.length).join(' '));
  const qualifier = q < 0 ? -1 : QUALIFIER_INDEX.get(t.slice(q).join(' '));
  if (stem === undefined || industry === undefined || qualifier === undefined) return null;
  return indexOfParts(seed, { stem, industry, qualifier });
}

// ---------------------------------------------------------------------------------------------
// Mentions: a company drawn from 1..companies (or a look-alike outside the set), then 0–3 corruptions.

interface Draft {
  words: string[];
  form: string | null;
  /** Between the name and the legal form. */
  formSep: string;
  branch: string | null;
  country: CountryForms;
  /** Applied to the whole rendered name last. */
  letterCase: 'as-is' | 'lower' | 'sentence' | 'title' | 'upper';
  trailingDot: boolean;
}

const ACCENTS: Readonly<Record<string, readonly string[]>> = {
  a: ['á', 'à', 'ä', 'â'],
  e: ['é', 'è', 'ê', 'ë'],
  i: ['í', 'ï'],
  o: ['ó', 'ö', 'ô'],
  u: ['ú', 'ü'],
  n: ['ñ'],
  c: ['ç'],
};
const stripAccents = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const isWord = (w: string) => /^\p{L}+$/u.test(w);

/** Abbreviable phrases in the words: [start, length, key]. */
function abbreviable(words: readonly string[]): Array<[number, number, string]> {
  const found: Array<[number, number, string]> = [];
  for (let i = 0; i < words.length; i++) {
    if (ABBREVIATIONS[words[i]!]) found.push([i, 1, words[i]!]);
    const two = `${words[i]} ${words[i + 1]}`;
    if (i + 1 < words.length && ABBREVIATIONS[two]) found.push([i, 2, two]);
  }
  return found;
}

type Apply = (d: Draft, r: Rng) => boolean;

/** Each corruption: whether it can apply to a draft, and how (false: it found nothing to change). */
const APPLY: Record<Exclude<Corruption, 'country_dropped' | `lookalike_${string}`>, { weight: number; applies: (d: Draft) => boolean; apply: Apply }> = {
  typo: {
    weight: 16,
    applies: (d) => d.words.some((w) => isWord(w) && w.length >= 4),
    apply(d, r) {
      const at = d.words.flatMap((w, i) => (isWord(w) && w.length >= 4 ? [i] : []));
      const i = r.pick(at);
      const w = [...d.words[i]!];
      const p = r.int(1, w.length - 2);
      const letter = String.fromCharCode(97 + r.int(0, 25));
      const op = r.int(0, 3);
      if (op === 0) w.splice(p, 1);
      else if (op === 1) w.splice(p, 0, letter);
      else if (op === 2 && w[p] !== w[p + 1]) [w[p], w[p + 1]] = [w[p + 1]!, w[p]!];
      else w[p] = w[p] === letter ? String.fromCharCode(97 + ((letter.charCodeAt(0) - 96) % 26)) : letter;
      d.words[i] = w.join('');
      return true;
    },
  },
  abbreviation: {
    weight: 12,
    applies: (d) => abbreviable(d.words).length > 0,
    apply(d, r) {
      const found = abbreviable(d.words);
      if (found.length === 0) return false;
      const [i, n, key] = r.pick(found);
      d.words.splice(i, n, r.pick(ABBREVIATIONS[key]!));
      return true;
    },
  },
  word_order: {
    weight: 5,
    applies: (d) => d.words.filter((w) => w !== '&').length >= 2,
    apply(d, r) {
      const at = d.words.flatMap((w, i) => (w === '&' ? [] : [i]));
      if (at.length < 2) return false;
      const j = r.int(0, at.length - 2);
      const [a, b] = [at[j]!, at[j + 1]!];
      [d.words[a], d.words[b]] = [d.words[b]!, d.words[a]!];
      return true;
    },
  },
  accents_added: {
    weight: 4,
    applies: (d) => d.words.some((w) => [...w].some((ch) => ACCENTS[ch])),
    apply(d, r) {
      const at = d.words.flatMap((w, i) => [...w].flatMap((ch, k) => (ACCENTS[ch] ? [[i, k] as const] : [])));
      if (at.length === 0) return false;
      const [i, k] = r.pick(at);
      const w = [...d.words[i]!];
      w[k] = r.pick(ACCENTS[w[k]!]!);
      d.words[i] = w.join('');
      return true;
    },
  },
  accents_removed: {
    weight: 8,
    applies: (d) => d.words.some((w) => stripAccents(w) !== w),
    apply(d) {
      const before = d.words.join(' ');
      d.words = d.words.map(stripAccents);
      return d.words.join(' ') !== before;
    },
  },
  legal_form_dropped: {
    weight: 14,
    applies: (d) => d.form !== null,
    apply(d) {
      d.form = null;
      return true;
    },
  },
  legal_form_swapped: {
    weight: 5,
    applies: (d) => d.form !== null && d.country.forms.length > 1,
    apply(d, r) {
      d.form = r.pick(d.country.forms.filter((f) => f !== d.form));
      return true;
    },
  },
  legal_form_foreign: {
    weight: 5,
    applies: (d) => d.form !== null,
    apply(d, r) {
      const own = new Set(d.country.forms);
      d.form = r.pick(COUNTRIES.flatMap((c) => c.forms).filter((f) => !own.has(f)));
      return true;
    },
  },
  legal_form_expanded: {
    weight: 4,
    applies: (d) => d.form !== null && d.country.expansions[d.form] !== undefined,
    apply(d) {
      d.form = d.country.expansions[d.form!]!;
      return true;
    },
  },
  branch: {
    weight: 8,
    applies: () => true,
    apply(d, r) {
      d.branch = r
        .pick(d.country.branches)
        .replace('{city}', r.pick(d.country.cities))
        .replace('{n}', String(r.int(1, 9)));
      return true;
    },
  },
  punctuation: {
    weight: 10,
    applies: () => true,
    apply(d, r) {
      const options: Array<() => void> = [];
      if (d.form !== null && d.formSep === ' ') options.push(() => (d.formSep = ', '));
      if (d.form !== null && /[.,]/.test(d.form)) options.push(() => (d.form = d.form!.replace(/[.,]/g, '').replace(/\s+/g, ' ')));
      if (d.words.length >= 2 && d.words[0] !== '&' && d.words[1] !== '&') options.push(() => d.words.splice(0, 2, `${d.words[0]}-${d.words[1]}`));
      const amp = d.words.indexOf('&');
      if (amp >= 0) options.push(() => (d.words[amp] = r.pick(['and', '+', 'und'])));
      if (!d.trailingDot && !(d.branch ?? d.form ?? '').endsWith('.')) options.push(() => (d.trailingDot = true));
      if (options.length === 0) return false;
      r.pick(options)();
      return true;
    },
  },
  case: {
    weight: 8,
    applies: () => true,
    apply(d, r) {
      const before = render(d);
      const differ = (['lower', 'sentence', 'title'] as const).filter((c) => render({ ...d, letterCase: c }) !== before);
      if (differ.length === 0) return false;
      d.letterCase = r.pick(differ);
      return true;
    },
  },
  all_caps: {
    weight: 8,
    applies: () => true,
    apply(d) {
      d.letterCase = 'upper';
      return true;
    },
  },
};

type NameCorruption = keyof typeof APPLY;
const WORD_LEVEL: readonly NameCorruption[] = ['typo', 'abbreviation', 'word_order', 'accents_added', 'accents_removed'];
/** Applied after the words, in this order, whatever order they were drawn in. */
const ORDER: readonly NameCorruption[] = [
  ...WORD_LEVEL,
  'legal_form_dropped',
  'legal_form_swapped',
  'legal_form_foreign',
  'legal_form_expanded',
  'branch',
  'punctuation',
  'case',
  'all_caps',
];
/** At most one of each group. */
const EXCLUSIVE: ReadonlyArray<readonly NameCorruption[]> = [
  ['legal_form_dropped', 'legal_form_swapped', 'legal_form_foreign', 'legal_form_expanded'],
  ['case', 'all_caps'],
  ['accents_added', 'accents_removed'],
];
const conflicts = (a: NameCorruption, b: NameCorruption) => a === b || EXCLUSIVE.some((g) => g.includes(a) && g.includes(b));

function drawCorruptions(d: Draft, r: Rng, count: number): NameCorruption[] {
  const chosen: NameCorruption[] = [];
  while (chosen.length < count) {
    const open = ORDER.filter((c) => !chosen.some((x) => conflicts(c, x)) && APPLY[c].applies(d));
    let x = r.next() * open.reduce((s, c) => s + APPLY[c].weight, 0);
    let k = 0;
    while (k < open.length - 1 && x >= APPLY[open[k]!].weight) x -= APPLY[open[k++]!].weight;
    chosen.push(open[k]!);
  }
  return ORDER.filter((c) => chosen.includes(c));
}

function render(d: Draft): string {
  let name = d.words.join(' ');
  if (d.form !== null) name += d.formSep + d.form;
  if (d.branch !== null) name += ` ${d.branch}`;
  if (d.trailingDot) name += '.';
  switch (d.letterCase) {
    case 'lower':
      return name.toLowerCase();
    case 'upper':
      return name.toUpperCase();
    case 'sentence':
      return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
    case 'title':
      return name.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
    default:
      return name;
  }
}

/** 0 corruptions for 5% of mentions, then 1 (50%), 2 (30%) or 3 (15%). */
function corruptionCount(r: Rng): number {
  const x = r.next();
  return x < 0.05 ? 0 : x < 0.55 ? 1 : x < 0.85 ? 2 : 3;
}

/** Stem parts sharing their first three letters, for look-alike stems ("Meyer" → "Meier"). */
let stemNeighbours: Map<string, number[]> | null = null;
function neighbourStem(stem: number, r: Rng): number {
  if (!stemNeighbours) {
    stemNeighbours = new Map();
    STEM_PARTS.forEach((s, i) => {
      const key = fold(s).slice(0, 3);
      stemNeighbours!.set(key, [...(stemNeighbours!.get(key) ?? []), i]);
    });
  }
  const near = stemNeighbours.get(fold(STEM_PARTS[stem]!).slice(0, 3))!.filter((i) => i !== stem);
  return near.length > 0 ? r.pick(near) : r.int(0, STEM_PARTS.length - 1);
}

/** A name like `p` that no company in 1..companies has, and how it was made. */
function lookalike(seed: number, p: NameParts, companies: number, r: Rng): [NameParts, Corruption] {
  for (let attempt = 0; attempt < 50; attempt++) {
    const kind = r.pick(['lookalike_qualifier', 'lookalike_industry', 'lookalike_stem'] as const);
    const q = { ...p };
    if (kind === 'lookalike_qualifier') q.qualifier = p.qualifier >= 0 && r.chance(0.3) ? -1 : r.int(0, QUALIFIERS.length - 1);
    else if (kind === 'lookalike_industry') q.industry = r.int(0, INDUSTRY_COUNT - 1);
    else q.stem = neighbourStem(p.stem, r);
    if (sameParts(p, q)) continue;
    const owner = indexOfParts(seed, q);
    if (owner === null || owner > companies) return [q, kind];
  }
  throw new Error(`companies: could not find a name outside the first ${companies} companies`);
}

/**
 * Mention `index` (1-based) against companies 1..companies of the same seed: 95% name one of them
 * with 0–3 corruptions; 5% (truth null) a look-alike of one that is not in the set. The mention's
 * words never spell another company's name.
 */
export function mentionAt(seed: number, index: number, companies: number): SupplierMention {
  checkIndex('companies', companies, SUPPLIER_CAPACITY);
  const r = rngFor(seed, SALT.mention, index);
  const member = !r.chance(NON_MEMBER_SHARE);
  const target = companyDetail(seed, r.int(1, companies));
  let parts = target.parts;
  let countryForms = target.countryForms;
  let form: string | null = target.form;
  const applied: Corruption[] = [];
  let lei: string | null = null;
  let duns: string | null = null;
  if (member) {
    if (target.company.lei && r.chance(0.3)) lei = target.company.lei;
    if (target.company.duns && r.chance(0.3)) duns = target.company.duns;
  } else {
    const [q, kind] = lookalike(seed, parts, companies, r);
    parts = q;
    applied.push(kind);
    if (r.chance(0.3)) countryForms = pickCountry(r);
    form = pickForm(countryForms, r);
    if (r.chance(0.1)) lei = leiFor(seed, OUTSIDE_LEI + (index % OUTSIDE_LEI));
    if (r.chance(0.1)) duns = dunsFor(seed, OUTSIDE_DUNS + (index % OUTSIDE_DUNS));
  }
  const fresh = (): Draft => ({
    words: baseWords(parts),
    form,
    formSep: ' ',
    branch: null,
    country: countryForms,
    letterCase: 'as-is',
    trailingDot: false,
  });
  const count = corruptionCount(r);
  // Redraw (rarely needed) when the corrupted words spell another company's name.
  let draft = fresh();
  let done: NameCorruption[] = [];
  for (let attempt = 0; ; attempt++) {
    draft = fresh();
    const chosen = attempt < 8 ? drawCorruptions(draft, r, count) : drawCorruptions(draft, r, count).filter((c) => !WORD_LEVEL.includes(c));
    done = chosen.filter((c) => APPLY[c].apply(draft, r));
    const owner = canonicalIndexOf(seed, draft.words);
    if (owner === null || (member ? owner === target.company.index : owner > companies)) break;
  }
  applied.push(...done);
  const dropCountry = r.chance(0.08);
  if (dropCountry) applied.push('country_dropped');
  return {
    id: mentionId(index),
    index,
    name: render(draft),
    country: dropCountry ? null : countryForms.code,
    lei,
    duns,
    truth: member ? target.company.id : null,
    corruptions: applied,
  };
}

/** Mentions 1..rows against companies 1..companies. */
export function* mentions(seed: number, rows: number, companies: number): Generator<SupplierMention> {
  checkIndex('companies', companies, SUPPLIER_CAPACITY);
  for (let i = 1; i <= rows; i++) yield mentionAt(seed, i, companies);
}
