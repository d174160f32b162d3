/**
 * The local spend classifier's throughput (docs/classification.md): 1,000 ledger lines (the
 * labelled set's descriptions and suppliers, each with an invoice number, so every line is new
 * text) classified with evidence, against tokenizing the same lines only (normalize and split).
 * Lines per second = 1,000 / the median time of one call.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { spendClassifier } from '../../src/domain/classify/spend-classifier.ts';
import { normalizeText } from '../../src/domain/classify/tokens.ts';
import type { SpendLine } from '../../src/domain/classify/types.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';

const LINES = 1_000;

function ledger(): SpendLine[] {
  const rows = parse(readFileSync(new URL('../../test/fixtures/classify/labelled-spend.csv', import.meta.url)), { columns: true }) as Array<
    Record<string, string>
  >;
  return Array.from({ length: LINES }, (_, i) => {
    const row = rows[(i * 7) % rows.length]!;
    return { description: `${row.description} inv ${100_000 + i * 37}`, ...(row.supplier ? { supplier: row.supplier } : {}) };
  });
}

export default defineSuite({
  name: 'micro-classify-spend',
  kind: 'micro',
  setup: () => {
    const classifier = spendClassifier();
    return { classifier, lines: ledger() };
  },
  benchmarks: [
    {
      name: '1,000 spend lines classified with evidence vs tokenized only',
      fn: ({ classifier, lines }) => {
        let classified = 0;
        for (const line of lines) if (classifier.classify(line).naics !== null) classified++;
        return classified;
      },
      baseline: ({ lines }) => {
        let words = 0;
        for (const line of lines)
          words += normalizeText(line.description).split(' ').length + (line.supplier ? normalizeText(line.supplier).split(' ').length : 0);
        return words;
      },
    },
  ],
});
