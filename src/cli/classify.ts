/**
 * `greenline classify FILE`: spend lines → NAICS-6 with a confidence and the evidence, offline
 * (docs/classification.md). Reads a CSV with a description column (and optionally supplier) or
 * NDJSON objects with `description`; writes each line back with naics_code, naics_industry,
 * naics_sector, confidence, evidence and classifier, as CSV or NDJSON. `--evaluate` compares the
 * answers with the file's `naics` column and prints the accuracy.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type Command, Option } from 'commander';
import { parse } from 'csv-parse';
import { type Accuracy, measureAccuracy } from '../domain/classify/evaluate.ts';
import { spendClassifier } from '../domain/classify/spend-classifier.ts';
import type { SpendClassification, SpendLine } from '../domain/classify/types.ts';
import { csvCell } from '../ingest/supplier-match-file.ts';

export const ANSWER_COLUMNS = ['naics_code', 'naics_industry', 'naics_sector', 'confidence', 'evidence', 'classifier'] as const;

export interface ClassifyFileOptions {
  format: 'csv' | 'ndjson';
  /** Output format (default: the input's). */
  output?: 'csv' | 'ndjson';
  descriptionColumn?: string;
  supplierColumn?: string;
  /** Compare with this column's NAICS-6 labels (`naics` with --evaluate). */
  labelColumn?: string;
  /** Accuracy per value of this column too (e.g. `split`: dev and holdout). */
  groupColumn?: string;
}

export interface ClassifyFileSummary {
  lines: number;
  classified: number;
  unclassified: number;
  /** Lines without a description, written with an empty answer. */
  skipped: number;
  seconds: number;
  linesPerSecond: number;
  /** With a label column: the accuracy, overall and per group value. */
  accuracy: Accuracy | null;
  accuracyByGroup: Record<string, Accuracy>;
}

/** A line's evidence in one cell: `term→matched (source, weight)`, strongest first, `; ` between. */
export function evidenceText(r: SpendClassification): string {
  return r.evidence.map((e) => `${e.field === 'supplier' ? 'supplier:' : ''}${e.term}→${e.matched} (${e.source}, ${e.weight})`).join('; ');
}

/** Classifies a CSV or NDJSON stream line by line, writing each record with its answer. */
export async function classifyFile(input: Readable, output: Writable, options: ClassifyFileOptions): Promise<ClassifyFileSummary> {
  const classifier = spendClassifier();
  const outFormat = options.output ?? options.format;
  const descriptionColumn = options.descriptionColumn ?? 'description';
  const supplierColumn = options.supplierColumn ?? 'supplier';
  const labelled: Array<{ label: string; group: string | null; answer: SpendClassification }> = [];
  const started = performance.now();
  let header: string[] | null = null;
  let lines = 0;
  let classified = 0;
  let skipped = 0;

  const write = (text: string) => (output.write(text) ? undefined : new Promise<void>((resolve) => output.once('drain', () => resolve())));
  const records = options.format === 'csv' ? csvRecords(input) : ndjsonRecords(input);
  for await (const { fields, columns } of records) {
    if (header === null) {
      header = columns;
      if (options.format === 'csv' && !header.includes(descriptionColumn))
        throw new Error(`the input has no ${descriptionColumn} column (columns: ${header.join(', ')}); name it with --column`);
      if (outFormat === 'csv') await write(`${[...header, ...ANSWER_COLUMNS].map(csvCell).join(',')}\n`);
    }
    lines++;
    const description = text(fields[descriptionColumn]);
    const supplier = text(fields[supplierColumn]);
    const line: SpendLine | null = description ? { description, ...(supplier ? { supplier } : {}) } : null;
    const answer = line ? classifier.classify(line) : null;
    if (!line) skipped++;
    else if (answer?.naics) classified++;
    const label = options.labelColumn ? text(fields[options.labelColumn]) : '';
    if (answer && label) labelled.push({ label, group: options.groupColumn ? text(fields[options.groupColumn]) : null, answer });
    await write(outFormat === 'csv' ? csvLine(header, fields, answer) : ndjsonLine(fields, answer, classifier));
  }
  const seconds = (performance.now() - started) / 1000;
  const accuracyByGroup: Record<string, Accuracy> = {};
  if (options.groupColumn) {
    const groups = new Set(labelled.map((l) => l.group ?? ''));
    for (const g of [...groups].sort()) accuracyByGroup[g] = measureAccuracy(labelled.filter((l) => (l.group ?? '') === g));
  }
  return {
    lines,
    classified,
    unclassified: lines - classified - skipped,
    skipped,
    seconds,
    linesPerSecond: seconds > 0 ? lines / seconds : 0,
    accuracy: options.labelColumn ? measureAccuracy(labelled) : null,
    accuracyByGroup,
  };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

function csvLine(header: readonly string[], fields: Record<string, unknown>, r: SpendClassification | null): string {
  const cells = header.map((h) => text(fields[h]));
  const answer = r
    ? [r.naics ?? '', r.industry ?? '', r.sector ?? '', String(r.confidence), evidenceText(r), `${r.classifier.name}@${r.classifier.version}`]
    : ['', '', '', '', '', ''];
  return `${[...cells, ...answer].map(csvCell).join(',')}\n`;
}

/** The input's object with the answer's fields added (they replace input fields of the same name). */
function ndjsonLine(fields: Record<string, unknown>, r: SpendClassification | null, id: { name: string; version: string }): string {
  const o: Record<string, unknown> = { ...fields };
  o.naics_code = r?.naics ?? null;
  o.naics_industry = r?.industry ?? null;
  o.naics_sector = r?.sector ?? null;
  o.confidence = r?.confidence ?? 0;
  o.evidence = r?.evidence ?? [];
  o.classifier = r?.classifier ?? id;
  return `${JSON.stringify(o)}\n`;
}

type InputRecord = { fields: Record<string, unknown>; columns: string[] };

async function* csvRecords(input: Readable): AsyncGenerator<InputRecord> {
  let columns: string[] | null = null;
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  for await (const row of parser as AsyncIterable<string[]>) {
    if (columns === null) {
      columns = row.map((c) => c.trim());
      continue;
    }
    const fields: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      fields[c] = row[i] ?? '';
    });
    yield { fields, columns };
  }
}

async function* ndjsonRecords(input: Readable): AsyncGenerator<InputRecord> {
  let n = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`line ${n}: not valid JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`line ${n}: must be a JSON object with a description`);
    yield { fields: value as Record<string, unknown>, columns: Object.keys(value) };
  }
}

const fmt = new Intl.NumberFormat('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function accuracyLines(name: string, a: Accuracy): string[] {
  const pairs = a.sectorConfusions
    .slice(0, 5)
    .map((p) => `${p.expected}→${p.answered} ×${p.lines}`)
    .join(', ');
  return [
    `${name}: ${fmt.format(a.lines)} labelled lines: NAICS-6 ${pct(a.naics6)}, NAICS-4 ${pct(a.naics4)}, NAICS-2 ${pct(a.naics2)}, sector ${pct(a.sector)}` +
      `${a.unclassified > 0 ? ` (${a.unclassified} unclassified)` : ''}`,
    ...(pairs ? [`  most common wrong sectors (expected→answered): ${pairs}`] : []),
  ];
}

export function registerClassifyCommands(program: Command): void {
  program
    .command('classify')
    .description('classify spend lines to NAICS-6 offline: a CSV with a description column, or NDJSON (docs/classification.md)')
    .argument('<file>', 'CSV or NDJSON (.ndjson/.jsonl) file')
    .addOption(new Option('--format <format>', 'input format (default: from the file name)').choices(['csv', 'ndjson']))
    .addOption(new Option('--output-format <format>', 'output format (default: the input’s)').choices(['csv', 'ndjson']))
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--column <name>', 'the description column', 'description')
    .option('--supplier-column <name>', 'the supplier column', 'supplier')
    .option('--evaluate [column]', 'compare with the NAICS-6 labels of this column (default naics) and print the accuracy')
    .option('--group <column>', 'with --evaluate: accuracy per value of this column too (e.g. split)')
    .action(
      async (
        file: string,
        opts: {
          format?: 'csv' | 'ndjson';
          outputFormat?: 'csv' | 'ndjson';
          output?: string;
          column: string;
          supplierColumn: string;
          evaluate?: string | boolean;
          group?: string;
        },
      ) => {
        await stat(file).catch(() => {
          throw new Error(`cannot read ${file}: no such file`);
        });
        const format = opts.format ?? (/\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'csv');
        const output = opts.output ? createWriteStream(opts.output) : process.stdout;
        const summary = await classifyFile(createReadStream(file), output, {
          format,
          ...(opts.outputFormat ? { output: opts.outputFormat } : {}),
          descriptionColumn: opts.column,
          supplierColumn: opts.supplierColumn,
          ...(opts.evaluate ? { labelColumn: typeof opts.evaluate === 'string' ? opts.evaluate : 'naics' } : {}),
          ...(opts.group ? { groupColumn: opts.group } : {}),
        });
        if (opts.output) await new Promise<void>((resolve, reject) => output.end((err?: Error | null) => (err ? reject(err) : resolve())));
        console.error(
          `${file}: ${fmt.format(summary.lines)} lines, ${fmt.format(summary.classified)} classified, ${fmt.format(summary.unclassified)} unclassified` +
            `${summary.skipped > 0 ? `, ${fmt.format(summary.skipped)} without a description` : ''} in ${summary.seconds.toFixed(2)} s ` +
            `(${fmt.format(Math.round(summary.linesPerSecond))} lines/s, with reading and writing)`,
        );
        if (summary.accuracy) for (const l of accuracyLines('all', summary.accuracy)) console.error(l);
        for (const [group, a] of Object.entries(summary.accuracyByGroup)) for (const l of accuracyLines(`${opts.group}=${group}`, a)) console.error(l);
      },
    );
}
