/**
 * The matcher's answers on a seeded generated set, one JSON line per mention (status, candidates with their
 * confidence, rule and why), then a sha256 of them on stderr: run before and after a change to the matcher to
 * show the answers are the same (diff the files, or compare the digests).
 *   node --import tsx bench/app/suppliers-answers.ts COMPANIES MENTIONS [SEED] [MAX_POSTINGS] > answers.jsonl
 * A small MAX_POSTINGS (SupplierIndex's common-word bound) makes a small set take the paths a large one takes.
 */
import { createHash } from 'node:crypto';
import { SupplierIndex } from '../../src/domain/suppliers/blocking.ts';
import { companies, mentions } from '../../src/domain/suppliers/generate.ts';
import { matchMention } from '../../src/domain/suppliers/match.ts';
import { normalizeName } from '../../src/domain/suppliers/normalize.ts';

const [companyCount, mentionCount, seed] = [Number(process.argv[2] ?? 20_000), Number(process.argv[3] ?? 5_000), Number(process.argv[4] ?? 7)];
const index = new SupplierIndex(process.argv[5] ? { maxPostings: Number(process.argv[5]) } : {});
for (const c of companies(seed, companyCount)) {
  const identifiers = [...(c.lei ? [{ scheme: 'lei' as const, value: c.lei }] : []), ...(c.duns ? [{ scheme: 'duns' as const, value: c.duns }] : [])];
  index.add({ id: c.id, name: normalizeName(c.name), country: c.country, identifiers });
}
const hash = createHash('sha256');
let started = 0;
let ms = 0;
for (const m of mentions(seed, mentionCount, companyCount)) {
  started = performance.now();
  const r = matchMention(index, { name: m.name, country: m.country, lei: m.lei, duns: m.duns });
  ms += performance.now() - started;
  const line = `${JSON.stringify({ id: m.id, status: r.status, best: r.best?.id ?? null, candidates: r.candidates })}\n`;
  hash.update(line);
  process.stdout.write(line);
}
console.error(
  `${companyCount} companies, ${mentionCount} mentions, seed ${seed}: sha256 ${hash.digest('hex')}; matching ${(ms / 1000).toFixed(2)} s = ${Math.round((mentionCount / ms) * 1000)} mentions/s`,
);
