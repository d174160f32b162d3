/**
 * The supplier-matching evaluation set (`greenline gen suppliers` / `supplier-mentions`): the same
 * bytes for the same arguments, unique canonical names, valid identifiers, and mentions whose truth
 * is right and whose corruptions are the ones recorded.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CORRUPTIONS, canonicalIndexOf, companyAt, leiCheckDigits, mentionAt, SUPPLIER_CAPACITY } from '../../src/domain/suppliers/generate.ts';
import { COUNTRIES, INDUSTRIES, LEGAL_FORMS, QUALIFIERS, SURNAMES, WORD_STEMS } from '../../src/domain/suppliers/generate-vocabulary.ts';
import { generateSupplierRows, MENTION_HEADER, SUPPLIER_HEADER } from '../../src/ingest/generate-suppliers.ts';

const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

const text = (opts: Parameters<typeof generateSupplierRows>[0]) => [...generateSupplierRows(opts)].join('');
const rowsOf = (csv: string): Record<string, string>[] => parse(csv, { columns: true });

/** Test-local normalization: lower case, accents folded, a trailing legal form (canonical or written out) removed. */
const FORMS = [...LEGAL_FORMS, ...COUNTRIES.flatMap((c) => Object.values(c.expansions))].map((f) => f.toLowerCase()).sort((a, b) => b.length - a.length);
function normalize(name: string): string {
  let n = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const form = FORMS.find((f) => n.endsWith(` ${f.normalize('NFD').replace(/\p{M}/gu, '')}`));
  if (form) n = n.slice(0, n.length - form.length - 1);
  return n.replace(/,$/, '').trim();
}

/** ISO 7064 MOD 97-10, checked the long way: the whole LEI as a number is 1 mod 97. */
const leiValid = (lei: string) => /^[0-9A-Z]{18}[0-9]{2}$/.test(lei) && BigInt([...lei].map((c) => Number.parseInt(c, 36)).join('')) % 97n === 1n;

const companies10k = rowsOf(text({ type: 'suppliers', rows: 10_000, seed: 7 }));
const mentions10k = rowsOf(text({ type: 'supplier-mentions', rows: 10_000, companies: 10_000, seed: 7 }));
const byId = new Map(companies10k.map((c) => [c.id!, c]));

describe('gen suppliers', () => {
  it('writes the header and one row per company, ids in order', () => {
    const csv = text({ type: 'suppliers', rows: 3, seed: 1 });
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('id,name,country,lei,duns');
    expect(SUPPLIER_HEADER.join(',')).toBe(lines[0]);
    expect(lines).toHaveLength(4);
    expect(rowsOf(csv).map((r) => r.id)).toEqual(['sup_0000001', 'sup_0000002', 'sup_0000003']);
  });

  it('gives the same bytes for the same rows and seed, other bytes for another seed', () => {
    const a = text({ type: 'suppliers', rows: 2_000, seed: 3 });
    expect(text({ type: 'suppliers', rows: 2_000, seed: 3 })).toBe(a);
    expect(text({ type: 'suppliers', rows: 2_000, seed: 4 })).not.toBe(a);
    // A longer file starts with the shorter one: company i depends on (seed, i) only.
    expect(text({ type: 'suppliers', rows: 2_500, seed: 3 }).startsWith(a)).toBe(true);
  });

  it('makes company i a pure function of (seed, i), up to a capacity of over a million', () => {
    expect(SUPPLIER_CAPACITY).toBeGreaterThanOrEqual(1_000_000);
    const c = companies10k[7_776]!;
    expect(companyAt(7, 7_777)).toEqual({ id: c.id, index: 7_777, name: c.name, country: c.country, lei: c.lei || null, duns: c.duns || null });
    expect(companyAt(7, SUPPLIER_CAPACITY).id).toBe(`sup_${SUPPLIER_CAPACITY}`);
    expect(() => companyAt(7, SUPPLIER_CAPACITY + 1)).toThrow(`index: ${SUPPLIER_CAPACITY + 1} is not a whole number in 1..${SUPPLIER_CAPACITY}`);
  });

  it('keeps names unique after lower-casing, folding accents and removing the legal form (100,000 companies)', () => {
    const names = rowsOf(text({ type: 'suppliers', rows: 100_000, seed: 11 })).map((c) => normalize(c.name!));
    expect(new Set(names).size).toBe(100_000);
    expect(new Set(companies10k.map((c) => normalize(c.name!))).size).toBe(10_000);
  });

  it('ends every name in a legal form of its country', () => {
    for (const c of companies10k) {
      const forms = COUNTRIES.find((k) => k.code === c.country)!.forms;
      expect(forms.some((f) => c.name!.endsWith(` ${f}`))).toBe(true);
    }
  });

  it('includes look-alike families: names sharing their first word', () => {
    const firstWords = new Map<string, number>();
    for (const c of companies10k) firstWords.set(c.name!.split(' ')[0]!, (firstWords.get(c.name!.split(' ')[0]!) ?? 0) + 1);
    const shared = companies10k.filter((c) => firstWords.get(c.name!.split(' ')[0]!)! > 1).length;
    expect(shared / companies10k.length).toBeGreaterThan(0.95);
    // Siblings: one company's name (without legal form) is another's plus a qualifier ("Delta Steel" / "Delta Steel Europe").
    const names = new Set(companies10k.map((c) => normalize(c.name!)));
    const qualifiers = QUALIFIERS.map((q) => q.text.toLowerCase());
    const siblings = [...names].filter((n) => qualifiers.some((q) => n.endsWith(` ${q}`) && names.has(n.slice(0, -q.length - 1))));
    expect(siblings.length).toBeGreaterThan(500);
  });

  it('writes valid LEIs (ISO 17442 check digits) and 9-digit DUNS numbers, each unique', () => {
    const leis = companies10k.map((c) => c.lei!).filter((l) => l !== '');
    const duns = companies10k.map((c) => c.duns!).filter((d) => d !== '');
    expect(leis.length / 10_000).toBeGreaterThan(0.35);
    expect(leis.length / 10_000).toBeLessThan(0.45);
    expect(leis.every(leiValid)).toBe(true);
    expect(new Set(leis).size).toBe(leis.length);
    expect(duns.every((d) => /^\d{9}$/.test(d))).toBe(true);
    expect(new Set(duns).size).toBe(duns.length);
  });

  it('computes LEI check digits as ISO 7064 MOD 97-10 does', () => {
    expect(leiCheckDigits('HWUPKR0MPOU8FGXBT3')).toBe('94'); // Apple Inc.'s LEI ends in 94
    expect(leiValid('HWUPKR0MPOU8FGXBT394')).toBe(true);
    expect(leiValid('HWUPKR0MPOU8FGXBT349')).toBe(false);
  });

  it('keeps the vocabulary parseable: stem, industry and qualifier words are distinct after folding', () => {
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const stems = [...SURNAMES, ...WORD_STEMS].map(fold);
    expect(new Set(stems).size).toBe(stems.length);
    const industryWords = new Set(INDUSTRIES.flatMap((i) => fold(i).split(' ')));
    const qualifierWords = new Set(QUALIFIERS.flatMap((q) => fold(q.text).split(' ')));
    expect(stems.filter((s) => industryWords.has(s) || qualifierWords.has(s))).toEqual([]);
    expect([...industryWords].filter((w) => qualifierWords.has(w))).toEqual([]);
    // Folding is what a matcher does: every accented letter must decompose (no ø, ł, ß, ı).
    expect([...stems.join('')].filter((ch) => !/[a-z]/.test(ch))).toEqual([]);
  });

  it('parses a canonical name back to its company', () => {
    const name = companies10k[4_321]!.name!;
    const words = normalize(name).split(' ');
    expect(canonicalIndexOf(7, words)).toBe(4_322);
    expect(canonicalIndexOf(7, [...words, 'zzz'])).toBeNull();
    expect(companies10k.filter((c, i) => canonicalIndexOf(7, normalize(c.name!).split(' ')) !== i + 1)).toEqual([]);
  });

  it('streams in pieces of about 64 KiB and refuses more rows than one seed holds', () => {
    const pieces = [...generateSupplierRows({ type: 'suppliers', rows: 20_000, seed: 1 })];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.every((p) => p.length < 65_536 + 200 && p.endsWith('\n'))).toBe(true);
    expect(() => text({ type: 'suppliers', rows: SUPPLIER_CAPACITY + 1, seed: 1 })).toThrow(`--rows: at most ${SUPPLIER_CAPACITY} suppliers per seed`);
  });
});

describe('gen supplier-mentions', () => {
  it('writes the header, and refers to the companies of gen suppliers with the same seed', () => {
    expect(text({ type: 'supplier-mentions', rows: 1, companies: 5, seed: 1 }).split('\n')[0]).toBe('mention_id,name,country,lei,duns,truth,corruptions');
    expect(MENTION_HEADER).toEqual(['mention_id', 'name', 'country', 'lei', 'duns', 'truth', 'corruptions']);
    const members = mentions10k.filter((m) => m.truth !== '');
    expect(members.every((m) => byId.has(m.truth!))).toBe(true);
    // Identifiers a mention carries are its company's.
    for (const m of members) {
      const c = byId.get(m.truth!)!;
      if (m.lei) expect(m.lei).toBe(c.lei);
      if (m.duns) expect(m.duns).toBe(c.duns);
    }
    expect(members.filter((m) => m.lei !== '').length).toBeGreaterThan(500);
  });

  it('gives the same bytes for the same rows, companies and seed', () => {
    const a = text({ type: 'supplier-mentions', rows: 3_000, companies: 500, seed: 5 });
    expect(text({ type: 'supplier-mentions', rows: 3_000, companies: 500, seed: 5 })).toBe(a);
    expect(text({ type: 'supplier-mentions', rows: 3_000, companies: 500, seed: 6 })).not.toBe(a);
    expect(text({ type: 'supplier-mentions', rows: 3_000, companies: 501, seed: 5 })).not.toBe(a);
  });

  it('names companies outside the set in about 5% of mentions, with truth null and a look-alike name', () => {
    const outside = mentions10k.filter((m) => m.truth === '');
    expect(outside.length / 10_000).toBeGreaterThan(0.04);
    expect(outside.length / 10_000).toBeLessThan(0.06);
    expect(outside.every((m) => /^lookalike_(qualifier|industry|stem)/.test(m.corruptions!))).toBe(true);
    expect(mentionAt(7, 1, 10_000).truth === null).toBe(mentions10k[0]!.truth === '');
    // Non-member LEIs are valid but belong to no company.
    const leis = new Set(companies10k.map((c) => c.lei));
    const outsideLeis = outside.map((m) => m.lei!).filter((l) => l !== '');
    expect(outsideLeis.length).toBeGreaterThan(10);
    expect(outsideLeis.every((l) => leiValid(l) && !leis.has(l))).toBe(true);
  });

  it('never spells another company: a mention that normalizes to a canonical name is its truth', () => {
    const owner = new Map(companies10k.map((c) => [normalize(c.name!), c.id!]));
    let exactAfterNormalizing = 0;
    for (const m of mentions10k) {
      const id = owner.get(normalize(m.name!));
      if (id === undefined) continue;
      exactAfterNormalizing++;
      expect(id, `${m.mention_id} "${m.name}"`).toBe(m.truth);
    }
    expect(exactAfterNormalizing).toBeGreaterThan(1_000);
  });

  it('applies every kind of corruption, and records them', () => {
    const seen = new Set(mentions10k.flatMap((m) => (m.corruptions ? m.corruptions.split('|') : [])));
    expect([...seen].sort()).toEqual([...CORRUPTIONS].sort());
    for (const m of mentions10k.slice(0, 2_000)) {
      const c = byId.get(m.truth!);
      const kinds = m.corruptions ? m.corruptions.split('|') : [];
      if (c && kinds.length === 0) expect(m.name).toBe(c.name);
      if (c && kinds.join('|') === 'all_caps') expect(m.name).toBe(c.name!.toUpperCase());
      if (c && kinds.join('|') === 'legal_form_dropped') expect(c.name!.startsWith(`${m.name} `)).toBe(true);
      if (kinds.includes('country_dropped')) expect(m.country).toBe('');
    }
  });

  it('differs from the canonical name in most mentions', () => {
    const members = mentions10k.filter((m) => m.truth !== '');
    const same = members.filter((m) => m.name === byId.get(m.truth!)!.name).length;
    expect(same / members.length).toBeGreaterThan(0.02);
    expect(same / members.length).toBeLessThan(0.1);
  });
});

describe('greenline gen (CLI)', () => {
  const gen = (...args: string[]) => execFileSync(process.execPath, [BIN, 'gen', ...args], { encoding: 'utf8', stdio: 'pipe' });

  it('writes the same bytes as the generator', () => {
    expect(gen('suppliers', '--rows', '50', '--seed', '9')).toBe(text({ type: 'suppliers', rows: 50, seed: 9 }));
    expect(gen('supplier-mentions', '--rows', '50', '--companies', '20', '--seed', '9')).toBe(
      text({ type: 'supplier-mentions', rows: 50, companies: 20, seed: 9 }),
    );
  });

  it('asks for --companies with supplier-mentions, naming the option', () => {
    expect(() => gen('supplier-mentions', '--rows', '5')).toThrow('--companies: required for supplier-mentions');
  });
});
