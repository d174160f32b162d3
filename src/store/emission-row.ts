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

/** A row's COPY line. */
export function encodeRow(row: EncodedRow): string {
  let line = row[EMISSION_COLUMNS[0]];
  for (let i = 1; i < EMISSION_COLUMNS.length; i++) line += `\t${row[EMISSION_COLUMNS[i]!]}`;
  return `${line}\n`;
}

/** The columns a spend template fills per line; every other column is the group's. */
const SPEND_LINE_COLUMNS = ['id', 'activity_date', 'kg_co2e', 'lineage_hash', 'external_id', 'detail', 'row_number'] as const;
type SpendLineColumn = (typeof SPEND_LINE_COLUMNS)[number];

/** The factor a result is filed under: the first one that is a stored factor row. */
function primaryFactor(result: Pick<CalculationResult, 'factors'>): UsedFactor | undefined {
  return result.factors.find((f) => !f.id.startsWith('inline:') && !f.id.startsWith('proxy:'));
}

/** One plain spend line as a template writes it. */
export interface SpendRowInput {
  id: string;
  date: string;
  amount: number;
  /** String(amount), when the caller has it already (the cell's text). */
  amountText: string;
  externalId: string | undefined;
  row: number | null;
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
    const { kg, lineageJson } = this.line.at(amount);
    return kg === r.kgCo2e && sha256Hex(lineageJson) === r.lineageHash;
  }

  /** Writes the line's row and adds it to the rollup; returns its kg and lineage hash. */
  write(out: CopyBuffer, rollup: RollupAccumulator, l: SpendRowInput): { kg: number; hash: string } {
    const { kg, lineageJson } = this.line.at(l.amount);
    const hash = sha256Hex(lineageJson);
    rollup.add(l.date, 1, this.tier, null, kg, this.dqi);
    const ext = l.externalId;
    const plain = this.ascii && (ext === undefined || isPlainAscii(ext));
    const values: Record<SpendLineColumn, string> = {
      id: l.id,
      activity_date: l.date,
      kg_co2e: copyNumber(kg),
      lineage_hash: hash,
      external_id: plain ? (ext ?? '\\N') : copyText(ext),
      detail: `${this.detailHead}${l.amountText}}`,
      row_number: copyNumber(l.row),
    };
    const p = this.pieces;
    let text = p[0]!;
    for (let i = 0; i < SPEND_LINE_COLUMNS.length; i++) text += `${values[SPEND_LINE_COLUMNS[i]!]}${p[i + 1]}`;
    // Everything but the external id is ASCII by construction (ids, numbers, hex, a checked
    // date, the group's checked constants): such a line is written one byte per character.
    if (plain) out.ascii(text);
    else out.text(text);
    return { kg, hash };
  }
}

/** Turns results into COPY lines for `emissions`, collecting the lineage parts they cite. */
export class EmissionWriter {
  readonly parts = new PartSet();
  private readonly settingsPart: string;
  private readonly tenant: TenantKey;
  private readonly batchId: string | null;

  constructor(tenant: TenantKey, settings: CalculationSettings, batchId: string | null = null) {
    this.tenant = tenant;
    this.batchId = batchId;
    this.settingsPart = this.parts.id('settings', settings);
  }

  /** A result's lineage document, registering the parts it cites. */
  detailOf(r: CalculationResult): EmissionDetail {
    const f: Record<string, string> = {};
    for (const factor of r.factors) f[factor.name] = this.parts.factor(factor);
    const detail: EmissionDetail = { v: r.methodVersion, set: this.settingsPart, f, u: r.inputsUsed };
    if (r.tierFallback.skipped.length > 0) detail.s = this.parts.skipped(r.tierFallback.skipped);
    if (r.warnings.length > 0) detail.w = r.warnings;
    return detail;
  }

  /** The columns a result decides, whichever way its row is written. */
  private resultColumns(r: CalculationResult, supplierId: string | undefined): Omit<EncodedRow, SpendLineColumn | 'input'> {
    const primary = primaryFactor(r);
    return {
      tenant_id: copyText(this.tenant.id),
      tenant_no: String(this.tenant.no),
      batch_id: copyText(this.batchId),
      supplier_id: copyText(supplierId),
      category: String(r.category),
      tier: String(r.tier),
      method: copyText(r.method),
      gases: copyJson(r.gases),
      factor_id: copyText(primary?.id),
      dataset_version: copyText(primary?.datasetVersion),
      dqi: copyNumber(r.dataQuality.score),
      cv: copyNumber(r.uncertainty.cv),
    };
  }

  /** The COPY line of a result with its raw input; `rowNumber`: the record's row in an ingested file. */
  line(id: string, raw: Record<string, unknown>, p: PlannedRecord, r: CalculationResult, rowNumber: number | null = null): string {
    return encodeRow({
      ...this.resultColumns(r, p.common.supplierId),
      id: copyText(id),
      activity_date: r.date,
      kg_co2e: copyNumber(r.kgCo2e),
      lineage_hash: r.lineageHash,
      external_id: copyText(p.common.externalId),
      input: copyJson(raw),
      detail: copyJson(this.detailOf(r)),
      row_number: copyNumber(rowNumber),
    });
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
    return new SpendRowTemplate(line, { ...this.resultColumns(r, undefined), input: '\\N' }, detailHead, r.tier, r.dataQuality.score);
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
