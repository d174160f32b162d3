import { runBatchResumeSuite } from '../ingest/batch-resume-suite.ts';
import { createTestDatabase, testPoolConfig } from '../support/databases.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';

runBatchResumeSuite('PostgreSQL (node-postgres pool)', async () => {
  const db = await createTestDatabase('greenline_resume');
  return { open: () => openPostgres(db.url, testPoolConfig), drop: () => db.drop() };
});
