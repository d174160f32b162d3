import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CanonicalSupplier, canonicalName, SupplierIndex } from '../../../src/domain/suppliers/blocking.ts';
import { alignTokens, type MatchOptions, matchMention, scorePair, stripBranch, tokenLink } from '../../../src/domain/suppliers/match.ts';
import { normalizeName } from '../../../src/domain/suppliers/normalize.ts';

const name = (raw: string) => normalizeName(raw);
const canonical = (raw: string) => canonicalName(normalizeName(raw));

function indexOf(...suppliers: [id: string, raw: string, country?: string | null, extra?: Partial<CanonicalSupplier>][]): SupplierIndex {
  const index = new SupplierIndex();
  for (const [id, raw, country, extra] of suppliers) index.add({ id, name: name(raw), country: country ?? null, ...extra });
  return index;
}

/** The confidence of a mention against a one-supplier index. */
function confidenceOf(mention: string, candidate: string, mentionCountry: string | null = null, candidateCountry: string | null = null): number {
  const result = matchMention(indexOf(['c', candidate, candidateCountry]), { name: mention, country: mentionCountry });
  return result.candidates[0]?.confidence ?? 0;
}

describe('scorePair: the fuzzy formula', () => {
  it('a typo in a long token, same country', () => {
    const { confidence, components, tokens } = scorePair(canonical('Thyssenkrup Steel Europe'), 'DE', canonical('Thyssenkrupp Steel Europe AG'), 'DE');
    // token set: sect "europe steel" + "thyssenkrup" (24) vs + "thyssenkrupp" (25), LCS 24 → 200 × 24 / 49 = 97.96
    expect(components.tokenSet).toBe(98);
    // token sort: candidate tokens in the mention's order → the same strings → 97.96
    expect(components.tokenSort).toBe(98);
    expect(components.jaroWinkler).toBe(94.6);
    // base = 0.4 × 97.96 + 0.3 × 97.96 + 0.3 × 94.6 = 96.97; + 3 same country = 99.97 → capped at 99
    expect(components.base).toBe(97);
    expect(components.countryAdjustment).toBe(3);
    expect(components.missingPenalty).toBe(0);
    expect(confidence).toBe(99);
    expect(tokens.shared).toEqual(['thyssenkrup~thyssenkrupp', 'steel', 'europe']);
  });

  it('General Motors vs General Mills: one distinctive word missing each way', () => {
    const { confidence, components, tokens } = scorePair(canonical('General Motors Company'), null, canonical('General Mills Inc'), 'US');
    // set = sort = 200 × 10 / 27 = 74.07 (LCS "general m" + "s"); JW 89.7
    // base = 0.7 × 74.07 + 0.3 × 89.7 = 78.76; missing 20 × 1 ("motors"); extra 15 × 1 ("mills"); country unknown
    expect(components).toEqual({
      tokenSet: 74.1,
      tokenSort: 74.1,
      jaroWinkler: 89.7,
      base: 78.8,
      missingPenalty: 20,
      extraPenalty: 15,
      countryAdjustment: 0,
      legalFormAdjustment: 0,
    });
    expect(confidence).toBe(43.8);
    expect(tokens.missing).toEqual(['motors']);
    expect(tokens.extra).toEqual(['mills']);
  });

  it('a short-token typo is a weak counterpart: half missing on each side', () => {
    const { confidence, components } = scorePair(canonical('Alcoa Corp'), null, canonical('Alcon Inc'), null);
    // base 83.6; missing 20 × 0.5 = 10; extra 15 × 0.5 = 7.5; corp ~ inc same family (stock) +1 → 67.1
    expect(components.missingPenalty).toBe(10);
    expect(components.extraPenalty).toBe(7.5);
    expect(components.legalFormAdjustment).toBe(1);
    expect(confidence).toBe(67.1);
  });

  it('a different country costs 10, the same legal form gives 2', () => {
    const same = scorePair(canonical('Steel Europe Thyssenkrupp'), 'DE', canonical('thyssenkrupp Steel Europe AG'), 'DE');
    const different = scorePair(canonical('Steel Europe Thyssenkrupp'), 'DE', canonical('thyssenkrupp Steel Europe AG'), 'FR');
    // base 88.7 (set 100, sort 100, JW 62.5): + 3 → 91.7; − 10 → 78.7
    expect(same.confidence).toBe(91.7);
    expect(different.confidence).toBe(78.7);
    expect(
      scorePair(canonical('Maroplan Packaging Mfachinery SA'), null, canonical('Maroplan Packaging Machinery S.A.'), null).components.legalFormAdjustment,
    ).toBe(2);
  });

  it('a typo that changes the sort order costs only the typo (token sort in aligned order)', () => {
    const { components } = scorePair(canonical('Maroplan Packaging Mfachinery SA'), null, canonical('Maroplan Packaging Machinery S.A.'), null);
    // plain token sort would compare "machinery maroplan packaging" with "maroplan mfachinery packaging" (66.7)
    expect(components.tokenSort).toBe(98.2);
  });
});

describe('tokenLink and alignTokens', () => {
  it('strong: equal, singular/plural, one edit in ≥ 6 characters with the same first letter', () => {
    expect(tokenLink('steel', 'steel')).toBe('strong');
    expect(tokenLink('technologies', 'technology')).toBe('strong');
    expect(tokenLink('lubricnts', 'lubricants')).toBe('strong');
    expect(tokenLink('arcelormitall', 'arcelormittal')).toBe('strong');
  });

  it('weak: short-token typos, first-letter typos, two edits under 12 characters, abbreviations', () => {
    expect(tokenLink('vale', 'valeo')).toBe('weak');
    expect(tokenLink('cavamont', 'savamont')).toBe('weak');
    expect(tokenLink('spectraform', 'spectracore')).toBe('weak');
    expect(tokenLink('ptnr', 'partner')).toBe('weak');
  });

  it('none: different words', () => {
    expect(tokenLink('apple', 'applied')).toBeNull();
    expect(tokenLink('motors', 'mills')).toBeNull();
  });

  it('pairs equal tokens before near ones', () => {
    const aligned = alignTokens(['steel', 'steal'], ['steal', 'steel']);
    expect(aligned.shared).toEqual(['steel', 'steal']);
    expect(aligned.missing).toEqual([]);
  });
});

describe('stripBranch', () => {
  it('removes a trailing branch phrase and the legal form before it', () => {
    const stripped = stripBranch(name('Siemens AG Niederlassung München'));
    expect(stripped?.name.normalized).toBe('siemens');
    expect(stripped?.name.legalForm).toBe('ag');
    expect(stripped?.removed).toEqual(['niederlassung', 'munchen']);
    expect(stripBranch(name('Acme Tools Ltd - Plant 7'))?.removed).toEqual(['plant', '7']);
    expect(stripBranch(name('Acme Tools Co., Ltd. Yokohama Factory'))?.name.normalized).toBe('acme tools');
  });

  it('leaves plant words that are part of the name', () => {
    expect(stripBranch(name('Orotron Office Supplies Ltd'))).toBeNull();
    expect(stripBranch(name('Acme Steel Plant'))).toBeNull();
  });
});

describe('matchMention', () => {
  it('an identifier wins over the name', () => {
    const index = indexOf(
      ['a', 'Acme Tools GmbH', 'DE'],
      ['b', 'Zenith Castings AG', 'DE', { identifiers: [{ scheme: 'lei', value: '5299000J2N45DDNE4Y28' }] }],
    );
    const result = matchMention(index, { name: 'Acme Tools GmbH', country: 'DE', lei: '5299 000J2N45DDNE4Y28' });
    expect(result.status).toBe('matched');
    expect(result.best).toMatchObject({ id: 'b', confidence: 100, rule: 'identifier', why: { via: 'lei' } });
  });

  it('identifiers pointing at two suppliers go to review', () => {
    const index = indexOf(
      ['a', 'Acme', null, { identifiers: [{ scheme: 'duns', value: '123456789' }] }],
      ['b', 'Zenith', null, { identifiers: [{ scheme: 'lei', value: 'X1' }] }],
    );
    const result = matchMention(index, { name: 'Acme', duns: '123456789', lei: 'X1' });
    expect(result.status).toBe('review');
    // schemes in the order lei, duns, vat
    expect(result.candidates.map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('an exact normalized name is 100; across countries 80 (review), explained', () => {
    const index = indexOf(['ford-us', 'Ford Motor Company', 'US']);
    expect(matchMention(index, { name: 'FORD MOTOR CO.', country: 'US' }).best).toMatchObject({ id: 'ford-us', confidence: 100, rule: 'exact_name' });
    expect(matchMention(index, { name: 'Ford Motor Company', country: null }).best?.confidence).toBe(100);
    const abroad = matchMention(index, { name: 'Ford Motor Company Ltd', country: 'GB' });
    expect(abroad.status).toBe('review');
    expect(abroad.best?.confidence).toBe(80);
    expect(abroad.best?.why.notes).toEqual(['countries differ (GB vs US): exact name lowered by 20']);
  });

  it('prefers the holder of the name in the mention country; two holders there go to review', () => {
    const index = indexOf(['ch', 'Müller Holding GmbH', 'CH'], ['de', 'Müller Holding GmbH', 'DE']);
    // "mueller" ≠ "muller": fuzzy, where the same country adds 3 and the other costs 10
    expect(matchMention(index, { name: 'Mueller Holding', country: 'DE' }).candidates.map((c) => [c.id, c.rule])).toEqual([
      ['de', 'fuzzy'],
      ['ch', 'fuzzy'],
    ]);
    const result = matchMention(index, { name: 'Müller Holding', country: 'DE' });
    expect(result).toMatchObject({ status: 'matched', best: { id: 'de', confidence: 100 } });
    const twice = indexOf(['x', 'Müller Holding GmbH', 'DE'], ['y', 'Muller Holding AG', 'DE']);
    expect(matchMention(twice, { name: 'Müller Holding', country: 'DE' }).status).toBe('review');
  });

  it('names equal but for spaces match at 97', () => {
    const result = matchMention(indexOf(['hm', 'HeidelbergMaterials AG', 'DE']), { name: 'Heidelberg Materials' });
    expect(result.best).toMatchObject({ id: 'hm', confidence: 97, rule: 'exact_name', why: { via: 'spacing' } });
  });

  it('a branch of a supplier matches it at 95', () => {
    const result = matchMention(indexOf(['s', 'Siemens Aktiengesellschaft', 'DE']), { name: 'Siemens AG Niederlassung München', country: 'DE' });
    expect(result.status).toBe('matched');
    expect(result.best?.confidence).toBe(95);
    expect(result.best?.why.notes).toEqual(['branch words ignored: niederlassung munchen (−5)']);
  });

  it('typos, abbreviations and legal-form variants reach 85', () => {
    expect(confidenceOf('thyssenkrupp Steel Eur.', 'Thyssenkrupp Steel Europe AG', 'DE', 'DE')).toBe(99);
    expect(confidenceOf('ArcelorMitall SA', 'ArcelorMittal S.A.', 'LU', 'LU')).toBe(98.7);
    expect(confidenceOf('Intl Business Machines Corp', 'International Business Machines Corporation')).toBe(99);
    expect(confidenceOf('Volkswagn AG', 'Volkswagen Aktiengesellschaft')).toBe(97.7);
    expect(confidenceOf('Steel Europe Thyssenkrupp', 'thyssenkrupp Steel Europe AG', 'DE', 'DE')).toBe(91.7);
  });

  it('look-alikes stay below 85', () => {
    // "apple" is no typo of "applied" (two edits in five letters): not even a blocking candidate
    expect(matchMention(indexOf(['c', 'Applied Materials Inc']), { name: 'Apple Inc' })).toMatchObject({ status: 'no_match', candidates: [] });
    expect(scorePair(canonical('Apple Inc'), null, canonical('Applied Materials Inc'), null).confidence).toBe(14.6);
    expect(confidenceOf('General Motors', 'General Mills')).toBe(43.8);
    expect(confidenceOf('Siemens Energy AG', 'Siemens AG', 'DE', 'DE')).toBe(72);
    expect(confidenceOf('Vale S.A.', 'Valeo SA')).toBe(75.5);
    expect(confidenceOf('Nokian Tyres', 'Nokia Oyj')).toBeLessThan(85);
    expect(confidenceOf('Tata Steel Nederland BV', 'Tata Steel Ltd')).toBeLessThan(85);
  });

  it('sorts by confidence and marks near ties above the threshold as ambiguous', () => {
    const index = indexOf(['a', 'Nimastar Automation AG', 'DE'], ['b', 'Nimastad Automation AG', 'DE']);
    const result = matchMention(index, { name: 'Nimastaq Automation AG', country: 'DE' });
    expect(result.candidates.map((c) => c.confidence)).toEqual([99, 99]);
    expect(result.status).toBe('review');
    expect(result.best?.why.notes[0]).toBe('supplier b scores 99, within 2: ambiguous');
  });

  it('never auto-matches a rejected pair: it goes to review', () => {
    const index = indexOf(['tk', 'Thyssenkrupp Steel Europe AG', 'DE']);
    const rejected: MatchOptions['rejected'] = (mention, id) => mention === 'thyssenkrup steel europe' && id === 'tk';
    expect(matchMention(index, { name: 'Thyssenkrup Steel Europe', country: 'DE' }).status).toBe('matched');
    const result = matchMention(index, { name: 'Thyssenkrup Steel Europe', country: 'DE' }, { rejected });
    expect(result.status).toBe('review');
    expect(result.best?.why.notes).toContain('a reviewer rejected this pair: never matched automatically');
  });

  it('an accepted alias matches exactly', () => {
    const index = indexOf(['abb', 'ABB Ltd', 'CH']);
    const aliases = (normalized: string) => (normalized === 'abb asea brown boveri' ? 'abb' : null);
    expect(matchMention(index, { name: 'ABB Asea Brown Boveri Ltd' }).status).toBe('review');
    const result = matchMention(index, { name: 'ABB Asea Brown Boveri Ltd' }, { aliases });
    expect(result).toMatchObject({ status: 'matched', best: { id: 'abb', confidence: 100, rule: 'exact_name', why: { via: 'alias' } } });
  });

  it('thresholds come from the options', () => {
    const index = indexOf(['s', 'Siemens AG', 'DE']);
    expect(matchMention(index, { name: 'Siemens Energy AG', country: 'DE' }).status).toBe('review');
    expect(matchMention(index, { name: 'Siemens Energy AG', country: 'DE' }, { autoMatchThreshold: 70 }).status).toBe('matched');
    expect(matchMention(index, { name: 'Siemens Energy AG', country: 'DE' }, { reviewThreshold: 80 })).toMatchObject({ status: 'no_match', best: null });
  });

  it('an empty name matches nothing', () => {
    expect(matchMention(indexOf(['a', 'Acme']), { name: '  ' })).toMatchObject({ status: 'no_match', best: null, candidates: [] });
  });
});

describe('SupplierIndex', () => {
  it('rejects a second supplier with the same id or identifier, naming the field', () => {
    const index = indexOf(['a', 'Acme', null, { identifiers: [{ scheme: 'duns', value: '12-345-6789' }] }]);
    expect(() => index.add({ id: 'a', name: name('Other') })).toThrow('id: supplier a is already in the index');
    expect(() => index.add({ id: 'b', name: name('Other'), identifiers: [{ scheme: 'duns', value: '123456789' }] })).toThrow(
      'identifiers[0]: duns:123456789 already belongs to supplier a, cannot add it to b',
    );
  });

  it('finds typos through the vocabulary grams, including swapped neighbours', () => {
    const index = indexOf(['n', 'Neoium Ltd'], ['x', 'Zenith Castings']);
    expect(index.similarWords('neouim')).toEqual(['neoium']);
    expect(index.candidates(canonical('Neouim'), 20).map((c) => index.id(c.slot))).toEqual(['n']);
  });

  it('returns at most K candidates, rarer shared tokens first', () => {
    const suppliers: [string, string][] = [];
    for (let i = 0; i < 30; i++) suppliers.push([`g${i}`, `Delta Group ${i}`]);
    suppliers.push(['dx', 'Delta Xylophones']);
    const index = indexOf(...suppliers);
    const top = index.candidates(canonical('Delta Xylophones'), 5);
    expect(top).toHaveLength(5);
    expect(index.id(top[0]!.slot)).toBe('dx');
  });

  it('skips common tokens but still ranks by them, and scans them when nothing is rarer', () => {
    const suppliers: [string, string][] = [];
    for (let i = 0; i < 10; i++) suppliers.push([`s${i}`, `Steel Works ${i}`]);
    suppliers.push(['acme', 'Acme Steel']);
    const index = new SupplierIndex({ maxPostings: 5 });
    for (const [id, raw] of suppliers) index.add({ id, name: name(raw) });
    // "steel" (11 holders) and "works" (10) are common: "acme" finds one supplier and "steel" only adds to it
    expect(index.candidates(canonical('Acme Steel'), 20).map((c) => index.id(c.slot))).toEqual(['acme']);
    // nothing rare: the smallest common list ("works") is scanned, each slot also counting "steel"
    expect(index.candidates(canonical('Steel Works'), 3).map((c) => index.id(c.slot))).toEqual(['s0', 's1', 's2']);
  });
});

describe('the hand-written hard cases (test/fixtures/suppliers-hard-cases.jsonl)', () => {
  interface HardCase {
    mention: string;
    mention_country: string | null;
    candidate: string;
    candidate_country: string | null;
    same: boolean;
    why: string;
  }
  const cases: HardCase[] = readFileSync(new URL('../../fixtures/suppliers-hard-cases.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as HardCase);

  it('auto-matches with precision 1 and finds every true match (auto + review), in a 2-entry index', () => {
    let autoRight = 0;
    let autoWrong = 0;
    let found = 0;
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      // The distractor: the next case's candidate whose name differs from both the mention and this candidate.
      const avoid = new Set([name(c.candidate).normalized, name(c.mention).normalized]);
      let d = cases[(i + 1) % cases.length]!;
      for (let k = 2; avoid.has(name(d.candidate).normalized); k++) d = cases[(i + k) % cases.length]!;
      const index = indexOf(['candidate', c.candidate, c.candidate_country], ['distractor', d.candidate, d.candidate_country]);
      const result = matchMention(index, { name: c.mention, country: c.mention_country });
      const right = c.same && result.best?.id === 'candidate';
      if (result.status === 'matched') right ? autoRight++ : autoWrong++;
      if (c.same && result.status !== 'no_match' && right) found++;
      if ((result.status === 'matched' && !right) || (c.same && result.status !== 'matched')) failures.push(`${result.status}: ${c.mention} | ${c.candidate}`);
    }
    const positives = cases.filter((c) => c.same).length;
    expect({ cases: cases.length, positives }).toEqual({ cases: 74, positives: 38 });
    // precision 37 / 37 = 1; recall of auto + review 38 / 38 = 1; auto recall 37 / 38 = 0.97
    expect({ autoRight, autoWrong, found }).toEqual({ autoRight: 37, autoWrong: 0, found: 38 });
    expect(failures).toEqual(['review: ABB Asea Brown Boveri Ltd | ABB Ltd']);
  });
});
