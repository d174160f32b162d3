/**
 * The local spend classifier: a line's terms scored against the curated keyword list (one-, two- and
 * three-word terms, longest first) and, with BM25, against the NAICS titles; the best-scoring code
 * wins. Deterministic, no network, built from the repo's data in a few milliseconds
 * (docs/classification.md has the method, its accuracy and speed).
 */
import { createHash } from 'node:crypto';
import { KEYWORDS } from './data/keywords.ts';
import { NAICS_2017_TSV } from './data/naics-2017.ts';
import { type NaicsIndustry, naicsIndustries, naicsIndustry, naicsSector } from './naics.ts';
import { isStopWord, normalizeText, stem, textTerms } from './tokens.ts';
import type { Evidence, SpendClassification, SpendLine } from './types.ts';

export const CLASSIFIER_NAME = 'greenline-keyword-bm25';
const METHOD_VERSION = '1.0.0';

/** Score of one keyword match before its weight and ambiguity: three title-word matches' worth. */
const KEYWORD_SCORE = 3;
/** Two- and three-word keywords are more specific than one word. */
const PHRASE_BONUS = [0, 1, 1.5, 2];
/** BM25 over titles, scaled so a title word counts about half a keyword. */
const TITLE_SCALE = 0.35;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Wholesale (42) and retail (44–45) titles repeat the makers' words; a purchase is classed by its maker. */
const TRADE_TITLE_FACTOR = 0.3;
/** Words of the supplier's name count less than the description's. */
const SUPPLIER_FACTOR = 0.6;
/** Title words that name the kind of industry, not what it makes. */
const TITLE_NOISE = new Set(
  'manufacturing manufacture other all miscellaneous related merchant wholesaler product activity general purpose establishment industry offices except primarily purchased combination'
    .split(' ')
    .map(stem),
);
const MAX_PHRASE = 3;
/** Shortest compound part looked up when splitting an unknown word (Druckerpapier → drucker + papier). */
const MIN_PART = 4;

interface KeywordPosting {
  code: number;
  weight: number;
  /** The keyword as written in the list. */
  listed: string;
}

interface TitlePosting {
  code: number;
  weight: number;
}

/** A matched term of a line, with the postings it contributes. */
interface Hit {
  term: string;
  field: Evidence['field'];
  factor: number;
  keyword: readonly KeywordPosting[] | null;
  title: readonly TitlePosting[] | null;
}

/** The classifier's parameters as one text, part of its version. */
const PARAMETERS = JSON.stringify([KEYWORD_SCORE, PHRASE_BONUS, TITLE_SCALE, BM25_K1, BM25_B, TRADE_TITLE_FACTOR, SUPPLIER_FACTOR, [...TITLE_NOISE]]);

export class SpendClassifier {
  readonly name = CLASSIFIER_NAME;
  /** The method's version and a hash of its data and parameters: two classifiers with one version answer alike. */
  readonly version: string;
  private readonly industries: readonly NaicsIndustry[];
  private readonly keywords = new Map<string, KeywordPosting[]>();
  private readonly titles = new Map<string, TitlePosting[]>();
  /** Words that appear in a keyword or title: the only words with digits kept, and the parts compounds split into. */
  private readonly vocabulary = new Set<string>();
  /** Normalized word → its terms (stemmed, or a compound's parts); most ledgers repeat their words. */
  private readonly wordTerms = new Map<string, readonly string[]>();
  private readonly scores: Float64Array;

  constructor() {
    this.industries = naicsIndustries();
    const index = new Map(this.industries.map((industry, i) => [industry.code, i]));
    this.scores = new Float64Array(this.industries.length);
    this.version = `${METHOD_VERSION}+${createHash('sha256').update(NAICS_2017_TSV).update(JSON.stringify(KEYWORDS)).update(PARAMETERS).digest('hex').slice(0, 8)}`;

    for (const [code, terms] of KEYWORDS) {
      const i = index.get(code);
      if (i === undefined) throw new Error(`keyword list: ${code} is not a NAICS code of the list`);
      for (const entry of terms.split(',')) {
        const [text, weightText] = entry.trim().split('^') as [string, string | undefined];
        const words = textTerms(text);
        if (words.length === 0 || words.length > MAX_PHRASE) continue;
        const weight = weightText === undefined ? 1 : Number(weightText);
        const key = words.join(' ');
        const postings = this.keywords.get(key) ?? [];
        if (!postings.some((p) => p.code === i)) postings.push({ code: i, weight, listed: text });
        this.keywords.set(key, postings);
        for (const w of words) this.vocabulary.add(w);
      }
    }
    this.indexTitles();
  }

  /** BM25 weights of each title word, computed once: a line's words are scored by lookup. */
  private indexTitles(): void {
    const docs = this.industries.map((industry) => textTerms(industry.title.replace(/\(except[^)]*\)/gi, ' ')).filter((t) => !TITLE_NOISE.has(t)));
    const avgLength = docs.reduce((n, d) => n + d.length, 0) / docs.length;
    const documentFrequency = new Map<string, number>();
    for (const doc of docs) for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    docs.forEach((doc, code) => {
      const counts = new Map<string, number>();
      for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
      const trade = /^4[245]/.test(this.industries[code]!.code) ? TRADE_TITLE_FACTOR : 1;
      for (const [term, tf] of counts) {
        const df = documentFrequency.get(term)!;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        const weight = (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * doc.length) / avgLength));
        const postings = this.titles.get(term) ?? [];
        postings.push({ code, weight: weight * TITLE_SCALE * trade });
        this.titles.set(term, postings);
        this.vocabulary.add(term);
      }
    });
  }

  /** One line's NAICS code, confidence and evidence. */
  classify(line: SpendLine | string): SpendClassification {
    const { description, supplier } = typeof line === 'string' ? { description: line, supplier: undefined } : line;
    const hits: Hit[] = [];
    this.collectHits(description, 'description', 1, hits);
    if (supplier) this.collectHits(supplier, 'supplier', SUPPLIER_FACTOR, hits);
    return this.decide(hits);
  }

  classifyAll(lines: ReadonlyArray<SpendLine | string>): SpendClassification[] {
    return lines.map((line) => this.classify(line));
  }

  /** The terms of a word: itself (stemmed), or the known parts of an unknown compound, or nothing. */
  private termsOf(word: string): readonly string[] {
    const cached = this.wordTerms.get(word);
    if (cached) return cached;
    let terms: readonly string[];
    if (word.length < 2 || isStopWord(word)) terms = [];
    else {
      const term = stem(word);
      if (/\d/.test(term)) terms = this.vocabulary.has(term) ? [term] : [];
      else if (this.vocabulary.has(term) || word.length < 2 * MIN_PART) terms = [term];
      else terms = this.splitCompound(word) ?? [term];
    }
    if (this.wordTerms.size > 200_000) this.wordTerms.clear();
    this.wordTerms.set(word, terms);
    return terms;
  }

  /**
   * An unknown long word as two known parts, the longest known head first (German and Dutch write
   * compounds as one word: Kopierpapier, Reinigungsdienst, kantoorbenodigdheden); else the longest
   * known head alone, else the longest known modifier (Kupferkathoden → kupfer).
   */
  private splitCompound(word: string): string[] | null {
    let headOnly: string | null = null;
    let modifierOnly: string | null = null;
    for (let at = MIN_PART - 1; at <= word.length - MIN_PART; at++) {
      const head = stem(word.slice(at));
      const modifier = word.slice(0, at);
      const known = [modifier, modifier.endsWith('s') ? modifier.slice(0, -1) : null].find((m) => m !== null && m.length >= 3 && this.vocabulary.has(stem(m)));
      if (!this.vocabulary.has(head)) {
        if (known && known.length >= 5) modifierOnly = stem(known);
        continue;
      }
      if (known) return [stem(known), head];
      headOnly ??= head.length >= 5 ? head : null;
    }
    const part = headOnly ?? modifierOnly;
    return part ? [part] : null;
  }

  /** The line's keyword matches (longest phrase first, each word used once) and title-word matches. */
  private collectHits(text: string, field: Evidence['field'], factor: number, hits: Hit[]): void {
    const terms: string[] = [];
    for (const word of normalizeText(text).split(' ')) for (const t of this.termsOf(word)) terms.push(t);
    const seen = new Set<string>();
    for (let i = 0; i < terms.length; ) {
      let used = 1;
      let keyword: readonly KeywordPosting[] | null = null;
      let phrase = terms[i]!;
      for (let n = Math.min(MAX_PHRASE, terms.length - i); n >= 1; n--) {
        const candidate = n === 1 ? terms[i]! : terms.slice(i, i + n).join(' ');
        const found = this.keywords.get(candidate);
        if (found) {
          keyword = found;
          used = n;
          phrase = candidate;
          break;
        }
      }
      if (keyword && !seen.has(phrase)) {
        seen.add(phrase);
        hits.push({ term: phrase, field, factor: factor * (PHRASE_BONUS[used] ?? 1), keyword, title: null });
      }
      i += used;
    }
    for (const term of new Set(terms)) {
      const title = this.titles.get(term);
      if (title) hits.push({ term, field, factor, keyword: null, title });
    }
  }

  private decide(hits: readonly Hit[]): SpendClassification {
    const scores = this.scores;
    const touched: number[] = [];
    const add = (code: number, value: number) => {
      if (scores[code] === 0) touched.push(code);
      scores[code]! += value;
    };
    for (const hit of hits) {
      if (hit.keyword) {
        const share = (KEYWORD_SCORE * hit.factor) / Math.sqrt(hit.keyword.length);
        for (const p of hit.keyword) add(p.code, share * p.weight);
      } else if (hit.title) {
        for (const p of hit.title) add(p.code, p.weight * hit.factor);
      }
    }
    // Best three, ties to the lower code (deterministic).
    const top: number[] = [];
    for (const code of touched) {
      let at = top.length;
      while (at > 0 && (scores[code]! > scores[top[at - 1]!]! || (scores[code] === scores[top[at - 1]!] && code < top[at - 1]!))) at--;
      if (at < 3) {
        top.splice(at, 0, code);
        if (top.length > 3) top.pop();
      }
    }
    const best = top[0];
    const result = best === undefined || scores[best]! <= 0 ? this.unclassified() : this.answer(best, top, hits);
    for (const code of touched) scores[code] = 0;
    return result;
  }

  private answer(best: number, top: readonly number[], hits: readonly Hit[]): SpendClassification {
    const s1 = this.scores[best]!;
    const s2 = top[1] === undefined ? 0 : this.scores[top[1]]!;
    const industry = this.industries[best]!;
    const evidence: Evidence[] = [];
    for (const hit of hits) {
      if (hit.keyword) {
        const p = hit.keyword.find((k) => k.code === best);
        if (p)
          evidence.push({
            term: hit.term,
            field: hit.field,
            source: 'keyword',
            matched: p.listed,
            weight: round3(((KEYWORD_SCORE * hit.factor) / Math.sqrt(hit.keyword.length)) * p.weight),
          });
      } else if (hit.title) {
        const p = hit.title.find((t) => t.code === best);
        if (p) evidence.push({ term: hit.term, field: hit.field, source: 'title', matched: industry.title, weight: round3(p.weight * hit.factor) });
      }
    }
    evidence.sort((a, b) => b.weight - a.weight);
    return {
      naics: industry.code,
      industry: industry.title,
      naics4: industry.code.slice(0, 4),
      naics2: industry.code.slice(0, 2),
      sector: naicsSector(industry.code) ?? null,
      confidence: confidenceOf(s1, s2),
      evidence,
      alternatives: top.slice(1).map((i) => ({ naics: this.industries[i]!.code, industry: this.industries[i]!.title })),
      classifier: { name: this.name, version: this.version },
    };
  }

  private unclassified(): SpendClassification {
    return {
      naics: null,
      industry: null,
      naics4: null,
      naics2: null,
      sector: null,
      confidence: 0,
      evidence: [],
      alternatives: [],
      classifier: { name: this.name, version: this.version },
    };
  }
}

/**
 * Confidence from the best score (how much matched) and its lead over the second (how clearly):
 * one unambiguous keyword ≈ 0.63, two ≈ 0.86; a tie between two codes at most 0.4.
 */
export function confidenceOf(best: number, second: number): number {
  if (best <= 0) return 0;
  const strength = 1 - Math.exp(-best / KEYWORD_SCORE);
  const lead = (best - second) / best;
  return round3(strength * (0.4 + 0.6 * lead));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

let shared: SpendClassifier | null = null;

/** The process's classifier, built on first use (a few milliseconds). */
export function spendClassifier(): SpendClassifier {
  shared ??= new SpendClassifier();
  return shared;
}

/** Whether a code is one the classifier may answer (fallback answers are checked with it). */
export function isClassifiableNaics(code: string): boolean {
  return /^\d{6}$/.test(code) && naicsIndustry(code) !== undefined;
}
