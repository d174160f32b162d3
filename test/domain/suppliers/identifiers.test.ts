import { describe, expect, it } from 'vitest';
import {
  VAT_FORMAT_ONLY,
  VAT_PREFIXES,
  validateDuns,
  validateIdentifiers,
  validateLei,
  validateRegistry,
  validateVat,
} from '../../../src/domain/suppliers/identifiers.ts';

const problem = (field: string, message: string) => ({ ok: false, problem: { field, message } });

describe('LEI (ISO 17442, ISO 7064 MOD 97-10)', () => {
  // LEIs published in the GLEIF register; each passes the MOD 97-10 check, which the test computes below.
  const published = [
    '5493001KJTIIGC8Y1R12', // Bloomberg Finance L.P.
    'HWUPKR0MPOU8FGXBT394', // Apple Inc.
    'INR2EJN1ERAN0W5ZP974', // Microsoft Corporation
    '7LTWFZYICNSX8D621K86', // Deutsche Bank AG
    '506700GE1G29325QX363', // GLEIF
    'W38RGI023J3WT1HWRP32', // Siemens AG
    'R0MUWSFPU8MPRO8K5P83', // BNP Paribas
    '213800LBQA1Y9L22JB70', // Barclays PLC
  ];

  it.each(published)('accepts %s', (lei) => {
    expect(validateLei(lei, 'identifiers.lei')).toEqual({ ok: true, value: lei });
  });

  it('the check is the whole number mod 97 = 1, letters A=10 … Z=35', () => {
    // 5493001KJTIIGC8Y1R12 → 5 4 9 3 0 0 1 20 19 29 18 18 16 12 8 34 1 27 1 2; BigInt arithmetic as an independent check.
    for (const lei of published) {
      const digits = [...lei].map((ch) => Number.parseInt(ch, 36)).join('');
      expect(BigInt(digits) % 97n).toBe(1n);
    }
  });

  it('canonicalizes: trims, upper-cases, removes spaces', () => {
    expect(validateLei('  hwupkr0mpou8fgxbt394 ', 'lei')).toEqual({ ok: true, value: 'HWUPKR0MPOU8FGXBT394' });
    expect(validateLei('5493 001K JTII GC8Y 1R12', 'lei')).toEqual({ ok: true, value: '5493001KJTIIGC8Y1R12' });
  });

  it('rejects a changed character with the expected check digits', () => {
    // 98 − (5493001KJTIIGC8Y1R00 mod 97) = 12, so …R13 is wrong.
    expect(validateLei('5493001KJTIIGC8Y1R13', 'identifiers.lei')).toEqual(
      problem('identifiers.lei', 'LEI check digits do not match (ISO 7064 MOD 97-10): expected 12, got 13'),
    );
    expect(validateLei('HWUPKR0MPOU8FGXBT395', 'lei').ok).toBe(false);
    // A changed letter in the body, check digits kept.
    expect(validateLei('7LTWFZYICNSX8D621K86'.replace('Z', 'Y'), 'lei').ok).toBe(false);
  });

  it('rejects the wrong length, stray characters, letters in the check digits and non-strings', () => {
    expect(validateLei('5493001KJTIIGC8Y1R1', 'lei')).toEqual(problem('lei', 'LEI must have 20 characters; got 19'));
    expect(validateLei('5493001KJTIIGC8Y1R123', 'lei')).toEqual(problem('lei', 'LEI must have 20 characters; got 21'));
    expect(validateLei('5493001KJTIIGC8Y-R12', 'lei')).toEqual(problem('lei', "LEI may contain only letters A-Z and digits 0-9; found '-'"));
    expect(validateLei('5493001KJTIIGC8Y1RAB', 'lei')).toEqual(problem('lei', "LEI check digits (the last two characters) must be digits; got 'AB'"));
    expect(validateLei('   ', 'lei')).toEqual(problem('lei', 'LEI must not be empty'));
    expect(validateLei(5493001, 'lei')).toEqual(problem('lei', 'LEI must be a string'));
  });
});

describe('DUNS', () => {
  it('accepts 9 digits with or without dashes and spaces', () => {
    expect(validateDuns('15-048-3782', 'duns')).toEqual({ ok: true, value: '150483782' });
    expect(validateDuns(' 150 483 782 ', 'duns')).toEqual({ ok: true, value: '150483782' });
    expect(validateDuns('081466849', 'duns')).toEqual({ ok: true, value: '081466849' });
  });

  it('rejects 8 or 10 digits, letters and non-strings, naming the field', () => {
    expect(validateDuns('15-048-378', 'identifiers.duns')).toEqual(problem('identifiers.duns', 'DUNS numbers have 9 digits; got 8'));
    expect(validateDuns('1504837820', 'duns')).toEqual(problem('duns', 'DUNS numbers have 9 digits; got 10'));
    expect(validateDuns('15048378O', 'duns')).toEqual(problem('duns', "DUNS numbers have only digits; found 'O'"));
    expect(validateDuns(150483782, 'duns')).toEqual(problem('duns', 'DUNS number must be a string'));
  });
});

describe('VAT numbers', () => {
  // [input as found in the wild, canonical, the same number with one digit changed]. The valid numbers are published
  // ones (python-stdnum's test set); each canonical form and each rejection was cross-checked against python-stdnum.
  const cases: Array<[string, string, string]> = [
    ['ATU 142 43 102', 'ATU14243102', 'ATU 142 43 103'],
    ['BE 0202.239.951', 'BE0202239951', 'BE 0202.239.952'],
    ['BG 103873594', 'BG103873594', 'BG 103873595'],
    ['CY 10246672X', 'CY10246672X', 'CY 10246673X'],
    ['CZ 25123891', 'CZ25123891', 'CZ 25123892'],
    ['DE 136.695.976', 'DE136695976', 'DE 136.695.977'],
    ['DK 10 50 32 80', 'DK10503280', 'DK 10 50 32 81'],
    ['EE 100 931 558', 'EE100931558', 'EE 100 931 559'],
    ['EL 039868210', 'EL039868210', 'EL 039868211'],
    ['ES A-28184661', 'ESA28184661', 'ES A-28184662'],
    ['FI 0982651-1', 'FI09826511', 'FI 0982651-2'],
    ['FR 04409414364', 'FR04409414364', 'FR 04409414365'],
    ['HR 33392005961', 'HR33392005961', 'HR 33392005962'],
    ['HU 10672101', 'HU10672101', 'HU 10672102'],
    ['IE 4550159S', 'IE4550159S', 'IE 4550150S'],
    ['IT 00 595 000 217', 'IT00595000217', 'IT 00 595 000 218'],
    ['LT 100001354118', 'LT100001354118', 'LT 100001354119'],
    ['LU 109 676 28', 'LU10967628', 'LU 109 676 29'],
    ['LV 4000 3521 600', 'LV40003521600', 'LV 4000 3521 601'],
    ['MT 1167-9112', 'MT11679112', 'MT 1167-9113'],
    ['NL 009122746 B01', 'NL009122746B01', 'NL 009122747 B01'],
    ['PL 5211355116', 'PL5211355116', 'PL 5211355117'],
    ['PT 500 019 720', 'PT500019720', 'PT 500 019 721'],
    ['RO 11358544', 'RO11358544', 'RO 11358545'],
    ['SE 55 62 00-0777 01', 'SE556200077701', 'SE 55 62 00-0778 01'],
    ['SI 3609 7152', 'SI36097152', 'SI 3609 7153'],
    ['XI 432525179', 'XI432525179', 'XI 432525170'],
    ['GB 100 1950 75', 'GB100195075', 'GB 100 1950 76'],
    ['CHE-105.048.256 MWST', 'CHE105048256', 'CHE-105.048.257 MWST'],
    ['NO 965 920 358 MVA', 'NO965920358MVA', 'NO 965 920 359 MVA'],
  ];

  it.each(cases)('%s is valid as %s; %s is not', (input, canonical, changed) => {
    expect(validateVat(input, 'vat')).toEqual({ ok: true, value: canonical });
    expect(validateVat(changed, 'vat').ok).toBe(false);
  });

  it('covers the 27 member states as VIES spells them, plus XI, GB, CH and NO', () => {
    expect([...VAT_PREFIXES].sort()).toEqual('AT BE BG CH CY CZ DE DK EE EL ES FI FR GB HR HU IE IT LT LU LV MT NL NO PL PT RO SE SI SK XI'.split(' '));
    expect(VAT_FORMAT_ONLY).toEqual(['SK']);
  });

  it('names the failing check and the country', () => {
    expect(validateVat('DE 136.695.977', 'identifiers.vat')).toEqual(problem('identifiers.vat', 'VAT number DE136695977 fails the Germany (DE) check digit'));
    expect(validateVat('de1366959', 'identifiers.vat')).toEqual(problem('identifiers.vat', "VAT number for Germany (DE) must be 9 digits; got 'DE1366959'"));
  });

  it('rejects an unknown prefix, naming it, and a missing prefix', () => {
    const unknown = validateVat('US123456789', 'vat');
    expect(unknown).toEqual(problem('vat', `unknown VAT country prefix 'US'; expected one of ${VAT_PREFIXES.join(', ')}`));
    expect(validateVat('136695976', 'vat')).toEqual(problem('vat', "VAT number must start with its country prefix (such as DE or EL); got '136695976'"));
    expect(validateVat('', 'vat')).toEqual(problem('vat', 'VAT number must not be empty'));
  });

  it('canonicalizes case, GR to EL, old short forms and the Swiss language suffix', () => {
    expect(validateVat('gr 039868210', 'vat')).toEqual({ ok: true, value: 'EL039868210' });
    // Old 8-digit Greek and 9-digit Belgian numbers gain a leading 0, as VIES expects.
    expect(validateVat('EL 94051189', 'vat')).toEqual({ ok: true, value: 'EL094051189' });
    expect(validateVat('BE 444.503.092', 'vat')).toEqual({ ok: true, value: 'BE0444503092' });
    expect(validateVat('NL4495445B01', 'vat')).toEqual({ ok: true, value: 'NL004495445B01' });
    expect(validateVat('DK: 21599336', 'vat')).toEqual({ ok: true, value: 'DK21599336' });
    // MWST, TVA and IVA name the same Swiss number in three languages.
    for (const suffix of ['MWST', 'TVA', 'IVA', 'mwst']) expect(validateVat(`CHE-105.048.256 ${suffix}`, 'vat')).toEqual({ ok: true, value: 'CHE105048256' });
  });

  it('checks country specifics: NL branch B00, NO without MVA, ES forms, FR alphabetic keys, SK by format only', () => {
    expect(validateVat('NL009122746B00', 'vat').ok).toBe(false);
    expect(validateVat('NO 965 920 358', 'vat')).toEqual(problem('vat', "VAT number for Norway (NO) must be 9 digits + MVA; got 'NO965920358'"));
    // Spain: DNI 54362315K (54362315 mod 23 = 21 → K), NIE X and CIF with a letter check (Q0818001J).
    expect(validateVat('ES 54362315K', 'vat')).toEqual({ ok: true, value: 'ES54362315K' });
    expect(validateVat('ES 54362315J', 'vat').ok).toBe(false);
    expect(validateVat('ES - Q0818001J', 'vat')).toEqual({ ok: true, value: 'ESQ0818001J' });
    expect(validateVat('ES - Q0818001A', 'vat').ok).toBe(false);
    // France: numeric key = (SIREN·100 + 12) mod 97 → (409414364·100 + 12) mod 97 = 4.
    expect(validateVat('FR 05409414364', 'vat').ok).toBe(false);
    // Alphabetic keys are format-only, but the SIREN must still pass Luhn.
    expect(validateVat('FR AB409414364', 'vat')).toEqual({ ok: true, value: 'FRAB409414364' });
    expect(validateVat('FR AB409414365', 'vat').ok).toBe(false);
    // Luxembourg: the last two digits are the first six mod 89 (100599 mod 89 = 29).
    expect(validateVat('LU 10059929', 'vat')).toEqual({ ok: true, value: 'LU10059929' });
    // Slovakia: format only, so a changed digit is still accepted.
    expect(validateVat('SK 2020 237 946', 'vat')).toEqual({ ok: true, value: 'SK2020237946' });
    expect(validateVat('SK 0020 237 945', 'vat').ok).toBe(false);
  });
});

describe('registry ids', () => {
  it('trims, collapses spaces and upper-cases scheme and id', () => {
    expect(validateRegistry({ scheme: ' de-hrb ', id: ' hrb  86891  b ' }, 'registry')).toEqual({ ok: true, value: { scheme: 'DE-HRB', id: 'HRB 86891 B' } });
  });

  it('rejects empty, over-long, control characters and a bare string, naming the sub-field', () => {
    expect(validateRegistry({ scheme: 'GB-COH', id: ' ' }, 'identifiers.registry')).toEqual(
      problem('identifiers.registry.id', 'registry id must not be empty'),
    );
    expect(validateRegistry({ scheme: 'GB-COH', id: 'x'.repeat(65) }, 'r')).toEqual(problem('r.id', 'registry id must have at most 64 characters; got 65'));
    expect(validateRegistry({ scheme: 'GB-COH', id: 'x'.repeat(64) }, 'r').ok).toBe(true);
    expect(validateRegistry({ scheme: 'GB\u0000COH', id: '1' }, 'r')).toEqual(problem('r.scheme', 'registry scheme must not contain control characters'));
    expect(validateRegistry({ id: '00445790' }, 'r')).toEqual(problem('r.scheme', 'registry scheme must be a string'));
    expect(validateRegistry('GB-COH:00445790', 'r')).toEqual(problem('r', 'registry id must be an object { scheme, id }'));
  });
});

describe('validateIdentifiers', () => {
  it('returns the canonical values, skipping absent and blank ones', () => {
    expect(
      validateIdentifiers({ lei: 'hwupkr0mpou8fgxbt394', duns: '15-048-3782', vat: 'de 136 695 976', registry: { scheme: 'DE-HRB', id: '6684' } }),
    ).toEqual({
      ok: true,
      value: { lei: 'HWUPKR0MPOU8FGXBT394', duns: '150483782', vat: 'DE136695976', registry: { scheme: 'DE-HRB', id: '6684' } },
    });
    expect(validateIdentifiers({ lei: null, duns: '', vat: undefined })).toEqual({ ok: true, value: {} });
  });

  it('reports every problem, each naming its field under the prefix', () => {
    expect(
      validateIdentifiers({ lei: '5493001KJTIIGC8Y1R13', duns: '15048378', vat: 'XX123', registry: {}, ein: '12-3456789' }, 'supplier.identifiers'),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'supplier.identifiers.lei', message: 'LEI check digits do not match (ISO 7064 MOD 97-10): expected 12, got 13' },
        { field: 'supplier.identifiers.duns', message: 'DUNS numbers have 9 digits; got 8' },
        { field: 'supplier.identifiers.vat', message: `unknown VAT country prefix 'XX'; expected one of ${VAT_PREFIXES.join(', ')}` },
        { field: 'supplier.identifiers.registry.scheme', message: 'registry scheme must be a string' },
        { field: 'supplier.identifiers.ein', message: "unknown identifier 'ein'; expected lei, duns, vat or registry" },
      ],
    });
  });
});
