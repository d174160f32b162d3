import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/domain/scope3/fields.ts';
import { type Canonical, canonicalJson, lineageHash, type ResultLineage, resultLineageHash, resultLineageJson } from '../../src/domain/lineage.ts';
import { printedValues } from '../../src/domain/printed-number.ts';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, { y: 'x', x: null }], c: undefined, d: true })).toBe('{"a":[3,{"x":null,"y":"x"}],"b":1,"d":true}');
  });

  it('gives the same hash whatever the key order, a different one for any changed value', () => {
    expect(lineageHash({ a: 1, b: [1, 2] })).toBe(lineageHash({ b: [1, 2], a: 1 }));
    expect(lineageHash({ a: 1, b: [1, 2] })).not.toBe(lineageHash({ a: 1, b: [2, 1] }));
    // SHA-256 of the 2-byte string "{}".
    expect(lineageHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('resultLineageJson', () => {
  const lineage = (over: Partial<ResultLineage> = {}): ResultLineage => ({
    engine: '1',
    category: 4,
    methodVersion: '2',
    tier: 2,
    method: 'distance_based',
    gwpSet: 'AR6',
    inputs: { mass_t: 18.4, distance_km: 1250, legs: [{ mode: 'road', 'é"\\': 'x\n' }], note: undefined, flag: true, none: null },
    factors: [
      { name: 'a_factor', id: 'fac_1', value: 0.062, unit: 'kgCO2e/tkm', datasetVersion: '2024' },
      { name: 'b_factor', id: 'fac_2', value: 1e-7, unit: 'kgCO2e/kg', datasetVersion: 'v1.3.0' },
    ],
    kgCo2e: 1426.000000001,
    ...over,
  });

  it('is exactly the generic canonical encoding of the same object with its numbers printed (unrounded: of the object itself)', () => {
    const artefacts = lineage({ kgCo2e: 594.9350000000001, inputs: { spend: 0.1 + 0.2, legs: [{ tkm: 6200.000000000001 }], n: -0 } });
    for (const l of [lineage(), lineage({ factors: [], inputs: {} }), lineage({ kgCo2e: 0, tier: 3, method: 'spend "quoted"' }), artefacts]) {
      expect(resultLineageJson(l)).toBe(canonicalJson(printedValues(l) as unknown as Canonical));
      expect(resultLineageHash(l)).toBe(lineageHash(printedValues(l) as unknown as Canonical));
      expect(resultLineageJson(l, 'unrounded')).toBe(canonicalJson(l as unknown as Canonical));
      expect(resultLineageHash(l, 'unrounded')).toBe(lineageHash(l as unknown as Canonical));
    }
  });

  it('hashes the printed form: re-hashing the printed numbers gives the same hash', () => {
    const l = lineage({ kgCo2e: 594.9350000000001, inputs: { spend: 0.30000000000000004 } });
    const json = resultLineageJson(l);
    expect(json).toContain('"kgCo2e":594.935,');
    expect(json).toContain('"inputs":{"spend":0.3}');
    expect(json).toContain('"value":1e-7');
    // 1426.000000001 has 13 significant digits: printed 1426.
    expect(resultLineageJson(lineage())).toContain('"kgCo2e":1426,');
    expect(resultLineageHash(l)).toBe(resultLineageHash({ ...l, kgCo2e: 594.935, inputs: { spend: 0.3 } }));
    expect(resultLineageHash(l, 'unrounded')).not.toBe(resultLineageHash(l));
  });

  it('covers each factor’s gas breakdown (printed), so an edited breakdown changes the hash; the older forms leave it out', () => {
    const withGases = (ch4: number) =>
      lineage({
        factors: [{ name: 'a_factor', id: 'fac_1', value: 0.062, unit: 'kgCO2e/tkm', datasetVersion: '2024', gases: { N2O: 1e-5, CH4: ch4, CO2: 0.06 } }],
      });
    const l = withGases(0.000100000000000001);
    expect(resultLineageJson(l)).toBe(canonicalJson(printedValues(l) as unknown as Canonical));
    expect(resultLineageJson(l)).toContain('"gases":{"CH4":0.0001,"CO2":0.06,"N2O":0.00001},"id":"fac_1"');
    expect(resultLineageHash(withGases(0.0002))).not.toBe(resultLineageHash(l));
    // Results stored before gases joined the hash: the same JSON without them.
    const { gases: _g, ...without } = l.factors[0]!;
    expect(resultLineageJson(l, 'printed_without_gases')).toBe(resultLineageJson({ ...l, factors: [without] }));
    expect(resultLineageJson(l, 'unrounded')).toBe(canonicalJson({ ...l, factors: [without] } as unknown as Canonical));
  });

  it('refuses non-finite numbers anywhere', () => {
    expect(() => resultLineageJson(lineage({ kgCo2e: Number.POSITIVE_INFINITY }))).toThrow(/non-finite/);
    expect(() => resultLineageJson(lineage({ inputs: { x: Number.NaN } }))).toThrow(/non-finite/);
  });
});

describe('isCalendarDate', () => {
  it('knows month lengths and leap years', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(2024, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 13, 1)).toBe(false);
    expect(isCalendarDate(2024, 12, 31)).toBe(true);
  });
});
