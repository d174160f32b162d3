import { describe, expect, it } from 'vitest';
import { toCo2e, UnknownGasError } from '../../src/domain/gwp.ts';

describe('toCo2e', () => {
  // IPCC AR5 WG1 Table 8.A.1: CH4 28, N2O 265. AR6 WG1 Table 7.15: CH4 fossil 29.8, N2O 273.
  it('weights each gas by its GWP-100', () => {
    expect(toCo2e({ CO2: 10, CH4: 1, N2O: 0.1 }, 'AR5')).toBeCloseTo(10 + 28 + 26.5, 10);
    expect(toCo2e({ CO2: 10, CH4: 1, N2O: 0.1 }, 'AR6')).toBeCloseTo(10 + 29.8 + 27.3, 10);
    expect(toCo2e({ CH4_biogenic: 1 }, 'AR6')).toBe(27.2);
  });

  it('names a gas it has no value for', () => {
    expect(() => toCo2e({ XYZ: 1 }, 'AR5')).toThrow(UnknownGasError);
    expect(() => toCo2e({ XYZ: 1 }, 'AR5')).toThrow(/"XYZ" in AR5/);
  });
});
