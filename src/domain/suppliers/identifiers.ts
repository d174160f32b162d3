/**
 * Supplier identifiers (issue 18): validate and canonicalize LEI, DUNS, VAT and national registry ids, so that
 * matching by exact identifier compares like with like and a bad id is rejected with its field named.
 *
 * Sources:
 * - LEI: ISO 17442-1:2020 (20 characters: 18 alphanumerics + 2 check digits) with the check of ISO 7064 MOD 97-10
 *   (letters A=10 … Z=35; the whole number mod 97 must be 1), as published by GLEIF.
 * - DUNS: Dun & Bradstreet's D-U-N-S Number, 9 digits, no public check digit.
 * - VAT: the European Commission's VIES "VAT number validation" FAQ (format per member state; Greece is EL,
 *   Northern Ireland XI), HMRC (GB), the Swiss UID register (CHE + 9 digits, mod 11 weights 5,4,3,2,7,6,5,4) and the
 *   Norwegian Brønnøysund register (9-digit organisation number, mod 11 weights 3,2,7,6,5,4,3,2, + MVA). The check
 *   digit algorithms are those each tax administration documents; they were cross-checked against the ~710 published
 *   numbers in python-stdnum's test set. SK is format only (VAT_FORMAT_ONLY); so are personal-number forms in BG, CZ, LV and FR alphabetic keys.
 */
import type { FieldProblem } from './types.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

/** A national registry id, e.g. `{ scheme: 'GB-COH', id: '00445790' }` (UK Companies House). */
export interface RegistryId {
  scheme: string;
  id: string;
}

export interface CanonicalIdentifiers {
  lei?: string;
  duns?: string;
  vat?: string;
  registry?: RegistryId;
}

const fail = (field: string, message: string): { ok: false; problem: FieldProblem } => ({ ok: false, problem: { field, message } });

/** Trimmed and upper-cased text with the given separators removed, or a problem if it is not a non-empty string. */
function cleaned(raw: unknown, field: string, label: string, separators: RegExp): Checked<string> {
  if (typeof raw !== 'string') return fail(field, `${label} must be a string`);
  const value = raw.trim().toUpperCase().replace(separators, '');
  return value === '' ? fail(field, `${label} must not be empty`) : { ok: true, value };
}

/** Value of an alphanumeric string mod 97 with A=10 … Z=35 (ISO 7064 MOD 97-10), computed piecewise. */
function mod97(s: string): number {
  let rest = 0;
  for (const ch of s) {
    const v = Number.parseInt(ch, 36);
    rest = v < 10 ? (rest * 10 + v) % 97 : (rest * 100 + v) % 97;
  }
  return rest;
}

const weighted = (digits: string, weights: readonly number[]): number => weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0);

/** Luhn: doubling every second digit from the right, the sum is a multiple of 10. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 over all digits, check digit last (used by DE and HR). */
function mod11x10Valid(digits: string): boolean {
  let product = 10;
  for (const ch of digits.slice(0, -1)) {
    const sum = (Number(ch) + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === Number(digits.at(-1));
}

// ---------------------------------------------------------------------------------------------------------------------
// LEI

/** LEI (ISO 17442): 20 alphanumerics, the last two digits checked by ISO 7064 MOD 97-10. Spaces are ignored. */
export function validateLei(raw: unknown, field: string): Checked<string> {
  const c = cleaned(raw, field, 'LEI', /\s+/g);
  if (!c.ok) return c;
  const lei = c.value;
  const bad = lei.match(/[^0-9A-Z]/);
  if (bad) return fail(field, `LEI may contain only letters A-Z and digits 0-9; found '${bad[0]}'`);
  if (lei.length !== 20) return fail(field, `LEI must have 20 characters; got ${lei.length}`);
  if (!/^[0-9]{2}$/.test(lei.slice(18))) return fail(field, `LEI check digits (the last two characters) must be digits; got '${lei.slice(18)}'`);
  if (mod97(lei) !== 1) {
    const expected = String(98 - mod97(`${lei.slice(0, 18)}00`)).padStart(2, '0');
    return fail(field, `LEI check digits do not match (ISO 7064 MOD 97-10): expected ${expected}, got ${lei.slice(18)}`);
  }
  return { ok: true, value: lei };
}

// ---------------------------------------------------------------------------------------------------------------------
// DUNS

/** DUNS: exactly 9 digits; spaces and dashes (15-048-3782) are ignored. */
export function validateDuns(raw: unknown, field: string): Checked<string> {
  const c = cleaned(raw, field, 'DUNS number', /[\s-]+/g);
  if (!c.ok) return c;
  const bad = c.value.match(/[^0-9]/);
  if (bad) return fail(field, `DUNS numbers have only digits; found '${bad[0]}'`);
  if (c.value.length !== 9) return fail(field, `DUNS numbers have 9 digits; got ${c.value.length}`);
  return { ok: true, value: c.value };
}

// ---------------------------------------------------------------------------------------------------------------------
// VAT

interface VatRule {
  /** Country name, for messages. */
  country: string;
  /** The number after the prefix, separators removed. */
  pattern: RegExp;
  /** What `pattern` accepts, in words, for messages. */
  format: string;
  /** Check digit test on the number after the prefix, when the country has a simple public one. */
  check?: (n: string) => boolean;
}

const IE_ALPHABET = 'WABCDEFGHIJKLMNOPQRSTUV';
const ieCheck = (seven: string, extra: string): string =>
  IE_ALPHABET[(weighted(seven, [8, 7, 6, 5, 4, 3, 2]) + 9 * Math.max(0, IE_ALPHABET.indexOf(extra))) % 23]!;

/** Spain: DNI (8 digits + letter), NIE (X/Y/Z + 7 digits + letter), K/L/M persons, or CIF (entity letter + 7 digits + check). */
function esValid(n: string): boolean {
  const dniLetter = (num: string) => 'TRWAGMYFPDXBNJZSQVHLCKE'[Number(num) % 23];
  const head = n[0]!;
  const mid = n.slice(1, 8);
  if (/[0-9]/.test(head)) return n[8] === dniLetter(n.slice(0, 8));
  if ('XYZ'.includes(head)) return n[8] === dniLetter(`${'XYZ'.indexOf(head)}${mid}`);
  if ('KLM'.includes(head)) return n[8] === dniLetter(mid);
  // CIF: Luhn check digit over the 7 digits, written as a digit or as a letter J=0, A=1 … I=9.
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(mid[i]);
    sum += i % 2 === 0 ? Math.floor((d * 2) / 10) + ((d * 2) % 10) : d;
  }
  const c = (10 - (sum % 10)) % 10;
  return n[8] === String(c) || n[8] === 'JABCDEFGHI'[c];
}

/** Great Britain and Northern Ireland: 9 digits (or 12 for a branch), weights 8…2,10,1 mod 97; government GD/HA 5 characters. */
function gbValid(n: string): boolean {
  if (/^(GD|HA)/.test(n)) return n.startsWith('GD') ? Number(n.slice(2)) < 500 : Number(n.slice(2)) >= 500;
  const r = weighted(n, [8, 7, 6, 5, 4, 3, 2, 10, 1]) % 97;
  return Number(n.slice(0, 3)) >= 100 ? r === 0 || r === 42 || r === 55 : r === 0;
}

const GB: VatRule = {
  country: 'United Kingdom',
  pattern: /^([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})$/,
  format: '9 or 12 digits, or GD/HA + 3 digits',
  check: gbValid,
};

/** Per-prefix rules: the 27 EU member states as VIES spells them (Greece EL), Northern Ireland XI, GB, CH and NO. */
const VAT_RULES: Record<string, VatRule> = {
  AT: { country: 'Austria', pattern: /^U[0-9]{8}$/, format: 'U + 8 digits', check: atValid },
  BE: {
    country: 'Belgium',
    pattern: /^[01][0-9]{9}$/,
    format: '10 digits starting with 0 or 1',
    check: (n) => (Number(n.slice(0, 8)) + Number(n.slice(8))) % 97 === 0,
  },
  BG: { country: 'Bulgaria', pattern: /^[0-9]{9,10}$/, format: '9 or 10 digits', check: bgValid },
  CY: { country: 'Cyprus', pattern: /^[0-9]{8}[A-Z]$/, format: '8 digits + a letter', check: cyValid },
  CZ: { country: 'Czechia', pattern: /^[0-9]{8,10}$/, format: '8, 9 or 10 digits', check: czValid },
  DE: { country: 'Germany', pattern: /^[1-9][0-9]{8}$/, format: '9 digits', check: mod11x10Valid },
  DK: { country: 'Denmark', pattern: /^[1-9][0-9]{7}$/, format: '8 digits', check: (n) => weighted(n, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0 },
  EE: { country: 'Estonia', pattern: /^10[0-9]{7}$/, format: '9 digits starting with 10', check: (n) => weighted(n, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0 },
  EL: { country: 'Greece', pattern: /^[0-9]{9}$/, format: '9 digits', check: elValid },
  ES: { country: 'Spain', pattern: /^[0-9A-Z][0-9]{7}[0-9A-Z]$/, format: 'a letter or digit, 7 digits, a letter or digit', check: esValid },
  FI: { country: 'Finland', pattern: /^[0-9]{8}$/, format: '8 digits', check: (n) => weighted(n, [7, 9, 10, 5, 8, 4, 2, 1]) % 11 === 0 },
  FR: { country: 'France', pattern: /^[0-9A-HJ-NP-Z]{2}[0-9]{9}$/, format: '2-character key + 9-digit SIREN', check: frValid },
  HR: { country: 'Croatia', pattern: /^[0-9]{11}$/, format: '11 digits', check: mod11x10Valid },
  HU: { country: 'Hungary', pattern: /^[0-9]{8}$/, format: '8 digits', check: (n) => weighted(n, [9, 7, 3, 1, 9, 7, 3, 1]) % 10 === 0 },
  IE: {
    country: 'Ireland',
    pattern: /^([0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W])$/,
    format: '7 digits + 1 or 2 letters, or the old 8-character form',
    check: ieValid,
  },
  IT: { country: 'Italy', pattern: /^[0-9]{11}$/, format: '11 digits', check: luhnValid },
  LT: { country: 'Lithuania', pattern: /^([0-9]{9}|[0-9]{12})$/, format: '9 or 12 digits', check: ltValid },
  LU: { country: 'Luxembourg', pattern: /^[0-9]{8}$/, format: '8 digits', check: (n) => Number(n.slice(0, 6)) % 89 === Number(n.slice(6)) },
  LV: {
    country: 'Latvia',
    pattern: /^[0-9]{11}$/,
    format: '11 digits',
    check: (n) => n[0]! <= '3' || weighted(n, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3,
  },
  MT: { country: 'Malta', pattern: /^[1-9][0-9]{7}$/, format: '8 digits', check: (n) => weighted(n, [3, 4, 6, 7, 8, 9, 10, 1]) % 37 === 0 },
  NL: { country: 'Netherlands', pattern: /^[0-9]{9}B(0[1-9]|[1-9][0-9])$/, format: '9 digits + B + 2 digits (not B00)', check: nlValid },
  PL: { country: 'Poland', pattern: /^[0-9]{10}$/, format: '10 digits', check: (n) => weighted(n, [6, 5, 7, 2, 3, 4, 5, 6, 7, -1]) % 11 === 0 },
  PT: {
    country: 'Portugal',
    pattern: /^[1-9][0-9]{8}$/,
    format: '9 digits',
    check: (n) => ((11 - (weighted(n, [9, 8, 7, 6, 5, 4, 3, 2]) % 11)) % 11) % 10 === Number(n[8]),
  },
  RO: { country: 'Romania', pattern: /^[1-9][0-9]{1,9}$/, format: '2 to 10 digits', check: roValid },
  SE: { country: 'Sweden', pattern: /^[0-9]{10}01$/, format: '10 digits + 01', check: (n) => luhnValid(n.slice(0, 10)) },
  SI: { country: 'Slovenia', pattern: /^[1-9][0-9]{7}$/, format: '8 digits', check: siValid },
  SK: { country: 'Slovakia', pattern: /^[1-9][0-9]{9}$/, format: '10 digits' },
  XI: { ...GB, country: 'Northern Ireland' },
  GB,
  CH: { country: 'Switzerland', pattern: /^E[0-9]{9}$/, format: 'CHE + 9 digits (+ MWST, TVA, IVA or TPV)', check: chValid },
  NO: { country: 'Norway', pattern: /^[0-9]{9}MVA$/, format: '9 digits + MVA', check: (n) => weighted(n, [3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0 },
};

function atValid(n: string): boolean {
  // Luhn-style over the 7 digits after U, with the check (10 - (sum + 4) mod 10) mod 10.
  let sum = 0;
  for (let i = 0; i < 7; i++) {
    const d = Number(n[i + 1]) * (i % 2 === 0 ? 1 : 2);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - ((sum + 4) % 10)) % 10 === Number(n[8]);
}

function bgValid(n: string): boolean {
  if (n.length === 10) return true; // persons and foreigners: several schemes, format only
  let r = weighted(n, [1, 2, 3, 4, 5, 6, 7, 8]) % 11;
  if (r === 10) r = weighted(n, [3, 4, 5, 6, 7, 8, 9, 10]) % 11;
  return r % 10 === Number(n[8]);
}

function cyValid(n: string): boolean {
  if (n.startsWith('12')) return false;
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += i % 2 === 0 ? odd[Number(n[i])]! : Number(n[i]);
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[sum % 26] === n[8];
}

function czValid(n: string): boolean {
  if (n.length !== 8) return true; // 9 and 10 digits are personal numbers: format only
  const c = (11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
  return n[0] !== '9' && (c || 1) % 10 === Number(n[7]);
}

function elValid(n: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum = sum * 2 + Number(n[i]);
  return ((sum * 2) % 11) % 10 === Number(n[8]);
}

function frValid(n: string): boolean {
  const key = n.slice(0, 2);
  const siren = n.slice(2);
  if (siren.slice(0, 3) !== '000' && !luhnValid(siren)) return false; // Monaco numbers (000…) are not SIRENs
  if (!/^[0-9]{2}$/.test(key)) return true; // alphabetic keys (old scheme): format only
  return Number(key) === mod97(`${siren}12`);
}

function ieValid(n: string): boolean {
  if (/^[0-9]{7}/.test(n)) return n[7] === ieCheck(n.slice(0, 7), n[8] ?? 'W');
  return n[7] === ieCheck(`0${n.slice(2, 7)}${n[0]}`, 'W'); // old form: digit, letter, 5 digits, check
}

function ltValid(n: string): boolean {
  if (n[n.length - 2] !== '1') return false;
  const body = n.slice(0, -1);
  const sum = (shift: number) => [...body].reduce((s, d, i) => s + (1 + ((i + shift) % 9)) * Number(d), 0) % 11;
  let r = sum(0);
  if (r === 10) r = sum(2);
  return r % 10 === Number(n.at(-1));
}

function nlValid(n: string): boolean {
  // Either the old RSIN/BSN eleven-test or, since 2020 for sole traders, ISO 7064 MOD 97-10 over 'NL' + number.
  return (weighted(n, [9, 8, 7, 6, 5, 4, 3, 2, -1]) % 11 === 0 && Number(n.slice(0, 9)) > 0) || mod97(`NL${n}`) === 1;
}

function roValid(n: string): boolean {
  const padded = n.padStart(10, '0');
  return ((weighted(padded, [7, 5, 3, 2, 1, 7, 5, 3, 2]) * 10) % 11) % 10 === Number(padded[9]);
}

function siValid(n: string): boolean {
  const c = 11 - (weighted(n, [8, 7, 6, 5, 4, 3, 2]) % 11);
  return c !== 11 && c % 10 === Number(n[7]);
}

function chValid(n: string): boolean {
  const c = (11 - (weighted(n.slice(1), [5, 4, 3, 2, 7, 6, 5, 4]) % 11)) % 11;
  return c !== 10 && c === Number(n[9]);
}

/** The prefixes accepted for VAT numbers, in VIES spelling. */
export const VAT_PREFIXES: readonly string[] = Object.keys(VAT_RULES);

/** Prefixes whose numbers are checked by format only (no simple public check digit, or several schemes). */
export const VAT_FORMAT_ONLY: readonly string[] = Object.keys(VAT_RULES).filter((p) => !VAT_RULES[p]!.check);

/**
 * VAT number with its country prefix: `DE 136.695.976` → `DE136695976`. Spaces, dots, dashes, colons and slashes are removed; the
 * Swiss language suffix (MWST/TVA/IVA/TPV) is dropped; GR is read as EL, the prefix VIES uses for Greece.
 */
export function validateVat(raw: unknown, field: string): Checked<string> {
  const c = cleaned(raw, field, 'VAT number', /[\s.\-:/]+/g);
  if (!c.ok) return c;
  let v = c.value;
  if (v.startsWith('GR')) v = `EL${v.slice(2)}`;
  if (v.startsWith('CHE')) v = v.replace(/(MWST|TVA|IVA|TPV)$/, '');
  // Older short forms, zero-padded as VIES expects: BE 9 digits, EL 8 digits, NL fewer than 9 digits before B.
  if (/^BE[0-9]{9}$/.test(v) || /^EL[0-9]{8}$/.test(v)) v = `${v.slice(0, 2)}0${v.slice(2)}`;
  if (/^NL[0-9]{1,8}B[0-9]{2}$/.test(v)) v = `NL${v.slice(2, -3).padStart(9, '0')}${v.slice(-3)}`;
  const prefix = v.slice(0, 2);
  const rule = VAT_RULES[prefix];
  if (!rule) {
    if (!/^[A-Z]{2}/.test(v)) return fail(field, `VAT number must start with its country prefix (such as DE or EL); got '${c.value}'`);
    return fail(field, `unknown VAT country prefix '${prefix}'; expected one of ${VAT_PREFIXES.join(', ')}`);
  }
  const num = v.slice(2);
  if (!rule.pattern.test(num)) return fail(field, `VAT number for ${rule.country} (${prefix}) must be ${rule.format}; got '${c.value}'`);
  if (rule.check && !rule.check(num)) return fail(field, `VAT number ${v} fails the ${rule.country} (${prefix}) check digit`);
  return { ok: true, value: v };
}

// ---------------------------------------------------------------------------------------------------------------------
// Registry

/** Unicode control characters (Cc): U+0000–U+001F and U+007F–U+009F. */
const CONTROL = /\p{Cc}/u;

/** National registry id as free text with a scheme label: non-empty, at most 64 characters, no control characters. */
export function validateRegistry(raw: unknown, field: string): Checked<RegistryId> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(field, 'registry id must be an object { scheme, id }');
  const r = raw as Record<string, unknown>;
  const parts: Array<[keyof RegistryId, string]> = [
    ['scheme', 'registry scheme'],
    ['id', 'registry id'],
  ];
  const out: RegistryId = { scheme: '', id: '' };
  for (const [key, label] of parts) {
    const f = `${field}.${key}`;
    const value = r[key];
    if (typeof value !== 'string') return fail(f, `${label} must be a string`);
    if (CONTROL.test(value)) return fail(f, `${label} must not contain control characters`);
    const text = value.trim().replace(/\s+/g, ' ').toUpperCase();
    if (text === '') return fail(f, `${label} must not be empty`);
    if (text.length > 64) return fail(f, `${label} must have at most 64 characters; got ${text.length}`);
    out[key] = text;
  }
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------------------------------
// All identifiers of one supplier

const VALIDATORS = { lei: validateLei, duns: validateDuns, vat: validateVat, registry: validateRegistry } as const;

/**
 * Validates `{ lei?, duns?, vat?, registry? }`: every problem, each naming its field (`identifiers.lei`), or the
 * canonical values. Absent, null and blank values are left out; unknown keys are problems.
 */
export function validateIdentifiers(
  input: Record<string, unknown>,
  fieldPrefix = 'identifiers',
): { ok: true; value: CanonicalIdentifiers } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const value: CanonicalIdentifiers = {};
  for (const [key, raw] of Object.entries(input)) {
    const field = `${fieldPrefix}.${key}`;
    if (!Object.hasOwn(VALIDATORS, key)) {
      problems.push({ field, message: `unknown identifier '${key}'; expected lei, duns, vat or registry` });
      continue;
    }
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    const scheme = key as keyof typeof VALIDATORS;
    const checked = VALIDATORS[scheme](raw, field);
    if (!checked.ok) problems.push(checked.problem);
    else if (scheme === 'registry') value.registry = checked.value as RegistryId;
    else value[scheme] = checked.value as string;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}
