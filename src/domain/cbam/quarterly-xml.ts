/**
 * The EU CBAM transitional quarterly report (Implementing Regulation (EU) 2023/1773) as XML for the
 * Commission's `QReport` schema, version 23.00 (`../shared/data/cbam/QReport_ver23.00.xsd` + `stypes.xsd`).
 *
 * Streamed: the header, then the goods lines in chunks of about CHUNK_CHARS characters, then the
 * footer; a goods line is written as soon as it is read and never kept. Element order follows the
 * schema's sequences. Text is escaped, stripped of characters XML 1.0 forbids, trimmed, and checked
 * against the schema's length facets; numbers are printed (printed-number.ts, 12 significant digits)
 * then rounded half away from zero to the fraction digits of their type, never in exponent form.
 * Anything the schema would reject throws a QuarterlyReportError naming the element path, so the
 * output either validates or stops (a consumer already sent the header must abort the response).
 *
 * The schema leaves codes (role, units, determination type, methodology, …) as free strings; the
 * Commission's code lists are not bundled. Codes come from a QReportCodes table; the built-in one is
 * illustrative (see ILLUSTRATIVE_QREPORT_CODES).
 */
import { printed } from '../printed-number.ts';
import type { EmbeddedMethod } from './types.ts';

export const QREPORT_NAMESPACE = 'http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1';
/** QReport allows at most 99,999 ImportedGood (maxOccurs, and ItemNumber is n..5). */
export const QREPORT_MAX_GOODS = 99_999;
/** Goods lines are batched into chunks of about this many characters (one line is never split). */
export const CHUNK_CHARS = 64 * 1024;

export type DeclarantRole = 'importer' | 'indirect_customs_representative';
/** `t`: net mass in tonnes (NetMass); `MWh`: electricity (SupplementaryUnits). */
export type QuantityUnit = 't' | 'MWh';

/** The codes written where the schema takes a code (an..5 / n1), by what they mean here. */
export interface QReportCodes {
  /** True when the codes were not checked against the Commission's current code lists. */
  illustrative: boolean;
  /** Declarant/Role. */
  roles: Record<DeclarantRole, string>;
  /** MeasurementUnit of MeasureImported, MeasureProcedureImported and ProducedMeasure. */
  units: Record<QuantityUnit, string>;
  /** MeasurementUnit of DirectEmissions and IndirectEmissions: tCO2e per tonne (per MWh). */
  seeUnit: string;
  /** DeterminationType of direct and indirect emissions, by how the SEE was reached. */
  determination: Record<EmbeddedMethod, string>;
  /** DirectEmissions/ApplicableReportingTypeMethodology, by how the SEE was reached. */
  reportingMethodology: Record<EmbeddedMethod, string>;
  /** ImportedQuantity/ImportArea/ImportArea when a procedure gives none. */
  importArea: string;
  /** MeasureProcedureImported/Indicator for goods not under inward processing (n1). */
  notProcessedIndicator: number;
  /** ImportedQuantity/Procedure/RequestedProc when a goods line gives no procedure (customs procedure code). */
  requestedProcedure: string;
  /** IndirectEmissions/ElectricitySource when an installation gives none. */
  electricitySource: string;
}

/**
 * Illustrative codes, NOT checked against the Commission's code lists (not bundled): role `01`/`02`,
 * tonnes `01`, `EMU1` for tCO2e/t, import area `EU`, indicator 0 and procedure `40` (release for free
 * circulation, a customs procedure code) are the values public tools writing this schema use;
 * determination `01`/`02`, methodology `TOM01`/`TOM03`, `MWH` and `GRID` are placeholders of the right
 * shape. Replace the table with the current code list before filing a report.
 */
export const ILLUSTRATIVE_QREPORT_CODES: QReportCodes = {
  illustrative: true,
  roles: { importer: '01', indirect_customs_representative: '02' },
  units: { t: '01', MWh: 'MWH' },
  seeUnit: 'EMU1',
  determination: { actual_verified: '01', actual_unverified: '01', default: '02' },
  reportingMethodology: { actual_verified: 'TOM01', actual_unverified: 'TOM01', default: 'TOM03' },
  importArea: 'EU',
  notProcessedIndicator: 0,
  requestedProcedure: '40',
  electricitySource: 'GRID',
};

/** A postal address (AddressType). Country is ISO 3166-1 alpha-2; lengths are the schema's. */
export interface QuarterlyAddress {
  /** ISO 3166-1 alpha-2, capitals. */
  country: string;
  subdivision?: string;
  /** Up to 35 characters. */
  city: string;
  street?: string;
  streetAdditionalLine?: string;
  number?: string;
  postcode?: string;
  poBox?: string;
}

/** The declarant's address (DeclarantAddressType): the schema has no country here (the EORI carries it). */
export type DeclarantAddress = Omit<QuarterlyAddress, 'country'>;

/** An installation's address (InstallationAddressType: EstablishmentCountry + the address lines). */
export interface InstallationAddress extends QuarterlyAddress {
  plotParcelNumber?: string;
  unlocode?: string;
  /** As text, up to 17 characters (the schema types them an..17). */
  latitude?: string;
  longitude?: string;
  coordinatesType?: string;
}

/** An importer or a representative (ImporterType / RepresentativeType). */
export interface QuarterlyParty {
  /** EORI number, up to 17 characters. */
  identificationNumber: string;
  /** Up to 70 characters. */
  name: string;
  address: QuarterlyAddress;
}

export interface QuarterlyDeclarant {
  /** EORI number of the reporting declarant, up to 17 characters. */
  identificationNumber: string;
  name: string;
  role: DeclarantRole;
  address: DeclarantAddress;
}

/** Signatures/ReportConfirmation (required) and ApplicableMethodologyConfirmation (optional). */
export interface QuarterlySignatures {
  globalDataConfirmation: boolean;
  useOfDataConfirmation: boolean;
  /** Where the report was signed, up to 128 characters. */
  place: string;
  /** Name of the person signing, up to 128 characters. */
  signature: string;
  /** Position of the person sending, up to 128 characters. */
  position: string;
  /** Confirms another applicable reporting methodology was used (written only when given). */
  otherApplicableReportingMethodology?: boolean;
}

/** One customs procedure the goods line's quantity came in under (ImportedQuantity, 1 to 9 per line). */
export interface QuarterlyProcedure {
  /** Requested customs procedure code, 2 characters (`40`: release for free circulation). */
  requestedProcedure: string;
  /** Previous procedure code, 2 characters. */
  previousProcedure?: string;
  /** Import area code; the codes table's `importArea` when omitted. */
  importArea?: string;
  /** Tonnes (MWh for electricity) imported under this procedure in the quarter. */
  quantity: number;
}

export interface QuarterlyContact {
  name: string;
  phone: string;
  email: string;
}

export interface QuarterlyOperator {
  /** Operator identifier, up to 25 characters. */
  id: string;
  name: string;
  address: QuarterlyAddress;
  /** 1 to 9 contacts (the schema requires one). */
  contacts: QuarterlyContact[];
}

export interface QuarterlyInstallationRef {
  /** Installation identifier, up to 20 characters. */
  id: string;
  /** Up to 256 characters. */
  name: string;
  economicActivity?: string;
  address: InstallationAddress;
}

/** Carbon price due in the country of origin for the goods of one installation (CarbonPriceDue). */
export interface QuarterlyCarbonPrice {
  /** Type of carbon pricing instrument, a code of up to 5 characters. */
  instrumentType: string;
  /** The legal act that sets the price, up to 512 characters. */
  legalAct: string;
  /** Amount due, in `currency`. */
  amount: number;
  /** ISO 4217, 3 capitals (`EUR`). */
  currency: string;
  /** ISO 3166-1 alpha-2 country where the price is due. */
  country: string;
}

/** Direct specific embedded emissions of the goods from one installation. */
export interface QuarterlyDirectEmissions {
  /** How the SEE was reached: written as DeterminationType and ApplicableReportingTypeMethodology codes. */
  method: EmbeddedMethod;
  /** tCO2e per tonne of good (per MWh for electricity). */
  see: number;
  /** Free text on the methodology applied (ApplicableReportingMethodology), up to 4000 characters. */
  methodology?: string;
}

/** Indirect specific embedded emissions (electricity consumed in production). */
export interface QuarterlyIndirectEmissions {
  method: EmbeddedMethod;
  /** tCO2e per tonne of good. */
  see: number;
  /** tCO2e per MWh of the electricity consumed (EmissionFactor, dec16-5). */
  emissionFactor?: number;
  /** MWh consumed per tonne of good (ElectricityConsumed, dec5-5). */
  electricityConsumed?: number;
  /** ElectricitySource code; the codes table's `electricitySource` when omitted. */
  electricitySource?: string;
}

/** The share of a goods line produced at one installation, with its emissions (GoodsEmissions). */
export interface QuarterlyInstallationEmissions {
  /** ISO 3166-1 alpha-2 country of production. */
  productionCountry?: string;
  operator?: QuarterlyOperator;
  installation?: QuarterlyInstallationRef;
  /** Tonnes (MWh) of the line produced at this installation (ProducedMeasure). */
  quantity: number;
  direct: QuarterlyDirectEmissions;
  indirect?: QuarterlyIndirectEmissions;
  /** 0 to 99. */
  carbonPrices?: QuarterlyCarbonPrice[];
  /** 0 to 9 remarks, up to 512 characters each. */
  remarks?: string[];
}

/**
 * One ImportedGood: the quarter's imports of one CN code from one origin country. ItemNumber is
 * given by the writer (1, 2, … in stream order).
 */
export interface QuarterlyGoodsLine {
  /** 8-digit CN code; HsCode is its first 6 digits. */
  cnCode: string;
  /** Description of the goods, up to 512 characters. */
  description?: string;
  /** ISO 3166-1 alpha-2 country of origin. */
  originCountry: string;
  unit: QuantityUnit;
  /** Tonnes of net mass (MWh for electricity) imported in the quarter (MeasureImported). */
  quantity: number;
  /** 1 to 9 procedures; one under the codes table's `requestedProcedure` with all of `quantity` when omitted. */
  procedures?: QuarterlyProcedure[];
  /** When the declarant reports for another importer (indirect customs representation). */
  importer?: QuarterlyParty;
  representative?: QuarterlyParty;
  remarks?: string;
  /** 1 to 999 installations the goods came from. */
  installations: QuarterlyInstallationEmissions[];
}

export interface QuarterlyReport {
  /** Up to 22 characters. */
  reportId?: string;
  /** SubmissionDate, written to the second in UTC. */
  submittedAt?: Date;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  declarant: QuarterlyDeclarant;
  representative?: QuarterlyParty;
  importer?: QuarterlyParty;
  signatures: QuarterlySignatures;
  /** Up to 512 characters. */
  remarks?: string;
  /** ILLUSTRATIVE_QREPORT_CODES when omitted. */
  codes?: QReportCodes;
  goods: QuarterlyGoodsLine[];
}

/** A value the schema would reject; `path` names the element (`ImportedGood[3]/OriginCountry/Country`). */
export class QuarterlyReportError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'QuarterlyReportError';
  }
}

/**
 * The report as XML, in chunks: the header, the goods lines batched by CHUNK_CHARS, then the footer.
 * `goods` is read once, lazily; throws QuarterlyReportError at the first value the schema would reject.
 */
export async function* writeQuarterlyReport(
  report: Omit<QuarterlyReport, 'goods'>,
  goods: AsyncIterable<QuarterlyGoodsLine> | Iterable<QuarterlyGoodsLine>,
): AsyncGenerator<string> {
  const codes = report.codes ?? ILLUSTRATIVE_QREPORT_CODES;
  yield header(report, codes);
  let item = 0;
  let buffer = '';
  for await (const line of goods) {
    item++;
    if (item > QREPORT_MAX_GOODS) throw new QuarterlyReportError('ImportedGood', `at most ${QREPORT_MAX_GOODS} goods lines per report`);
    buffer += importedGood(line, item, codes);
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (item === 0) throw new QuarterlyReportError('ImportedGood', 'a report needs at least one goods line');
  yield `${buffer}</QReport>\n`;
}

function header(r: Omit<QuarterlyReport, 'goods'>, codes: QReportCodes): string {
  if (!Number.isInteger(r.year) || r.year < 1000 || r.year > 9999) throw new QuarterlyReportError('Year', `not a 4-digit year: ${r.year}`);
  if (![1, 2, 3, 4].includes(r.quarter)) throw new QuarterlyReportError('ReportingPeriod', `quarter must be 1 to 4, got ${r.quarter}`);
  let s = `<?xml version="1.0" encoding="UTF-8"?>\n<QReport xmlns="${QREPORT_NAMESPACE}">\n`;
  if (r.submittedAt !== undefined) s += el('SubmissionDate', submissionDate(r.submittedAt));
  s += opt('ReportId', r.reportId, 22, 'ReportId');
  s += el('ReportingPeriod', `Q${r.quarter}`);
  s += el('Year', String(r.year));
  const d = r.declarant;
  s += '\n<Declarant>';
  s += txt('IdentificationNumber', d.identificationNumber, 17, 'Declarant/IdentificationNumber');
  s += txt('Name', d.name, 70, 'Declarant/Name');
  s += txt('Role', codes.roles[d.role], 5, 'Declarant/Role');
  s += `<ActorAddress>${addressLines(d.address, 'Declarant/ActorAddress')}</ActorAddress>`;
  s += '</Declarant>\n';
  if (r.representative) s += party('Representative', 'RepresentativeAddress', r.representative, 'Representative');
  if (r.importer) s += party('Importer', 'ImporterAddress', r.importer, 'Importer');
  const g = r.signatures;
  s += '<Signatures><ReportConfirmation>';
  s += el('GlobalDataConfirmation', String(g.globalDataConfirmation));
  s += el('UseOfDataConfirmation', String(g.useOfDataConfirmation));
  s += txt('SignaturePlace', g.place, 128, 'Signatures/ReportConfirmation/SignaturePlace');
  s += txt('Signature', g.signature, 128, 'Signatures/ReportConfirmation/Signature');
  s += txt('PositionOfPersonSending', g.position, 128, 'Signatures/ReportConfirmation/PositionOfPersonSending');
  s += '</ReportConfirmation>';
  if (g.otherApplicableReportingMethodology !== undefined) {
    s += `<ApplicableMethodologyConfirmation>${el('OtherApplicableReportingMethodology', String(g.otherApplicableReportingMethodology))}</ApplicableMethodologyConfirmation>`;
  }
  s += '</Signatures>\n';
  if (r.remarks !== undefined) s += `<Remarks>${txt('AdditionalInformation', r.remarks, 512, 'Remarks/AdditionalInformation')}</Remarks>\n`;
  return s;
}

function importedGood(g: QuarterlyGoodsLine, item: number, codes: QReportCodes): string {
  const at = `ImportedGood[${item}]`;
  if (!/^\d{8}$/.test(g.cnCode)) throw new QuarterlyReportError(`${at}/CommodityCode/CnCode`, `not an 8-digit CN code: ${JSON.stringify(g.cnCode)}`);
  let s = `<ImportedGood>${el('ItemNumber', String(item))}`;
  if (g.representative) s += party('Representative', 'RepresentativeAddress', g.representative, `${at}/Representative`);
  if (g.importer) s += party('Importer', 'ImporterAddress', g.importer, `${at}/Importer`);
  s += `<CommodityCode>${el('HsCode', g.cnCode.slice(0, 6))}${el('CnCode', g.cnCode)}<CommodityDetails>`;
  s += opt('Description', g.description, 512, `${at}/CommodityCode/CommodityDetails/Description`);
  s += '</CommodityDetails></CommodityCode>';
  s += `<OriginCountry>${country('Country', g.originCountry, `${at}/OriginCountry/Country`)}</OriginCountry>`;
  const unit = codes.units[g.unit];
  const procedures = g.procedures ?? [{ requestedProcedure: codes.requestedProcedure, quantity: g.quantity }];
  count(procedures, 1, 9, `${at}/ImportedQuantity`);
  procedures.forEach((p, i) => {
    const pat = `${at}/ImportedQuantity[${i + 1}]`;
    s += `<ImportedQuantity>${el('SequenceNumber', String(i + 1))}<Procedure>`;
    s += code('RequestedProc', p.requestedProcedure, 2, 2, `${pat}/Procedure/RequestedProc`);
    if (p.previousProcedure !== undefined) s += code('PreviousProc', p.previousProcedure, 2, 2, `${pat}/Procedure/PreviousProc`);
    s += `</Procedure><ImportArea>${txt('ImportArea', p.importArea ?? codes.importArea, 5, `${pat}/ImportArea/ImportArea`)}</ImportArea>`;
    s += `<MeasureProcedureImported>${el('Indicator', digit(codes.notProcessedIndicator, `${pat}/MeasureProcedureImported/Indicator`))}`;
    s += `${measure(p.quantity, g.unit, unit, `${pat}/MeasureProcedureImported`)}</MeasureProcedureImported></ImportedQuantity>`;
  });
  s += `<MeasureImported>${measure(g.quantity, g.unit, unit, `${at}/MeasureImported`)}</MeasureImported>`;
  if (g.remarks !== undefined) s += `<Remarks>${txt('AdditionalInformation', g.remarks, 512, `${at}/Remarks/AdditionalInformation`)}</Remarks>`;
  count(g.installations, 1, 999, `${at}/GoodsEmissions`);
  g.installations.forEach((e, i) => {
    s += goodsEmissions(e, i + 1, g.unit, unit, codes, `${at}/GoodsEmissions[${i + 1}]`);
  });
  return `${s}</ImportedGood>\n`;
}

function goodsEmissions(e: QuarterlyInstallationEmissions, seq: number, u: QuantityUnit, unit: string, codes: QReportCodes, at: string): string {
  let s = `<GoodsEmissions>${el('SequenceNumber', String(seq))}`;
  if (e.productionCountry !== undefined) s += country('ProductionCountry', e.productionCountry, `${at}/ProductionCountry`);
  if (e.operator) {
    const o = e.operator;
    s += '<InstallationOperator>';
    s += txt('OperatorId', o.id, 25, `${at}/InstallationOperator/OperatorId`);
    s += txt('OperatorName', o.name, 70, `${at}/InstallationOperator/OperatorName`);
    s += `<OperatorAddress>${countryAddress('Country', o.address, `${at}/InstallationOperator/OperatorAddress`)}</OperatorAddress>`;
    count(o.contacts, 1, 9, `${at}/InstallationOperator/ContactDetails`);
    o.contacts.forEach((c, i) => {
      const cat = `${at}/InstallationOperator/ContactDetails[${i + 1}]`;
      s += `<ContactDetails>${txt('Name', c.name, 70, `${cat}/Name`)}${txt('Phone', c.phone, 35, `${cat}/Phone`)}${txt('Email', c.email, 256, `${cat}/Email`)}</ContactDetails>`;
    });
    s += '</InstallationOperator>';
  }
  if (e.installation) {
    const n = e.installation;
    const a = n.address;
    const aat = `${at}/Installation/Address`;
    s += '<Installation>';
    s += txt('InstallationId', n.id, 20, `${at}/Installation/InstallationId`);
    s += txt('InstallationName', n.name, 256, `${at}/Installation/InstallationName`);
    s += opt('EconomicActivity', n.economicActivity, 256, `${at}/Installation/EconomicActivity`);
    s += `<Address>${countryAddress('EstablishmentCountry', a, aat)}`;
    s += opt('PlotParcelNumber', a.plotParcelNumber, 15, `${aat}/PlotParcelNumber`);
    s += opt('UNLOCODE', a.unlocode, 17, `${aat}/UNLOCODE`);
    s += opt('Latitude', a.latitude, 17, `${aat}/Latitude`);
    s += opt('Longitude', a.longitude, 17, `${aat}/Longitude`);
    s += opt('CoordinatesType', a.coordinatesType, 5, `${aat}/CoordinatesType`);
    s += '</Address></Installation>';
  }
  s += `<ProducedMeasure>${measure(e.quantity, u, unit, `${at}/ProducedMeasure`)}</ProducedMeasure>`;
  const d = e.direct;
  s += '<DirectEmissions>';
  s += txt('DeterminationType', codes.determination[d.method], 5, `${at}/DirectEmissions/DeterminationType`);
  s += txt('ApplicableReportingTypeMethodology', codes.reportingMethodology[d.method], 5, `${at}/DirectEmissions/ApplicableReportingTypeMethodology`);
  s += opt('ApplicableReportingMethodology', d.methodology, 4000, `${at}/DirectEmissions/ApplicableReportingMethodology`);
  s += el('SpecificEmbeddedEmissions', decimalText(d.see, 16, 7, `${at}/DirectEmissions/SpecificEmbeddedEmissions`));
  s += `${txt('MeasurementUnit', codes.seeUnit, 5, `${at}/DirectEmissions/MeasurementUnit`)}</DirectEmissions>`;
  if (e.indirect) {
    const x = e.indirect;
    const iat = `${at}/IndirectEmissions`;
    s += `<IndirectEmissions>${txt('DeterminationType', codes.determination[x.method], 5, `${iat}/DeterminationType`)}`;
    if (x.emissionFactor !== undefined) s += el('EmissionFactor', decimalText(x.emissionFactor, 16, 5, `${iat}/EmissionFactor`));
    s += el('SpecificEmbeddedEmissions', decimalText(x.see, 16, 7, `${iat}/SpecificEmbeddedEmissions`));
    s += txt('MeasurementUnit', codes.seeUnit, 5, `${iat}/MeasurementUnit`);
    if (x.electricityConsumed !== undefined) s += el('ElectricityConsumed', decimalText(x.electricityConsumed, 10, 5, `${iat}/ElectricityConsumed`));
    s += `${txt('ElectricitySource', x.electricitySource ?? codes.electricitySource, 5, `${iat}/ElectricitySource`)}</IndirectEmissions>`;
  }
  const prices = e.carbonPrices ?? [];
  count(prices, 0, 99, `${at}/CarbonPriceDue`);
  prices.forEach((p, i) => {
    const pat = `${at}/CarbonPriceDue[${i + 1}]`;
    s += `<CarbonPriceDue>${el('SequenceNumber', String(i + 1))}`;
    s += txt('InstrumentType', p.instrumentType, 5, `${pat}/InstrumentType`);
    s += txt('LegalActDescription', p.legalAct, 512, `${pat}/LegalActDescription`);
    s += el('Amount', decimalText(p.amount, Number.POSITIVE_INFINITY, 20, `${pat}/Amount`));
    s += code('Currency', p.currency, 3, 3, `${pat}/Currency`, /^[A-Z]{3}$/);
    s += `${country('Country', p.country, `${pat}/Country`)}</CarbonPriceDue>`;
  });
  const remarks = e.remarks ?? [];
  count(remarks, 0, 9, `${at}/RemarksEmissions`);
  remarks.forEach((r, i) => {
    s += `<RemarksEmissions>${el('SequenceNumber', String(i + 1))}${txt('AdditionalInformation', r, 512, `${at}/RemarksEmissions[${i + 1}]/AdditionalInformation`)}</RemarksEmissions>`;
  });
  return `${s}</GoodsEmissions>`;
}

function party(tag: string, addressTag: string, p: QuarterlyParty, at: string): string {
  let s = `<${tag}>`;
  s += txt('IdentificationNumber', p.identificationNumber, 17, `${at}/IdentificationNumber`);
  s += txt('Name', p.name, 70, `${at}/Name`);
  s += `<${addressTag}>${countryAddress('Country', p.address, `${at}/${addressTag}`)}</${addressTag}>`;
  return `${s}</${tag}>`;
}

/** The country element, then the address lines (AddressType; InstallationAddressType's first part). */
function countryAddress(countryTag: string, a: QuarterlyAddress, at: string): string {
  return country(countryTag, a.country, `${at}/${countryTag}`) + addressLines(a, at);
}

function addressLines(a: DeclarantAddress, at: string): string {
  return (
    opt('SubDivision', a.subdivision, 35, `${at}/SubDivision`) +
    txt('City', a.city, 35, `${at}/City`) +
    opt('Street', a.street, 70, `${at}/Street`) +
    opt('StreetAdditionalLine', a.streetAdditionalLine, 70, `${at}/StreetAdditionalLine`) +
    opt('Number', a.number, 35, `${at}/Number`) +
    opt('Postcode', a.postcode, 17, `${at}/Postcode`) +
    opt('POBox', a.poBox, 70, `${at}/POBox`)
  );
}

/** NetMass (tonnes) or SupplementaryUnits (MWh), then the unit code (MeasureType, MeasureProcedureType). */
function measure(quantity: number, u: QuantityUnit, unitCode: string, at: string): string {
  const tag = u === 't' ? 'NetMass' : 'SupplementaryUnits';
  return el(tag, decimalText(quantity, 16, 6, `${at}/${tag}`)) + txt('MeasurementUnit', unitCode, 5, `${at}/MeasurementUnit`);
}

function el(tag: string, escaped: string): string {
  return `<${tag}>${escaped}</${tag}>`;
}

/** A required text element: escaped, 1 to `max` characters after cleaning. */
function txt(tag: string, value: string, max: number, at: string): string {
  return el(tag, xmlText(value, max, at));
}

function opt(tag: string, value: string | undefined, max: number, at: string): string {
  return value === undefined ? '' : txt(tag, value, max, at);
}

function country(tag: string, value: string, at: string): string {
  return code(tag, value, 2, 2, at, /^[A-Z]{2}$/);
}

/** A code of `min` to `max` characters (letters, digits), optionally of a stricter shape. */
function code(tag: string, value: string, min: number, max: number, at: string, shape = /^[A-Za-z0-9]+$/): string {
  if (typeof value !== 'string' || value.length < min || value.length > max || !shape.test(value)) {
    throw new QuarterlyReportError(at, `not a ${min === max ? min : `${min}–${max}`}-character code: ${JSON.stringify(value)}`);
  }
  return el(tag, value);
}

function count(list: readonly unknown[], min: number, max: number, at: string): void {
  if (list.length < min || list.length > max) throw new QuarterlyReportError(at, `${min} to ${max} entries allowed, got ${list.length}`);
}

function digit(n: number, at: string): string {
  if (!Number.isInteger(n) || n < 0 || n > 9) throw new QuarterlyReportError(at, `not a single digit: ${n}`);
  return String(n);
}

function submissionDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new QuarterlyReportError('SubmissionDate', 'invalid date');
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** Characters XML 1.0 does not allow (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF). */
const FORBIDDEN_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/**
 * `value` as element text: forbidden characters dropped, trimmed, escaped (`&<>"'`, and CR so it
 * survives parsing); throws when the cleaned text is empty or longer than `max` characters.
 */
export function xmlText(value: string, max: number, at: string): string {
  if (typeof value !== 'string') throw new QuarterlyReportError(at, `text expected, got ${typeof value}`);
  const clean = value.replace(FORBIDDEN_IN_XML, '').trim();
  if (clean === '') throw new QuarterlyReportError(at, 'empty');
  // The schema counts characters (code points); a string no longer in UTF-16 units cannot exceed it.
  if (clean.length > max && [...clean].length > max) throw new QuarterlyReportError(at, `longer than ${max} characters`);
  return clean.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

/**
 * `value` as an xs:decimal with at most `fractionDigits` after the point and `totalDigits` in all:
 * the printed number (12 significant digits), rounded half away from zero, fewer fraction digits
 * when the total needs it, no trailing zeros, never exponent notation. Throws for NaN, ±Infinity
 * and a whole part longer than `totalDigits`.
 */
export function decimalText(value: number, totalDigits: number, fractionDigits: number, at = 'decimal'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new QuarterlyReportError(at, `not a finite number: ${value}`);
  const p = printed(value);
  const negative = p < 0;
  let [whole, fraction] = plainDigits(Math.abs(p));
  [whole, fraction] = roundFraction(whole, fraction, fractionDigits);
  const wholeDigits = whole === '0' ? 0 : whole.length;
  if (wholeDigits + fraction.length > totalDigits) [whole, fraction] = roundFraction(whole, fraction, Math.max(0, totalDigits - wholeDigits));
  if ((whole === '0' ? 0 : whole.length) > totalDigits) throw new QuarterlyReportError(at, `${value} has more than ${totalDigits} digits`);
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** The whole and fraction digits of a non-negative finite number's shortest decimal form, without exponent. */
function plainDigits(a: number): [string, string] {
  const [mantissa = '', exponent] = String(a).split('e');
  const [w = '', f = ''] = mantissa.split('.');
  let digits = w + f;
  let point = w.length + (exponent === undefined ? 0 : Number(exponent));
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  return [digits.slice(0, point).replace(/^0+(?=\d)/, ''), digits.slice(point)];
}

/** Rounds to `places` fraction digits, half away from zero, on the digit strings; drops trailing zeros. */
function roundFraction(whole: string, fraction: string, places: number): [string, string] {
  if (fraction.length > places) {
    const up = fraction.charCodeAt(places) >= 53; // '5'
    let digits = whole + fraction.slice(0, places);
    if (up) digits = increment(digits);
    whole = digits.slice(0, digits.length - places) || '0';
    fraction = digits.slice(digits.length - places);
  }
  return [whole.replace(/^0+(?=\d)/, ''), fraction.replace(/0+$/, '')];
}

/** A digit string plus one (`0999` → `1000`, `99` → `100`). */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1);
}
