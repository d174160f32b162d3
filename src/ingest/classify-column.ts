/**
 * Opt-in spend classification during ingest (docs/classification.md#ingest): a purchase line with
 * no `naics` is classified from one of the file's columns (a free-text description, say) by the
 * local classifier, and the code is used when the classifier is at least `minConfidence` sure.
 * The row then carries a NAICS_CLASSIFIED warning naming the column, the classifier and its
 * version, so a stored result says which classifier decided. Lines with a naics of their own, and
 * lines the classifier is unsure of, are stored as they would be without the option.
 */
import { spendClassifier } from '../domain/classify/spend-classifier.ts';
import type { CalculationWarning } from '../domain/scope3/types.ts';
import { ColumnPlanError, type RecordType } from './record-types.ts';

/** What a job asks for: the column (CSV header or NDJSON key) to classify from, and the confidence a code needs. */
export interface ClassifyOption {
  from: string;
  minConfidence: number;
}

export const DEFAULT_CLASSIFY_MIN_CONFIDENCE = 0.4;

/** Why an option cannot be used with a job (null: it can). */
export function classifyOptionProblem(type: RecordType, option: ClassifyOption): string | null {
  if (type.category !== 1) return `classify applies to purchases (spend lines with a naics field), not to ${type.name}`;
  if (option.from.trim() === '') return 'classify needs the name of the column to classify from';
  if (!(option.minConfidence >= 0 && option.minConfidence <= 1)) return `the classify confidence must be between 0 and 1, not ${option.minConfidence}`;
  return null;
}

/** The position of the column to classify from in a CSV header; a header without it is unusable. */
export function classifyColumnOf(type: RecordType, header: readonly string[], option: ClassifyOption): number {
  const at = header.findIndex((h) => h.trim() === option.from.trim());
  if (at === -1)
    throw new ColumnPlanError(
      type.name,
      [{ kind: 'unknown-classify', column: option.from, message: `classify names column "${option.from}", which the file does not have` }],
      header,
    );
  return at;
}

/** A source row as far as this reads it (chunk-processor.ts's SourceRow). */
type RowText = { cells: readonly string[] } | { value: unknown } | { error: string };

/** Fills empty naics fields of a job's records from the classify column. */
export class ColumnClassifier {
  private readonly classifier = spendClassifier();
  /** One warning per code (the same text for every line it decides: one lineage part each). */
  private readonly warnings = new Map<string, CalculationWarning>();

  /** `at`: the column's position in CSV rows (JSON rows are read by name). */
  constructor(
    private readonly option: ClassifyOption,
    private readonly at: number | null,
  ) {}

  /** The line's text to classify, if it has any. */
  private textOf(row: RowText): string {
    if ('cells' in row) return this.at === null ? '' : (row.cells[this.at] ?? '').trim();
    if ('value' in row && row.value !== null && typeof row.value === 'object') {
      const v = (row.value as Record<string, unknown>)[this.option.from];
      return typeof v === 'string' ? v.trim() : '';
    }
    return '';
  }

  /** When the record has no naics and the classifier is sure enough: sets it, and answers the row's warning. */
  fill(record: Record<string, unknown>, row: RowText): CalculationWarning | null {
    const own = record.naics;
    if (own !== undefined && own !== null && String(own).trim() !== '') return null;
    const text = this.textOf(row);
    if (text === '') return null;
    const r = this.classifier.classify({ description: text });
    if (r.naics === null || r.confidence < this.option.minConfidence) return null;
    record.naics = r.naics;
    let w = this.warnings.get(r.naics);
    if (!w) {
      w = {
        code: 'NAICS_CLASSIFIED',
        message: `naics ${r.naics} (${r.industry}) was classified from column "${this.option.from}" by ${this.classifier.name} ${this.classifier.version} (confidence at least ${this.option.minConfidence})`,
      };
      this.warnings.set(r.naics, w);
    }
    return w;
  }
}
