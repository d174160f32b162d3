/**
 * One store test suite, run against every driver (PGlite and node-postgres): the store must
 * behave the same whichever database is underneath.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinFactors } from '../../src/domain/factors/builtin.ts';
import type { FactorDataset } from '../../src/domain/factors/types.ts';
import { deterministicId } from '../../src/domain/ids.ts';
import { copyJson, copyNumber, copyText } from '../../src/store/copy-text.ts';
import { StoreError, type SqlDriver } from '../../src/store/driver.ts';
import { resolveFactors } from '../../src/store/factor-broker.ts';
import { createTenantFactor, getFactor, importDataset, listFactors, loadCandidates } from '../../src/store/factors.ts';
import { appliedVersion, checksum, latestVersion, migrate } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { createSupplier, getSupplier } from '../../src/store/suppliers.ts';
import { addApiKey, bootstrapKey, ensureTenant, findTenantByApiKey } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

function dataset(version: string, sha: string, values: number[]): FactorDataset {
  const sourceId = deterministicId('src', 'Test set', version);
  return {
    source: { id: sourceId, tenantId: null, name: 'Test set', publisher: 'test', datasetVersion: version, licence: 'CC0', citation: 'test', fileSha256: sha },
    factors: values.map((value, i) => ({
      id: deterministicId('fac', sourceId, `test.a${i}`, 'US', 2022),
      tenantId: null,
      sourceId,
      supplierId: null,
      activity: `test.a${i}`,
      name: `Test activity ${i}`,
      category: 2,
      naicsCode: null,
      region: 'US',
      year: 2022,
      value,
      unit: 'kgCO2e/USD',
      gases: { CO2: value },
      gwpSet: 'AR5',
      uncertainty: 0.1,
      datasetVersion: version,
      licence: 'CC0',
      citation: 'test',
      meta: { row: i },
    })),
  };
}

export function runStoreSuite(label: string, open: DriverFactory): void {
  describe(`store on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
    });
    afterAll(async () => {
      await fx?.close();
    });

    describe('migrations', () => {
      it('apply once, then are a no-op when run again', async () => {
        expect(await appliedVersion(db)).toBe(0);
        const first = await migrate(db);
        expect(first.applied).toEqual(migrations.map((m) => m.version));
        const second = await migrate(db);
        expect(second.applied).toEqual([]);
        expect(await appliedVersion(db)).toBe(latestVersion());
        const rows = await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
        expect(rows.rows).toEqual(migrations.map((m) => ({ version: m.version, checksum: checksum(m) })));
      });

      it('refuse a released migration that was edited', async () => {
        const edited = migrations.map((m) => ({ ...m, statements: [...m.statements, 'SELECT 1'] }));
        await expect(migrate(db, edited)).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
      });

      it('roll back a failing migration completely', async () => {
        const bad = { version: 999, name: 'broken', statements: ['CREATE TABLE half_done (x int)', 'SELECT * FROM no_such_table'] };
        await expect(migrate(db, [...migrations, bad])).rejects.toThrow(/migration 999 \(broken\) failed/);
        const t = await db.query<{ t: string | null }>("SELECT to_regclass('half_done')::text AS t");
        expect(t.rows[0]?.t).toBeNull();
        expect(await appliedVersion(db)).toBe(latestVersion());
      });
    });

    describe('transactions', () => {
      it('commit on success and roll back on error', async () => {
        await db.transaction(async (tx) => {
          await tx.query("INSERT INTO settings (key, value) VALUES ('tx-ok', '1')");
        });
        await expect(
          db.transaction(async (tx) => {
            await tx.query("INSERT INTO settings (key, value) VALUES ('tx-bad', '1')");
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const rows = await db.query<{ key: string }>("SELECT key FROM settings WHERE key LIKE 'tx-%' ORDER BY key");
        expect(rows.rows.map((r) => r.key)).toEqual(['tx-ok']);
      });
    });

    describe('COPY', () => {
      it('loads text-format rows exactly, escapes included, streamed in chunks, inside a transaction', async () => {
        await db.query('CREATE TABLE copy_probe (id int PRIMARY KEY, name text, amount float8, doc json)');
        const tricky = ['tab\there', 'new\nline', 'back\\slash \\N', 'cr\rend', 'ünïcødé €', ''];
        const doc = { quote: 'say "hi"\\', nested: [1, null, 'a\tb'] };
        const lines = tricky.map((name, i) => `${i}\t${copyText(name)}\t${copyNumber(i * 1.5)}\t${copyJson(doc)}\n`);
        lines.push(`99\t${copyText(null)}\t${copyNumber(null)}\t${copyJson(null)}\n`);
        const loaded = await db.transaction((tx) =>
          tx.copyIn(
            'copy_probe',
            ['id', 'name', 'amount', 'doc'],
            (function* () {
              yield* lines;
            })(),
          ),
        );
        expect(loaded).toBe(7);
        const rows = await db.query<{ id: number; name: string | null; amount: number | null; doc: unknown }>(
          'SELECT id, name, amount, doc FROM copy_probe ORDER BY id',
        );
        expect(rows.rows).toEqual([...tricky.map((name, i) => ({ id: i, name, amount: i * 1.5, doc })), { id: 99, name: null, amount: null, doc: null }]);
        // A failing COPY (duplicate key) inside a transaction leaves nothing behind.
        await expect(
          db.transaction(async (tx) => {
            await tx.query("INSERT INTO copy_probe (id, name) VALUES (500, 'before')");
            await tx.copyIn('copy_probe', ['id', 'name'], '501\tok\n0\tduplicate\n');
          }),
        ).rejects.toThrow(/duplicate key/);
        const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM copy_probe');
        expect(after.rows[0]?.n).toBe(7);
        expect(() => copyNumber(Number.NaN)).toThrow(/non-finite/);
        await db.query('DROP TABLE copy_probe');
      });
    });

    describe('tenants and API keys', () => {
      it('bootstrap creates the default tenant once, with the configured key', async () => {
        const first = await bootstrapKey(db, 'bootstrap-key-1');
        expect(first).toMatchObject({ created: true, key: 'bootstrap-key-1' });
        const again = await bootstrapKey(db, 'bootstrap-key-2');
        expect(again.created).toBe(false);
        expect(await findTenantByApiKey(db, 'bootstrap-key-1')).toMatchObject({ name: 'default' });
        expect(await findTenantByApiKey(db, 'bootstrap-key-2')).toBeNull();
      });

      it('stores only a hash of the key', async () => {
        const t = await ensureTenant(db, 'acme');
        const key = await addApiKey(db, t.id);
        expect(key).toMatch(/^gl_[A-Za-z0-9_-]{32}$/);
        const stored = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE tenant_id = $1', [t.id]);
        expect(stored.rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(stored.rows)).not.toContain(key);
        expect((await findTenantByApiKey(db, key))?.id).toBe(t.id);
      });

      it('rejects a bad tenant name with a clear error', async () => {
        await expect(ensureTenant(db, 'Bad Name!')).rejects.toThrow(/tenant name "Bad Name!" is invalid/);
      });
    });

    describe('factor import', () => {
      it('loads the built-in set idempotently', async () => {
        const first = await importDataset(db, builtinFactors);
        expect(first).toMatchObject({ status: 'imported', factorsInserted: builtinFactors.factors.length });
        const second = await importDataset(db, builtinFactors);
        expect(second).toMatchObject({ status: 'unchanged', factorsInserted: 0 });
      });

      it('imports a file once; the same file again changes nothing; a new version is a new source', async () => {
        const v1 = await importDataset(db, dataset('v1', 'sha-a', [1, 2, 3]));
        expect(v1).toMatchObject({ status: 'imported', factorsInserted: 3 });
        expect(await importDataset(db, dataset('v1', 'sha-a', [1, 2, 3]))).toMatchObject({ status: 'unchanged', factorsInserted: 0 });
        const count = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM factors WHERE dataset_version = 'v1'");
        expect(count.rows[0]?.n).toBe(3);
        const v2 = await importDataset(db, dataset('v2', 'sha-b', [10, 20, 30]));
        expect(v2.sourceId).not.toBe(v1.sourceId);
        const old = await getFactor(db, 'nobody', deterministicId('fac', v1.sourceId, 'test.a0', 'US', 2022));
        expect(old?.value).toBe(1);
        expect(old?.gases).toEqual({ CO2: 1 });
        expect(old?.meta).toEqual({ row: 0 });
      });

      it('refuses a different file under an existing version, and keeps what was there', async () => {
        const err = await importDataset(db, dataset('v1', 'sha-other', [9, 9, 9])).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect(err).toMatchObject({ code: 'IMPORT_CONFLICT' });
        const values = await db.query<{ value: number }>("SELECT value FROM factors WHERE dataset_version = 'v1' ORDER BY value");
        expect(values.rows.map((r) => r.value)).toEqual([1, 2, 3]);
      });
    });

    describe('tenant scoping', () => {
      it('keeps one tenant’s factors and suppliers invisible to another', async () => {
        const a = await ensureTenant(db, 'tenant-a');
        const b = await ensureTenant(db, 'tenant-b');
        const supplierB = await createSupplier(db, b.id, { name: 'Beta Steel GmbH', duns: '123456789' });
        const factorB = await createTenantFactor(db, b.id, {
          activity: 'test.a0',
          name: 'B override',
          value: 0.01,
          unit: 'kgCO2e/USD',
          year: 2022,
          region: 'US',
        });
        expect(await getFactor(db, a.id, factorB.id)).toBeNull();
        expect((await getFactor(db, b.id, factorB.id))?.value).toBe(0.01);
        expect(await getSupplier(db, a.id, supplierB.id)).toBeNull();
        expect((await getSupplier(db, b.id, supplierB.id))?.normalizedName).toBe('beta steel');
        const aCandidates = await loadCandidates(db, a.id, ['test.a0']);
        expect(aCandidates.some((f) => f.id === factorB.id)).toBe(false);
        await expect(
          createTenantFactor(db, a.id, { activity: 'x', name: 'x', value: 1, unit: 'kgCO2e/kg', year: 2022, supplierId: supplierB.id }),
        ).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      });

      it('refuses a duplicate DUNS within a tenant but not across tenants', async () => {
        const a = await ensureTenant(db, 'tenant-a');
        await createSupplier(db, a.id, { name: 'Alpha', duns: '123456789' });
        await expect(createSupplier(db, a.id, { name: 'Alpha 2', duns: '123456789' })).rejects.toThrow(/duns: a supplier with this DUNS already exists/);
      });
    });

    describe('factor broker', () => {
      it('resolves through the cascade with provenance, for many queries at once', async () => {
        const b = await ensureTenant(db, 'tenant-b');
        const queries = [
          { activity: 'test.a0', region: 'US', year: 2022 },
          { activity: 'test.a1', region: 'US-CA', year: 2022 },
          { activity: 'hotel.night', region: 'FR', year: 2024 },
          { activity: 'unknown.thing', category: 2, unit: 'kgCO2e/USD' },
          { activity: 'unknown.thing' },
        ];
        const [override, parent, eu, proxy, none] = await resolveFactors(db, b.id, queries);
        expect(override?.resolution).toMatchObject({ status: 'resolved', resolvedBy: 'tenant_override', factor: { value: 0.01 } });
        expect(parent?.resolution).toMatchObject({ status: 'resolved', resolvedBy: 'parent_region', factor: { region: 'US' } });
        expect(eu?.resolution).toMatchObject({ status: 'resolved', factor: { region: 'EU', value: 22.8 } });
        expect(eu?.sourceName).toBe('Greenline built-in defaults');
        expect(proxy?.resolution).toMatchObject({ status: 'resolved', isProxy: true, resolvedBy: 'category_proxy' });
        expect(none?.resolution.status).toBe('unresolved');
        // The other tenant gets the public v2/v1 factor, not tenant B's override.
        const a = await ensureTenant(db, 'tenant-a');
        const [forA] = await resolveFactors(db, a.id, [queries[0]!]);
        expect(forA?.resolution).toMatchObject({ status: 'resolved', resolvedBy: 'region_year_exact' });
      });
    });

    describe('keyset listing', () => {
      it('pages through every visible factor exactly once', async () => {
        const a = await ensureTenant(db, 'tenant-a');
        const all = await db.query<{ id: string }>('SELECT id FROM factors WHERE tenant_id IS NULL OR tenant_id = $1 ORDER BY id', [a.id]);
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 100; i++) {
          const page = await listFactors(db, a.id, {}, { limit: 7, cursor, secret: 's' });
          seen.push(...page.items.map((f) => f.id));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(all.rows.map((r) => r.id));
      });

      it('filters, and refuses a cursor from another filter', async () => {
        const a = await ensureTenant(db, 'tenant-a');
        const page = await listFactors(db, a.id, { category: 6, region: 'gb' }, { limit: 10, secret: 's' });
        expect(page.items.map((f) => f.activity)).toEqual(['hotel.night']);
        const first = await listFactors(db, a.id, { q: 'truck' }, { limit: 1, secret: 's' });
        expect(first.items[0]?.activity).toMatch(/truck/);
        await expect(listFactors(db, a.id, { q: 'van' }, { limit: 1, cursor: first.nextCursor!, secret: 's' })).rejects.toThrow(/signature/);
      });
    });
  });
}
