import { runClassifyIngestSuite } from '../ingest/classify-ingest-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runClassifyIngestSuite('PostgreSQL', postgresFactory());
