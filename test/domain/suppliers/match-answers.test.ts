import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalName, SupplierIndex } from '../../../src/domain/suppliers/blocking.ts';
import { companies, mentions } from '../../../src/domain/suppliers/generate.ts';
import { matchMention, stripBranch } from '../../../src/domain/suppliers/match.ts';
import { normalizeName } from '../../../src/domain/suppliers/normalize.ts';

/** sha256 of the answers as bench/app/suppliers-answers.ts writes them (one JSON line per mention). */
function answersDigest(companyCount: number, mentionCount: number, seed: number, maxPostings: number): string {
  const index = new SupplierIndex({ maxPostings });
  for (const c of companies(seed, companyCount)) {
    const identifiers = [...(c.lei ? [{ scheme: 'lei' as const, value: c.lei }] : []), ...(c.duns ? [{ scheme: 'duns' as const, value: c.duns }] : [])];
    index.add({ id: c.id, name: normalizeName(c.name), country: c.country, identifiers });
  }
  const hash = createHash('sha256');
  for (const m of mentions(seed, mentionCount, companyCount)) {
    const r = matchMention(index, { name: m.name, country: m.country, lei: m.lei, duns: m.duns });
    hash.update(`${JSON.stringify({ id: m.id, status: r.status, best: r.best?.id ?? null, candidates: r.candidates })}\n`);
  }
  return hash.digest('hex');
}

// Digests recorded with the matcher of commit 01cad3c, before the blocking was made faster: the answers (status,
// candidates, confidences, why) must not change with speed work. A deliberate change of answers updates these and
// says why in docs/suppliers.md. A small maxPostings makes 20,000 companies take the common-word paths that
// 1,000,000 take at the default 5,000.
describe('matcher answers on a seeded generated set (20,000 companies, 2,000 mentions, seed 7)', () => {
  it('with the common-word bound at 200', () => {
    expect(answersDigest(20_000, 2_000, 7, 200)).toBe('73d365f81f3381931184a88c6eebe70b7a8d7e980d5cd1f237f8a09529bacd34');
  });

  it('with the common-word bound at 40 (most mentions have no rare word)', () => {
    expect(answersDigest(20_000, 2_000, 7, 40)).toBe('3ca2f58d85c575c41c76d8d6766bbc5394ab1f64e6f2249c2577604aededcf49');
  });
});

// The CommonWords tables are a fast path of blocking (blocking.ts scanWithTables): the cursors are the general
// path. Both indexes get the same suppliers in the same order, queried between additions (the tables are
// rebuilt after each), so every mention's candidates must be equal, scores to the last bit.
describe('blocking with and without the common-word tables', () => {
  it('gives the same candidates for every mention, also after more suppliers are added', () => {
    const fast = new SupplierIndex({ maxPostings: 30 });
    const general = new SupplierIndex({ maxPostings: 30, commonWordTables: false });
    const all = [...companies(11, 6_000)];
    const asked = [...mentions(11, 1_500, 6_000)].map((m) => canonicalName(stripBranch(normalizeName(m.name))?.name ?? normalizeName(m.name)));
    let compared = 0;
    for (const [part, from, to] of [
      [0, 0, 3_000],
      [1, 3_000, 6_000],
    ] as const) {
      for (const c of all.slice(from, to)) {
        fast.add({ id: c.id, name: normalizeName(c.name), country: c.country });
        general.add({ id: c.id, name: normalizeName(c.name), country: c.country });
      }
      for (const name of asked.slice(part * 750, (part + 1) * 750)) {
        expect(fast.candidates(name, 20)).toEqual(general.candidates(name, 20));
        compared++;
      }
    }
    expect(compared).toBe(1_500);
  });
});
