import { runIngestSuite } from '../ingest/ingest-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runIngestSuite('PostgreSQL (node-postgres pool)', postgresFactory());
