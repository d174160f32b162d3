import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SupplierIndex } from '../../../src/domain/suppliers/blocking.ts';
import { companies, mentions } from '../../../src/domain/suppliers/generate.ts';
import { matchMention } from '../../../src/domain/suppliers/match.ts';
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
