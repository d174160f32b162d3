/**
 * The one definition of an `emissions` row as COPY writes it: its columns in order, how a result
 * becomes their text, and the row template a group of plain spend lines shares. The COPY column
 * list, the general writer and the templates are all derived from EMISSION_COLUMNS.
 */
import type { CalculationResult, PlannedRecord } from '../domain/scope3/engine.ts';
import type { SpendLine } from '../domain/scope3/spend-line.ts';
import type { CalculationSettings, UsedFactor } from '../domain/scope3/types.ts';
import { sha256Hex } from '../domain/lineage.ts';
import { type EmissionDetail, PartSet } from './calculation-parts.ts';
import { type CopyBuffer, copyJson, copyNumber, copyText } from './copy-text.ts';
import type { RollupAccumulator } from './rollups.ts';
import type { TenantKey } from './tenants.ts';

/** The columns of `emissions` that COPY fills, in COPY order. */
export const EMISSION_COLUMNS = [
  'id',
  'tenant_id',
  'tenant_no',
  'batch_id',
  'supplier_id',
  'category',
  'tier',
  'method',
  'activity_date',
  'kg_co2e',
  'gases',
  'factor_id',
  'dataset_version',
  'dqi',
  'cv',
  'lineage_hash',
  'external_id',
  'input',
  'detail',
  'row_number',
] as const;

export type EmissionColumn = (typeof EMISSION_COLUMNS)[number];

/** A row's fields in COPY text form (escaped, `\N` for NULL). */
export type EncodedRow = Record<EmissionColumn, string>;

/**
 * A row's COPY line: a template literal over EMISSION_COLUMNS in order, compiled once (reading
 * the columns in a loop by name was several times slower on the batch path).
 */
export const encodeRow = new Function('r', `return \`${EMISSION_COLUMNS.map((c) => `\${r.${c}}`).join('\t')}\n\`;`) as (row: EncodedRow) => string;

/** The columns a spend template fills per line; every other column is the group's. */
const SPEND_LINE_COLUMNS = ['id', 'activity_date', 'kg_co2e', 'lineage_hash', 'external_id', 'detail', 'row_number'] as const;
type SpendLineColumn = (typeof SPEND_LINE_COLUMNS)[number];
// SpendRowTemplate.write fills them in this order, which must be the table's.
if (EMISSION_COLUMNS.filter((c) => (SPEND_LINE_COLUMNS as readonly string[]).includes(c)).join() !== SPEND_LINE_COLUMNS.join()) {
  throw new Error('SPEND_LINE_COLUMNS must follow the order of EMISSION_COLUMNS');
}

/** The factor a result is filed under: the first one that is a stored factor row. */
function primaryFactor(result: Pick<CalculationResult, 'factors'>): UsedFactor | undefined {
  return result.factors.find((f) => !f.id.startsWith('inline:') && !f.id.startsWith('proxy:'));
}

/**
 * The row of every plain spend line of one group: the group's columns encoded once, the line's
 * own filled in per line. A row written this way keeps only its amount in `detail` and cites the
 * template part; its raw input (NULL) is rebuilt on read from the template's constant fields.
 */
export class SpendRowTemplate {
  /** Constant text before each line column, and after the last. */
  private readonly pieces: string[];
  /** Whether every constant piece is ASCII (then a plain ASCII line skips the UTF-8 encoder). */
  private readonly ascii: boolean;

  constructor(
    readonly line: SpendLine,
    constant: Omit<EncodedRow, SpendLineColumn>,
    private readonly detailHead: string,
    private readonly tier: number,
    private readonly dqi: number,
    /** Whether the group's rows carry warnings (a batch counts them). */
    readonly warned = false,
  ) {
    const pieces: string[] = [];
    let current = '';
    EMISSION_COLUMNS.forEach((column, i) => {
      const sep = i === 0 ? '' : '\t';
      if ((SPEND_LINE_COLUMNS as readonly string[]).includes(column)) {
        pieces.push(current + sep);
        current = '';
      } else current += sep + constant[column as Exclude<EmissionColumn, SpendLineColumn>];
    });
    pieces.push(`${current}\n`);
    this.pieces = pieces.map(flat);
    this.ascii = this.pieces.every(isAscii) && isAscii(detailHead);
  }

  /** Whether this template gives the engine's own kg and lineage hash for a line of `amount`. */
  agrees(amount: number, r: Pick<CalculationResult, 'kgCo2e' | 'lineageHash'>): boolean {
    const value = this.line.value(amount);
    const kg = this.line.kg(value);
    return kg === r.kgCo2e && sha256Hex(this.line.lineageJson(value, kg)) === r.lineageHash;
  }

  /**
   * Writes one line's row and adds it to the rollup; returns its kg. `amountText` is String(amount)
   * (the cell's own text when it prints back unchanged).
   */
  write(
    out: CopyBuffer,
    rollup: RollupAccumulator,
    id: string,
    date: string,
    amount: number,
    amountText: string,
    externalId: string | undefined,
    row: number | null,
  ): number {
    const value = this.line.value(amount);
    const kg = this.line.kg(value);
    const k = copyNumber(kg);
    const hash = sha256Hex(this.line.lineageJson(value, kg));
    rollup.add(date, 1, this.tier, null, kg, this.dqi);
    // Everything but the external id is ASCII by construction (ids, numbers, hex, a checked
    // date, the group's checked constants): such a line is written one byte per character.
    const plain = this.ascii && (externalId === undefined || isPlainAscii(externalId));
    const ext = plain ? (externalId ?? '\\N') : copyText(externalId);
    const p = this.pieces;
    // The line columns in SPEND_LINE_COLUMNS order: id, activity_date, kg_co2e, lineage_hash, external_id, detail, row_number.
    const text = `${p[0]}${id}${p[1]}${date}${p[2]}${k}${p[3]}${hash}${p[4]}${ext}${p[5]}${this.detailHead}${amountText}}${p[6]}${copyNumber(row)}${p[7]}`;
    if (plain) out.ascii(text);
    else out.text(text);
    return kg;
  }
}

/** Turns results into COPY lines for `emissions`, collecting the lineage parts they cite. */
export class EmissionWriter {
  readonly parts = new PartSet();
  private readonly settingsPart: string;
  /** The writer's constant columns, encoded once. */
  private readonly tenantId: string;
  private readonly tenantNo: string;
  private readonly batch: string;

  constructor(tenant: TenantKey, settings: CalculationSettings, batchId: string | null = null) {
    this.tenantId = copyText(tenant.id);
    this.tenantNo = String(tenant.no);
    this.batch = copyText(batchId);
    this.settingsPart = this.parts.id('settings', settings);
  }

  /** A result's lineage document, registering the parts it cites. */
  detailOf(r: CalculationResult): EmissionDetail {
    const f: Record<string, string> = {};
    for (const factor of r.factors) f[factor.name] = this.parts.factor(factor);
    const detail: EmissionDetail = { v: r.methodVersion, set: this.settingsPart, f, u: r.inputsUsed };
    if (r.tierFallback.skipped.length > 0) detail.s = this.parts.skipped(r.tierFallback.skipped);
    if (r.warnings.length > 0) detail.w = this.parts.warnings(r.warnings);
    return detail;
  }

  /** A row's fields: what the result decides, and the row's own id, input, detail and row number. */
  private encode(
    id: string,
    supplierId: string | undefined,
    externalId: string | undefined,
    r: CalculationResult,
    input: string,
    detail: string,
    rowNumber: number | null,
  ): EncodedRow {
    const primary = primaryFactor(r);
    return {
      id: copyText(id),
      tenant_id: this.tenantId,
      tenant_no: this.tenantNo,
      batch_id: this.batch,
      supplier_id: copyText(supplierId),
      category: String(r.category),
      tier: String(r.tier),
      method: copyText(r.method),
      activity_date: r.date,
      kg_co2e: copyNumber(r.kgCo2e),
      gases: copyJson(r.gases),
      factor_id: copyText(primary?.id),
      dataset_version: copyText(primary?.datasetVersion),
      dqi: copyNumber(r.dataQuality.score),
      cv: copyNumber(r.uncertainty.cv),
      lineage_hash: r.lineageHash,
      external_id: copyText(externalId),
      input,
      detail,
      row_number: copyNumber(rowNumber),
    };
  }

  /** The COPY line of a result with its raw input; `rowNumber`: the record's row in an ingested file. */
  line(id: string, raw: Record<string, unknown>, p: PlannedRecord, r: CalculationResult, rowNumber: number | null = null): string {
    return encodeRow(this.encode(id, p.common.supplierId, p.common.externalId, r, copyJson(raw), copyJson(this.detailOf(r)), rowNumber));
  }

  /**
   * The row template of a plain spend line's group, from the engine's result for one of its
   * lines (`record`); null when the result depends on more than the amount (`line` is null).
   * `constantInput`: the record's fields every line of the group shares.
   */
  spendTemplate(r: CalculationResult, line: SpendLine | null, constantInput: Record<string, unknown>): SpendRowTemplate | null {
    if (!line || r.supplierId !== null) return null;
    const template = this.parts.id('template', { ...this.detailOf({ ...r, inputsUsed: { ...r.inputsUsed, spend: 0 } }), in: constantInput });
    // The detail document {"t": template, "a": amount}, open at the amount.
    const detailHead = `${copyJson({ t: template }).slice(0, -1)},"a":`;
    const {
      id: _i,
      activity_date: _d,
      kg_co2e: _k,
      lineage_hash: _h,
      external_id: _e,
      detail: _t,
      row_number: _n,
      ...constant
    } = this.encode('', undefined, undefined, r, '\\N', '', null);
    return new SpendRowTemplate(line, constant, detailHead, r.tier, r.dataQuality.score, r.warnings.length > 0);
  }
}

/**
 * A flat copy of `s`: V8 keeps a concatenation as a tree of its pieces, and every line built from
 * a template's constants walked the tree again (docs/benchmarks.md, Design measurements).
 */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Printable ASCII without a backslash: copyText(text) === text, one byte per character. */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c) return false;
  }
  return true;
}
