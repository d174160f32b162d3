/**
 * A deterministic stand-in for an embedding model: hashed bag of words. Lower-cased words less a
 * few stop words, a plural `s` dropped, each hashed (FNV-1a) to one of `dimensions` coordinates
 * with a hashed sign, then normalized. Paraphrases that reorder or reword around the same content
 * words land close (cosine = shared words over all words), as they would with a real model, and
 * the similarity of a pair is stable from run to run.
 */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'please',
  'me',
  'my',
  'i',
  'do',
  'does',
  'can',
  'could',
  'would',
  'you',
  'is',
  'are',
  'of',
  'for',
  'to',
  'in',
  'on',
  'what',
  'how',
  'tell',
  'way',
  'which',
  'should',
  'we',
  'our',
]);

export const EMBEDDING_DIMENSIONS = 256;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}

export function bagOfWordsEmbedding(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of contentWords(text)) {
    const h = fnv1a(word);
    v[h % dimensions]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}
