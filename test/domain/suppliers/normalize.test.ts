import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNTRIES, ABBREVIATIONS as GENERATED_ABBREVIATIONS, INDUSTRIES, QUALIFIERS } from '../../../src/domain/suppliers/generate-vocabulary.ts';
import { LEGAL_FORMS } from '../../../src/domain/suppliers/legal-forms.ts';
import { ABBREVIATIONS, ABBREVIATIONS_AFTER_FIRST, canonicalTokens, normalizeName, PHRASE_ABBREVIATIONS } from '../../../src/domain/suppliers/normalize.ts';

interface HardCase {
  mention: string;
  mention_country: string | null;
  candidate: string;
  candidate_country: string | null;
  same: boolean;
  why: string;
}

const HARD_CASES: HardCase[] = readFileSync(new URL('../../fixtures/suppliers-hard-cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as HardCase);

// [raw, normalized, legal form]
const EXACT: [string, string, string | null][] = [
  // English-speaking
  ['Apple Inc.', 'apple', 'inc'],
  ['International Business Machines Corporation', 'international business machines', 'corp'],
  ['The Coca-Cola Company', 'coca cola', 'co'],
  ['Procter & Gamble Co.', 'procter and gamble', 'co'],
  ['J.P. Morgan Chase & Co.', 'jp morgan chase', 'co'],
  ['3M Company', '3m', 'co'],
  ['3-M', '3m', null],
  ['Rolls-Royce Holdings plc', 'rolls royce holdings', 'plc'],
  ['JOHNSON MATTHEY PUBLIC LIMITED COMPANY', 'johnson matthey', 'plc'],
  ['BHP Group Pty. Ltd.', 'bhp group', 'pty_ltd'],
  ['Tata Consultancy Services Pvt. Ltd.', 'tata consultancy services', 'pvt_ltd'],
  ['Infosys (P) Ltd', 'infosys', 'pvt_ltd'],
  ['Acme Widgets, LLC', 'acme widgets', 'llc'],
  ["McDonald's Corp", 'mcdonalds', 'corp'],
  // German-speaking
  ['Thyssenkrupp Steel Europe AG', 'thyssenkrupp steel europe', 'ag'],
  ['Siemens Aktiengesellschaft', 'siemens', 'ag'],
  ['Robert Bosch Gesellschaft mit beschränkter Haftung', 'robert bosch', 'gmbh'],
  ['Müller Süßwaren GmbH & Co. KG', 'muller susswaren', 'gmbh_co_kg'],
  ['Henkel AG & Co. KGaA', 'henkel', 'ag_co_kgaa'],
  ['Foo Verwaltungs UG (haftungsbeschränkt)', 'foo verwaltungs', 'ug'],
  ['Deutsches Rotes Kreuz e.V.', 'deutsches rotes kreuz', 'ev'],
  ['Salzgitter Flachstahl Gesellschaft mbH', 'salzgitter flachstahl', 'gmbh'],
  // Romance languages
  ['Nestlé S.A.', 'nestle', 'sa'],
  ['Société Générale S.A.', 'societe generale', 'sa'],
  ["L'Oréal", 'loreal', null],
  ['Foo Holdings S.à r.l.', 'foo holdings', 'sarl'],
  ['Enel S.p.A.', 'enel', 'spa'],
  // "Compagnie de" opens the name; without "de" the words are the name's own.
  ['Compagnie de Saint-Gobain S.A.', 'saint gobain', 'sa'],
  ['Cie de Saint-Gobain', 'saint gobain', 'co'],
  ['Compagnie Générale des Établissements Michelin SCA', 'compagnie generale des etablissements michelin', 'sca'],
  ['Compagnie des Alpes', 'compagnie des alpes', null],
  // Spaced single letters join, even around a one-letter word: the same on both sides of a match.
  ['Barilla G. e R. Fratelli S.r.l.', 'barilla ger fratelli', 'srl'],
  ['Telefónica S.A.U.', 'telefonica', 'sau'],
  ['Mercadona, S.L.', 'mercadona', 'sl'],
  ['CEMEX, S.A.B. de C.V.', 'cemex', 'sab_de_cv'],
  ['Grupo Bimbo, Sociedad Anónima Bursátil de Capital Variable', 'grupo bimbo', 'sab_de_cv'],
  ['Foo Sociedad Anónima de Capital Variable', 'foo', 'sa_de_cv'],
  ['Foo Sociedad de Responsabilidad Limitada de Capital Variable', 'foo', 's_de_rl_de_cv'],
  ['Vale S/A', 'vale', 'sa'],
  ['Gerdau Aços Longos Ltda.', 'gerdau acos longos', 'ltda'],
  // Benelux and Nordic
  ['Koninklijke Philips N.V.', 'koninklijke philips', 'nv'],
  ['Tata Steel Nederland B.V.', 'tata steel nederland', 'bv'],
  ['Novo Nordisk A/S', 'novo nordisk', 'as'],
  ['Ørsted A/S', 'orsted', 'as'],
  ['Volvo AB (publ)', 'volvo', 'ab_publ'],
  // The definite form spelled out before the name.
  ['Aktiebolaget Volvo', 'volvo', 'ab'],
  ['Aktieselskabet Schouw & Co.', 'schouw', 'co'],
  ['Nokia Oyj', 'nokia', 'oyj'],
  ['Equinor ASA', 'equinor', 'asa'],
  // Central and Eastern Europe, Turkey, Greece
  ['Łódzkie Zakłady Sp. z o.o.', 'lodzkie zaklady', 'sp_zoo'],
  ['ŠKODA AUTO a.s.', 'skoda auto', 'as'],
  ['Đuro Đaković d.d.', 'duro dakovic', 'dd'],
  ['MOL Nyrt.', 'mol', 'nyrt'],
  ['Ereğli Demir ve Çelik Fabrikaları T.A.Ş.', 'eregli demir ve celik fabrikalari tas', null],
  ['İstanbul Çimento A.Ş.', 'istanbul cimento', 'as'],
  ['Türk Traktör ve Ziraat Makineleri Anonim Şirketi', 'turk traktor ve ziraat makineleri', 'as'],
  ['Foo Tekstil Limited Şirketi', 'foo tekstil', 'ltd_sti'],
  ['Ελληνικά Πετρέλαια Α.Ε.', 'ελληνικα πετρελαια', 'ae'],
  // Russia and Asia: prefixes
  ['OOO Romashka', 'romashka', 'ooo'],
  ['ООО «Ромашка»', 'ромашка', 'ooo'],
  ['Public Joint Stock Company Gazprom Neft', 'gazprom neft', 'pjsc'],
  ['Joint-Stock Company Foo', 'foo', 'jsc'],
  ['Foo Open Joint Stock Company', 'foo', 'ojsc'],
  ['PT Astra International Tbk', 'astra international', 'tbk'],
  ['PT Bank Mandiri (Persero) Tbk', 'bank mandiri', 'tbk'],
  ['Kabushiki Kaisha Toshiba', 'toshiba', 'kk'],
  ['Toyota Motor Co., Ltd.', 'toyota motor', 'co_ltd'],
  ['Petronas Chemicals Sdn. Bhd.', 'petronas chemicals', 'sdn_bhd'],
  ['삼성전자 주식회사', '삼성전자', 'jusik_hoesa'],
  ['Delta Electronics (Thailand) PCL', 'delta electronics thailand', 'pcl'],
];

describe('normalizeName', () => {
  it.each(EXACT)('%s → %s', (raw, normalized, legalForm) => {
    const n = normalizeName(raw);
    expect(n).toEqual({ raw, normalized, tokens: normalized.split(' '), legalForm });
  });

  it('folds letters that NFKD keeps whole and drops accents', () => {
    expect(normalizeName('Straße Æble Øre Łódź Đak Þór').normalized).toBe('strasse aeble ore lodz dak thor');
    expect(normalizeName('ÉCOLE Über Ñandú').normalized).toBe('ecole uber nandu');
    // Full-width letters and ligatures fold through NFKD.
    expect(normalizeName('ＡＢＣ ﬁnance').normalized).toBe('abc finance');
  });

  it('keeps the marks that change a kana letter', () => {
    // ガ (ga) and カ (ka) differ only by the dakuten mark.
    expect(normalizeName('ガス').normalized).toBe('ガス');
    expect(normalizeName('ガス').normalized).not.toBe(normalizeName('カス').normalized);
  });

  it('keeps digits', () => {
    expect(normalizeName('Formula 1 Racing 2024 Ltd').normalized).toBe('formula 1 racing 2024');
    expect(normalizeName('7-Eleven, Inc.').normalized).toBe('7 eleven');
  });

  it('joins dotted or spaced initials into one token', () => {
    expect(normalizeName('I.B.M.').normalized).toBe('ibm');
    expect(normalizeName('I B M').normalized).toBe('ibm');
    expect(normalizeName('S. p. A. Foo').tokens).toEqual(['spa', 'foo']);
    // A dot between longer pieces is a word break: Co.Ltd is two words.
    expect(normalizeName('Foo Trading Co.Ltd.')).toMatchObject({ normalized: 'foo trading', legalForm: 'co_ltd' });
  });

  it('removes several legal forms at the end, reporting the outermost', () => {
    expect(normalizeName('Foo Inc. Ltd.')).toMatchObject({ normalized: 'foo', legalForm: 'ltd' });
    expect(normalizeName('Foo Holding GmbH u. Co. KG')).toMatchObject({ normalized: 'foo holding', legalForm: 'gmbh_co_kg' });
    expect(normalizeName('PT Foo Tbk')).toMatchObject({ normalized: 'foo', legalForm: 'tbk' });
    expect(normalizeName('PT Foo')).toMatchObject({ normalized: 'foo', legalForm: 'pt' });
  });

  it('removes legal forms only at the end, and prefixes only at the start', () => {
    expect(normalizeName('Inc Magazine LLC').normalized).toBe('inc magazine');
    expect(normalizeName('Limited Brands Inc').normalized).toBe('limited brands');
    expect(normalizeName('Siemens AG Niederlassung München')).toMatchObject({ normalized: 'siemens ag niederlassung munchen', legalForm: null });
    expect(normalizeName('Foo PT')).toMatchObject({ normalized: 'foo pt', legalForm: null });
    // Only the spelled-out Swedish form leads: "AB Foods" (Associated British Foods) is not "Foods".
    expect(normalizeName('AB Foods')).toMatchObject({ normalized: 'ab foods', legalForm: null });
    expect(normalizeName('Compagnie de')).toMatchObject({ normalized: 'compagnie de', legalForm: null });
  });

  it('removes every legal form the evaluation-set generator writes, short or spelled out', () => {
    const written = COUNTRIES.flatMap((c) => [...c.forms, ...Object.values(c.expansions)]);
    const kept = written.filter((form) => normalizeName(`Acme Steel ${form}`).normalized !== 'acme steel');
    expect(kept).toEqual([]);
    expect(written.length).toBe(90);
  });

  it('never removes the whole name', () => {
    expect(normalizeName('AG')).toMatchObject({ normalized: 'ag', legalForm: null });
    expect(normalizeName('Inc.')).toMatchObject({ normalized: 'inc', legalForm: null });
    expect(normalizeName('The Limited')).toMatchObject({ normalized: 'limited', legalForm: null });
    // The compound form cannot go whole; its inner "& Co." can, leaving the first word.
    expect(normalizeName('GmbH & Co. KG')).toMatchObject({ normalized: 'gmbh', legalForm: 'co_kg' });
    expect(normalizeName('AG Ltd')).toMatchObject({ normalized: 'ag', legalForm: 'ltd' });
  });

  it('drops a leading "the" but never a lone one', () => {
    expect(normalizeName('THE Boeing Company').normalized).toBe('boeing');
    expect(normalizeName('The').normalized).toBe('the');
    expect(normalizeName('PT The Foo').normalized).toBe('foo');
    expect(normalizeName('Catch the Wave Ltd').normalized).toBe('catch the wave');
  });

  it('gives an empty name only when there is no letter or digit', () => {
    expect(normalizeName('')).toEqual({ raw: '', normalized: '', tokens: [], legalForm: null });
    expect(normalizeName(' -- / .. ').normalized).toBe('');
    expect(normalizeName('&').normalized).toBe('and');
    // U+037A folds to a space and a mark; the raw letter is kept.
    expect(normalizeName('\u037a').normalized).toBe('\u037a');
  });

  it('rejects a value that is not a string, naming it', () => {
    expect(() => normalizeName(42 as unknown as string)).toThrow('raw: expected a string, got number');
  });

  it('recognizes every written legal form at its place', () => {
    for (const form of LEGAL_FORMS) {
      for (const written of form.forms) {
        if (form.position !== 'prefix') {
          expect(normalizeName(`Acme ${written}`), `Acme ${written}`).toMatchObject({ normalized: 'acme', legalForm: form.id });
        }
        if (form.position !== 'suffix') {
          expect(normalizeName(`${written} Acme`), `${written} Acme`).toMatchObject({ normalized: 'acme', legalForm: form.id });
        }
      }
    }
  });

  it('covers the legal forms issue 18 names', () => {
    const ids = new Set(LEGAL_FORMS.map((f) => f.id));
    for (const id of ['inc', 'ltd', 'gmbh', 'ag', 'sa', 'spa', 'bv', 'nv', 'oy', 'kk', 'sarl', 'srl', 'sp_zoo', 'llc', 'plc', 'se', 'as', 'ab']) {
      expect(ids, id).toContain(id);
    }
  });
});

describe('idempotence and non-emptiness', () => {
  const again = (raw: string) => normalizeName(normalizeName(raw).normalized).normalized;

  it('normalizing the normalized name changes nothing (table and hard cases)', () => {
    const names = [...EXACT.map(([raw]) => raw), ...HARD_CASES.flatMap((c) => [c.mention, c.candidate])];
    for (const raw of names) expect(again(raw), raw).toBe(normalizeName(raw).normalized);
  });

  // Names built from real pieces: words, legal forms, punctuation and initials in any order.
  const piece = fc.constantFrom(
    ...LEGAL_FORMS.flatMap((f) => f.forms),
    'the',
    'The',
    'Acme',
    'Müller',
    '&',
    '.',
    '-',
    "'",
    'a',
    'B.',
    '3',
    'Ørsted',
    'ガ',
    'und',
    'Co.',
  );
  const builtName = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(' '));
  const anyText = fc.string({ unit: 'binary', maxLength: 30 });

  it('is idempotent on built names and on any text', () => {
    fc.assert(
      fc.property(fc.oneof(builtName, anyText), (raw) => again(raw) === normalizeName(raw).normalized),
      { numRuns: 3000, seed: 18 },
    );
  });

  it('is never empty when the input has a letter or digit', () => {
    fc.assert(
      fc.property(fc.oneof(builtName, anyText), (raw) => !/[\p{L}\p{N}]/u.test(raw) || normalizeName(raw).normalized !== ''),
      { numRuns: 3000, seed: 18 },
    );
  });

  it('keeps tokens and normalized in step', () => {
    fc.assert(
      fc.property(fc.oneof(builtName, anyText), (raw) => {
        const n = normalizeName(raw);
        return n.tokens.join(' ') === n.normalized && n.tokens.every((t) => t !== '' && !t.includes(' '));
      }),
      { numRuns: 1000, seed: 18 },
    );
  });
});

describe('canonicalTokens', () => {
  it('spells out abbreviations from the table', () => {
    expect(canonicalTokens(normalizeName('thyssenkrupp Steel Eur.'))).toEqual(['thyssenkrupp', 'steel', 'europe']);
    expect(canonicalTokens(normalizeName("Int'l Business Machines Corp"))).toEqual(['international', 'business', 'machines']);
    expect(canonicalTokens(normalizeName('Schneider Electric Ind. SAS'))).toEqual(['schneider', 'electric', 'industries']);
    expect(canonicalTokens(normalizeName('Acme Mfg Svcs Dept'))).toEqual(['acme', 'manufacturing', 'services', 'department']);
    expect(canonicalTokens(normalizeName('Moët et Chandon'))).toEqual(['moet', 'and', 'chandon']);
  });

  it('spells out the abbreviations that are also words only after the first token', () => {
    expect(canonicalTokens(normalizeName('Ventilink Media W/W Ltd.'))).toEqual(['ventilink', 'media', 'worldwide']);
    expect(canonicalTokens(normalizeName('WW International Inc.'))).toEqual(['ww', 'international']);
    expect(canonicalTokens(normalizeName('Cryowave Transport Sol. Co., Ltd.'))).toEqual(['cryowave', 'transport', 'solutions']);
    expect(canonicalTokens(normalizeName('Sol Meliá S.A.'))).toEqual(['sol', 'melia']);
    expect(canonicalTokens(normalizeName('Skoda Auto a.s.'))).toEqual(['skoda', 'automotive']);
    expect(canonicalTokens(normalizeName('Auto Trader Group plc'))).toEqual(['auto', 'trader', 'group']);
  });

  it('spells out an abbreviation into two words, and two-word abbreviations', () => {
    expect(canonicalTokens(normalizeName('Schmidt & Haas Pharmaceuticals N.A. Inc.'))).toEqual([
      'schmidt',
      'and',
      'haas',
      'pharmaceuticals',
      'north',
      'america',
    ]);
    expect(canonicalTokens(normalizeName('Acme N. America'))).toEqual(['acme', 'north', 'america']);
    expect(canonicalTokens(normalizeName('Acme APAC Pte Ltd'))).toEqual(['acme', 'asia', 'pacific']);
    expect(canonicalTokens(normalizeName('Acme Asia Pac.'))).toEqual(['acme', 'asia', 'pacific']);
    // A lone "n" is not "north".
    expect(canonicalTokens(normalizeName('Acme N Products'))).toEqual(['acme', 'n', 'products']);
  });

  it('covers every abbreviation the generator writes, except those that stand for different words', () => {
    const missed: string[] = [];
    for (const [full, abbreviations] of Object.entries(GENERATED_ABBREVIATIONS)) {
      const want = canonicalTokens(normalizeName(`Acme ${full}`)).join(' ');
      for (const a of abbreviations) if (canonicalTokens(normalizeName(`Acme ${a}`)).join(' ') !== want) missed.push(`${a} ${full}`);
    }
    expect(missed).toEqual([
      // The singular; the matcher bridges singular and plural.
      'Tech Technologies',
      'Prod. Products',
      'Elec. Electronics',
      'Electr. Electronics',
      'Chem. Chemicals',
      'Comp. Components',
      'Inst. Instruments',
    ]);
    // Left out on purpose: Prod. (production), Elec./Electr. (electric, electrical), Comp. (company, computer), Inst. (institute).
    for (const token of ['prod', 'elec', 'electr', 'comp', 'inst']) {
      expect(ABBREVIATIONS.has(token) || ABBREVIATIONS_AFTER_FIRST.has(token), token).toBe(false);
    }
  });

  it("never gives two of the generator's industries or qualifiers the same canonical words", () => {
    const phrases = [...INDUSTRIES, ...QUALIFIERS.map((q) => q.text)];
    const byCanonical = new Map<string, string[]>();
    for (const phrase of phrases) {
      const key = canonicalTokens(normalizeName(`Acme ${phrase}`)).join(' ');
      byCanonical.set(key, [...(byCanonical.get(key) ?? []), phrase]);
    }
    expect([...byCanonical.values()].filter((same) => same.length > 1)).toEqual([]);
    expect(byCanonical.size).toBe(phrases.length);
  });

  it('spells out to words that stay as they are, and keys no legal form removes', () => {
    const tables = [ABBREVIATIONS, ABBREVIATIONS_AFTER_FIRST, PHRASE_ABBREVIATIONS];
    for (const table of tables) {
      for (const [key, spelled] of table) {
        expect(canonicalTokens(normalizeName(`Acme ${spelled}`)), spelled).toEqual(['acme', ...spelled.split(' ')]);
        expect(normalizeName(`Acme ${key}`).normalized, key).toBe(`acme ${key}`);
      }
    }
    const keys = tables.flatMap((t) => [...t.keys()]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves corp alone: it is a legal form, not an abbreviation', () => {
    expect(ABBREVIATIONS.has('corp')).toBe(false);
    expect(canonicalTokens(normalizeName('Corp Bank Ltd'))).toEqual(['corp', 'bank']);
  });

  it('does not change the normalized name', () => {
    const n = normalizeName('Tech Data Intl');
    expect(canonicalTokens(n)).toEqual(['technology', 'data', 'international']);
    expect(n).toMatchObject({ normalized: 'tech data intl', tokens: ['tech', 'data', 'intl'] });
  });
});

describe('hard cases (test/fixtures/suppliers-hard-cases.jsonl)', () => {
  it('has at least 60 well-formed cases, about half of each kind', () => {
    expect(HARD_CASES.length).toBeGreaterThanOrEqual(60);
    for (const c of HARD_CASES) {
      expect(Object.keys(c).sort()).toEqual(['candidate', 'candidate_country', 'mention', 'mention_country', 'same', 'why']);
      expect(c.mention.trim()).not.toBe('');
      expect(c.candidate.trim()).not.toBe('');
      expect(c.why.trim()).not.toBe('');
      for (const country of [c.mention_country, c.candidate_country]) expect(country === null || /^[A-Z]{2}$/.test(country)).toBe(true);
    }
    const same = HARD_CASES.filter((c) => c.same).length;
    expect(same / HARD_CASES.length).toBeGreaterThanOrEqual(0.4);
    expect(same / HARD_CASES.length).toBeLessThanOrEqual(0.6);
  });

  it('no look-alike meets its candidate at the exact-name stage unless only the country tells them apart', () => {
    const collisions = HARD_CASES.filter((c) => !c.same && normalizeName(c.mention).normalized === normalizeName(c.candidate).normalized);
    expect(collisions.map((c) => c.mention)).toEqual(['Ford Motor Company', 'Müller Holding GmbH']);
    for (const c of collisions) expect(c.mention_country).not.toBe(c.candidate_country);
  });

  it('normalization alone joins 25 of the true pairs; the abbreviation table 4 more', () => {
    const trueCases = HARD_CASES.filter((c) => c.same);
    const exact = trueCases.filter((c) => normalizeName(c.mention).normalized === normalizeName(c.candidate).normalized);
    const canonical = trueCases.filter((c) => canonicalTokens(normalizeName(c.mention)).join(' ') === canonicalTokens(normalizeName(c.candidate)).join(' '));
    expect(exact.length).toBe(25);
    expect(canonical.length).toBe(29);
  });
});
