/**
 * `greenline classify FILE` (docs/classification.md): CSV and NDJSON in, each line written back with
 * its code, confidence, evidence and classifier; --evaluate measures the labels. In process, plus
 * one run of the real command.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_COLUMNS, classifyFile } from '../../src/cli/classify.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-classify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(input: string, format: 'csv' | 'ndjson', options: Partial<Parameters<typeof classifyFile>[2]> = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const summary = await classifyFile(Readable.from([input]), out, { format, ...options });
  return { summary, text: Buffer.concat(chunks).toString('utf8') };
}

const CSV = [
  'id,description,supplier,naics',
  '1,"steel coil 2mm S235, hot rolled",ArcelorMittal,331110',
  '2,Hotel Marriott Berlin 2 nights,,721110',
  '3,,Nobody,',
  '4,Reinigungsdienst Büro März,Piepenbrock,561720',
  '5,zzz qqq,,541611',
].join('\n');

describe('classifyFile', () => {
  it('writes each CSV line back with its answer columns, in order, the input’s columns first', async () => {
    const { summary, text } = await run(CSV, 'csv');
    const rows = parse(text) as string[][];
    expect(rows[0]).toEqual(['id', 'description', 'supplier', 'naics', ...ANSWER_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual(['id', '1', '2', '3', '4', '5']);
    const [, steel, hotel, empty, cleaning, unknown] = rows as [string[], string[], string[], string[], string[], string[]];
    expect(steel.slice(4, 7)).toEqual(['331110', 'Iron and Steel Mills and Ferroalloy Manufacturing', 'Manufacturing']);
    expect(Number(steel[7])).toBeGreaterThan(0.6);
    expect(steel[8]).toMatch(/^steel coil→steel coil \(keyword, 4\.5\); s235→s235 \(keyword, 3\)/);
    expect(steel[9]).toMatch(/^greenline-keyword-bm25@1\.0\.0\+[0-9a-f]{8}$/);
    expect(hotel[4]).toBe('721110');
    expect(cleaning[4]).toBe('561720');
    expect(empty.slice(4)).toEqual(['', '', '', '', '', '']);
    expect(unknown.slice(4, 8)).toEqual(['', '', '', '0']);
    expect(summary).toMatchObject({ lines: 5, classified: 3, unclassified: 1, skipped: 1, accuracy: null });
  });

  it('--evaluate compares with the label column', async () => {
    const { summary } = await run(CSV, 'csv', { labelColumn: 'naics' });
    // 4 labelled lines with a description: 3 right, the unknown line wrong at every level.
    expect(summary.accuracy).toMatchObject({ lines: 4, unclassified: 1, naics6: 0.75, naics4: 0.75, naics2: 0.75 });
  });

  it('reads and writes NDJSON, keeping the input’s fields', async () => {
    const input = '{"description":"Adobe CC licences","amount":1200}\n\n{"description":"parcel","supplier":"DHL Express","ref":"A-7"}\n';
    const { summary, text } = await run(input, 'ndjson');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ description: 'Adobe CC licences', amount: 1200, naics_code: '511210', naics_sector: 'Information' });
    expect(lines[0].evidence[0]).toEqual({ term: 'adobe cc', field: 'description', source: 'keyword', matched: 'adobe cc', weight: 4.5 });
    expect(lines[1]).toMatchObject({ ref: 'A-7', naics_code: '492110', classifier: { name: 'greenline-keyword-bm25' } });
    expect(summary.lines).toBe(2);
  });

  it('names the missing description column, and a line that is not JSON', async () => {
    await expect(run('name,amount\npaper,3\n', 'csv')).rejects.toThrow(/no description column \(columns: name, amount\); name it with --column/);
    await expect(run('{"description":"a"}\nnot json\n', 'ndjson')).rejects.toThrow(/line 2: not valid JSON/);
  });
});

describe('greenline classify', () => {
  it('classifies a file to CSV and prints the summary and accuracy', async () => {
    const file = join(dir, 'spend.csv');
    const out = join(dir, 'out.csv');
    await writeFile(file, CSV);
    const { stderr } = await promisify(execFile)(process.execPath, ['bin/greenline.js', 'classify', file, '--evaluate', '-o', out], { timeout: 30_000 });
    expect(stderr).toMatch(/5 lines, 3 classified, 1 unclassified, 1 without a description in [\d.]+ s/);
    expect(stderr).toMatch(/all: 4 labelled lines: NAICS-6 75\.0%, NAICS-4 75\.0%, NAICS-2 75\.0%/);
    const rows = parse(await readFile(out, 'utf8')) as string[][];
    expect(rows[1]![4]).toBe('331110');
  });
});
