/**
 * Generated 5,000-row purchase files, each with one bad row (row 3,000) of a kind that once failed
 * a whole batch: two cells instead of six, one cell too many, a NUL byte, invalid UTF-8, an NDJSON
 * line nested 10,000 levels deep. Each must be one row error, with the other 4,999 rows stored.
 */
import { generateRows } from '../../src/ingest/generate.ts';

export const BAD_ROW = 3_000;

export interface OneBadRowFile {
  name: string;
  format: 'csv' | 'ndjson';
  contentType: string;
  bytes: Buffer;
  field: string;
  reason: RegExp;
}

export function oneBadRowFiles(seed: number): OneBadRowFile[] {
  const csv = [...generateRows({ type: 'purchases', rows: 5_000, seed })].join('').split('\n');
  const line = csv[BAD_ROW]!;
  const withRow = (bad: string) => Buffer.from([...csv.slice(0, BAD_ROW), bad, ...csv.slice(BAD_ROW + 1)].join('\n'));
  const ndjson = [...generateRows({ type: 'purchases', rows: 5_000, seed, format: 'ndjson' })].join('').trimEnd().split('\n');
  ndjson[BAD_ROW - 1] = `{"date":"2024-01-01","spend":5,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  // 0xC3 then "(": a lead byte whose continuation is missing.
  const invalidUtf8 = withRow(line.replace(',PUR-', ',\u0001PUR-')).map((b) => (b === 1 ? 0xc3 : b)) as Buffer;
  const csvFile = (name: string, bytes: Buffer, field: string, reason: RegExp): OneBadRowFile => ({
    name,
    format: 'csv',
    contentType: 'text/csv',
    bytes,
    field,
    reason,
  });
  return [
    csvFile('short.csv', withRow(line.split(',').slice(0, 2).join(',')), '', /^has 2 columns; the header has 6$/),
    csvFile('long.csv', withRow(`${line},extra`), '', /^has 7 columns; the header has 6$/),
    csvFile('nul.csv', withRow(line.replace(',PUR-', ',N\u00002PUR-')), 'external_id', /NUL character/),
    csvFile('utf8.csv', invalidUtf8, 'external_id', /not valid UTF-8/),
    {
      name: 'deep.ndjson',
      format: 'ndjson',
      contentType: 'application/x-ndjson',
      bytes: Buffer.from(ndjson.join('\n')),
      field: 'x',
      reason: /^is nested more than 64 levels deep$/,
    },
  ];
}
