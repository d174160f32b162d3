/**
 * Text → index terms, the same way for NAICS titles, keywords and spend lines: lower case, accents
 * folded (ü → u, ß → ss), abbreviations kept whole (R&D → rd, B/L → bl, e-bike → ebike), stop words
 * of five languages dropped, then a light English stemmer (plurals, -ing). Deliberately small: the
 * keyword list carries the other languages' word forms.
 */

const STOP_WORDS = new Set(
  [
    // English
    'the an and or of for to in on at by with from per via as into our your we is are be this that these those its no nr ref inv invoice order orders qty pcs misc etc incl excl total re',
    // German
    'der das den dem des und oder fur von mit zu zur zum im am an auf aus bei ein eine einer eines nach pro rechnung inkl zzgl',
    // French
    'le la les de du des et ou pour par au aux un une en sur avec dans facture',
    // Spanish
    'el los las y o del para por con un una en al factura',
    // Dutch
    'het een voor met op te naar en factuur',
  ]
    .join(' ')
    .split(' '),
);

const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Folds a text to lower-case ASCII letters, digits and spaces, keeping abbreviations whole. */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  // Most keywords and many ledger words are plain already: skip the replacements.
  if (PLAIN.test(lower)) return lower;
  return (
    lower
      .replace(/ß/g, 'ss')
      .replace(/æ/g, 'ae')
      .replace(/œ/g, 'oe')
      .replace(/ø/g, 'o')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // Apostrophes inside words: McDonald's → mcdonalds.
      .replace(/['’`]/g, '')
      // R&D, AT&T, B/L, A/S: one word.
      .replace(/([a-z0-9])[&/]([a-z0-9])/g, '$1$2')
      // A single letter hyphenated to a word: e-bike, x-ray, t-shirt.
      .replace(/\b([a-z])-(?=[a-z]{2})/g, '$1')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

/** Strips English plural and -ing endings; other languages' forms are listed as keywords. */
export function stem(word: string): string {
  const n = word.length;
  if (n > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (n > 4 && word.endsWith('sses')) return word.slice(0, -2);
  if (n > 6 && word.endsWith('ing')) return word.slice(0, -3);
  if (n > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The words of a text as terms (normalized, stop words and one-letter words dropped, stemmed),
 * in order. Words with digits are kept; the index decides whether they mean anything (S235, M8, A4).
 */
export function textTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).split(' ')) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}
