/**
 * `greenline suppliers import|match` as a user runs them, real processes on a real PostgreSQL: the
 * import prints its summary and names each bad line's line and field; match writes every line back
 * with its answer, as CSV on stdout or NDJSON to --out, and its counts on stderr.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_LEI, IMPORT_FILE } from '../ingest/supplier-intake-suite.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

describe('greenline suppliers import and match (PostgreSQL)', () => {
  let database: TestDatabase;
  let dir: string;
  const cli = (...args: string[]) => run(process.execPath, [BIN, 'suppliers', ...args], { env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: '' } });

  beforeAll(async () => {
    database = await createTestDatabase('greenline_suppliers_cli');
    dir = mkdtempSync(join(tmpdir(), 'greenline-suppliers-'));
    writeFileSync(join(dir, 'suppliers.csv'), `${IMPORT_FILE.join('\n')}\n`);
    writeFileSync(join(dir, 'names.csv'), ['name,country,lei', 'THYSSENKRUPP STEEL EUROPE,DE,', `TK,,${GOOD_LEI}`, 'Zeta Widgets Ltd,,', ',,'].join('\n'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('imports, naming every bad line by line and field, and prints a JSON summary with --json', async () => {
    const first = await cli('import', join(dir, 'suppliers.csv'), '--tenant', 'cli');
    expect(first.stdout).toMatch(
      /suppliers\.csv: 3 suppliers imported, 1 already registered, 6 lines with errors \(10 lines in [\d.]+ s, [\d,]+ lines\/s\); ignored columns: notes\n/,
    );
    expect(first.stderr.split('\n').slice(0, 7)).toEqual([
      expect.stringMatching(/^ {2}line 4 lei: LEI check digits do not match/),
      '  line 4 duns: DUNS numbers have 9 digits; got 7',
      '  line 5 name: is required',
      '  line 6 country: must be a 2-letter country code (ISO 3166-1 alpha-2)',
      '  line 7 duns: duplicate: line 3 has this DUNS (a DUNS names one supplier)',
      '  line 8 naics: must be 2 to 6 digits',
      '  line 11: has 2 columns; the header has 7',
    ]);
    const again = JSON.parse((await cli('import', join(dir, 'suppliers.csv'), '--tenant', 'cli', '--json')).stdout);
    expect(again).toMatchObject({ lines: 10, imported: 0, skipped: 4, failed: 6 });
    expect(again.errors[0]).toMatchObject({ line: 4, field: 'lei', value: expect.any(String) });
  });

  it('matches a file: CSV on stdout, NDJSON to --out, counts on stderr', async () => {
    const csv = await cli('match', join(dir, 'names.csv'), '--tenant', 'cli');
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('name,country,lei,status,supplier_id,supplier_name,confidence,rule');
    expect(lines.slice(1).map((l) => l.replace(/sup_[0-9a-f]+/, 'sup_…'))).toEqual([
      'THYSSENKRUPP STEEL EUROPE,DE,,matched,sup_…,Thyssenkrupp Steel Europe AG,100,exact_name',
      `TK,,${GOOD_LEI},matched,sup_…,Thyssenkrupp Steel Europe AG,100,identifier`,
      'Zeta Widgets Ltd,,,no_match,,,,',
      ',,,error,,,,',
    ]);
    expect(csv.stderr).toMatch(
      /^line 5 name: is required \(or a lei, duns or vat\)\n4 names: 2 matched \(1 by identifier, 1 by exact name\), 0 to review, 1 unmatched, 1 errors in/,
    );
    const out = join(dir, 'answers.ndjson');
    await cli('match', join(dir, 'names.csv'), '--tenant', 'cli', '--out', out, '--queue');
    const answers = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => [a.name, a.status, a.rule])).toEqual([
      ['THYSSENKRUPP STEEL EUROPE', 'matched', 'exact_name'],
      ['TK', 'matched', 'identifier'],
      ['Zeta Widgets Ltd', 'no_match', null],
      ['', 'error', null],
    ]);
  });

  it('names the missing column and exits 1', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'company,country\nAcme,GB\n');
    const failed = await cli('import', join(dir, 'bad.csv')).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('greenline: the header has no "name" column (columns found: company, country; expected name,country,lei,duns,vat,naics)\n');
  });
});
