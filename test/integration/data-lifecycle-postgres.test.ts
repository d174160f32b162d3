/**
 * The data-lifecycle suite on PostgreSQL, and what only a pool of connections can show: a batch
 * delete waits for a recalculation chunk of the same tenant that is being committed, and then
 * removes the rows that chunk added (without the per-tenant lock it would miss them, leaving
 * rows of a deleted batch behind).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { deleteBatch } from '../../src/store/deletions.ts';
import { lockTenantResults } from '../../src/store/result-locks.ts';
import { ensureTenant, tenantKey } from '../../src/store/tenants.ts';
import { runDataLifecycleSuite } from '../http/data-lifecycle-suite.ts';
import { textSource } from '../ingest/ingest-suite.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

runDataLifecycleSuite('PostgreSQL (node-postgres pool)', postgresFactory());

describe('a batch delete beside a recalculation chunk (PostgreSQL)', () => {
  let fx: DriverFixture;
  beforeAll(async () => {
    fx = await postgresFactory()();
    await prepareDatabase(fx.driver, { cursorSecret: null });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('waits for the chunk, then deletes the rows it committed too', async () => {
    const db = fx.driver;
    const tenantId = (await ensureTenant(db, 'lock-race')).id;
    const tenant = await tenantKey(db, tenantId);
    const csv = 'date,mode,distance,distance_unit,mass,mass_unit\n2024-03-01,rail,100,km,1,t\n2024-03-02,rail,200,km,1,t\n';
    const batch = await ingest(db, { tenantId, type: 'logistics', format: 'csv', settings: DEFAULT_SETTINGS, source: textSource('s.csv', csv) });
    expect(batch.rowsOk).toBe(2);

    // A recalculation chunk of the tenant, mid-commit: it holds the lock and has written a new row of the batch.
    let commitChunk!: () => void;
    const chunkMayCommit = new Promise<void>((resolve) => {
      commitChunk = resolve;
    });
    let chunkWrote!: () => void;
    const written = new Promise<void>((resolve) => {
      chunkWrote = resolve;
    });
    const chunk = db.transaction(async (tx) => {
      await lockTenantResults(tx, tenant, 'shared');
      await tx.query(
        `INSERT INTO emissions (id, tenant_id, tenant_no, batch_id, category, tier, method, activity_date, kg_co2e, lineage_hash, detail)
         VALUES ('calc_from_a_chunk', $1, $2, $3, 4, 2, 'distance_based', '2024-03-01', 1.5, 'x', '{}')`,
        [tenantId, tenant.no, batch.batchId],
      );
      chunkWrote();
      await chunkMayCommit;
    });
    await written;

    let deleted = false;
    const deletion = deleteBatch(db, tenantId, batch.batchId, (summary) => ({
      tenantId,
      at: new Date(),
      actor: 'api_key',
      keyId: null,
      method: 'DELETE',
      route: '/v1/batches/:id',
      status: 204,
      resourceType: 'batch',
      resourceId: batch.batchId,
      summary,
      requestId: 'lock-race',
    })).then((outcome) => {
      deleted = true;
      return outcome;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(deleted, 'the delete waits for the chunk').toBe(false);
    commitChunk();
    await chunk;
    expect(await deletion).toMatchObject({ outcome: 'deleted', rows: 3 });
    const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM emissions WHERE batch_id = $1', [batch.batchId]);
    expect(left.rows[0]!.n).toBe(0);
  });
});
