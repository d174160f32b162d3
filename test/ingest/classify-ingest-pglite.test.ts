import { pgliteFactory } from '../support/databases.ts';
import { runClassifyIngestSuite } from './classify-ingest-suite.ts';

runClassifyIngestSuite('PGlite (embedded)', pgliteFactory);
