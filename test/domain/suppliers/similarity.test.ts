import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler, lcsLength, ratio, tokenSetRatio, tokenSortRatio } from '../../../src/domain/suppliers/similarity.ts';

/** Textbook O(n·m) LCS, the reference for the bit-parallel one. */
function lcsReference(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

describe('jaroWinkler', () => {
  it('gives the published values (Winkler 1990; prefix scale 0.1, at most 4)', () => {
    // MARTHA/MARHTA: Jaro 0.9444, prefix 3 → 0.9444 + 3 × 0.1 × 0.0556 = 0.9611
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    // DIXON/DICKSONX: Jaro 0.7667, prefix 2 → 0.8133
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    // DWAYNE/DUANE: Jaro 0.8222, prefix 1 → 0.84
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side', () => {
    expect(jaroWinkler('acme', 'acme')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('gives no prefix boost at or below Jaro 0.7', () => {
    // "abcd"/"abxy": 2 matches, Jaro (2/4 + 2/4 + 1) / 3 = 0.6667, so no boost for the common prefix "ab"
    expect(jaroWinkler('abcd', 'abxy')).toBeCloseTo(2 / 3, 10);
  });

  it('is symmetric', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => Math.abs(jaroWinkler(a, b) - jaroWinkler(b, a)) < 1e-12));
  });
});

describe('lcsLength', () => {
  it('agrees with the textbook DP across word boundaries (≤ 32, ≤ 64, > 64 characters)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'), maxLength: 150 });
    fc.assert(
      fc.property(text, text, (a, b) => lcsLength(a, b) === lcsReference(a, b)),
      { numRuns: 500 },
    );
  });
});

describe('ratio (fuzzywuzzy, InDel based)', () => {
  it('gives the fuzzywuzzy values', () => {
    // 2 × 14 / 29 = 96.55 (fuzzywuzzy rounds to 97)
    expect(Math.round(ratio('this is a test', 'this is a test!'))).toBe(97);
    // LCS 20 of 22 + 22: 2 × 20 / 44 = 90.9 (91); a Levenshtein ratio with substitution cost 1 would give 95
    expect(ratio('fuzzy wuzzy was a bear', 'wuzzy fuzzy was a bear')).toBeCloseTo(90.909, 3);
  });

  it('is 100 for equal strings and 0 when either is empty', () => {
    expect(ratio('acme', 'acme')).toBe(100);
    expect(ratio('', 'acme')).toBe(0);
    expect(ratio('', '')).toBe(0);
  });
});

describe('tokenSortRatio and tokenSetRatio', () => {
  it('give the fuzzball documented values', () => {
    expect(tokenSortRatio('fuzzy wuzzy was a bear', 'wuzzy fuzzy was a bear')).toBe(100);
    expect(tokenSetRatio('fuzzy was a bear', 'fuzzy fuzzy was a bear')).toBe(100);
  });

  it('token set: the best of intersection vs intersection + rest', () => {
    // sect "general"; "general motors" vs "general mills": LCS 10 → 2 × 10 / 27 = 74.07
    expect(tokenSetRatio('general motors', 'general mills')).toBeCloseTo(74.074, 3);
    // a subset scores 100: sect "apple" equals "apple" + nothing
    expect(tokenSetRatio('apple', 'apple computer')).toBe(100);
    // nothing shared: the ratio of the sorted rests, "apple" vs "applied materials": 2 × 5 / 22 = 45.45
    expect(tokenSetRatio('apple', 'applied materials')).toBeCloseTo(45.455, 3);
  });
});

/** Optimal-string-alignment distance over the whole table, no bound: the reference for editDistance's band. */
function wholeTableDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('neoium', 'neouim')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('stops at bound + 1', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(editDistance('a', 'abcd', 2)).toBe(3);
    expect(editDistance('thyssenkrup', 'thyssenkrupp', 1)).toBe(1);
  });

  it('computes only the band around the diagonal, with the answers of the whole table (seeded fuzzing against a plain DP)', () => {
    // A small alphabet makes near-equal strings, swaps and equal distances common.
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 14 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, bound) => {
        const whole = wholeTableDistance(a, b);
        expect(editDistance(a, b, bound)).toBe(whole > bound ? bound + 1 : whole);
        expect(editDistance(a, b)).toBe(whole);
      }),
      { seed: 18, numRuns: 20_000 },
    );
    // The reference itself on the classic pairs (a swap costs 1; "ca" → "abc" is 3 in OSA).
    expect(wholeTableDistance('kitten', 'sitting')).toBe(3);
    expect(wholeTableDistance('ca', 'abc')).toBe(3);
  });

  it('tells a banded distance within the bound from one just past it', () => {
    expect(editDistance('abcdefgh', 'badcfehg', 4)).toBe(4);
    expect(editDistance('abcdefgh', 'badcfehg', 3)).toBe(4);
    expect(editDistance('thyssenkrupp', 'tyhssenkrpup', 2)).toBe(2);
  });
});
