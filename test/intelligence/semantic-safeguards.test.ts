/**
 * The semantic cache's safeguards: pairs of prompts that embed close together (cosine over the
 * test embedding at or above the threshold, asserted, so the similarity alone would serve them)
 * but mean something else — opposite polarity, a negation, another number, unit, code, country
 * or name — never hit; paraphrases above the threshold do. Through the real SemanticCache on a
 * multi-level cache, in the linear-scan range and past it (the usearch index).
 */
import { describe, expect, it } from 'vitest';
import { createCache } from '../../src/cache/index.ts';
import { disagreement, meaningSignature } from '../../src/intelligence/safeguards.ts';
import { type CachedAnswer, SemanticCache } from '../../src/intelligence/semantic-cache.ts';
import { normalized, VectorBucket } from '../../src/intelligence/vector-index.ts';
import { bagOfWordsEmbedding, EMBEDDING_DIMENSIONS } from './bag-of-words.ts';

const THRESHOLD = 0.7;

/** Near-duplicates with another meaning, and the safeguard that must tell them apart. */
const DIFFERENT: readonly [string, string, string][] = [
  ['How do I enable two-factor authentication for my account?', 'How do I disable two-factor authentication for my account?', 'polarity'],
  ['Ship 5 t of steel coil S235 to Duisburg', 'Ship 50 t of steel coil S235 to Duisburg', 'numbers'],
  ['Is NAICS 331110 the code for iron and steel mills?', 'Is NAICS 331111 the code for iron and steel mills?', 'numbers'],
  ['CN code 72085120 covers hot-rolled flat steel', 'CN code 72085110 covers hot-rolled flat steel', 'numbers'],
  ['Emission factor for electricity in DE for 2023', 'Emission factor for electricity in FR for 2023', 'entities'],
  ['Freight from Rotterdam to Duisburg by rail', 'Freight from Rotterdam to Hamburg by rail', 'entities'],
  ['Include business travel in scope 3 category 6', 'Exclude business travel in scope 3 category 6', 'polarity'],
  ['The supplier does not report scope 3 emissions', 'The supplier does report scope 3 emissions', 'negation'],
  ['Show invoices without VAT for March', 'Show invoices with VAT for March', 'negation'],
  ['Increase the heating setpoint by 2 degrees', 'Decrease the heating setpoint by 2 degrees', 'polarity'],
  ['Budget of 10,000 EUR for the audit', 'Budget of 100,000 EUR for the audit', 'numbers'],
  ['Import of aluminium from China in Q3', 'Export of aluminium from China in Q3', 'polarity'],
  ['Install the metering agent on the server', 'Uninstall the metering agent on the server', 'polarity'],
  ['Emissions above 500 tonnes must be reported', 'Emissions below 500 tonnes must be reported', 'polarity'],
  ['Ich möchte die Rechnung nicht bezahlen', 'Ich möchte die Rechnung bezahlen', 'negation'],
  ['Je ne veux pas de livraison le samedi', 'Je veux une livraison le samedi', 'negation'],
  ['Deliver 3 pallets of paper to the Berlin office', 'Deliver 30 pallets of paper to the Berlin office', 'numbers'],
  ['Convert the price of 2 mm steel sheet to USD', 'Convert the price of 2 cm steel sheet to USD', 'numbers'],
  ['Price of 5 kg copper cable in EUR', 'Price of 5 kg copper cable in USD', 'entities'],
  ['Summarize the contract with Acme GmbH', 'Summarize the contract with Apex GmbH', 'entities'],
  ['List suppliers with more than 100 employees', 'List suppliers with less than 100 employees', 'polarity'],
  ['Never round emission totals in reports', 'Always round emission totals in reports', 'negation'],
  ['No hay factura sin IVA para marzo', 'Hay factura con IVA para marzo', 'negation'],
  ['Reduce travel emissions by 15% by 2030', 'Reduce travel emissions by 50% by 2030', 'numbers'],
];

/** The same question in other words: must hit. */
const PARAPHRASES: readonly [string, string][] = [
  ['How do I enable two-factor authentication for my account?', 'how can I enable two factor authentication on my account please'],
  ['What is the emission factor for diesel in Germany?', 'Tell me the emission factor of diesel in Germany'],
  ['Ship 5 t of steel coil S235 to Duisburg', 'Ship 5 tonnes of steel coil S235 to Duisburg'],
  ['Is NAICS 331110 the code for iron and steel mills?', 'Is NAICS 331110 the right code for iron and steel mills?'],
  ['Emission factor for electricity in DE for 2023', 'Emission factor for electricity in DE in 2023'],
  ['Budget of 10,000 EUR for the audit', 'Budget of 10 000 EUR for the audit'],
  ['Ich möchte die Rechnung nicht bezahlen', 'Ich möchte die Rechnung wirklich nicht bezahlen'],
  ['Show invoices without VAT for March', 'Show me the invoices without VAT for March'],
  ['Price of 5 kg copper cable in EUR', 'What is the price of 5 kg of copper cable in EUR?'],
];

const cosine = (a: string, b: string) => {
  const [x, y] = [bagOfWordsEmbedding(a), bagOfWordsEmbedding(b)];
  return x.reduce((s, v, i) => s + v * y[i]!, 0);
};

const answer = (text: string): CachedAnswer => ({ body: JSON.stringify({ answer: text }), model: 'm', promptTokens: 1, completionTokens: 1 });

function newCache(linearScanMacs?: number) {
  const values = createCache<CachedAnswer>({ name: 'semantic-test', ttlMs: 60_000, l1: { maxEntries: 10_000, maxBytes: 64 * 1024 ** 2 } });
  return new SemanticCache({ values, linearScanMacs });
}

describe('semantic cache safeguards', () => {
  it(`has ${DIFFERENT.length} different-meaning pairs, each above the similarity threshold, each refused by the expected safeguard`, () => {
    expect(DIFFERENT.length).toBeGreaterThanOrEqual(20);
    for (const [a, b, reason] of DIFFERENT) {
      expect(cosine(a, b), `${a} ~ ${b}`).toBeGreaterThanOrEqual(THRESHOLD);
      expect(disagreement(meaningSignature(a), meaningSignature(b)), `${a} / ${b}`).toBe(reason);
      expect(disagreement(meaningSignature(b), meaningSignature(a)), `${b} / ${a}`).toBe(reason);
    }
  });

  it('lets paraphrases through: above the threshold and in agreement', () => {
    for (const [a, b] of PARAPHRASES) {
      expect(cosine(a, b), `${a} ~ ${b}`).toBeGreaterThanOrEqual(THRESHOLD);
      expect(disagreement(meaningSignature(a), meaningSignature(b)), `${a} / ${b}`).toBeNull();
    }
  });

  it('normalizes numbers and units: separators, decimal commas, glued units, number words, currency signs', () => {
    const same = (a: string, b: string) => expect(meaningSignature(a).key, `${a} / ${b}`).toBe(meaningSignature(b).key);
    same('1,000 kWh', '1000 kwh');
    same('price €2,50', 'price 2.5 EUR');
    same('2mm sheet', '2 mm sheet');
    same('two trucks', '2 trucks');
    same('5 tonnes', '5 t');
    expect(meaningSignature('2 kg').key).not.toBe(meaningSignature('2 t').key);
    expect(meaningSignature("I don't want invoices").key).not.toBe(meaningSignature('I want invoices').key);
  });

  for (const [label, macs] of [
    ['a linear scan', undefined],
    ['the usearch index', EMBEDDING_DIMENSIONS * 16],
  ] as const) {
    it(`through the cache with ${label}: pairs never hit, paraphrases do`, async () => {
      const cache = newCache(macs);
      const bucket = 'tenant:model:embedder:ctx';
      const store = (text: string) => cache.store(bucket, bagOfWordsEmbedding(text), text, answer(text), 60_000);
      const lookup = (text: string) => cache.lookup(bucket, bagOfWordsEmbedding(text), text, THRESHOLD);
      // Fillers, so that in the second run the bucket is past the linear scan's size and in the index.
      for (let i = 0; i < 40; i++) await store(`filler question ${i} about ${['paper', 'diesel', 'cement', 'laptops'][i % 4]} purchases`);
      for (const [a] of [...DIFFERENT, ...PARAPHRASES]) await store(a);
      for (const [a, b] of DIFFERENT) {
        const found = await lookup(b);
        expect(found.hit, `${b} must not be served ${a}`).toBe(false);
        if (!found.hit) expect(found.blockedBy, b).not.toBeNull();
        // The stored prompt itself is found (the index works).
        expect((await lookup(a)).hit, a).toBe(true);
      }
      for (const [a, b] of PARAPHRASES) {
        const found = await lookup(b);
        expect(found.hit, `${b} should be served ${a}`).toBe(true);
        if (found.hit) expect(JSON.parse(found.answer.body).answer).toBe(a);
      }
    });
  }

  it('moves a bucket from the linear scan to the index past its limit, with the same nearest neighbours', () => {
    const linear = new VectorBucket(EMBEDDING_DIMENSIONS, Number.POSITIVE_INFINITY);
    const indexed = new VectorBucket(EMBEDDING_DIMENSIONS, EMBEDDING_DIMENSIONS * 16);
    const texts = Array.from(
      { length: 60 },
      (_, i) => `purchase line ${i} of ${['steel', 'paper', 'freight', 'software', 'catering'][i % 5]} for site ${i % 7}`,
    );
    texts.forEach((t, i) => {
      linear.add(i, normalized(bagOfWordsEmbedding(t)));
      indexed.add(i, normalized(bagOfWordsEmbedding(t)));
    });
    expect(linear.indexed).toBe(false);
    expect(indexed.indexed).toBe(true);
    for (let i = 0; i < texts.length; i += 7) {
      const q = normalized(bagOfWordsEmbedding(texts[i]!));
      expect(indexed.search(q, 1)[0]!.id).toBe(i);
      expect(linear.search(q, 1)[0]!.id).toBe(i);
      expect(indexed.search(q, 1)[0]!.similarity).toBeCloseTo(1, 5);
    }
    linear.remove(0);
    indexed.remove(0);
    expect(linear.search(normalized(bagOfWordsEmbedding(texts[0]!)), 1)[0]!.id).not.toBe(0);
    expect(indexed.search(normalized(bagOfWordsEmbedding(texts[0]!)), 1)[0]!.id).not.toBe(0);
  });
});
