/**
 * Supplier name normalization (issue 18): the exact-name stage of matching and the tokens the fuzzy stage scores.
 *
 * normalizeName(raw):
 *   1. Fold: apostrophes dropped ("L'Oréal" → "loreal"); Unicode NFKD; lower case; letters NFKD keeps whole are
 *      spelled out (ß → ss, æ → ae, œ → oe, ø → o, ł → l, đ → d, ħ → h, ı → i, þ → th, ð → d, final ς → σ); combining
 *      marks after Latin, Greek, Cyrillic, Arabic and Hebrew letters removed (é → e); NFC (kana and hangul keep their
 *      marks, which change the sound there).
 *   2. `&` → `and`; the dots and slashes inside a run of 1–2-letter pieces removed ("s.p.a." → "spa", "a/s" → "as",
 *      "j.p." → "jp"); every other character that is not a letter or digit → space.
 *   3. Tokens, with consecutive one-character tokens joined ("j p morgan" → "jp morgan", "3 m" → "3m").
 *   4. Until nothing changes: drop a leading "the"; remove the longest legal-form suffix (legal-forms.ts); remove a
 *      legal-form prefix (PT, OOO, …). The last remaining token is never removed: "AG" stays "ag".
 * The result is idempotent: normalizing `normalized` again gives the same `normalized`.
 *
 * canonicalTokens(n) then spells out common abbreviations (ABBREVIATIONS and the tables after it) for the fuzzy stage.
 */
import { LEGAL_FORMS } from './legal-forms.ts';
import type { NormalizedName } from './types.ts';

/** Letters that NFKD leaves whole, spelled the way an ASCII ledger writes them. */
const SPELLED_OUT: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['ł', 'l'],
  ['đ', 'd'],
  ['ħ', 'h'],
  ['ı', 'i'],
  ['þ', 'th'],
  ['ð', 'd'],
  ['ŧ', 't'],
  ['ς', 'σ'],
]);
const SPELLED_OUT_RE = /[ßæœøłđħıþðŧς]/g;
const APOSTROPHES_RE = /['’‘ʼ`´ʹ′]/g;
// Marks are accents in these scripts; in others (kana dakuten, Indic vowel signs) they change the letter, so they stay.
const FOLDED_MARKS_RE = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}])\p{M}+/gu;
const DOTTED_RUN_RE = /(?<![\p{L}\p{N}])\p{L}{1,2}(?:[./]\p{L}{1,2})+(?![\p{L}\p{N}])/gu;
const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Steps 1–3: the tokens of a name before legal forms are removed. */
function foldTokens(raw: string): string[] {
  const folded = raw
    .replace(APOSTROPHES_RE, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(SPELLED_OUT_RE, (c) => SPELLED_OUT.get(c) ?? c)
    .replace(FOLDED_MARKS_RE, '$1')
    .normalize('NFC')
    // Again: NFKD turns some signs into apostrophes (U+0374 → U+02B9); before it, ´ would become a space and a mark.
    .replace(APOSTROPHES_RE, '')
    .replace(/&/g, ' and ')
    .replace(DOTTED_RUN_RE, (run) => run.replace(/[./]/g, ''));
  // A few letters fold to nothing (ʼ, or U+037A that becomes a space and a mark): keep the raw ones, so a name with a
  // letter is never empty.
  const tokens =
    folded.match(TOKEN_RE) ??
    raw
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ??
    [];
  const joined: string[] = [];
  let run = '';
  for (const token of tokens) {
    if ([...token].length === 1) {
      run += token;
      continue;
    }
    if (run) joined.push(run.normalize('NFC'));
    run = '';
    joined.push(token);
  }
  // NFC again: joined pieces may compose (two hangul jamo make one syllable).
  if (run) joined.push(run.normalize('NFC'));
  return joined;
}

interface LegalFormIndex {
  /** Token key (tokens joined by one space) → canonical id. */
  keys: Map<string, string>;
  /** The most tokens any key has. */
  longest: number;
}

/** Folds every written form through steps 1–3; a key claimed by two ids is a data error. */
function buildIndexes(): { suffixes: LegalFormIndex; prefixes: LegalFormIndex } {
  const suffixes: LegalFormIndex = { keys: new Map(), longest: 0 };
  const prefixes: LegalFormIndex = { keys: new Map(), longest: 0 };
  for (const form of LEGAL_FORMS) {
    const targets = form.position === 'both' ? [suffixes, prefixes] : form.position === 'suffix' ? [suffixes] : [prefixes];
    for (const written of form.forms) {
      const tokens = foldTokens(written);
      const key = tokens.join(' ');
      for (const index of targets) {
        const taken = index.keys.get(key);
        if (taken !== undefined && taken !== form.id) {
          throw new Error(`legal form "${written}" (${form.id}): its key "${key}" already belongs to ${taken}`);
        }
        index.keys.set(key, form.id);
        index.longest = Math.max(index.longest, tokens.length);
      }
    }
  }
  return { suffixes, prefixes };
}

const { suffixes: SUFFIXES, prefixes: PREFIXES } = buildIndexes();

/** The longest legal form at the end (or start) of `tokens` that leaves at least one token, if any. */
function findLegalForm(tokens: readonly string[], index: LegalFormIndex, atEnd: boolean): { id: string; length: number } | null {
  for (let length = Math.min(index.longest, tokens.length - 1); length >= 1; length--) {
    const part = atEnd ? tokens.slice(tokens.length - length) : tokens.slice(0, length);
    const id = index.keys.get(part.join(' '));
    if (id !== undefined) return { id, length };
  }
  return null;
}

/** Normalizes a supplier name for exact matching and tokenizes it for fuzzy matching (steps in the header). */
export function normalizeName(raw: string): NormalizedName {
  if (typeof raw !== 'string') throw new TypeError(`raw: expected a string, got ${typeof raw}`);
  let tokens = foldTokens(raw);
  let suffixForm: string | null = null;
  let prefixForm: string | null = null;
  for (;;) {
    if (tokens.length > 1 && tokens[0] === 'the') {
      tokens = tokens.slice(1);
      continue;
    }
    const suffix = findLegalForm(tokens, SUFFIXES, true);
    if (suffix) {
      tokens = tokens.slice(0, tokens.length - suffix.length);
      suffixForm ??= suffix.id;
      continue;
    }
    const prefix = findLegalForm(tokens, PREFIXES, false);
    if (prefix) {
      tokens = tokens.slice(prefix.length);
      prefixForm ??= prefix.id;
      continue;
    }
    break;
  }
  // The outermost suffix says most about the entity ("Foo Co., Ltd." → co_ltd); a prefix only when there is none.
  return { raw, normalized: tokens.join(' '), tokens, legalForm: suffixForm ?? prefixForm };
}

/**
 * Common abbreviations in supplier names, each token → its spelled-out word or words (wherever the token stands).
 * Legal forms (corp, co, ltd) are not here: normalizeName removes them. Conjunctions in other languages (und, et)
 * become "and", as `&` does. Left out because they stand for different words in company names, so spelling them
 * out one way would join different companies: comp (company, components, computer), elec and electr (electric,
 * electrical, electronics), prod (products, production), inst (instruments, institute).
 */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['intl', 'international'],
  ['mfg', 'manufacturing'],
  ['eur', 'europe'],
  ['ind', 'industries'],
  ['inds', 'industries'],
  ['indus', 'industries'],
  ['tech', 'technology'],
  ['techs', 'technologies'],
  ['svc', 'services'],
  ['svcs', 'services'],
  ['srvcs', 'services'],
  ['dept', 'department'],
  ['natl', 'national'],
  ['assn', 'association'],
  ['assoc', 'association'],
  ['bros', 'brothers'],
  ['mgmt', 'management'],
  ['mgt', 'management'],
  ['hldg', 'holdings'],
  ['hldgs', 'holdings'],
  ['grp', 'group'],
  ['sys', 'systems'],
  ['syst', 'systems'],
  ['eng', 'engineering'],
  ['engg', 'engineering'],
  ['chem', 'chemical'],
  ['chems', 'chemicals'],
  ['labs', 'laboratories'],
  ['equip', 'equipment'],
  ['eqpt', 'equipment'],
  ['bldg', 'building'],
  ['constr', 'construction'],
  ['univ', 'university'],
  ['ctr', 'center'],
  ['cie', 'compagnie'],
  ['centre', 'center'],
  ['prods', 'products'],
  ['cmpts', 'components'],
  ['solns', 'solutions'],
  ['ptnr', 'partner'],
  ['trdg', 'trading'],
  ['logist', 'logistics'],
  ['mchy', 'machinery'],
  ['pharm', 'pharmaceuticals'],
  ['instr', 'instruments'],
  ['automot', 'automotive'],
  ['semicond', 'semiconductors'],
  ['dtl', 'deutschland'],
  ['dtschl', 'deutschland'],
  ['apac', 'asia pacific'],
  ['und', 'and'],
  ['et', 'and'],
]);

/**
 * Abbreviations that are also words or brands ("Sol Meliá", "WW International", "Auto Trader", "Mach Energy"):
 * spelled out only after a name's first token, where its generic words stand, never as the name's own word.
 */
export const ABBREVIATIONS_AFTER_FIRST: ReadonlyMap<string, string> = new Map([
  ['na', 'north america'],
  ['ww', 'worldwide'],
  ['sol', 'solutions'],
  ['log', 'logistics'],
  ['semi', 'semiconductors'],
  ['mach', 'machinery'],
  ['const', 'construction'],
  ['auto', 'automotive'],
  ['pharma', 'pharmaceuticals'],
  ['serv', 'services'],
  ['lab', 'laboratories'],
]);

/** Two-token abbreviations, the pair → its spelled-out words: "N. America" folds to "n america". */
export const PHRASE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['n america', 'north america'],
  ['asia pac', 'asia pacific'],
]);
const PHRASE_FIRST_TOKENS: ReadonlySet<string> = new Set([...PHRASE_ABBREVIATIONS.keys()].map((key) => key.split(' ')[0]!));

/** The tokens of a normalized name with abbreviations spelled out (the three tables above), in order. */
export function canonicalTokens(n: NormalizedName): string[] {
  const tokens = n.tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let spelled = i + 1 < tokens.length && PHRASE_FIRST_TOKENS.has(token) ? PHRASE_ABBREVIATIONS.get(`${token} ${tokens[i + 1]}`) : undefined;
    if (spelled !== undefined) i++;
    else spelled = ABBREVIATIONS.get(token) ?? (i > 0 ? ABBREVIATIONS_AFTER_FIRST.get(token) : undefined);
    if (spelled === undefined) out.push(token);
    else if (spelled.includes(' ')) out.push(...spelled.split(' '));
    else out.push(spelled);
  }
  return out;
}
