import { describe, expect, it } from 'vitest';
import { CBAM_ERROR_CODES, type CbamIssue } from '../../../src/domain/cbam/types.ts';
import { isIsoCountry, parseInstallation, parseShipment, unknownInstallation } from '../../../src/domain/cbam/validate.ts';

const valid = {
  shipment_id: 'SHP-1',
  import_date: '2026-03-15',
  cn_code: '7208 51 20',
  origin_country: 'tr',
  quantity: 12500,
  unit: 'kg',
};

function issues(raw: Record<string, unknown>): CbamIssue[] {
  const r = parseShipment(raw);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
}

const codes = (raw: Record<string, unknown>) => issues(raw).map((i) => `${i.code} ${i.field}`);

describe('parseShipment: accepted lines', () => {
  it('normalizes the CN code, upper-cases the country and converts kg to tonnes', () => {
    const r = parseShipment({ ...valid, declarant_eori: 'de123456789012345', procedure: '40', description: 'hot-rolled coil' });
    expect(r).toEqual({
      ok: true,
      shipment: {
        shipmentId: 'SHP-1',
        importDate: '2026-03-15',
        cnCode: '72085120',
        originCountry: 'TR',
        quantity: 12.5, // 12 500 kg ÷ 1000
        unitGiven: 'kg',
        declarantEori: 'DE123456789012345',
        installationId: undefined,
        actual: undefined,
        carbonPricePaidEur: 0,
        procedure: '40',
        supplierId: undefined,
        description: 'hot-rolled coil',
      },
    });
  });

  it('carries actual emissions with their verification, and electricity in MWh', () => {
    const r = parseShipment({
      ...valid,
      quantity: 20,
      unit: 't',
      actual_direct_see: 1.85,
      actual_indirect_see: 0.4,
      actual_verified: true,
      verifier: 'Verifier GmbH',
      verified_on: '2026-02-01',
      carbon_price_paid_eur: 150,
    });
    expect(r.ok && r.shipment.actual).toEqual({ directSee: 1.85, indirectSee: 0.4, verified: true, verifier: 'Verifier GmbH', verifiedOn: '2026-02-01' });
    expect(r.ok && r.shipment.carbonPricePaidEur).toBe(150);
    const e = parseShipment({ ...valid, cn_code: '27160000', origin_country: 'RS', quantity: 1000, unit: 'mwh' });
    expect(e.ok && [e.shipment.quantity, e.shipment.unitGiven]).toEqual([1000, 'MWh']);
  });

  it('knows ISO 3166-1 alpha-2 codes, including territories, and not unassigned ones', () => {
    expect(isIsoCountry('CN')).toBe(true);
    expect(isIsoCountry('AX')).toBe(true);
    expect(isIsoCountry('XK')).toBe(false);
    expect(isIsoCountry('UK')).toBe(false);
  });
});

describe('parseShipment: each error code', () => {
  it('E001 a required field is missing (absent, null or blank)', () => {
    expect(codes({ import_date: '2026-01-01', cn_code: null, origin_country: ' ', quantity: 1, unit: 't' })).toEqual([
      'E001 shipment_id',
      'E001 cn_code',
      'E001 origin_country',
    ]);
    expect(issues({ ...valid, unit: undefined })[0]!.message).toBe('unit is required');
  });

  it('E002 CN code is not 8 digits', () => {
    const [i] = issues({ ...valid, cn_code: '720851' });
    expect(i).toMatchObject({ code: 'E002', field: 'cn_code' });
    expect(i!.message).toContain('CBAM needs the 8-digit CN code');
    expect(codes({ ...valid, cn_code: '7208-51-20' })).toEqual(['E002 cn_code']);
  });

  it('E003 CN code is not a CBAM good, with an exclusion named', () => {
    expect(issues({ ...valid, cn_code: '8471 30 00' })).toEqual([
      {
        code: 'E003',
        field: 'cn_code',
        message: 'cn_code "8471 30 00" is not a CBAM good (Annex I); CBAM covers cement, iron and steel, aluminium, fertilisers, hydrogen and electricity',
      },
    ]);
    expect(issues({ ...valid, cn_code: '72044110' })[0]!.message).toBe(
      'cn_code "72044110" is not a CBAM good: Annex I excludes it (Ferrous waste and scrap; remelting scrap ingots of iron or steel)',
    );
  });

  it('E004 date is not a real date, or before 2023-10-01', () => {
    expect(codes({ ...valid, import_date: '2026-02-30' })).toEqual(['E004 import_date']);
    expect(codes({ ...valid, import_date: '15/03/2026' })).toEqual(['E004 import_date']);
    expect(issues({ ...valid, import_date: '2023-09-30' })[0]!.message).toBe('import_date "2023-09-30" is before CBAM began (2023-10-01)');
    expect(parseShipment({ ...valid, import_date: '2023-10-01' }).ok).toBe(true);
  });

  it('E005 quantity not positive or out of range, or a unit the good does not allow', () => {
    expect(codes({ ...valid, quantity: 0 })).toEqual(['E005 quantity']);
    expect(codes({ ...valid, quantity: -3 })).toEqual(['E005 quantity']);
    expect(codes({ ...valid, quantity: 2e9 })).toEqual(['E005 quantity']);
    expect(codes({ ...valid, unit: 'lb' })).toEqual(['E005 unit']);
    // Names an object literal would find on its prototype are no units either.
    for (const unit of ['valueOf', 'toString', '__proto__']) expect(codes({ ...valid, unit })).toEqual(['E005 unit']);
    expect(issues({ ...valid, unit: 'MWh' })[0]!.message).toBe('unit "MWh" is only for electricity; cn_code 7208 51 20 is measured in "t" or "kg"');
    expect(issues({ ...valid, cn_code: '27160000', unit: 't' })[0]!.message).toBe(
      'unit "t" is not allowed for electricity (2716 00 00): give the quantity in MWh',
    );
  });

  it('E006 malformed EORI', () => {
    expect(codes({ ...valid, declarant_eori: 'D1' })).toEqual(['E006 declarant_eori']);
    expect(codes({ ...valid, declarant_eori: 'DE1234567890123456' })).toEqual(['E006 declarant_eori']); // 16 after the prefix
    expect(codes({ ...valid, declarant_eori: 'DE-123' })).toEqual(['E006 declarant_eori']);
  });

  it('E007 country is not ISO alpha-2, with a hint for alpha-3', () => {
    expect(issues({ ...valid, origin_country: 'TUR' })[0]).toEqual({
      code: 'E007',
      field: 'origin_country',
      message: 'origin_country "TUR" is not an ISO 3166-1 alpha-2 country code; "TUR" is alpha-3, write "TR"',
    });
    expect(codes({ ...valid, origin_country: 'XX' })).toEqual(['E007 origin_country']);
  });

  it('E008 origin in the EU customs territory or exempt', () => {
    expect(issues({ ...valid, origin_country: 'de' })[0]!.message).toBe(
      'origin_country "DE" is in the EU customs territory: goods from there are not CBAM imports',
    );
    expect(codes({ ...valid, origin_country: 'RE' })).toEqual(['E008 origin_country']); // Réunion, an outermost region
    expect(issues({ ...valid, origin_country: 'NO' })[0]!.message).toBe(
      'origin_country "NO" is exempt from CBAM (Annex III: Iceland, Liechtenstein, Norway, Switzerland)',
    );
    for (const c of ['IS', 'LI', 'CH']) expect(codes({ ...valid, origin_country: c })).toEqual(['E008 origin_country']);
    expect(parseShipment({ ...valid, origin_country: 'GB' }).ok).toBe(true);
  });

  it('E009 inconsistent actual emissions', () => {
    expect(codes({ ...valid, actual_direct_see: -0.1 })).toEqual(['E009 actual_direct_see']);
    expect(codes({ ...valid, actual_direct_see: 1850 })).toEqual(['E009 actual_direct_see']); // kg per tonne by mistake
    expect(codes({ ...valid, actual_indirect_see: 0.3 })).toEqual(['E009 actual_indirect_see']);
    expect(issues({ ...valid, actual_direct_see: 1.9, actual_verified: true })[0]!.message).toBe(
      'actual_verified is true, so verifier and verified_on (YYYY-MM-DD) are required',
    );
    expect(codes({ ...valid, verifier: 'X', verified_on: '2026-01-01' })).toEqual(['E009 verifier', 'E009 verified_on']);
    expect(unknownInstallation('INST-9').code).toBe('E009');
  });

  it('E010 unknown field, wrong type, too long, out of range', () => {
    expect(codes({ ...valid, colour: 'red' })).toEqual(['E010 colour']);
    expect(issues({ ...valid, quantity: '12500' })[0]).toEqual({ code: 'E010', field: 'quantity', message: 'quantity must be a number, got text "12500"' });
    expect(codes({ ...valid, actual_direct_see: 1.2, actual_verified: 'yes' })).toEqual(['E010 actual_verified']);
    expect(codes({ ...valid, shipment_id: 'x'.repeat(65) })).toEqual(['E010 shipment_id']);
    expect(codes({ ...valid, description: 'x'.repeat(501) })).toEqual(['E010 description']);
    expect(codes({ ...valid, carbon_price_paid_eur: -5 })).toEqual(['E010 carbon_price_paid_eur']);
    expect(codes({ ...valid, procedure: '400' })).toEqual(['E010 procedure']);
  });

  it('reports every issue of a row, not just the first', () => {
    expect(
      codes({ shipment_id: 'A', import_date: '2022-01-01', cn_code: '84713000', origin_country: 'FR', quantity: 0, unit: 't', declarant_eori: 'x', extra: 1 }),
    ).toEqual(['E010 extra', 'E004 import_date', 'E003 cn_code', 'E008 origin_country', 'E005 quantity', 'E006 declarant_eori']);
    expect(Object.keys(CBAM_ERROR_CODES)).toHaveLength(10);
  });
});

describe('parseInstallation', () => {
  const inst = {
    installation_id: 'TR-ISK-01',
    name: 'Iskenderun works',
    operator_name: 'Example Steel AS',
    country: 'tr',
    emissions: [
      { cn_code: '7208 51 20', year: 2026, direct_see: 1.85, indirect_see: 0.4, verified: true, verifier: 'V', verified_on: '2026-02-01' },
      { cn_code: '72085120', year: 2027, direct_see: 1.8 },
    ],
  };

  it('accepts a record with its actual SEE by code and year', () => {
    const r = parseInstallation(inst);
    expect(r).toEqual({
      ok: true,
      installation: {
        installationId: 'TR-ISK-01',
        name: 'Iskenderun works',
        operatorName: 'Example Steel AS',
        country: 'TR',
        emissions: [
          { cnCode: '72085120', year: 2026, directSee: 1.85, indirectSee: 0.4, verified: true, verifier: 'V', verifiedOn: '2026-02-01' },
          { cnCode: '72085120', year: 2027, directSee: 1.8, indirectSee: undefined, verified: false, verifier: undefined, verifiedOn: undefined },
        ],
      },
    });
    expect(parseInstallation({ ...inst, country: 'DE' }).ok).toBe(true); // any country
  });

  it('reports each entry’s issues with its path, and duplicates', () => {
    const r = parseInstallation({
      ...inst,
      country: 'ZZ',
      emissions: [
        { cn_code: '72085120', year: 2026, direct_see: 1.9 },
        { cn_code: '7208', year: 2019, direct_see: -1, verified: true, colour: 1 },
        { cn_code: '72085120', year: 2026, direct_see: 2 },
        'x',
      ],
    });
    expect(r.ok ? [] : r.issues.map((i) => `${i.code} ${i.field}`)).toEqual([
      'E007 country',
      'E010 emissions[1].colour',
      'E002 emissions[1].cn_code',
      'E004 emissions[1].year',
      'E009 emissions[1].direct_see',
      'E009 emissions[1].verified',
      'E009 emissions[2].cn_code',
      'E010 emissions[3]',
    ]);
  });
});
