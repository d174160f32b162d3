import { initialSchema } from './001-initial-schema.ts';
import { leanEmissions } from './002-lean-emissions.ts';
import { batches } from './003-batches.ts';
import { emissionsQueries } from './004-emissions-queries.ts';
import { categoryRollups } from './005-category-rollups.ts';
import { compactKeysetKeys } from './006-compact-keyset-keys.ts';
import { documentsAsText } from './007-documents-as-text.ts';
import { recalculations } from './008-recalculations.ts';
import { apiKeyLifecycle } from './009-api-key-lifecycle.ts';
import { exactTotalsAndBatchRunners } from './011-exact-totals-and-batch-runners.ts';
import { deletionsAndAudit } from './012-deletions-and-audit.ts';
import { resultWarnings } from './013-result-warnings.ts';
import { cbam } from './014-cbam.ts';
import { supplierResolution } from './015-supplier-resolution.ts';
import { supplierMerge } from './016-supplier-merge.ts';
import { intelligence } from './017-intelligence.ts';
import type { Migration } from './types.ts';

/** All migrations, oldest first. Add new ones at the end; never edit a released one. */
export const migrations: readonly Migration[] = [
  initialSchema,
  leanEmissions,
  batches,
  emissionsQueries,
  categoryRollups,
  compactKeysetKeys,
  documentsAsText,
  recalculations,
  apiKeyLifecycle,
  exactTotalsAndBatchRunners,
  deletionsAndAudit,
  resultWarnings,
  cbam,
  supplierResolution,
  supplierMerge,
  intelligence,
];
export type { Migration } from './types.ts';
