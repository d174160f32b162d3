import { describe, expect, it } from 'vitest';
import { ANNEX_I_EXCLUSIONS, ANNEX_I_GOODS, coversCbamGoods, lookupCn, matchAnnexI } from '../../../src/domain/cbam/goods.ts';
import { GOODS_CATEGORIES } from '../../../src/domain/cbam/types.ts';

describe('Annex I catalogue', () => {
  it('has one row per Annex I entry, every category, digits-only prefixes, no duplicates', () => {
    // 6 cement + 1 electricity + 5 fertiliser + 15 iron and steel + 14 aluminium + 1 hydrogen = 42 goods rows.
    expect(ANNEX_I_GOODS).toHaveLength(42);
    expect(ANNEX_I_EXCLUSIONS).toHaveLength(11);
    const prefixes = [...ANNEX_I_GOODS, ...ANNEX_I_EXCLUSIONS].map((g) => g.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^\d{2,8}$/);
    expect(new Set(ANNEX_I_GOODS.map((g) => g.category))).toEqual(new Set(GOODS_CATEGORIES));
  });

  it('keeps indirect-emissions counting and units as columns: cement and fertilisers count indirect; electricity is in MWh', () => {
    for (const g of ANNEX_I_GOODS) {
      expect(g.indirectCounts).toBe(g.category === 'cement' || g.category === 'fertilisers');
      expect(g.unit).toBe(g.category === 'electricity' ? 'MWh' : 't');
    }
  });
});

describe('lookupCn', () => {
  it('finds 8-digit codes under their 2-, 4-, 6- and 8-digit Annex I entries', () => {
    expect(lookupCn('72085120')).toMatchObject({ cn: '72085120', heading4: '7208', heading6: '720851', good: { prefix: '72', category: 'iron_steel' } });
    expect(lookupCn('28141000')?.good).toMatchObject({ prefix: '2814', category: 'fertilisers', indirectCounts: true });
    expect(lookupCn('73030010')?.good.prefix).toBe('730300');
    expect(lookupCn('25232900')?.good).toMatchObject({ prefix: '25232900', category: 'cement', indirectCounts: true });
    expect(lookupCn('27160000')?.good).toMatchObject({ category: 'electricity', unit: 'MWh', indirectCounts: false });
    expect(lookupCn('76061192')?.good).toMatchObject({ prefix: '7606', category: 'aluminium' });
    expect(lookupCn('28041000')?.good.category).toBe('hydrogen');
    expect(lookupCn('26011200')?.good.category).toBe('iron_steel');
  });

  it('keeps the ferro-alloys Annex I leaves in (7202 1x ferro-manganese, 7202 4x ferro-chromium, 7202 60 ferro-nickel)', () => {
    for (const cn of ['72021120', '72021900', '72024110', '72024990', '72026000']) expect(lookupCn(cn)?.good.prefix).toBe('72');
  });

  it('returns null for Annex I exclusions', () => {
    for (const cn of ['72022100', '72022990', '72023000', '72025000', '72027000', '72028000', '72029100', '72029200', '72029300', '72029910', '72029980']) {
      expect(lookupCn(cn)).toBeNull();
    }
    expect(lookupCn('72041000')).toBeNull(); // ferrous waste and scrap
    expect(lookupCn('72044910')).toBeNull();
    expect(lookupCn('31056000')).toBeNull(); // fertilisers with phosphorus and potassium only
    expect(lookupCn('31051000')?.good.prefix).toBe('3105');
    expect(matchAnnexI('72041000')).toMatchObject({ kind: 'excluded', exclusion: { prefix: '7204' } });
  });

  it('returns null for codes outside Annex I and for anything not 8 digits', () => {
    // 7312 stranded wire of iron, 7615 aluminium household articles, 2804 21 argon, 2507 00 20 kaolin, 2601 11 non-agglomerated ore.
    for (const cn of ['73121020', '76151010', '28042100', '25070020', '26011100', '84713000']) expect(lookupCn(cn)).toBeNull();
    expect(lookupCn('7208512')).toBeNull();
    expect(lookupCn('7208 51 20')).toBeNull();
    expect(lookupCn('720851200')).toBeNull();
  });

  it('tells which data-set prefixes cover CBAM goods', () => {
    expect(coversCbamGoods('72')).toBe(true);
    expect(coversCbamGoods('2523')).toBe(true); // heads the 2523 xx 00 rows
    expect(coversCbamGoods('7202')).toBe(true); // partly in
    expect(coversCbamGoods('7204')).toBe(false);
    expect(coversCbamGoods('8471')).toBe(false);
  });
});
