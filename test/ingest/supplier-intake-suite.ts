/**
 * Supplier files on each driver (issue 18): a bulk import registers the good lines with canonical
 * identifiers, reports every bad one by line and field, calls a second LEI or DUNS a duplicate,
 * and changes nothing the second time; a match file comes back line by line with its answers.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSuppliers } from '../../src/ingest/supplier-import.ts';
import { csvOfLine, localMatchBackend, type MatchedLine, matchSupplierFile, ndjsonOfLine } from '../../src/ingest/supplier-match-file.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createSupplier } from '../../src/store/suppliers.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

/** ISO 7064 MOD 97-10 check digits for the first 18 characters of an LEI. */
export function lei(first18: string): string {
  const value = BigInt([...`${first18}00`].map((c) => Number.parseInt(c, 36)).join(''));
  return `${first18}${String(98n - (value % 97n)).padStart(2, '0')}`;
}

export const GOOD_LEI = lei('5299004TKSE0000001');
/** The same LEI with its check digits off by one. */
export const BAD_LEI = `${GOOD_LEI.slice(0, 18)}${String((Number(GOOD_LEI.slice(18)) % 98) + 1).padStart(2, '0')}`;

/** A supplier file with good, bad and duplicate lines; the comment says what each line is. */
export const IMPORT_FILE = [
  'name,country,lei,duns,vat,naics,notes', // line 1: header (notes is ignored)
  `Thyssenkrupp Steel Europe AG,de,${GOOD_LEI.toLowerCase()},,DE 136.695.976,331110,`, // 2 good: country, LEI and VAT canonical
  'Siemens AG,DE,,15-048-3782,,,', // 3 good: DUNS canonical
  `Fake Steel GmbH,DE,${BAD_LEI},1234567,,,`, // 4 bad LEI check digits and a 7-digit DUNS: two errors
  ',US,,,,,', // 5 no name
  'Acme Ltd,GBR,,,,33,', // 6 country of three letters
  'Other Steel AG,DE,,150483782,,,', // 7 DUNS of line 3: duplicate
  'Acme Fasteners Ltd,GB,,,GB999999973,abc,', // 8 bad NAICS
  'Acme Fasteners Ltd,GB,,,,,', // 9 good
  'Acme Fasteners Ltd,GB,,,,,', // 10 same name and country as line 9: skipped
  'Short,line', // 11 two columns
];

export function runSupplierIntakeSuite(label: string, open: DriverFactory): void {
  describe(`supplier import and match files on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      await prepareDatabase(db, { cursorSecret: null });
    });
    afterAll(async () => {
      await fx?.close();
    });

    const file = (lines: readonly string[]) => Readable.from([Buffer.from(`${lines.join('\n')}\n`)]);

    it('imports the good lines, reports each bad one by line and field, and skips what is registered already', async () => {
      const tenantId = (await ensureTenant(db, 'import')).id;
      const s = await importSuppliers(db, tenantId, file(IMPORT_FILE));
      expect(s).toMatchObject({ lines: 10, imported: 3, skipped: 1, failed: 6, ignoredColumns: ['notes'] });
      expect(s.errors).toEqual([
        { line: 4, field: 'lei', value: BAD_LEI, message: expect.stringMatching(/^LEI check digits do not match \(ISO 7064 MOD 97-10\)/) },
        { line: 4, field: 'duns', value: '1234567', message: 'DUNS numbers have 9 digits; got 7' },
        { line: 5, field: 'name', value: '', message: 'is required' },
        { line: 6, field: 'country', value: 'GBR', message: 'must be a 2-letter country code (ISO 3166-1 alpha-2)' },
        { line: 7, field: 'duns', value: '150483782', message: 'duplicate: line 3 has this DUNS (a DUNS names one supplier)' },
        { line: 8, field: 'naics', value: 'abc', message: 'must be 2 to 6 digits' },
        { line: 11, field: '', value: '', message: 'has 2 columns; the header has 7' },
      ]);
      const rows = await db.query('SELECT name, country, lei, duns, vat, naics FROM suppliers WHERE tenant_id = $1 ORDER BY id', [tenantId]);
      expect(rows.rows).toEqual([
        { name: 'Thyssenkrupp Steel Europe AG', country: 'DE', lei: GOOD_LEI, duns: null, vat: 'DE136695976', naics: '331110' },
        { name: 'Siemens AG', country: 'DE', lei: null, duns: '150483782', vat: null, naics: null },
        { name: 'Acme Fasteners Ltd', country: 'GB', lei: null, duns: null, vat: null, naics: null },
      ]);

      // The same file again: nothing new; a LEI held by another supplier is a duplicate naming it.
      const again = await importSuppliers(db, tenantId, file(IMPORT_FILE));
      expect(again).toMatchObject({ lines: 10, imported: 0, skipped: 4, failed: 6 });
      const clash = await importSuppliers(db, tenantId, file(['name,country,lei', `TK Steel,DE,${GOOD_LEI}`]));
      const holder = (await db.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND lei = $2', [tenantId, GOOD_LEI])).rows[0]!.id;
      expect(clash.errors).toEqual([
        { line: 2, field: 'lei', value: GOOD_LEI, message: `duplicate: supplier ${holder} ("Thyssenkrupp Steel Europe AG") has this LEI already` },
      ]);
      // Another tenant holds none of them.
      const other = (await ensureTenant(db, 'import-other')).id;
      expect(await importSuppliers(db, other, file(IMPORT_FILE))).toMatchObject({ imported: 3, skipped: 1, failed: 6 });
    });

    it('reads `greenline gen suppliers` output, its id column ignored', async () => {
      const tenantId = (await ensureTenant(db, 'import-gen')).id;
      const s = await importSuppliers(
        db,
        tenantId,
        file(['id,name,country,lei,duns', 'sup_0000001,Kinevance Dairy PLC,GB,,', 'sup_0000002,Kinevance Energy SA,FR,,154679412']),
      );
      expect(s).toMatchObject({ lines: 2, imported: 2, failed: 0, ignoredColumns: [] });
    });

    it('refuses a file without a name column, naming it', async () => {
      const tenantId = (await ensureTenant(db, 'import-header')).id;
      await expect(importSuppliers(db, tenantId, file(['company,country', 'Acme,GB']))).rejects.toThrow(
        'the header has no "name" column (columns found: company, country; expected name,country,lei,duns,vat,naics)',
      );
    });

    it('matches a file of names line by line, other columns passed through', async () => {
      const tenantId = (await ensureTenant(db, 'match')).id;
      const tkse = await createSupplier(db, tenantId, { name: 'Thyssenkrupp Steel Europe AG', country: 'DE', lei: GOOD_LEI });
      const tkms = await createSupplier(db, tenantId, { name: 'ThyssenKrupp Materials Services GmbH', country: 'DE' });
      const lines: MatchedLine[] = [];
      let header: readonly string[] = [];
      const summary = await matchSupplierFile(
        file([
          'ref,name,country,lei',
          'a1,THYSSENKRUPP STEEL EUROPE,DE,', // exact name
          'a2,"thyssenkrupp Steel Eur., AG",DE,', // fuzzy (eur. → europe), with a comma in the name
          `a3,TK,,${GOOD_LEI}`, // identifier
          'a4,Thyssenkrupp Materials,DE,', // review
          'a5,Zeta Widgets Ltd,,', // no match
          'a6,,DE,', // nothing to match: an error naming name
          'a7,Acme,GBR,', // bad country
          'a8,THYSSENKRUPP STEEL EUROPE,DE,', // the same name again
        ]),
        localMatchBackend(db, tenantId),
        {
          header: (h) => {
            header = h;
          },
          line: (l) => void lines.push(l),
        },
      );
      expect(header).toEqual(['ref', 'name', 'country', 'lei']);
      expect(lines.map((l) => csvOfLine(l))).toEqual([
        `a1,THYSSENKRUPP STEEL EUROPE,DE,,matched,${tkse.id},Thyssenkrupp Steel Europe AG,100,exact_name\n`,
        `a2,"thyssenkrupp Steel Eur., AG",DE,,matched,${tkse.id},Thyssenkrupp Steel Europe AG,99,fuzzy\n`,
        `a3,TK,,${GOOD_LEI},matched,${tkse.id},Thyssenkrupp Steel Europe AG,100,identifier\n`,
        `a4,Thyssenkrupp Materials,DE,,review,${tkms.id},ThyssenKrupp Materials Services GmbH,81.2,fuzzy\n`,
        'a5,Zeta Widgets Ltd,,,no_match,,,,\n',
        'a6,,DE,,error,,,,\n',
        'a7,Acme,GBR,,error,,,,\n',
        `a8,THYSSENKRUPP STEEL EUROPE,DE,,matched,${tkse.id},Thyssenkrupp Steel Europe AG,100,exact_name\n`,
      ]);
      expect(lines.map((l) => l.error)).toEqual([
        null,
        null,
        null,
        null,
        null,
        { field: 'name', message: 'is required (or a lei, duns or vat)' },
        { field: 'country', message: 'must be a 2-letter country code (ISO 3166-1 alpha-2)' },
        null,
      ]);
      expect(JSON.parse(ndjsonOfLine(header, lines[5]!))).toEqual({
        ref: 'a6',
        name: '',
        country: 'DE',
        lei: '',
        status: 'error',
        supplier_id: null,
        supplier_name: null,
        confidence: null,
        rule: null,
        error: { line: 7, field: 'name', message: 'is required (or a lei, duns or vat)' },
      });
      expect(summary).toMatchObject({
        lines: 8,
        matched: 4,
        byRule: { identifier: 1, exactName: 2, fuzzy: 1 },
        review: 1,
        noMatch: 1,
        errors: 2,
        queuedForReview: 0,
      });
      const none = await db.query('SELECT count(*)::int AS n FROM supplier_review WHERE tenant_id = $1', [tenantId]);
      expect(none.rows[0]).toEqual({ n: 0 });

      // Asked to queue: the name to review (twice in the file) waits for a reviewer once.
      const queued = await matchSupplierFile(
        file(['name,country', 'Thyssenkrupp Materials,DE', 'THYSSENKRUPP STEEL EUROPE,DE', 'Thyssenkrupp Materials,DE']),
        localMatchBackend(db, tenantId, { queue: true }),
        { header: () => {}, line: () => {} },
      );
      expect(queued).toMatchObject({ matched: 1, review: 2, queuedForReview: 1 });
      const items = await db.query("SELECT name, source, batch_id, candidates->0->>'supplierId' AS best FROM supplier_review WHERE tenant_id = $1", [tenantId]);
      expect(items.rows).toEqual([{ name: 'Thyssenkrupp Materials', source: 'match', batch_id: null, best: tkms.id }]);
    });
  });
}
