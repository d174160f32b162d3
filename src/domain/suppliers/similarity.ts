/**
 * String measures for supplier matching, pure and allocation-light (module-level scratch buffers are
 * reused; every function is synchronous, so no call can interleave with another).
 *
 *   jaroWinkler(a, b)      Jaro similarity with Winkler's prefix boost: prefix scale 0.1, at most 4
 *                          prefix characters, applied when Jaro > 0.7 (Winkler 1990). 0–1.
 *   ratio(a, b)            fuzzywuzzy/fuzzball `ratio`: 100 × (|a| + |b| − InDel distance) / (|a| + |b|)
 *                          = 100 × 2·LCS / (|a| + |b|), where InDel is Levenshtein with substitution
 *                          cost 2. LCS is computed bit-parallel (Hyyrö 2004), 32 characters a word.
 *   tokenSortRatio(a, b)   ratio of the space-separated tokens sorted and rejoined.
 *   tokenSetRatio(a, b)    fuzzywuzzy `token_set_ratio`: the best ratio among the sorted intersection
 *                          and the intersection + each side's sorted remainder.
 *   editDistance(a, b, k)  optimal-string-alignment distance (Levenshtein + adjacent transposition),
 *                          k + 1 as soon as it exceeds the bound k.
 * Unlike fuzzball these do not lower-case or strip punctuation (the input is already normalized) and
 * do not round: scores keep their fraction. Either string empty → ratio 0, as in fuzzywuzzy.
 */

// Jaro: matched-position flags, grown on demand.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro-Winkler similarity (0–1) of two strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - halfTranspositions / 2) / m) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// LCS: char code → 1-based slot of the pattern's distinct characters (0 = not in the pattern).
const charSlot = new Int32Array(65536);
let patternMasks = new Uint32Array(64);
let state = new Uint32Array(4);

/** Length of the longest common subsequence of a and b (bit-parallel, O(⌈|a|/32⌉·|b|)). */
export function lcsLength(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  // The shorter string is the bit pattern: fewer words.
  if (a.length > b.length) {
    const t = a;
    a = b;
    b = t;
  }
  const m = a.length;
  const words = (m + 31) >>> 5;
  let distinct = 0;
  for (let i = 0; i < m; i++) {
    const c = a.charCodeAt(i);
    if (charSlot[c] === 0) charSlot[c] = ++distinct;
  }
  const need = (distinct + 1) * words;
  if (patternMasks.length < need) patternMasks = new Uint32Array(need * 2);
  patternMasks.fill(0, 0, need);
  for (let i = 0; i < m; i++) {
    const slot = charSlot[a.charCodeAt(i)]!;
    const at = slot * words + (i >>> 5);
    patternMasks[at] = (patternMasks[at]! | (1 << (i & 31))) >>> 0;
  }
  if (state.length < words) state = new Uint32Array(words * 2);
  state.fill(0xffffffff, 0, words);
  for (let j = 0; j < b.length; j++) {
    const slot = charSlot[b.charCodeAt(j)]!;
    if (slot === 0) continue;
    const base = slot * words;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const s = state[w]!;
      const u = (s & patternMasks[base + w]!) >>> 0;
      const sum = s + u + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      state[w] = ((sum >>> 0) | (s & ~u)) >>> 0;
    }
  }
  let lcs = 0;
  for (let w = 0; w < words; w++) {
    const bits = w === words - 1 && m & 31 ? m & 31 : 32;
    let zeros = ~state[w]! >>> 0;
    if (bits < 32) zeros &= (1 << bits) - 1;
    lcs += popcount(zeros);
  }
  for (let i = 0; i < m; i++) charSlot[a.charCodeAt(i)] = 0;
  return lcs;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** fuzzywuzzy `ratio` (0–100, unrounded): 100 × 2·LCS / (|a| + |b|). */
export function ratio(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 100;
  return (200 * lcsLength(a, b)) / (a.length + b.length);
}

/** Tokens of a normalized string (split on single spaces, empty pieces dropped). */
export function splitTokens(s: string): string[] {
  return s.split(' ').filter((t) => t.length > 0);
}

/** The tokens sorted (code-unit order) and joined with single spaces: token-sort's key. */
export function sortedKey(tokens: readonly string[]): string {
  return [...tokens].sort().join(' ');
}

/** fuzzywuzzy `token_sort_ratio` on normalized strings (0–100). */
export function tokenSortRatio(a: string, b: string): number {
  return ratio(sortedKey(splitTokens(a)), sortedKey(splitTokens(b)));
}

/** fuzzywuzzy `token_set_ratio` on normalized strings (0–100). */
export function tokenSetRatio(a: string, b: string): number {
  return tokenSetRatioTokens(splitTokens(a), splitTokens(b));
}

/** `token_set_ratio` on token lists (duplicates count once). */
export function tokenSetRatioTokens(a: readonly string[], b: readonly string[]): number {
  // Name token lists are short (a handful): arrays searched in place are cheaper than Sets here.
  const common: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    if (a.indexOf(t) !== i) continue;
    (b.includes(t) ? common : onlyA).push(t);
  }
  for (let i = 0; i < b.length; i++) {
    const t = b[i]!;
    if (b.indexOf(t) === i && !a.includes(t)) onlyB.push(t);
  }
  const sect = common.sort().join(' ');
  const restA = onlyA.sort().join(' ');
  const restB = onlyB.sort().join(' ');
  const combinedA = sect.length === 0 ? restA : restA.length === 0 ? sect : `${sect} ${restA}`;
  const combinedB = sect.length === 0 ? restB : restB.length === 0 ? sect : `${sect} ${restB}`;
  return Math.max(prefixRatio(sect, combinedA), prefixRatio(sect, combinedB), ratio(combinedA, combinedB));
}

/** ratio(prefix, whole) where `whole` starts with `prefix`: the LCS is the prefix itself, so no LCS is computed. */
function prefixRatio(prefix: string, whole: string): number {
  if (prefix.length === 0 || whole.length === 0) return 0;
  if (prefix === whole) return 100;
  return (200 * prefix.length) / (prefix.length + whole.length);
}

// OSA distance: three reused rows.
let rowPrev2 = new Int32Array(32);
let rowPrev = new Int32Array(32);
let rowCur = new Int32Array(32);

/**
 * Optimal-string-alignment distance between a and b (insert, delete, substitute, swap adjacent: 1 each),
 * or bound + 1 once it is certain to exceed `bound`. Only the cells within `bound` of the diagonal are
 * computed (Ukkonen's band: a cell off it is worth more than the bound anyway); without a bound, or with
 * one as long as b, that is the whole table. The test holds it to a plain whole-table version.
 */
export function editDistance(a: string, b: string, bound = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > bound) return bound + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (rowCur.length <= lb + 1) {
    rowPrev2 = new Int32Array((lb + 2) * 2);
    rowPrev = new Int32Array((lb + 2) * 2);
    rowCur = new Int32Array((lb + 2) * 2);
  }
  // A value above the bound for the cells off the band (kept in 32 bits: a bound past la + lb leaves no cell off it).
  const off = Math.min(bound, la + lb) + 1;
  for (let j = 0; j <= lb; j++) rowPrev[j] = j < off ? j : off;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - bound);
    const hi = Math.min(lb, i + bound);
    rowCur[lo - 1] = lo === 1 ? i : off;
    let rowMin = rowCur[lo - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(rowPrev[j]! + 1, rowCur[j - 1]! + 1, rowPrev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, rowPrev2[j - 2]! + 1);
      rowCur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // The next row reads this one up to one column further: off the band, so above the bound.
    if (hi < lb) rowCur[hi + 1] = off;
    if (rowMin > bound) return bound + 1;
    const t = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = t;
  }
  const d = rowPrev[lb]!;
  return d > bound ? bound + 1 : d;
}
