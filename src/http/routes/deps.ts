/**
 * What the route modules are built with: one object, so a route that needs one more dependency
 * takes it from here instead of growing its positional parameters (and every call site with them).
 */
import type { LocalCache } from '../../cache/local-cache.ts';
import type { CalculationHelper } from '../../calculate/worker/helper.ts';
import type { BatchRunner } from '../../ingest/batch-runner.ts';
import type { KeyGrant } from '../../store/api-keys.ts';
import type { SqlDriver } from '../../store/driver.ts';
import type { FactorCaches } from '../../store/factor-cache.ts';
import type { SupplierMatchThreads } from '../supplier-matching/threads.ts';

export interface RouteDeps {
  driver: SqlDriver;
  /** Signs and checks pagination cursors. */
  cursorSecret: string;
  /** Cached factor data; `reader` is what calculations resolve factors through. */
  factorCaches: FactorCaches;
  /** Splits big calculation batches with a worker thread; null keeps them on the request thread. */
  calculationHelper: CalculationHelper | null;
  /** The threads POST /v1/suppliers/match matches on; null matches on the request thread. */
  supplierMatchThreads: SupplierMatchThreads | null;
  /** Runs uploaded batches (POST /v1/batches). */
  batchRunner: BatchRunner;
  /** API-key lookups cached for authentication; revoking or rotating a key deletes its entry (on every instance). */
  apiKeyLookups: LocalCache<KeyGrant>;
}
