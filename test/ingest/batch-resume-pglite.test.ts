import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/store/pglite-driver.ts';
import { runBatchResumeSuite } from './batch-resume-suite.ts';

// The embedded database in a data directory, opened again as a restarted server opens it.
runBatchResumeSuite('PGlite (data directory)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'greenline-resume-pglite-'));
  return { open: () => openPglite({ dataDir }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
});
