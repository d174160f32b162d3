/**
 * In-memory candidate index over canonical suppliers: the blocking step of matching, so a mention is
 * scored against at most K suppliers instead of all of them.
 *
 *   exact:   identifier (scheme + value, upper case, separators dropped) → supplier; normalized name
 *            (and accepted aliases) → suppliers; the name without spaces → suppliers ("thyssen krupp"
 *            finds "thyssenkrupp").
 *   tokens:  an inverted index token → slots; each mention token adds 1 + ln(N / df) to every supplier
 *            holding it. Tokens held by more than `maxPostings` suppliers are not scanned: they add
 *            their weight only to the suppliers the rarer tokens found (checked against each one's
 *            tokens); when no token of the mention itself is rare, the smallest such list is also
 *            scanned, each slot counting the other common tokens it holds (read from that list's table
 *            of each supplier's common words, CommonWords; the cursor merge is the general path).
 *   typos:   character 3-grams (space-padded) over the token vocabulary, not over suppliers, so a gram
 *            lists distinct words and stays short. Each mention token of ≥ 4 characters looks up the
 *            words within the typo bound of match.ts (edit distance 1, 2 from 8 characters): the
 *            4d + 3 rarest of its grams are scanned and a word must share all but 4d of them (one
 *            edit breaks at most 3 grams, a swap of neighbours 4), then the edit distance is checked. Each such word adds
 *            0.8 × its own weight, so "thysenkrupp" blocks "thyssenkrupp".
 *   result:  the K best slots by that score less 0.1 per token of difference in name length (so among
 *            suppliers sharing a stem the one named like the mention comes first; then the earlier added).
 * Blocking and fuzzy scoring read the canonical name (abbreviations spelled out, canonicalName); the
 * exact maps read the normalized name. Each slot also keeps its word ids in one flat Int32Array, so checking
 * whether a supplier holds a common word reads a few integers (no strings, no search in a long list).
 */
import { canonicalTokens } from './normalize.ts';
import { editDistance } from './similarity.ts';
import type { IdentifierScheme, NormalizedName } from './types.ts';

/** An identifier a canonical supplier carries. */
export interface SupplierIdentifier {
  scheme: IdentifierScheme;
  value: string;
}

/** A canonical supplier as the index holds it. */
export interface CanonicalSupplier {
  id: string;
  name: NormalizedName;
  /** ISO 3166-1 alpha-2, or null when unknown. */
  country?: string | null;
  identifiers?: readonly SupplierIdentifier[];
  /** Accepted alternative names: they match exactly (not used for fuzzy blocking). */
  aliases?: readonly NormalizedName[];
}

/** A common word of a mention (held by more than maxPostings suppliers): its postings and weight. */
interface CommonEntry {
  word: number;
  list: number[];
  weight: number;
}

/** One blocking candidate: the slot of a supplier in the index and its blocking score. */
export interface BlockingCandidate {
  slot: number;
  score: number;
}

export interface SupplierIndexOptions {
  /** Tokens or grams held by more suppliers than this are skipped (default 5,000). */
  maxPostings?: number;
  /**
   * false scans the smallest common list with a cursor into every other common list (the general
   * path) instead of reading each slot's common words from the list's own table (CommonWords). Both
   * give the same candidates; false is for the test that proves it.
   */
  commonWordTables?: boolean;
}

/**
 * Per common word (held by more than maxPostings suppliers), the common words each of its suppliers
 * holds, in the order of its postings: starts[i] … starts[i + 1] index `ords` for postings[i]. Read in
 * one forward pass while the smallest common list is scanned, instead of a cursor per other list.
 */
interface CommonWords {
  /** word id → ordinal among the common words, −1 for the others. */
  ordinal: Int32Array;
  starts: (Int32Array | undefined)[];
  ords: (Uint16Array | undefined)[];
}

/** The canonical key of an identifier value: upper case, only letters and digits. */
export function identifierKey(scheme: IdentifierScheme, value: string): string {
  return `${scheme}:${value.toUpperCase().replace(/[^0-9A-Z]/g, '')}`;
}

/** A country code as compared: trimmed upper case, or null when absent. */
export function countryKey(country: string | null | undefined): string | null {
  const c = country?.trim().toUpperCase();
  return c ? c : null;
}

/** A name without spaces: the key that makes "thyssen krupp" equal "thyssenkrupp". */
export function compactKey(normalized: string): string {
  return normalized.replaceAll(' ', '');
}

/** The name with abbreviations spelled out (normalize.ts canonicalTokens): what fuzzy matching reads. */
export function canonicalName(n: NormalizedName): NormalizedName {
  const tokens = canonicalTokens(n);
  if (tokens.every((t, i) => t === n.tokens[i])) return n;
  return { raw: n.raw, normalized: tokens.join(' '), tokens, legalForm: n.legalForm };
}

type SlotSet = number | number[];

function addTo(map: Map<string, SlotSet>, key: string, slot: number): void {
  const have = map.get(key);
  if (have === undefined) map.set(key, slot);
  else if (typeof have === 'number') {
    if (have !== slot) map.set(key, [have, slot]);
  } else if (!have.includes(slot)) have.push(slot);
}

function slotsOf(set: SlotSet | undefined): readonly number[] {
  return set === undefined ? [] : typeof set === 'number' ? [set] : set;
}

/** The 3-grams of a token padded with one space either side (deduplicated, in order). */
export function tokenGrams(token: string): string[] {
  const padded = ` ${token} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    if (!grams.includes(g)) grams.push(g);
  }
  return grams;
}

/** The typo bound of a token: edit distance 1, 2 from 8 characters, none under 4 (match.ts tokensAlike). */
export function typoBound(token: string): number {
  return token.length >= 8 ? 2 : token.length >= 4 ? 1 : 0;
}

/** similarWords answers remembered at most (then the memo starts again). */
const SIMILAR_MEMO_SIZE = 50_000;
/** Weight of a word reached through a typo, relative to the word itself. */
const TYPO_WEIGHT = 0.8;
/** Score taken per token of difference between a candidate's name length and the mention's (a tie-breaker: weights are ≥ 1). */
const LENGTH_WEIGHT = 0.1;

export class SupplierIndex {
  readonly maxPostings: number;
  private readonly commonWordTables: boolean;
  /** Built at the first query that needs it after the last add (null then). */
  private commonWords: CommonWords | null = null;
  /** Scratch: common-word ordinal → 1 + its position among the mention's other common words. */
  private otherPosition = new Int32Array(0);
  private readonly ids: string[] = [];
  private readonly names: NormalizedName[] = [];
  private readonly canonicalNames: NormalizedName[] = [];
  private readonly countries: (string | null)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly byIdentifier = new Map<string, number>();
  private readonly byName = new Map<string, SlotSet>();
  /** Compact keys of names that have spaces (a one-token name's compact key is its name). */
  private readonly byCompact = new Map<string, SlotSet>();
  /** The token vocabulary: word → word id; word id → the word and the slots holding it. */
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly postings: number[][] = [];
  /** 3-gram → ids of the words holding it. */
  private readonly gramWords = new Map<string, number[]>();
  /** Per slot, the word ids of its canonical tokens (deduplicated): slotWords[slotStart[s] … slotStart[s + 1]). Read in place of the token strings, so a membership check touches one short run of integers. */
  private slotStart = new Int32Array(1025);
  private slotWords = new Int32Array(4096);
  /** Per slot, the number of canonical tokens (with repeats): the length tie-breaker. */
  private tokenCounts = new Int32Array(1024);
  /** similarWords answers by token, cleared when the vocabulary grows (mention tokens repeat: industry words, surnames). */
  private readonly similarMemo = new Map<string, readonly string[]>();
  // Scratch for candidates(): scores per slot and the slots touched; gram counts per word.
  private scores = new Float64Array(1024);
  private touched: number[] = [];
  private wordHits = new Uint8Array(1024);
  private wordsTouched: number[] = [];

  constructor(options: SupplierIndexOptions = {}) {
    this.maxPostings = options.maxPostings ?? 5000;
    this.commonWordTables = options.commonWordTables ?? true;
  }

  /** Number of suppliers held. */
  get size(): number {
    return this.ids.length;
  }

  /** Number of distinct tokens in the canonical names. */
  get vocabularySize(): number {
    return this.words.length;
  }

  /** Adds a supplier; throws when its id or one of its identifiers is already held. */
  add(supplier: CanonicalSupplier): number {
    if (this.slotById.has(supplier.id)) throw new Error(`id: supplier ${supplier.id} is already in the index`);
    const keys = (supplier.identifiers ?? []).map((i) => identifierKey(i.scheme, i.value));
    for (const [n, key] of keys.entries()) {
      const owner = this.byIdentifier.get(key);
      if (owner !== undefined) {
        throw new Error(`identifiers[${n}]: ${key} already belongs to supplier ${this.ids[owner]}, cannot add it to ${supplier.id}`);
      }
    }
    const slot = this.ids.length;
    this.commonWords = null;
    this.ids.push(supplier.id);
    this.names.push(supplier.name);
    const canonical = canonicalName(supplier.name);
    this.canonicalNames.push(canonical);
    this.countries.push(countryKey(supplier.country));
    this.slotById.set(supplier.id, slot);
    for (const key of keys) this.byIdentifier.set(key, slot);
    for (const name of [supplier.name, ...(supplier.aliases ?? [])]) {
      if (name.normalized.length === 0) continue;
      addTo(this.byName, name.normalized, slot);
      if (name.normalized.includes(' ')) addTo(this.byCompact, compactKey(name.normalized), slot);
    }
    if (this.tokenCounts.length <= slot) {
      this.tokenCounts = grown(this.tokenCounts, slot + 1);
      this.slotStart = grown(this.slotStart, slot + 2);
    }
    this.tokenCounts[slot] = canonical.tokens.length;
    let end = this.slotStart[slot]!;
    for (const t of canonical.tokens) {
      const word = this.wordId(t);
      const list = this.postings[word]!;
      if (list[list.length - 1] === slot) continue;
      list.push(slot);
      if (this.slotWords.length <= end) this.slotWords = grown(this.slotWords, end + 1);
      this.slotWords[end++] = word;
    }
    this.slotStart[slot + 1] = end;
    return slot;
  }

  private wordId(token: string): number {
    let id = this.wordIds.get(token);
    if (id === undefined) {
      id = this.words.length;
      this.wordIds.set(token, id);
      this.words.push(token);
      this.postings.push([]);
      this.similarMemo.clear();
      for (const g of tokenGrams(token)) {
        const list = this.gramWords.get(g);
        if (list === undefined) this.gramWords.set(g, [id]);
        else list.push(id);
      }
    }
    return id;
  }

  id(slot: number): string {
    return this.ids[slot]!;
  }

  name(slot: number): NormalizedName {
    return this.names[slot]!;
  }

  /** The supplier's canonical name (canonicalName). */
  canonicalName(slot: number): NormalizedName {
    return this.canonicalNames[slot]!;
  }

  country(slot: number): string | null {
    return this.countries[slot]!;
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  /** How many suppliers hold the token in their canonical name (document frequency). */
  tokenFrequency(token: string): number {
    const word = this.wordIds.get(token);
    return word === undefined ? 0 : this.postings[word]!.length;
  }

  /** The supplier holding the identifier, if any. */
  findByIdentifier(scheme: IdentifierScheme, value: string): number | undefined {
    return this.byIdentifier.get(identifierKey(scheme, value));
  }

  /** Suppliers whose name or an alias normalizes to exactly `normalized`. */
  findByName(normalized: string): readonly number[] {
    return slotsOf(this.byName.get(normalized));
  }

  /** Suppliers whose name or an alias equals `normalized` once spaces are removed. */
  findByCompact(normalized: string): readonly number[] {
    const key = compactKey(normalized);
    const one = slotsOf(this.byName.get(key));
    const many = slotsOf(this.byCompact.get(key));
    return one.length === 0 ? many : many.length === 0 ? one : [...new Set([...one, ...many])];
  }

  /** Words of the vocabulary within the typo bound of `token` (itself excluded), by the header's gram filter; remembered per token until a word is added. */
  similarWords(token: string): readonly string[] {
    let found = this.similarMemo.get(token);
    if (found === undefined) {
      if (this.similarMemo.size >= SIMILAR_MEMO_SIZE) this.similarMemo.clear();
      found = this.findSimilarWords(token);
      this.similarMemo.set(token, found);
    }
    return found;
  }

  private findSimilarWords(token: string): string[] {
    const bound = typoBound(token);
    if (bound === 0) return [];
    const lists: number[][] = [];
    for (const g of tokenGrams(token)) lists.push(this.gramWords.get(g) ?? []);
    lists.sort((a, b) => a.length - b.length);
    const scanned = Math.min(lists.length, 4 * bound + 3);
    const need = scanned - 4 * bound;
    if (this.wordHits.length < this.words.length) this.wordHits = new Uint8Array(Math.max(this.words.length, this.wordHits.length * 2));
    const hits = this.wordHits;
    for (let l = 0; l < scanned; l++) {
      const list = lists[l]!;
      for (let i = 0; i < list.length; i++) {
        const w = list[i]!;
        if (hits[w] === 0) this.wordsTouched.push(w);
        hits[w] = hits[w]! + 1;
      }
    }
    const found: string[] = [];
    for (const w of this.wordsTouched) {
      const count = hits[w]!;
      hits[w] = 0;
      if (count < need) continue;
      const word = this.words[w]!;
      if (word === token || Math.abs(word.length - token.length) > bound) continue;
      if (editDistance(word, token, bound) <= bound) found.push(word);
    }
    this.wordsTouched.length = 0;
    return found;
  }

  /** The K best blocking candidates for a mention's canonical name (see the header for the score). */
  candidates(name: NormalizedName, k = 20): BlockingCandidate[] {
    const n = this.ids.length;
    if (this.scores.length < n) this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
    // Common words (held by more than maxPostings suppliers) are not scanned: they only add to the
    // suppliers the rarer words found, checked against each one's tokens.
    const common: CommonEntry[] = [];
    let rareExact = false;
    for (const t of new Set(name.tokens)) {
      const word = this.wordIds.get(t);
      if (word !== undefined) {
        const list = this.postings[word]!;
        const weight = 1 + Math.log(n / list.length);
        if (list.length > this.maxPostings) common.push({ word, list, weight });
        else {
          this.accumulate(list, weight);
          rareExact = true;
        }
      }
      for (const similar of this.similarWords(t)) {
        const similarWord = this.wordIds.get(similar)!;
        const list = this.postings[similarWord]!;
        const weight = TYPO_WEIGHT * (1 + Math.log(n / list.length));
        if (list.length > this.maxPostings) common.push({ word: similarWord, list, weight });
        else this.accumulate(list, weight);
      }
    }
    if (common.length > 0) {
      // Common words add to the suppliers found so far: the touched slots in order, merged with each sorted common
      // list (a cursor galloping forward); per slot the weights are added in the order of `common`.
      const touched = Int32Array.from(this.touched).sort();
      for (const c of common) {
        let at = 0;
        for (const slot of touched) {
          at = seek(c.list, at, slot);
          if (at === c.list.length) break;
          if (c.list[at] === slot) this.scores[slot] = this.scores[slot]! + c.weight;
        }
      }
      if (!rareExact) {
        // No word of the mention is rare: also scan the smallest common list, each slot counting the other common words it holds.
        common.sort((a, b) => a.list.length - b.list.length);
        const [smallest, ...others] = common as [(typeof common)[number], ...typeof common];
        // The slots already touched are skipped, the others' words counted: from the smallest list's CommonWords
        // table, else merging the sorted lists (a cursor each, galloping forward). Each new slot's final score is
        // known here, so only the k best of them by takeTop's order can reach the top k: just those are touched,
        // which keeps takeTop to the slots that matter.
        const tokenCount = name.tokens.length;
        const fromSmallest = this.scanWithTables(smallest, others, touched, k, tokenCount) ?? this.scanWithCursors(smallest, others, touched, k, tokenCount);
        // Their scores again, summed in the same order, for takeTop.
        for (const { slot } of fromSmallest) {
          let score = smallest.weight;
          for (const other of others) if (this.holds(slot, other.word)) score += other.weight;
          this.bump(slot, score);
        }
      }
    }
    return this.takeTop(k, name.tokens.length);
  }

  /** The k best slots of `smallest` not yet touched, each scored by the other common words it holds (a cursor per other list). */
  private scanWithCursors(smallest: CommonEntry, others: readonly CommonEntry[], touched: Int32Array, k: number, tokenCount: number): BlockingCandidate[] {
    const fromSmallest: BlockingCandidate[] = [];
    const cursors = new Int32Array(others.length);
    let t = 0;
    for (const slot of smallest.list) {
      while (t < touched.length && touched[t]! < slot) t++;
      if (t < touched.length && touched[t] === slot) continue;
      let score = smallest.weight;
      for (let o = 0; o < others.length; o++) {
        const list = others[o]!.list;
        const at = seek(list, cursors[o]!, slot);
        cursors[o] = at;
        if (list[at] === slot) score += others[o]!.weight;
      }
      keepTop(fromSmallest, k, slot, score - LENGTH_WEIGHT * Math.abs(this.tokenCounts[slot]! - tokenCount));
    }
    return fromSmallest;
  }

  /**
   * scanWithCursors' answer from the smallest list's CommonWords table: which other common words each slot
   * holds is read in the same forward pass, and the weights are added in the same order (the same sums).
   * Null when the table does not apply: the tables are off, a word comes twice, or there are over 31 others.
   */
  private scanWithTables(
    smallest: CommonEntry,
    others: readonly CommonEntry[],
    touched: Int32Array,
    k: number,
    tokenCount: number,
  ): BlockingCandidate[] | null {
    if (!this.commonWordTables || others.length > 31) return null;
    const words = new Set([smallest.word, ...others.map((o) => o.word)]);
    if (words.size !== others.length + 1) return null;
    const tables = this.commonWordsNow();
    const starts = tables.starts[smallest.word];
    const ords = tables.ords[smallest.word];
    if (starts === undefined || ords === undefined) return null;
    const position = this.otherPosition;
    for (let o = 0; o < others.length; o++) position[tables.ordinal[others[o]!.word]!] = o + 1;
    const fromSmallest: BlockingCandidate[] = [];
    const list = smallest.list;
    let t = 0;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      while (t < touched.length && touched[t]! < slot) t++;
      if (t < touched.length && touched[t] === slot) continue;
      let held = 0;
      for (let p = starts[i]!, end = starts[i + 1]!; p < end; p++) {
        const at = position[ords[p]!]!;
        if (at !== 0) held |= 1 << (at - 1);
      }
      let score = smallest.weight;
      if (held !== 0) for (let o = 0; o < others.length; o++) if (held & (1 << o)) score += others[o]!.weight;
      // The length term only lowers a score, and slots come in increasing order (a later one loses a tie): one not
      // above the k-th needs no more reading (keepTop would refuse it).
      if (fromSmallest.length === k && score <= fromSmallest[k - 1]!.score) continue;
      keepTop(fromSmallest, k, slot, score - LENGTH_WEIGHT * Math.abs(this.tokenCounts[slot]! - tokenCount));
    }
    for (const o of others) position[tables.ordinal[o.word]!] = 0;
    return fromSmallest;
  }

  /**
   * The CommonWords tables for the suppliers held now, built once after the last add: two passes over the
   * slots in order (count, then fill), so each table is written front to back and slotWords is read once.
   */
  private commonWordsNow(): CommonWords {
    if (this.commonWords !== null) return this.commonWords;
    const wordCount = this.words.length;
    const ordinal = new Int32Array(wordCount).fill(-1);
    const commonIds: number[] = [];
    for (let w = 0; w < wordCount; w++) if (this.postings[w]!.length > this.maxPostings) ordinal[w] = commonIds.push(w) - 1;
    const tables: CommonWords = { ordinal, starts: [], ords: [] };
    // Ordinals are kept in 16 bits; past that (never seen) every scan takes the cursors.
    if (commonIds.length > 0 && commonIds.length <= 0xffff) {
      const n = this.ids.length;
      const held: number[] = [];
      // Pass 1: per common word, how many ordinals its table holds.
      const sizes = new Int32Array(commonIds.length);
      for (let slot = 0; slot < n; slot++) {
        held.length = 0;
        for (let p = this.slotStart[slot]!, end = this.slotStart[slot + 1]!; p < end; p++) {
          const o = ordinal[this.slotWords[p]!]!;
          if (o !== -1) held.push(o);
        }
        for (const o of held) sizes[o] = sizes[o]! + held.length;
      }
      const fill = new Int32Array(commonIds.length);
      const rows = new Int32Array(commonIds.length);
      commonIds.forEach((w, o) => {
        tables.starts[w] = new Int32Array(this.postings[w]!.length + 1);
        tables.ords[w] = new Uint16Array(sizes[o]!);
      });
      // Pass 2: each slot's common ordinals appended to the table of each of its common words, at that word's next row.
      for (let slot = 0; slot < n; slot++) {
        held.length = 0;
        for (let p = this.slotStart[slot]!, end = this.slotStart[slot + 1]!; p < end; p++) {
          const o = ordinal[this.slotWords[p]!]!;
          if (o !== -1) held.push(o);
        }
        for (const o of held) {
          const w = commonIds[o]!;
          const ords = tables.ords[w]!;
          for (const h of held) ords[fill[o]!++] = h;
          const row = ++rows[o]!;
          tables.starts[w]![row] = fill[o]!;
        }
      }
    }
    if (this.otherPosition.length < commonIds.length) this.otherPosition = new Int32Array(commonIds.length);
    this.commonWords = tables;
    return tables;
  }

  /** Whether the slot's canonical name holds the word. */
  private holds(slot: number, word: number): boolean {
    const words = this.slotWords;
    for (let i = this.slotStart[slot]!, end = this.slotStart[slot + 1]!; i < end; i++) if (words[i] === word) return true;
    return false;
  }

  private accumulate(postings: readonly number[], weight: number): void {
    for (let i = 0; i < postings.length; i++) this.bump(postings[i]!, weight);
  }

  private bump(slot: number, weight: number): void {
    const scores = this.scores;
    if (scores[slot] === 0) this.touched.push(slot);
    scores[slot] = scores[slot]! + weight;
  }

  /** The k best touched slots, best first; resets the scratch. Near-ties go to names of the mention's length. */
  private takeTop(k: number, tokenCount: number): BlockingCandidate[] {
    const top: BlockingCandidate[] = [];
    const scores = this.scores;
    const counts = this.tokenCounts;
    for (const slot of this.touched) {
      const raw = scores[slot]!;
      scores[slot] = 0;
      // The length term only lowers a score: a raw score already below the k-th needs no more reading.
      if (top.length === k && raw < top[k - 1]!.score) continue;
      keepTop(top, k, slot, raw - LENGTH_WEIGHT * Math.abs(counts[slot]! - tokenCount));
    }
    this.touched.length = 0;
    return top;
  }
}

/** The first position ≥ `from` of a sorted list whose value is ≥ `value` (galloping, then binary search); list.length when none. */
function seek(list: readonly number[], from: number, value: number): number {
  if (from >= list.length || list[from]! >= value) return from;
  let lo = from;
  let step = 1;
  let hi = from + 1;
  while (hi < list.length && list[hi]! < value) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > list.length) hi = list.length;
  // list[lo] < value, and list[hi] ≥ value or hi = list.length
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Inserts (slot, score) into `top` (best first, at most k) when it belongs there. */
function keepTop(top: BlockingCandidate[], k: number, slot: number, score: number): void {
  if (top.length === k && !better(score, slot, top[k - 1]!)) return;
  let at = top.length === k ? k - 1 : top.length;
  if (top.length < k) top.push({ slot, score });
  while (at > 0 && better(score, slot, top[at - 1]!)) {
    top[at] = top[at - 1]!;
    at--;
  }
  top[at] = { slot, score };
}

function better(score: number, slot: number, than: BlockingCandidate): boolean {
  return score > than.score || (score === than.score && slot < than.slot);
}

/** A copy of the typed array with room for at least `need` elements (doubling). */
function grown(array: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, array.length * 2));
  next.set(array);
  return next;
}
