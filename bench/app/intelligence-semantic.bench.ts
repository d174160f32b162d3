/**
 * Semantic-cache lookups over 100,000 cached prompts in one bucket (issue 20 target: p99 < 2 ms).
 * A lookup is what the gateway does once it has the prompt's embedding: the nearest neighbours in
 * the usearch index, the safeguards on the candidates at or above the threshold, the answer from
 * the multi-level cache (L1). Half the queries are paraphrases of cached prompts (hits), half
 * are new (misses). Baseline in the same run: an exact linear scan over the same vectors.
 * Embeddings are the tests' hashed bag of words (256 dimensions); a real model's 768–1536
 * dimensions cost more per distance. Setup stores the 100,000 prompts one by one, as the gateway
 * does, which takes a minute or two on the shared 2-vCPU machine.
 */
import { createCache } from '../../src/cache/index.ts';
import { type CachedAnswer, SemanticCache } from '../../src/intelligence/semantic-cache.ts';
import { normalized } from '../../src/intelligence/vector-index.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { bagOfWordsEmbedding } from '../../test/intelligence/bag-of-words.ts';
import { lcg, percentile } from './support.ts';

const ENTRIES = 100_000;
const LOOKUPS = 2_000;
const THRESHOLD = 0.8;
const BUCKET = 'bench:gpt-4o-mini:embedder:context';

const GOODS = [
  'steel coil',
  'aluminium sheet',
  'copper cable',
  'office chairs',
  'printer paper',
  'diesel fuel',
  'rail freight',
  'sea freight',
  'air freight',
  'cement',
  'laptops',
  'cloud hosting',
  'legal advice',
  'audit fees',
  'catering',
  'hotel nights',
  'flights',
  'taxi rides',
  'electricity',
  'natural gas',
  'water supply',
  'waste collection',
  'plastic packaging',
  'glass bottles',
  'timber',
  'paint',
  'fertilizer',
  'cotton fabric',
  'software licences',
  'forklift repair',
];
const PLACES = ['Rotterdam', 'Duisburg', 'Hamburg', 'Antwerp', 'Lyon', 'Milan', 'Gdansk', 'Valencia', 'Porto', 'Vienna', 'Prague', 'Oslo'];
const UNITS = ['t', 'kg', 'units', 'pallets', 'kWh', 'hours', 'EUR'];

interface Ctx {
  cache: SemanticCache;
  vectors: Float32Array[];
  queries: { text: string; vector: number[] }[];
  hits: number;
  lookups: number;
}

/** The i-th cached prompt: goods, quantity, unit, place, quarter and a supplier number make 100,000 distinct lines. */
function prompt(i: number): string {
  return `Classify spend line: ${GOODS[i % GOODS.length]} ${(i % 97) + 1} ${UNITS[i % UNITS.length]} delivered to ${PLACES[Math.floor(i / 30) % PLACES.length]} in Q${(i % 4) + 1}, supplier ${Math.floor(i / 360)}`;
}

/** The same line in other words (a paraphrase: must hit). */
function paraphrase(i: number): string {
  return `Please classify this spend line: ${GOODS[i % GOODS.length]} ${(i % 97) + 1} ${UNITS[i % UNITS.length]} delivered to ${PLACES[Math.floor(i / 30) % PLACES.length]} in Q${(i % 4) + 1}, supplier ${Math.floor(i / 360)}`;
}

const answer = (i: number): CachedAnswer => ({ body: `{"naics":"${331110 + (i % 50)}"}`, model: 'gpt-4o-mini', promptTokens: 30, completionTokens: 5 });

export default defineSuite({
  name: 'app-intelligence-semantic',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const values = createCache<CachedAnswer>({ name: 'bench-semantic', ttlMs: 3_600_000, l1: { maxEntries: 2 * ENTRIES, maxBytes: 512 * 1024 ** 2 } });
    const cache = new SemanticCache({ values, maxEntries: ENTRIES });
    const vectors: Float32Array[] = [];
    const started = performance.now();
    for (let i = 0; i < ENTRIES; i++) {
      const text = prompt(i);
      const vector = bagOfWordsEmbedding(text);
      vectors.push(normalized(vector));
      await cache.store(BUCKET, vector, text, answer(i), 3_600_000);
    }
    console.error(
      `  stored ${ENTRIES} prompts in ${((performance.now() - started) / 1000).toFixed(1)} s (${(((performance.now() - started) * 1000) / ENTRIES).toFixed(0)} µs each)`,
    );
    const random = lcg(20);
    const queries = Array.from({ length: LOOKUPS }, (_, q) => {
      const i = Math.floor(random() * ENTRIES);
      const text =
        q % 2 === 0 ? paraphrase(i) : `Classify spend line: ${GOODS[i % GOODS.length]} ${(i % 97) + 500} crates shipped to Reykjavik, supplier ${i + 10_000}`;
      return { text, vector: bagOfWordsEmbedding(text) };
    });
    return { cache, vectors, queries, hits: 0, lookups: 0 };
  },
  async teardown(ctx) {
    console.error(`  ${ctx.hits} hits of ${ctx.lookups} lookups (half the queries are paraphrases of cached prompts)`);
  },
  benchmarks: [
    {
      name: `semantic lookup over ${ENTRIES} cached prompts (usearch HNSW, then safeguards and the answer from L1), ${LOOKUPS} lookups vs an exact linear scan`,
      rounds: 3,
      warmupRounds: 1,
      run: async (ctx) => {
        const samples: number[] = [];
        for (const { text, vector } of ctx.queries) {
          const started = performance.now();
          const found = await ctx.cache.lookup(BUCKET, vector, text, THRESHOLD);
          samples.push(performance.now() - started);
          ctx.lookups++;
          if (found.hit) ctx.hits++;
        }
        console.error(
          `  index: p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms, max ${percentile(samples, 100).toFixed(3)} ms`,
        );
        return samples;
      },
      baseline: async (ctx) => {
        // An exact scan of every vector for the best match: what a lookup costs without the index.
        const samples: number[] = [];
        for (const { vector } of ctx.queries.slice(0, 50)) {
          const started = performance.now();
          const q = normalized(vector);
          let best = -1;
          for (const v of ctx.vectors) {
            let dot = 0;
            for (let j = 0; j < v.length; j++) dot += v[j]! * q[j]!;
            if (dot > best) best = dot;
          }
          samples.push(performance.now() - started);
        }
        console.error(`  linear scan: p50 ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms`);
        return samples;
      },
    },
  ],
});
