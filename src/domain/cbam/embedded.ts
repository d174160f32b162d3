/**
 * Embedded emissions of one shipment line (docs/cbam.md, Embedded emissions). Method priority:
 * verified actual SEE → unverified actual SEE → the data set's default SEE for (CN code, origin)
 * with the import year's mark-up. With Q the quantity (t or MWh) and m the mark-up percent (0 for
 * actuals):
 *   direct_t   = Q × direct_see   × (100 + m) / 100
 *   indirect_t = Q × indirect_see × (100 + m) / 100
 *   counted_t  = direct_t + (indirect_t where the good's indirectCounts column says so)
 */
import { type Canonical, sha256Hex } from '../lineage.ts';
import { printedText, printedValues } from '../printed-number.ts';
import { defaultSee, markupPct } from './dataset.ts';
import { formatCn } from './goods.ts';
import type { ActualEmissions, CbamDataset, CbamShipmentInput, CnCodeInfo, EmbeddedEmissions } from './types.ts';

export const CBAM_ENGINE = 'cbam';
export const CBAM_METHOD_VERSION = '1';

type Warning = EmbeddedEmissions['warnings'][number];
/** The fields of a shipment its lineage covers. */
export type LineageShipment = Pick<CbamShipmentInput, 'cnCode' | 'originCountry' | 'importDate' | 'quantity' | 'installationId'>;
/** An embedded-emissions result without its warnings and hash. */
export type LineageValues = Omit<EmbeddedEmissions, 'warnings' | 'lineageHash'>;

/** The actual SEE to use: verified beats unverified; at equal standing the line's own figures beat the installation's. */
export function chooseActual(line: ActualEmissions | undefined, installation: ActualEmissions | undefined): ActualEmissions | undefined {
  if (line?.verified) return line;
  if (installation?.verified) return installation;
  return line ?? installation;
}

const ILLUSTRATIVE = new WeakMap<CbamDataset, Warning>();

/** One warning object per illustrative data set, shared by its results (this runs per shipment). */
function illustrativeWarning(ds: CbamDataset): Warning {
  let w = ILLUSTRATIVE.get(ds);
  if (!w) {
    w = Object.freeze({
      code: 'ILLUSTRATIVE_DATA',
      message: `default values come from data set ${ds.id} ${ds.version}, which is illustrative (not the Commission's values); import the official defaults before declaring`,
    });
    ILLUSTRATIVE.set(ds, w);
  }
  return w;
}

/** The year of a YYYY-MM-DD date, without a substring per line. */
export function yearOf(date: string): number {
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}

const times = (quantity: number, see: number, markup: number): number => (markup === 0 ? quantity * see : (quantity * see * (100 + markup)) / 100);

/** A default: its SEE row and mark-up, and the lineage's `values` part (the same for every line of it), made on first use. */
type DefaultChoice = { row: NonNullable<ReturnType<typeof defaultSee>>; markup: number; valuesJson?: string } | { error: string };

/** Default SEE and mark-up by data set, CN code, origin and year: the same for every line of them (this runs per shipment). */
const DEFAULTS = new WeakMap<CbamDataset, Map<string, Map<number, DefaultChoice>>>();

function defaultFor(ds: CbamDataset, cn: string, origin: string, year: number): DefaultChoice {
  let byKey = DEFAULTS.get(ds);
  if (!byKey) {
    byKey = new Map();
    DEFAULTS.set(ds, byKey);
  }
  // By CN code and origin, then by year: no key string made per line.
  const codeOrigin = cn + origin;
  let byYear = byKey.get(codeOrigin);
  if (!byYear) {
    byYear = new Map();
    byKey.set(codeOrigin, byYear);
  }
  let choice = byYear.get(year);
  if (!choice) {
    const row = defaultSee(ds, cn, origin);
    const markup = markupPct(ds, year, cn);
    choice = !row
      ? {
          error: `no default value for CN code ${formatCn(cn)} from ${origin} in data set ${ds.id} ${ds.version}; import one with "greenline cbam defaults import FILE" (a "default" row for the code or a heading over it, docs/cbam.md), or give actual emissions`,
        }
      : markup === undefined
        ? { error: `data set ${ds.id} ${ds.version} has no mark-up schedule for default values; import "markup" rows (docs/cbam.md)` }
        : { row, markup };
    byYear.set(year, choice);
  }
  return choice;
}

/**
 * Embedded emissions of `s`: `actual` is the registered installation's SEE for the line's CN code
 * and year (when any); the line's own actual SEE (s.actual) is considered too (chooseActual).
 */
export function embeddedEmissions(
  s: CbamShipmentInput,
  info: CnCodeInfo,
  actual: ActualEmissions | undefined,
  ds: CbamDataset,
): EmbeddedEmissions | { error: string } {
  const warnings: Warning[] = [];
  const chosen = chooseActual(s.actual, actual);
  const year = yearOf(s.importDate);
  let method: EmbeddedEmissions['method'];
  let directSee: number;
  let indirectSee: number;
  let markup = 0;
  let choice: Extract<DefaultChoice, { row: unknown }> | undefined;
  if (chosen) {
    method = chosen.verified ? 'actual_verified' : 'actual_unverified';
    directSee = chosen.directSee;
    indirectSee = chosen.indirectSee ?? 0;
    if (!chosen.verified) {
      warnings.push({
        code: 'UNVERIFIED_ACTUALS',
        message: `actual emissions for ${formatCn(s.cnCode)} are not verified: the annual CBAM declaration accepts actual emissions only when an accredited verifier has verified them`,
      });
    }
    if (chosen.indirectSee === undefined && info.good.indirectCounts) {
      warnings.push({
        code: 'INDIRECT_NOT_REPORTED',
        message: `indirect emissions count for ${info.good.category} but the actual emissions give none, so 0 is used; give the indirect SEE too`,
      });
    }
  } else {
    const d = defaultFor(ds, s.cnCode, s.originCountry, year);
    if ('error' in d) return d;
    choice = d;
    const { row, markup: m } = d;
    method = 'default';
    directSee = row.directSee;
    indirectSee = row.indirectSee;
    markup = m;
    if (ds.illustrative) warnings.push(illustrativeWarning(ds));
  }
  const directT = times(s.quantity, directSee, markup);
  const indirectT = times(s.quantity, indirectSee, markup);
  const countedT = info.good.indirectCounts ? directT + indirectT : directT;
  const result: EmbeddedEmissions = {
    method,
    directSee,
    indirectSee,
    markupPct: markup,
    directT,
    indirectT,
    countedT,
    datasetId: ds.id,
    datasetVersion: ds.version,
    warnings,
    lineageHash: '',
  };
  const counts = info.good.indirectCounts;
  // A default's values part is the same for all its lines (the CN code fixes indirectCounts): written once.
  if (choice) choice.valuesJson ??= valuesJson(result, counts);
  const values = choice?.valuesJson ?? valuesJson(result, counts);
  result.lineageHash = sha256Hex(lineageJsonWith(s, result, values));
  return result;
}

/**
 * What a shipment's lineage hash covers, numbers in their printed form (printed-number.ts), so a
 * printed answer re-hashes to the same hash: the inputs that decide the result, the data set
 * (defaults only), the values used and the results.
 */
export function cbamLineage(s: LineageShipment, e: LineageValues, indirectCounts: boolean): Canonical {
  return printedValues({
    engine: CBAM_ENGINE,
    method_version: CBAM_METHOD_VERSION,
    method: e.method,
    inputs: {
      cn_code: s.cnCode,
      origin_country: s.originCountry,
      import_date: s.importDate,
      quantity: s.quantity,
      installation_id: s.installationId ?? null,
    },
    dataset: e.method === 'default' ? { id: e.datasetId, version: e.datasetVersion } : null,
    values: { direct_see: e.directSee, indirect_see: e.indirectSee, markup_pct: e.markupPct, indirect_counts: indirectCounts },
    results: { direct_t: e.directT, indirect_t: e.indirectT, counted_t: e.countedT },
  });
}

const num = printedText;
const str = (t: string): string => JSON.stringify(t);

/**
 * canonicalJson(cbamLineage(…)) written directly with its keys in sorted order: this runs once
 * per shipment, and the generic encoder costs several times more (a test holds the two equal).
 */
export function cbamLineageJson(s: LineageShipment, e: LineageValues, indirectCounts: boolean): string {
  return lineageJsonWith(s, e, valuesJson(e, indirectCounts));
}

/** The lineage JSON with its `values` part given (embeddedEmissions writes a default's once). */
function lineageJsonWith(s: LineageShipment, e: LineageValues, values: string): string {
  const installation = s.installationId === undefined ? 'null' : str(s.installationId);
  return (
    `{"dataset":${datasetPart(e)},"engine":"${CBAM_ENGINE}","inputs":{"cn_code":${str(s.cnCode)},"import_date":${str(s.importDate)},` +
    `"installation_id":${installation},"origin_country":${str(s.originCountry)},"quantity":${num(s.quantity)}},` +
    `"method":${str(e.method)},"method_version":"${CBAM_METHOD_VERSION}",` +
    `"results":{"counted_t":${num(e.countedT)},"direct_t":${num(e.directT)},"indirect_t":${num(e.indirectT)}},` +
    `"values":${values}}`
  );
}

/** The lineage's `dataset` part repeats across lines (every default line of a data set): written once per data set. */
const DATASET_PARTS = new Map<string, string>();

function datasetPart(e: LineageValues): string {
  if (e.method !== 'default') return 'null';
  const key = `${e.datasetId}|${e.datasetVersion}`;
  let part = DATASET_PARTS.get(key);
  if (part === undefined) {
    part = `{"id":${str(e.datasetId)},"version":${str(e.datasetVersion)}}`;
    // Bounded: a long-running server may see many data sets; start over rather than grow without end.
    if (DATASET_PARTS.size >= 1_000) DATASET_PARTS.clear();
    DATASET_PARTS.set(key, part);
  }
  return part;
}

function valuesJson(e: LineageValues, indirectCounts: boolean): string {
  return `{"direct_see":${num(e.directSee)},"indirect_counts":${indirectCounts},"indirect_see":${num(e.indirectSee)},"markup_pct":${num(e.markupPct)}}`;
}

/** The lineage hash of a shipment's embedded emissions: what the store keeps and `verify` recomputes. */
export function cbamLineageHash(s: LineageShipment, e: LineageValues, indirectCounts: boolean): string {
  return sha256Hex(cbamLineageJson(s, e, indirectCounts));
}
