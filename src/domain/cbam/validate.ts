/**
 * Validation of CBAM shipment lines and installation records (docs/cbam.md, Error codes). Every
 * issue of a record is reported, each with its code (types.ts CBAM_ERROR_CODES), the field and a
 * message a user can act on. Values arrive as JSON types: text where a number or boolean is
 * expected is E010 (the CSV layer converts text first).
 */

import { alpha2OfAlpha3 } from '../factors/iso3166.ts';
import { isCalendarDate } from '../scope3/fields.ts';
import { formatCn, lookupCn, matchAnnexI, normalizeCn } from './goods.ts';
import type { ActualEmissions, CbamErrorCode, CbamInstallation, CbamIssue, CbamParse, CbamShipmentInput } from './types.ts';

/** CBAM's transitional period began on 1 October 2023 (Regulation (EU) 2023/956 Art. 32). */
export const CBAM_START_DATE = '2023-10-01';
export const MAX_QUANTITY = 1e9;
/**
 * Largest plausible SEE, tCO2e per tonne: well above any CBAM good (aluminium with indirect
 * emissions, hydrogen from coal stay below 30), so a figure in kg per tonne is caught.
 */
export const MAX_SEE = 100;

/**
 * Origins that are not CBAM imports: the Union customs territory (the 27 member states and the
 * territories with their own ISO code inside it: Åland, the French outermost regions and Monaco —
 * Regulation (EU) 952/2013 Art. 4) and the countries Annex III of Regulation 2023/956 exempts.
 * Annex III also exempts Büsingen, Heligoland, Livigno, Ceuta and Melilla, which have no ISO code.
 */
const EU_CUSTOMS_TERRITORY = new Set('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK AX GF GP MQ RE YT MF MC'.split(' '));
const CBAM_EXEMPT = new Set(['IS', 'LI', 'NO', 'CH']);

/**
 * ISO 3166-1 alpha-2 codes, read from the alpha-3 table in iso3166.ts (which exports only the
 * alpha-3 → alpha-2 lookup) by asking it for every three-letter code once.
 */
const ISO_ALPHA2: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  const A = 65;
  for (let i = 0; i < 26; i++)
    for (let j = 0; j < 26; j++)
      for (let k = 0; k < 26; k++) {
        const a2 = alpha2OfAlpha3(String.fromCharCode(A + i, A + j, A + k));
        if (a2) out.add(a2);
      }
  return out;
})();

export function isIsoCountry(code: string): boolean {
  return ISO_ALPHA2.has(code);
}

/** An upper-case ISO alpha-2 code an import can come from: outside the EU customs territory and not exempt (Annex III). */
export function isCbamOrigin(code: string): boolean {
  return ISO_ALPHA2.has(code) && !EU_CUSTOMS_TERRITORY.has(code) && !CBAM_EXEMPT.has(code);
}

/** The fields of a shipment line, in the order the CSV columns are documented. */
export const SHIPMENT_FIELDS = [
  'shipment_id',
  'import_date',
  'cn_code',
  'origin_country',
  'quantity',
  'unit',
  'declarant_eori',
  'installation_id',
  'actual_direct_see',
  'actual_indirect_see',
  'actual_verified',
  'verifier',
  'verified_on',
  'carbon_price_paid_eur',
  'procedure',
  'supplier_id',
  'description',
] as const;
const INSTALLATION_FIELDS = ['installation_id', 'name', 'operator_name', 'country', 'emissions'] as const;
const EMISSION_FIELDS = ['cn_code', 'year', 'direct_see', 'indirect_see', 'verified', 'verifier', 'verified_on'] as const;

const GOODS_COVERED = 'CBAM covers cement, iron and steel, aluminium, fertilisers, hydrogen and electricity';

const show = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** Whether a field has a value: not absent, null or blank text. */
const given = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

const typeName = (v: unknown): string => (typeof v === 'string' ? 'text' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** Reads one record's fields, collecting every issue. `path` prefixes field names (`emissions[0].`). */
class Fields {
  constructor(
    private readonly raw: Record<string, unknown>,
    readonly issues: CbamIssue[],
    private readonly path = '',
  ) {}

  add(code: CbamErrorCode, field: string, message: string): void {
    this.issues.push({ code, field: this.path + field, message });
  }

  name(field: string): string {
    return this.path + field;
  }

  unknown(known: readonly string[], what: string): void {
    for (const key of Object.keys(this.raw)) {
      if (!known.includes(key)) this.add('E010', key, `unknown field "${this.name(key)}"; ${what} has: ${known.join(', ')}`);
    }
  }

  /** The raw value, or undefined when absent, null or blank text (E001 when required). */
  value(field: string, required: boolean): unknown {
    const v = this.raw[field];
    if (!given(v)) {
      if (required) this.add('E001', field, `${this.name(field)} is required`);
      return undefined;
    }
    return v;
  }

  text(field: string, opts: { required: boolean; max: number }): string | undefined {
    const v = this.value(field, opts.required);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.add('E010', field, `${this.name(field)} must be text, got ${typeName(v)} ${show(v)}`);
      return undefined;
    }
    const t = v.trim();
    if (t.length > opts.max) {
      this.add('E010', field, `${this.name(field)} is ${t.length} characters long; at most ${opts.max} are allowed`);
      return undefined;
    }
    return t;
  }

  number(field: string, required: boolean): number | undefined {
    const v = this.value(field, required);
    if (v === undefined) return undefined;
    if (typeof v !== 'number') {
      this.add('E010', field, `${this.name(field)} must be a number, got ${typeName(v)} ${show(v)}`);
      return undefined;
    }
    return v;
  }

  boolean(field: string): boolean | undefined {
    const v = this.value(field, false);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.add('E010', field, `${this.name(field)} must be true or false, got ${typeName(v)} ${show(v)}`);
      return undefined;
    }
    return v;
  }

  /** A real YYYY-MM-DD date, not before `notBefore` when given. */
  date(field: string, opts: { required: boolean; notBefore?: string }): string | undefined {
    const t = this.text(field, { required: opts.required, max: 10 });
    if (t === undefined) return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
      this.add('E004', field, `${this.name(field)} ${show(t)} is not a real date written YYYY-MM-DD`);
      return undefined;
    }
    if (opts.notBefore !== undefined && t < opts.notBefore) {
      this.add('E004', field, `${this.name(field)} ${show(t)} is before CBAM began (${opts.notBefore})`);
      return undefined;
    }
    return t;
  }

  /** An 8-digit Annex I CN code (spaces and dots allowed in the input). */
  cnCode(field: string): string | undefined {
    const t = this.text(field, { required: true, max: 20 });
    if (t === undefined) return undefined;
    const cn = normalizeCn(t);
    if (!/^\d{8}$/.test(cn)) {
      const hint = /^\d{4,6}$/.test(cn) ? '; a heading or 6-digit HS code is not enough, CBAM needs the 8-digit CN code' : '';
      this.add('E002', field, `${this.name(field)} ${show(t)} is not 8 digits (write it like "7208 51 20")${hint}`);
      return undefined;
    }
    if (lookupCn(cn)) return cn;
    const hit = matchAnnexI(cn);
    const message =
      hit?.kind === 'excluded'
        ? `${this.name(field)} ${show(t)} is not a CBAM good: Annex I excludes it (${hit.exclusion.description})`
        : `${this.name(field)} ${show(t)} is not a CBAM good (Annex I); ${GOODS_COVERED}`;
    this.add('E003', field, message);
    return undefined;
  }

  /** An ISO 3166-1 alpha-2 code (upper-cased); for an origin also outside the EU and not exempt. */
  country(field: string, origin: boolean): string | undefined {
    const t = this.text(field, { required: true, max: 20 });
    if (t === undefined) return undefined;
    const code = t.toUpperCase();
    if (!ISO_ALPHA2.has(code)) {
      const a2 = code.length === 3 ? alpha2OfAlpha3(code) : null;
      const hint = a2 ? `; ${show(code)} is alpha-3, write "${a2}"` : ' such as "CN" or "TR"';
      this.add('E007', field, `${this.name(field)} ${show(t)} is not an ISO 3166-1 alpha-2 country code${hint}`);
      return undefined;
    }
    if (origin && EU_CUSTOMS_TERRITORY.has(code)) {
      this.add('E008', field, `${this.name(field)} "${code}" is in the EU customs territory: goods from there are not CBAM imports`);
      return undefined;
    }
    if (origin && CBAM_EXEMPT.has(code)) {
      this.add('E008', field, `${this.name(field)} "${code}" is exempt from CBAM (Annex III: Iceland, Liechtenstein, Norway, Switzerland)`);
      return undefined;
    }
    return code;
  }

  /** A specific embedded emission, tCO2e per tonne (per MWh): finite, ≥ 0, plausible. */
  see(field: string, required: boolean): number | undefined {
    const v = this.number(field, required);
    if (v === undefined) return undefined;
    if (!Number.isFinite(v) || v < 0) {
      this.add('E009', field, `${this.name(field)} ${show(v)} must be 0 or more (tCO2e per tonne, per MWh for electricity)`);
      return undefined;
    }
    if (v > MAX_SEE) {
      this.add('E009', field, `${this.name(field)} ${v} is implausible (above ${MAX_SEE}): it is tCO2e per tonne of good, not kg`);
      return undefined;
    }
    return v;
  }

  /** The verification fields that go with actual SEE figures; `direct` is whether a direct figure was given. */
  verification(names: { verified: string; verifier: string; verifiedOn: string; direct: string }, direct: boolean) {
    const verified = this.boolean(names.verified) ?? false;
    const verifier = this.text(names.verifier, { required: false, max: 200 });
    const verifiedOn = this.date(names.verifiedOn, { required: false });
    const stated = [verified && names.verified, given(this.raw[names.verifier]) && names.verifier, given(this.raw[names.verifiedOn]) && names.verifiedOn];
    if (!direct) {
      for (const f of stated) {
        if (f) this.add('E009', f, `${this.name(f)} is given but ${this.name(names.direct)} is not: verification describes actual emissions`);
      }
    } else if (verified && (!given(this.raw[names.verifier]) || !given(this.raw[names.verifiedOn]))) {
      this.add(
        'E009',
        names.verified,
        `${this.name(names.verified)} is true, so ${this.name(names.verifier)} and ${this.name(names.verifiedOn)} (YYYY-MM-DD) are required`,
      );
    }
    return { verified, verifier, verifiedOn };
  }
}

/** The units a quantity may be given in, by their lower-case spelling (a Map: "constructor" is no unit). */
export const UNITS: ReadonlyMap<string, string> = new Map([
  ['t', 't'],
  ['kg', 'kg'],
  ['mwh', 'MWh'],
]);

/** Quantity in the catalogue's unit (tonnes or MWh), and the unit as given, or undefined with issues. */
function quantityOf(f: Fields, cn: string | undefined): { quantity: number; unit: string } | undefined {
  const q = f.number('quantity', true);
  const u = f.text('unit', { required: true, max: 10 });
  if (q !== undefined && (!Number.isFinite(q) || q <= 0)) f.add('E005', 'quantity', `quantity must be a positive number, got ${show(q)}`);
  else if (q !== undefined && q > MAX_QUANTITY) f.add('E005', 'quantity', `quantity ${q} is out of range (at most ${MAX_QUANTITY})`);
  const unit = u === undefined ? undefined : UNITS.get(u.toLowerCase());
  const good = cn === undefined ? undefined : lookupCn(cn)?.good;
  if (u !== undefined && unit === undefined) f.add('E005', 'unit', `unit ${show(u)} is not allowed; use "t" or "kg" for goods, "MWh" for electricity`);
  else if (unit !== undefined && good?.unit === 'MWh' && unit !== 'MWh')
    f.add('E005', 'unit', `unit "${unit}" is not allowed for electricity (${formatCn(cn!)}): give the quantity in MWh`);
  else if (unit === 'MWh' && good !== undefined && good.unit !== 'MWh')
    f.add('E005', 'unit', `unit "MWh" is only for electricity; cn_code ${formatCn(cn!)} is measured in "t" or "kg"`);
  if (q === undefined || unit === undefined || !(q > 0 && q <= MAX_QUANTITY)) return undefined;
  return { quantity: unit === 'kg' ? q / 1000 : q, unit };
}

/** Validates one shipment line (snake_case fields, JSON types). */
export function parseShipment(raw: Record<string, unknown>): CbamParse {
  const f = new Fields(raw, []);
  f.unknown(SHIPMENT_FIELDS, 'a shipment');
  const shipmentId = f.text('shipment_id', { required: true, max: 64 });
  const importDate = f.date('import_date', { required: true, notBefore: CBAM_START_DATE });
  const cnCode = f.cnCode('cn_code');
  const originCountry = f.country('origin_country', true);
  const amount = quantityOf(f, cnCode);
  const eori = f.text('declarant_eori', { required: false, max: 20 })?.toUpperCase();
  if (eori !== undefined && !/^[A-Z]{2}[A-Z0-9]{1,15}$/.test(eori)) {
    f.add(
      'E006',
      'declarant_eori',
      `declarant_eori ${show(eori)} is malformed: an EORI is a 2-letter country code and 1 to 15 letters or digits, e.g. "DE123456789012345"`,
    );
  }
  const installationId = f.text('installation_id', { required: false, max: 64 });
  const directSee = f.see('actual_direct_see', false);
  const indirectSee = f.see('actual_indirect_see', false);
  const hasDirect = given(raw.actual_direct_see);
  if (!hasDirect && indirectSee !== undefined) {
    f.add('E009', 'actual_indirect_see', 'actual_indirect_see is given without actual_direct_see; give both, or neither to use default values');
  }
  const v = f.verification({ verified: 'actual_verified', verifier: 'verifier', verifiedOn: 'verified_on', direct: 'actual_direct_see' }, hasDirect);
  const paid = f.number('carbon_price_paid_eur', false);
  if (paid !== undefined && !(Number.isFinite(paid) && paid >= 0)) {
    f.add('E010', 'carbon_price_paid_eur', `carbon_price_paid_eur must be 0 or more (EUR), got ${show(paid)}`);
  }
  const procedure = f.text('procedure', { required: false, max: 10 })?.toUpperCase();
  if (procedure !== undefined && !/^[A-Z0-9]{2}$/.test(procedure)) {
    f.add('E010', 'procedure', `procedure ${show(procedure)} must be a 2-character customs procedure code, e.g. "40"`);
  }
  const supplierId = f.text('supplier_id', { required: false, max: 64 });
  const description = f.text('description', { required: false, max: 500 });
  if (f.issues.length > 0) return { ok: false, issues: f.issues };
  const actual: ActualEmissions | undefined =
    directSee === undefined ? undefined : { directSee, indirectSee, verified: v.verified, verifier: v.verifier, verifiedOn: v.verifiedOn };
  return {
    ok: true,
    shipment: {
      shipmentId: shipmentId!,
      importDate: importDate!,
      cnCode: cnCode!,
      originCountry: originCountry!,
      quantity: amount!.quantity,
      unitGiven: amount!.unit,
      declarantEori: eori,
      installationId,
      actual,
      carbonPricePaidEur: paid ?? 0,
      procedure,
      supplierId,
      description,
    } satisfies CbamShipmentInput,
  };
}

export type CbamInstallationParse = { ok: true; installation: CbamInstallation } | { ok: false; issues: CbamIssue[] };

/** Validates an installation record with its actual SEE by CN code and year. */
export function parseInstallation(raw: Record<string, unknown>): CbamInstallationParse {
  const f = new Fields(raw, []);
  f.unknown(INSTALLATION_FIELDS, 'an installation');
  const installationId = f.text('installation_id', { required: true, max: 64 });
  const name = f.text('name', { required: true, max: 200 });
  const operatorName = f.text('operator_name', { required: true, max: 200 });
  const country = f.country('country', false);
  const list = f.value('emissions', false) ?? [];
  const emissions: CbamInstallation['emissions'] = [];
  if (!Array.isArray(list)) f.add('E010', 'emissions', `emissions must be a list of {cn_code, year, direct_see, …}, got ${typeName(list)}`);
  else {
    const seen = new Map<string, number>();
    list.forEach((item: unknown, i) => {
      const path = `emissions[${i}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        f.add('E010', path, `${path} must be an object {cn_code, year, direct_see, …}, got ${typeName(item)}`);
        return;
      }
      const e = parseEmission(new Fields(item as Record<string, unknown>, f.issues, `${path}.`), item as Record<string, unknown>);
      if (!e) return;
      const key = `${e.cnCode}|${e.year}`;
      const first = seen.get(key);
      if (first !== undefined)
        f.add('E009', `${path}.cn_code`, `emissions[${first}] already gives cn_code ${formatCn(e.cnCode)} for ${e.year}; give one entry per code and year`);
      else {
        seen.set(key, i);
        emissions.push(e);
      }
    });
  }
  if (f.issues.length > 0) return { ok: false, issues: f.issues };
  return { ok: true, installation: { installationId: installationId!, name: name!, operatorName: operatorName!, country: country!, emissions } };
}

function parseEmission(f: Fields, raw: Record<string, unknown>): CbamInstallation['emissions'][number] | undefined {
  const before = f.issues.length;
  f.unknown(EMISSION_FIELDS, 'an emissions entry');
  const cnCode = f.cnCode('cn_code');
  const year = f.number('year', true);
  if (year !== undefined && (!Number.isInteger(year) || year < 2023 || year > 2100)) {
    f.add('E004', 'year', `${f.name('year')} ${show(year)} must be a whole year from 2023 (when CBAM began) to 2100`);
  }
  const directSee = f.see('direct_see', true);
  const indirectSee = f.see('indirect_see', false);
  const v = f.verification({ verified: 'verified', verifier: 'verifier', verifiedOn: 'verified_on', direct: 'direct_see' }, given(raw.direct_see));
  if (f.issues.length > before) return undefined;
  return { cnCode: cnCode!, year: year!, directSee: directSee!, indirectSee, verified: v.verified, verifier: v.verifier, verifiedOn: v.verifiedOn };
}

/** The issue for a line naming an installation the tenant has not registered (the store checks). */
export function unknownInstallation(installationId: string): CbamIssue {
  return {
    code: 'E009',
    field: 'installation_id',
    message: `installation_id ${show(installationId)} is not a registered installation; register it (with its actual emissions) first, or leave it out to use default values`,
  };
}
