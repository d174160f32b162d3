/**
 * The match route's threads and remembered answers are optimisations, not another matcher: the
 * threads answer exactly what the in-process matcher answers (the same JSON, byte for byte) (generated suppliers and mentions,
 * split over two threads), rebuild when the tenant's version moves, and a remembered answer is
 * only served for the version it was made under.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companies, mentions } from '../../src/domain/suppliers/generate.ts';
import type { SupplierMention } from '../../src/domain/suppliers/match.ts';
import { matchAnswer } from '../../src/http/supplier-matching/answer-json.ts';
import { SupplierMatching } from '../../src/http/supplier-matching/matching.ts';
import { SupplierMatchThreads } from '../../src/http/supplier-matching/threads.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { copySuppliers } from '../../src/store/supplier-copy.ts';
import { loadMatcherInput, matcherOf, SupplierIndexCache } from '../../src/store/supplier-index-cache.ts';
import { bumpSupplierVersion, supplierMatchingState } from '../../src/store/suppliers.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

const COMPANIES = 3_000;
const MENTIONS = 1_200;

describe('supplier matching on threads', () => {
  let fx: DriverFixture;
  let tenantId: string;
  let names: SupplierMention[];
  let threads: SupplierMatchThreads;

  beforeAll(async () => {
    fx = await pgliteFactory();
    await prepareDatabase(fx.driver, { cursorSecret: null });
    tenantId = (await ensureTenant(fx.driver, 'threads')).id;
    const rows = [...companies(7, COMPANIES)].map((c) => ({
      name: c.name,
      country: c.country,
      lei: c.lei || null,
      duns: c.duns || null,
      vat: null,
      naics: null,
    }));
    await copySuppliers(fx.driver, tenantId, rows);
    names = [...mentions(7, MENTIONS, COMPANIES)].map((m) => ({ name: m.name, country: m.country, lei: m.lei, duns: m.duns }));
    threads = new SupplierMatchThreads(fx.driver, 2);
  }, 60_000);

  afterAll(async () => {
    await threads?.close();
    await fx?.close();
  });

  it('answers what the in-process matcher answers, the names split over two threads, in order', async () => {
    const { version } = await supplierMatchingState(fx.driver, tenantId);
    const inProcess = matcherOf(await loadMatcherInput(fx.driver, tenantId))
      .matchNamed(names, { autoMatchThreshold: 85 })
      .map(matchAnswer);
    const onThreads = await threads.matchNamed(tenantId, version, names, 85);
    expect(onThreads).toEqual(inProcess);
    // Both threads built the tenant's matcher from one read of its rows.
    expect(threads.builds).toBe(2);
    // Every status occurs, so the comparison covers each rule's answer.
    expect(new Set(onThreads.map((a) => a.status))).toEqual(new Set(['matched', 'review', 'no_match']));
    const rules = onThreads.map((a) => (JSON.parse(`{${a.members}}`) as { best: { rule: string } | null }).best?.rule);
    expect(new Set(rules)).toEqual(new Set(['identifier', 'exact_name', 'fuzzy', undefined]));
    // A name going to review carries its whole result, for the review queue; the others do not.
    expect(onThreads.every((a) => (a.review !== null) === (a.status === 'review'))).toBe(true);
  }, 60_000);

  it('answers a lower threshold as the in-process matcher does', async () => {
    const { version } = await supplierMatchingState(fx.driver, tenantId);
    const some = names.slice(0, 100);
    const inProcess = matcherOf(await loadMatcherInput(fx.driver, tenantId))
      .matchNamed(some, { autoMatchThreshold: 60 })
      .map(matchAnswer);
    expect(await threads.matchNamed(tenantId, version, some, 60)).toEqual(inProcess);
  });

  it('rebuilds on every thread when the version moves, not before', async () => {
    const before = threads.builds;
    const { version } = await supplierMatchingState(fx.driver, tenantId);
    await threads.matchNamed(tenantId, version, names.slice(0, 600), 85);
    expect(threads.builds).toBe(before);
    await bumpSupplierVersion(fx.driver, tenantId);
    const next = await supplierMatchingState(fx.driver, tenantId);
    await threads.matchNamed(tenantId, next.version, names.slice(0, 1), 85);
    expect(threads.builds).toBe(before + 2);
    // An older version is answered by the newer matcher: no rebuild.
    await threads.matchNamed(tenantId, version, names.slice(0, 1), 85);
    expect(threads.builds).toBe(before + 2);
  });

  it('remembers answers per version and threshold; a new version matches again', async () => {
    const matching = new SupplierMatching(fx.driver, new SupplierIndexCache(fx.driver), threads);
    const some = names.slice(0, 50);
    const first = await matching.match(tenantId, some);
    expect(matching.counts).toEqual({ remembered: 0, matched: 50 });
    const again = await matching.match(tenantId, some);
    expect(again.answers).toEqual(first.answers);
    expect(matching.counts).toEqual({ remembered: 50, matched: 50 });
    // Another threshold is another answer (the status depends on it).
    await matching.match(tenantId, some, 99);
    expect(matching.counts).toEqual({ remembered: 50, matched: 100 });
    await bumpSupplierVersion(fx.driver, tenantId);
    const moved = await matching.match(tenantId, some);
    expect(moved.version).not.toBe(first.version);
    expect(matching.counts).toEqual({ remembered: 50, matched: 150 });
  });

  it('matches in process without threads: the same answers, and one settings read a call once warm', async () => {
    const some = names.slice(0, 300);
    const inProcess = new SupplierMatching(fx.driver, new SupplierIndexCache(fx.driver), null);
    const onThreads = new SupplierMatching(fx.driver, new SupplierIndexCache(fx.driver), threads);
    const expected = await onThreads.match(tenantId, some);
    expect((await inProcess.match(tenantId, some)).answers).toEqual(expected.answers);
    const seen: string[] = [];
    const stop = fx.driver.observeQueries((name) => seen.push(name));
    try {
      // Names not asked before, so they are matched, not remembered.
      await inProcess.match(tenantId, names.slice(300, 310));
    } finally {
      stop();
    }
    expect(seen).toEqual(['select.supplier_settings']);
  });

  it('refuses work once closed', async () => {
    const closing = new SupplierMatchThreads(fx.driver, 1);
    await closing.close();
    await expect(closing.matchNamed(tenantId, '0', names.slice(0, 1), 85)).rejects.toThrow(/closed/);
  });
});
