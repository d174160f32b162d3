import { pgliteFactory } from '../support/databases.ts';
import { runIngestSuite } from './ingest-suite.ts';

runIngestSuite('PGlite (embedded)', pgliteFactory);
