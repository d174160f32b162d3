/**
 * The CBAM quarterly report XML against the schema (../shared/data/cbam, QReport 23.00 + stypes),
 * validated by libxml2 compiled to WebAssembly (xmllint-wasm): no system xmllint, no network.
 * Emission figures here are illustrative test inputs, not default values or real installations.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  CHUNK_CHARS,
  decimalText,
  QREPORT_MAX_GOODS,
  type QuarterlyGoodsLine,
  type QuarterlyInstallationEmissions,
  type QuarterlyReport,
  QuarterlyReportError,
  writeQuarterlyReport,
  xmlText,
} from '../../../src/domain/cbam/quarterly-xml.ts';

/** ../shared beside the repository (the work tree and CI clones alike). */
const CBAM_DIR = resolve(import.meta.dirname, '../../../../shared/data/cbam');
const QREPORT_XSD = readFileSync(resolve(CBAM_DIR, 'QReport_ver23.00.xsd'), 'utf8');
const STYPES_XSD = readFileSync(resolve(CBAM_DIR, 'stypes.xsd'), 'utf8');

/** QReport_ver23.00.xsd includes stypes.xsd by that name: it is preloaded beside it. */
function validateQReport(xml: string) {
  return validateXML({
    xml: { fileName: 'qreport.xml', contents: xml },
    schema: { fileName: 'QReport_ver23.00.xsd', contents: QREPORT_XSD },
    preload: [{ fileName: 'stypes.xsd', contents: STYPES_XSD }],
  });
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

const HEADER: Omit<QuarterlyReport, 'goods'> = {
  reportId: 'GL-2025-Q2-0001',
  submittedAt: new Date('2025-07-15T09:30:12.345Z'),
  year: 2025,
  quarter: 2,
  declarant: {
    identificationNumber: 'DE123456789012345',
    name: 'Greenline Test Imports GmbH',
    role: 'importer',
    address: { city: 'Hamburg', street: 'Hafenstraße', number: '12', postcode: '20457' },
  },
  signatures: {
    globalDataConfirmation: true,
    useOfDataConfirmation: true,
    place: 'Hamburg',
    signature: 'Erika Mustermann',
    position: 'Head of Customs',
    otherApplicableReportingMethodology: false,
  },
  remarks: 'Illustrative test report',
};

function plant(id: string, country: string, quantity: number, direct: number, indirect: number | undefined): QuarterlyInstallationEmissions {
  return {
    productionCountry: country,
    operator: {
      id: `OP-${id}`,
      name: `Operator ${id}`,
      address: { country, city: 'Plant City' },
      contacts: [{ name: 'Plant Contact', phone: '+90 212 000 0000', email: 'contact@example.com' }],
    },
    installation: { id, name: `Installation ${id}`, address: { country, city: 'Plant City', latitude: '41.01', longitude: '28.97' } },
    quantity,
    direct: { method: 'actual_verified', see: direct },
    ...(indirect === undefined ? {} : { indirect: { method: 'default', see: indirect, emissionFactor: 0.45, electricityConsumed: 0.11 } }),
  };
}

/** Cement, iron and steel, aluminium and fertiliser; several installations; direct and indirect emissions. */
const GOODS: QuarterlyGoodsLine[] = [
  {
    cnCode: '25232900',
    description: 'Portland cement',
    originCountry: 'TR',
    unit: 't',
    quantity: 1200,
    installations: [plant('TR-CEM-1', 'TR', 700, 0.8, 0.05), plant('TR-CEM-2', 'TR', 500, 0.9, 0.06)],
  },
  {
    cnCode: '72083900',
    originCountry: 'CN',
    unit: 't',
    quantity: 12.3456789,
    procedures: [
      { requestedProcedure: '40', quantity: 10 },
      { requestedProcedure: '51', previousProcedure: '00', quantity: 2.3456789 },
    ],
    importer: { identificationNumber: 'NL000000000000001', name: 'Steel Buyer BV', address: { country: 'NL', city: 'Rotterdam' } },
    installations: [
      {
        ...plant('CN-STL-1', 'CN', 12.3456789, 1.23456789, undefined),
        direct: { method: 'actual_unverified', see: 1.23456789, methodology: 'Mass balance per the monitoring plan' },
        carbonPrices: [{ instrumentType: 'ETS', legalAct: 'National ETS regulation (illustrative)', amount: 1234.5, currency: 'EUR', country: 'CN' }],
        remarks: ['Illustrative remark'],
      },
    ],
  },
  {
    cnCode: '76011000',
    originCountry: 'IN',
    unit: 't',
    quantity: 40,
    installations: [plant('IN-ALU-1', 'IN', 25, 1.6, 6.5), plant('IN-ALU-2', 'IN', 15, 1.7, 7)],
  },
  {
    cnCode: '31021010',
    description: 'Urea',
    originCountry: 'EG',
    unit: 't',
    quantity: 300,
    remarks: 'Fertiliser line',
    installations: [{ ...plant('EG-FER-1', 'EG', 300, 2.1, 0.2), indirect: { method: 'actual_verified', see: 0.2 } }],
  },
];

describe('decimalText (schema decimals: printed, rounded to the facets, no exponent)', () => {
  it('rounds to the fraction digits half away from zero and drops trailing zeros', () => {
    expect(decimalText(0.1 + 0.2, 16, 7)).toBe('0.3'); // 0.30000000000000004 prints as 0.3
    expect(decimalText(1.23456785, 16, 7)).toBe('1.2345679'); // 8th fraction digit 5 → up
    expect(decimalText(-1.23456785, 16, 7)).toBe('-1.2345679'); // away from zero
    expect(decimalText(12.3456789, 16, 6)).toBe('12.345679');
    expect(decimalText(2.5, 16, 6)).toBe('2.5');
    expect(decimalText(1200, 16, 6)).toBe('1200');
    expect(decimalText(-0, 16, 7)).toBe('0');
  });

  it('never writes exponent notation', () => {
    expect(decimalText(1e-7, 16, 7)).toBe('0.0000001'); // String(1e-7) is '1e-7'
    expect(decimalText(5e-8, 16, 7)).toBe('0.0000001'); // 0.00000005 → 7 places, half up
    expect(decimalText(4e-8, 16, 7)).toBe('0');
    expect(decimalText(1e21, Number.POSITIVE_INFINITY, 20)).toBe(`1${'0'.repeat(21)}`); // String(1e21) is '1e+21'
  });

  it('gives up fraction digits to fit the total digits, and refuses a whole part too long', () => {
    // dec5-5 (ElectricityConsumed): 10 digits in all; 6 whole digits leave 4: 123456.123456 → 123456.1235
    expect(decimalText(123456.123456, 10, 5)).toBe('123456.1235');
    // 99999.999999 → 5 places carries into the whole part: 100000
    expect(decimalText(99999.999999, 10, 5)).toBe('100000');
    expect(() => decimalText(1e16, 16, 7, 'X')).toThrow('X: 10000000000000000 has more than 16 digits');
    expect(() => decimalText(Number.NaN, 16, 7, 'X')).toThrow(QuarterlyReportError);
  });
});

describe('xmlText', () => {
  it('escapes markup characters, keeps CR, drops characters XML 1.0 forbids, trims', () => {
    expect(xmlText(` A&B <c> "d" 'e'\u0001\u0008\uFFFE\uD800 `, 70, 'Name')).toBe('A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(xmlText('line1\r\nline2\tend', 70, 'Name')).toBe('line1&#13;\nline2\tend');
  });

  it('counts length in characters and refuses empty or too long text with the element path', () => {
    expect(xmlText('😀😀😀', 3, 'Name')).toBe('😀😀😀'); // 3 characters, 6 UTF-16 units
    expect(() => xmlText('abcd', 3, 'Declarant/Name')).toThrow('Declarant/Name: longer than 3 characters');
    expect(() => xmlText(' \u0001 ', 3, 'Declarant/Name')).toThrow('Declarant/Name: empty');
  });
});

describe('writeQuarterlyReport', () => {
  it('writes a quarter of cement, iron and steel, aluminium and fertiliser that validates against QReport 23.00', async () => {
    const chunks = await collect(writeQuarterlyReport(HEADER, GOODS));
    const xml = chunks.join('');
    const result = await validateQReport(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);

    expect(chunks.length).toBe(2); // the header, then the goods (under CHUNK_CHARS) with the footer
    expect(chunks[0]!.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<QReport xmlns="http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1">')).toBe(true);
    expect(xml.endsWith('</QReport>\n')).toBe(true);
    expect(xml).toContain('<SubmissionDate>2025-07-15T09:30:12Z</SubmissionDate><ReportId>GL-2025-Q2-0001</ReportId>');
    expect(xml).toContain('<ReportingPeriod>Q2</ReportingPeriod><Year>2025</Year>');
    expect(xml.match(/<ImportedGood>/g)).toHaveLength(4);
    expect(xml.match(/<GoodsEmissions>/g)).toHaveLength(6); // 2 cement + 1 steel + 2 aluminium + 1 fertiliser
    expect(xml.match(/<IndirectEmissions>/g)).toHaveLength(5); // all but the steel installation
    expect(xml).toContain('<ItemNumber>4</ItemNumber>');
    expect(xml).toContain('<CommodityCode><HsCode>720839</HsCode><CnCode>72083900</CnCode><CommodityDetails></CommodityDetails></CommodityCode>');
    // 12.3456789 t at dec16-6 → 12.345679; SEE 1.23456789 at dec16-7 → 1.2345679
    expect(xml).toContain('<MeasureImported><NetMass>12.345679</NetMass><MeasurementUnit>01</MeasurementUnit></MeasureImported>');
    expect(xml).toContain('<SpecificEmbeddedEmissions>1.2345679</SpecificEmbeddedEmissions>');
    expect(xml).toContain(
      '<IndirectEmissions><DeterminationType>02</DeterminationType><EmissionFactor>0.45</EmissionFactor><SpecificEmbeddedEmissions>6.5</SpecificEmbeddedEmissions><MeasurementUnit>EMU1</MeasurementUnit><ElectricityConsumed>0.11</ElectricityConsumed><ElectricitySource>GRID</ElectricitySource></IndirectEmissions>',
    );
    expect(xml).toContain(
      '<CarbonPriceDue><SequenceNumber>1</SequenceNumber><InstrumentType>ETS</InstrumentType><LegalActDescription>National ETS regulation (illustrative)</LegalActDescription><Amount>1234.5</Amount><Currency>EUR</Currency><Country>CN</Country></CarbonPriceDue>',
    );
  });

  it('writes electricity in MWh as supplementary units, and that validates too', async () => {
    const electricity: QuarterlyGoodsLine = {
      cnCode: '27160000',
      originCountry: 'RS',
      unit: 'MWh',
      quantity: 5000,
      installations: [{ quantity: 5000, direct: { method: 'default', see: 0.9 } }],
    };
    const xml = (await collect(writeQuarterlyReport(HEADER, [electricity]))).join('');
    expect(xml).toContain('<MeasureImported><SupplementaryUnits>5000</SupplementaryUnits><MeasurementUnit>MWH</MeasurementUnit></MeasureImported>');
    expect((await validateQReport(xml)).valid).toBe(true);
  });

  it('is rejected by the same validator when a required element is missing or a country code is wrong', async () => {
    const xml = (await collect(writeQuarterlyReport(HEADER, GOODS))).join('');

    const noDeclarant = xml.replace(/<Declarant>[\s\S]*?<\/Declarant>/, '');
    expect(noDeclarant).not.toContain('<Declarant>');
    const missing = await validateQReport(noDeclarant);
    expect(missing.valid).toBe(false);
    expect(missing.errors[0]!.message).toContain('Expected is ( {http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1}Declarant )');

    const badCountry = xml.replace('<OriginCountry><Country>TR</Country>', '<OriginCountry><Country>TUR</Country>');
    expect(badCountry).not.toBe(xml);
    const wrong = await validateQReport(badCountry);
    expect(wrong.valid).toBe(false);
    expect(wrong.errors[0]!.message).toContain("Element '{http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1}Country'");
    expect(wrong.errors[0]!.message).toContain("[facet 'maxLength'] The value has a length of '3'; this exceeds the allowed maximum length of '2'.");
  });

  it('refuses to write what the schema would reject, naming the element', async () => {
    const badCountry = { ...GOODS[0]!, originCountry: 'TUR' };
    await expect(collect(writeQuarterlyReport(HEADER, [GOODS[1]!, badCountry]))).rejects.toThrow(
      'ImportedGood[2]/OriginCountry/Country: not a 2-character code: "TUR"',
    );
    const noInstallation = { ...GOODS[0]!, installations: [] };
    await expect(collect(writeQuarterlyReport(HEADER, [noInstallation]))).rejects.toThrow('ImportedGood[1]/GoodsEmissions: 1 to 999 entries allowed, got 0');
    const longName = { ...HEADER, declarant: { ...HEADER.declarant, name: 'x'.repeat(71) } };
    await expect(collect(writeQuarterlyReport(longName, GOODS))).rejects.toThrow('Declarant/Name: longer than 70 characters');
    await expect(collect(writeQuarterlyReport(HEADER, []))).rejects.toThrow('ImportedGood: a report needs at least one goods line');
  });

  it('escapes a name with & < > " \' and drops a control character, and the document still validates', async () => {
    const header = { ...HEADER, declarant: { ...HEADER.declarant, name: `Acme & Sons <"Steel"> 'EU'\u0001` } };
    const xml = (await collect(writeQuarterlyReport(header, GOODS))).join('');
    expect(xml).toContain('<Name>Acme &amp; Sons &lt;&quot;Steel&quot;&gt; &apos;EU&apos;</Name>');
    expect(xml).not.toContain('\u0001');
    expect((await validateQReport(xml)).valid).toBe(true);
    // Parsed back (canonical XML), the name is the original without the control character.
    const c14n = await validateXML({ xml: { fileName: 'qreport.xml', contents: xml }, normalization: 'c14n' });
    expect(c14n.normalized).toContain(`<Name>Acme &amp; Sons &lt;"Steel"&gt; 'EU'</Name>`);
  });

  it('streams a large quarter in several chunks that together validate', async () => {
    const xml = (await collect(writeQuarterlyReport(HEADER, generated(500)))).join('');
    const chunks = await collect(writeQuarterlyReport(HEADER, generated(500)));
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(xml);
    const result = await validateQReport(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  // 20,000 lines show the streaming; the refusal test below writes the schema's full 99,999.
  const STREAMED = 20_000;
  it(`streams ${STREAMED} goods lines lazily, in bounded chunks, one ImportedGood per line`, async () => {
    let produced = 0;
    const source = generated(STREAMED, () => produced++);
    let chunks = 0;
    let goods = 0;
    let longest = 0;
    let producedAtFirstGoodsChunk = -1;
    let last = '';
    for await (const chunk of writeQuarterlyReport(HEADER, source)) {
      chunks++;
      if (chunks === 2) producedAtFirstGoodsChunk = produced;
      goods += chunk.split('<ImportedGood>').length - 1;
      longest = Math.max(longest, chunk.length);
      last = chunk;
    }
    expect(goods).toBe(STREAMED);
    expect(produced).toBe(STREAMED);
    expect(chunks).toBeGreaterThan(200); // about 1 kB a line → over 20 MB in 64 KiB chunks
    expect(longest).toBeLessThan(CHUNK_CHARS + 4096); // a chunk closes at the first line past CHUNK_CHARS
    // The writer read only the first chunk's lines before yielding it, not the whole quarter.
    expect(producedAtFirstGoodsChunk).toBeLessThan(200);
    expect(last.endsWith('</ImportedGood>\n</QReport>\n')).toBe(true);
  });

  it(`refuses goods line ${QREPORT_MAX_GOODS + 1}: the schema allows ${QREPORT_MAX_GOODS}`, async () => {
    let goods = 0;
    const read = async () => {
      for await (const chunk of writeQuarterlyReport(HEADER, generated(QREPORT_MAX_GOODS + 1))) goods += chunk.split('<ImportedGood>').length - 1;
    };
    await expect(read()).rejects.toThrow(`ImportedGood: at most ${QREPORT_MAX_GOODS} goods lines per report`);
    expect(goods).toBeLessThan(QREPORT_MAX_GOODS); // the last partial chunk is never yielded
  });
});

/** `n` goods lines made on demand, cycling through the four fixture lines' goods. */
function* generated(n: number, onLine: () => void = () => {}): Generator<QuarterlyGoodsLine> {
  for (let i = 0; i < n; i++) {
    onLine();
    const base = GOODS[i % GOODS.length]!;
    yield { ...base, quantity: base.quantity + i, procedures: undefined, installations: [{ ...base.installations[0]!, quantity: base.quantity + i }] };
  }
}
