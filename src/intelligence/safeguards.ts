/**
 * Semantic-cache safeguards, pure: what two prompts must share, beyond a similar embedding, for
 * one's answer to be served for the other. Embeddings place "how to enable X" next to "how to
 * disable X" and "5 t of steel" next to "50 t of steel"; these checks make such pairs a miss:
 *
 * - negations (not, no, never, without, n't; nicht, kein, ohne; pas, jamais, sans; no, nunca, sin;
 *   niet, geen, zonder; non, mai, senza): the same count;
 * - polar words (enable/disable, import/export, increase/decrease, above/below, …): the same set,
 *   and no word in one that is a word of the other with a negating prefix (install/uninstall);
 * - numbers with their units ("2 mm", "2mm", "two mm" agree; "2 kg" and "2 t" do not; thousands
 *   separators and decimal commas normalized): the same multiset;
 * - named entities and codes: NAICS (6 digits) and CN (8 digits) codes are numbers above; ISO
 *   country codes and other upper-case tokens, capitalized names, and letter-digit codes (S235,
 *   ISO14001): the same set, compared case-insensitively; a capitalized first word of a sentence
 *   (a name, or just a first word) must at least be a word of the other prompt.
 *
 * A miss costs one model call; a wrong hit serves a wrong answer, so every check errs to a miss.
 */

export interface MeaningSignature {
  /** Negation count, polar words and numbers in one string: equal strings agree on all three. */
  readonly key: string;
  /** Upper-case tokens, tokens with digits, capitalized words inside a sentence (lower-cased). */
  readonly entities: ReadonlySet<string>;
  /** Capitalized first words of a sentence that may be names or ordinary words ("Rotterdam …", "Price …"). */
  readonly maybeEntities: ReadonlySet<string>;
  /** The text's lower-case words, for the negating-prefix check and maybe-entities. */
  readonly words: ReadonlySet<string>;
}

const NEGATIONS = new Set([
  // English
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'without',
  'cannot',
  'nowhere',
  'non',
  // German
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keinem',
  'keiner',
  'keines',
  'nie',
  'niemals',
  'ohne',
  'nichts',
  // French
  'ne',
  'pas',
  'jamais',
  'sans',
  'aucun',
  'aucune',
  'rien',
  'personne',
  // Spanish
  'nunca',
  'sin',
  'ningún',
  'ninguno',
  'ninguna',
  'jamás',
  'nada',
  'tampoco',
  // Dutch
  'niet',
  'geen',
  'nooit',
  'zonder',
  'niets',
  // Italian
  'mai',
  'senza',
  'nessun',
  'nessuno',
  'nessuna',
  'niente',
]);

/** Pairs of opposite words; each word stands for itself in the signature (enable ≠ disable). */
const POLAR_PAIRS: readonly (readonly [string, string])[] = [
  ['enable', 'disable'],
  ['enabled', 'disabled'],
  ['activate', 'deactivate'],
  ['allow', 'deny'],
  ['allow', 'block'],
  ['accept', 'reject'],
  ['include', 'exclude'],
  ['including', 'excluding'],
  ['import', 'export'],
  ['imports', 'exports'],
  ['imported', 'exported'],
  ['increase', 'decrease'],
  ['increased', 'decreased'],
  ['raise', 'lower'],
  ['higher', 'lower'],
  ['more', 'less'],
  ['most', 'least'],
  ['max', 'min'],
  ['maximum', 'minimum'],
  ['above', 'below'],
  ['over', 'under'],
  ['before', 'after'],
  ['first', 'last'],
  ['add', 'remove'],
  ['start', 'stop'],
  ['open', 'close'],
  ['on', 'off'],
  ['up', 'down'],
  ['buy', 'sell'],
  ['purchase', 'sale'],
  ['inbound', 'outbound'],
  ['upstream', 'downstream'],
  ['encrypt', 'decrypt'],
  ['lock', 'unlock'],
  ['install', 'uninstall'],
  ['pass', 'fail'],
  ['true', 'false'],
  ['yes', 'no'],
  ['win', 'lose'],
  ['gain', 'loss'],
  ['profit', 'loss'],
  ['credit', 'debit'],
  ['direct', 'indirect'],
  ['scope1', 'scope3'],
  ['gross', 'net'],
  ['old', 'new'],
  ['oldest', 'newest'],
  ['cheapest', 'dearest'],
  ['ascending', 'descending'],
  ['asc', 'desc'],
  ['left', 'right'],
  ['north', 'south'],
  ['east', 'west'],
  ['inside', 'outside'],
  // German, French, Spanish
  ['aktivieren', 'deaktivieren'],
  ['einschalten', 'ausschalten'],
  ['erhöhen', 'senken'],
  ['einfuhr', 'ausfuhr'],
  ['vor', 'nach'],
  ['activer', 'désactiver'],
  ['augmenter', 'diminuer'],
  ['avant', 'après'],
  ['activar', 'desactivar'],
  ['aumentar', 'disminuir'],
];
/** The commoner side of a few pairs is left out ("on my account", "up to"): only its opposite marks a prompt. */
const TOO_COMMON = new Set(['on', 'up', 'over', 'first', 'new', 'right', 'left', 'old', 'after', 'more']);
const POLAR = new Set(POLAR_PAIRS.flat().filter((w) => !TOO_COMMON.has(w)));

/** Prefixes that negate the word they precede: a word in one prompt and prefix+word in the other disagree. */
const NEGATING_PREFIXES = ['un', 'dis', 'de', 'non', 'in', 'im', 'ir', 'il', 'anti', 'mis'];

const NUMBER_WORDS: Record<string, string> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  twenty: '20',
  thirty: '30',
  fifty: '50',
  hundred: '100',
  thousand: '1000',
  million: '1000000',
  eins: '1',
  zwei: '2',
  drei: '3',
  vier: '4',
  fünf: '5',
  sechs: '6',
  zehn: '10',
  deux: '2',
  trois: '3',
  quatre: '4',
  cinq: '5',
  dos: '2',
  tres: '3',
  cuatro: '4',
  cinco: '5',
  twee: '2',
  drie: '3',
  due: '2',
  tre: '3',
};

/** Units and their canonical spelling; a number takes the unit that follows (or the currency sign that precedes) it. */
const UNITS: Record<string, string> = {
  mm: 'mm',
  cm: 'cm',
  m: 'm',
  km: 'km',
  mi: 'mi',
  miles: 'mi',
  mile: 'mi',
  in: 'in',
  ft: 'ft',
  g: 'g',
  kg: 'kg',
  t: 't',
  tonne: 't',
  tonnes: 't',
  ton: 't',
  tons: 't',
  lb: 'lb',
  lbs: 'lb',
  mt: 't',
  l: 'l',
  liter: 'l',
  litre: 'l',
  liters: 'l',
  litres: 'l',
  m3: 'm3',
  kwh: 'kwh',
  mwh: 'mwh',
  gwh: 'gwh',
  kw: 'kw',
  mw: 'mw',
  gj: 'gj',
  mj: 'mj',
  tco2e: 'tco2e',
  kgco2e: 'kgco2e',
  co2e: 'co2e',
  '%': '%',
  percent: '%',
  pct: '%',
  prozent: '%',
  eur: 'eur',
  euro: 'eur',
  euros: 'eur',
  '€': 'eur',
  usd: 'usd',
  dollar: 'usd',
  dollars: 'usd',
  $: 'usd',
  gbp: 'gbp',
  '£': 'gbp',
  chf: 'chf',
  cny: 'cny',
  jpy: 'jpy',
  '¥': 'jpy',
  h: 'h',
  hours: 'h',
  hour: 'h',
  days: 'd',
  day: 'd',
  d: 'd',
  years: 'y',
  year: 'y',
  months: 'mo',
  month: 'mo',
  weeks: 'w',
  week: 'w',
  min: 'min',
  minutes: 'min',
  s: 's',
  seconds: 's',
  k: 'k',
  x: 'x',
  pkm: 'pkm',
  tkm: 'tkm',
  teu: 'teu',
  pallets: 'pallet',
  pallet: 'pallet',
  units: 'unit',
  pcs: 'unit',
  pieces: 'unit',
};

/** Capitalized words that often start a sentence and name nothing. */
const SENTENCE_STARTERS = new Set([
  'how',
  'what',
  'why',
  'when',
  'where',
  'who',
  'which',
  'whose',
  'can',
  'could',
  'would',
  'should',
  'will',
  'shall',
  'may',
  'might',
  'please',
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'the',
  'a',
  'an',
  'i',
  'in',
  'on',
  'for',
  'to',
  'from',
  'of',
  'and',
  'list',
  'give',
  'show',
  'tell',
  'explain',
  'write',
  'describe',
  'summarize',
  'summarise',
  'classify',
  'find',
  'get',
  'set',
  'make',
  'let',
  'help',
  'is',
  'it',
  'this',
  'that',
  'these',
  'those',
  'my',
  'our',
  'your',
  'we',
  'you',
  'they',
  'there',
  'here',
  'if',
  'then',
  'hi',
  'hello',
  'hey',
  'ok',
  'okay',
  'thanks',
  'dear',
  'wie',
  'was',
  'warum',
  'bitte',
  'comment',
  'quel',
  'quelle',
  'pourquoi',
  'cómo',
  'como',
  'qué',
  'que',
  'por',
  'hoe',
  'wat',
  'come',
  'cosa',
  'perché',
  'ich',
  'je',
  'yo',
  'ik',
  'io',
  'der',
  'die',
  'das',
  'le',
  'la',
  'les',
  'el',
  'los',
  'las',
  'de',
  'het',
  'il',
  'lo',
  'gli',
  'un',
  'une',
  'uno',
  'una',
  'ein',
  'eine',
  'een',
]);

// Numbers (three-digit groups with separators, a decimal part, a unit glued on), currency signs, %, words of any script.
const TOKEN = /\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d+)?(?:[a-zA-Z%]+\d*)?|\d+(?:[.,]\d+)?(?:[a-zA-Z%]+\d*)?|[$€£¥%]|[\p{L}\p{M}][\p{L}\p{M}\p{N}'’]*/gu;
const NUMBER_WITH_UNIT = /^(\d[\d,. '’]*?)([a-zA-Z%]+\d*)?$/;

/** "1,000", "1.000" and "1 000" → 1000 (three-digit groups), "2,5" → 2.5, "2.50" → 2.5; leading zeros (codes) kept. */
function normalizeNumber(raw: string): string {
  let s: string;
  if (/^\d{1,3}(?:[,. '’]\d{3})+$/.test(raw)) s = raw.replace(/[,. '’]/g, '');
  else if (/^\d{1,3}(?:[,. '’]\d{3})+[.,]\d+$/.test(raw)) {
    const decimal = raw.search(/[.,]\d+$/);
    s = `${raw.slice(0, decimal).replace(/[,. '’]/g, '')}.${raw.slice(decimal + 1)}`;
  } else s = raw.replace(',', '.');
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

const unitOf = (raw: string | undefined) => (raw === undefined ? undefined : UNITS[raw.toLowerCase()]);

/** The signature of one prompt. */
export function meaningSignature(text: string): MeaningSignature {
  const normalized = text.normalize('NFC');
  const tokens = [...normalized.matchAll(TOKEN)];
  let negations = 0;
  const polar: string[] = [];
  const numbers: string[] = [];
  const entities = new Set<string>();
  const maybeEntities = new Set<string>();
  const words = new Set<string>();
  let previousEnd = 0;
  let currency: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const match = tokens[i]!;
    const token = match[0];
    const lower = token.toLowerCase();
    // A sentence starts at the text's start and after . ! ? : ; or a line break.
    const startsSentence = i === 0 || /[.!?:;\n]/.test(normalized.slice(previousEnd, match.index));
    previousEnd = match.index + token.length;
    if (/^\d/.test(token)) {
      const [, digits, glued] = NUMBER_WITH_UNIT.exec(token) ?? [token, token, undefined];
      let unit = glued === undefined ? undefined : (unitOf(glued) ?? glued.toLowerCase());
      const next = tokens[i + 1]?.[0];
      if (unit === undefined && next !== undefined && !/^[$€£¥]$/.test(next) && unitOf(next) !== undefined) {
        unit = unitOf(next);
        i++;
        previousEnd = tokens[i]!.index + tokens[i]![0].length;
      }
      numbers.push(`${normalizeNumber(digits!.trim())}${unit ?? currency ?? ''}`);
      currency = null;
      continue;
    }
    if (/^[$€£¥]$/.test(token)) {
      currency = unitOf(token)!;
      continue;
    }
    currency = null;
    if (token === '%') {
      if (numbers.length > 0 && !numbers[numbers.length - 1]!.endsWith('%')) numbers[numbers.length - 1] += '%';
      continue;
    }
    const number = NUMBER_WORDS[lower];
    if (number !== undefined) {
      const unit = unitOf(tokens[i + 1]?.[0]);
      if (unit !== undefined) i++;
      numbers.push(`${number}${unit ?? ''}`);
      continue;
    }
    // English contractions count as negations: don't, isn't, can't, won't.
    if (/n['’]t$/.test(lower) || NEGATIONS.has(lower)) negations++;
    if (POLAR.has(lower)) polar.push(lower);
    words.add(lower);
    // Codes with digits (S235, ISO14001), upper-case tokens (DE, EU, NAICS), capitalized names (not a sentence's usual first word).
    const upper = token.length >= 2 && token === token.toUpperCase() && token !== lower;
    const capitalized = /^\p{Lu}/u.test(token);
    if (/\d/.test(token) || upper || (capitalized && !startsSentence && lower !== 'i')) entities.add(lower);
    else if (capitalized && startsSentence && !SENTENCE_STARTERS.has(lower)) maybeEntities.add(lower);
  }
  const key = `${negations}|${polar.sort().join(',')}|${numbers.sort().join(',')}`;
  return { key, entities, maybeEntities, words };
}

/** An entity of `a` that `b` does not have: a definite one must be an entity of `b` too, a maybe-entity at least a word of `b`. */
function missingEntity(a: MeaningSignature, b: MeaningSignature): string | null {
  for (const e of a.entities) if (!b.entities.has(e) && !b.maybeEntities.has(e)) return e;
  for (const e of a.maybeEntities) if (!b.words.has(e)) return e;
  return null;
}

/** A word in one set that is a word of the other with a negating prefix (install / uninstall). */
function prefixNegated(a: ReadonlySet<string>, b: ReadonlySet<string>): string | null {
  for (const word of a) {
    if (b.has(word)) continue;
    for (const prefix of NEGATING_PREFIXES) {
      if (word.length > prefix.length + 3 && word.startsWith(prefix) && b.has(word.slice(prefix.length)) && !a.has(word.slice(prefix.length))) return word;
    }
  }
  return null;
}

/** Null when the two prompts agree on every safeguard, else which one they differ on. */
export function disagreement(a: MeaningSignature, b: MeaningSignature): 'negation' | 'polarity' | 'numbers' | 'entities' | 'prefix' | null {
  if (a.key !== b.key) {
    const [an, ap] = a.key.split('|');
    const [bn, bp] = b.key.split('|');
    return an !== bn ? 'negation' : ap !== bp ? 'polarity' : 'numbers';
  }
  if (missingEntity(a, b) !== null || missingEntity(b, a) !== null) return 'entities';
  if (prefixNegated(a.words, b.words) || prefixNegated(b.words, a.words)) return 'prefix';
  return null;
}
