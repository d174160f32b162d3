/**
 * Lineage hashes: SHA-256 of a canonical JSON encoding (object keys sorted, no whitespace,
 * numbers as JavaScript prints them), so the same inputs, factors and method always give the
 * same hash, and a stored number can be recomputed and checked. A result's lineage is hashed
 * with every number in its printed form (printed-number.ts), the form every answer shows: the
 * printed inputs, factors and result of an answer hash to its lineage_hash.
 */
import { hash } from 'node:crypto';
import { printed } from './printed-number.ts';

export type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical | undefined };

export function canonicalJson(value: Canonical): string {
  return encode(value, false);
}

/**
 * One module-level recursive function returning strings (V8 joins them as ropes), faster than a
 * closure appending to an outer string (docs/benchmarks.md, Design measurements); this runs once
 * per calculated record.
 */
function encode(v: Canonical | undefined, print: boolean): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`cannot hash non-finite number ${v}`);
      return JSON.stringify(print ? printed(v) : v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + encode(v[i]!, print);
        return `${out}]`;
      }
      const keys = Object.keys(v).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const item = v[keys[i]!];
        if (item === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(keys[i])}:${encode(item, print)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot hash a value of type ${typeof v}`);
  }
}

export function lineageHash(value: Canonical): string {
  return sha256Hex(canonicalJson(value));
}

/** What a calculation result's lineage hash covers. */
export interface ResultLineage {
  engine: string;
  category: number;
  methodVersion: string;
  tier: number;
  method: string;
  gwpSet: string;
  inputs: { [key: string]: Canonical | undefined };
  /** Sorted by name; `gases` (kg of each gas per unit) only for a factor that has a breakdown. */
  factors: Array<{ name: string; id: string; value: number; unit: string; datasetVersion: string; gases?: { [gas: string]: number } }>;
  kgCo2e: number;
}

/**
 * How a result's lineage is written: `printed` (numbers to 12 significant digits,
 * printed-number.ts, and each factor's gas breakdown) as results are hashed now. Verification
 * still accepts the forms of results stored before: `printed_without_gases` (before gas breakdowns
 * joined the hash) and `unrounded` (before that, numbers as JavaScript prints the double).
 */
export type LineageForm = 'printed' | 'printed_without_gases' | 'unrounded';

function finite(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`cannot hash non-finite number ${n}`);
  return JSON.stringify(n);
}

/** JSON.stringify of a finite number is String(number); printed() refuses non-finite ones. */
const printedJson = (n: number): string => String(printed(n));

/**
 * canonicalJson(lineage) for the one shape every result hashes, its numbers in their printed form
 * (or unrounded), written with its keys in sorted order instead of discovering and sorting them (a
 * test holds it equal to canonicalJson(printedValues(lineage))): cheaper than the generic encoder
 * (docs/benchmarks.md, Design measurements), and this runs once per calculated record.
 */
export function resultLineageJson(l: ResultLineage, form: LineageForm = 'printed'): string {
  const print = form !== 'unrounded';
  const withGases = form === 'printed';
  const num = print ? printedJson : finite;
  let factors = '';
  for (let i = 0; i < l.factors.length; i++) {
    const f = l.factors[i]!;
    const gases = withGases && f.gases ? `"gases":${encode(f.gases, print)},` : '';
    factors += `${i > 0 ? ',' : ''}{"datasetVersion":${JSON.stringify(f.datasetVersion)},${gases}"id":${JSON.stringify(f.id)},"name":${JSON.stringify(f.name)},"unit":${JSON.stringify(f.unit)},"value":${num(f.value)}}`;
  }
  return (
    `{"category":${num(l.category)},"engine":${JSON.stringify(l.engine)},"factors":[${factors}],"gwpSet":${JSON.stringify(l.gwpSet)},` +
    `"inputs":${encode(l.inputs, print)},"kgCo2e":${num(l.kgCo2e)},"method":${JSON.stringify(l.method)},"methodVersion":${JSON.stringify(l.methodVersion)},"tier":${num(l.tier)}}`
  );
}

export function resultLineageHash(l: ResultLineage, form: LineageForm = 'printed'): string {
  return sha256Hex(resultLineageJson(l, form));
}

/** SHA-256 in hex with the one-shot API: cheaper than createHash() for short inputs (docs/benchmarks.md, Design measurements). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
