import { runExactTotalsSuite } from '../ingest/exact-totals-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runExactTotalsSuite('PostgreSQL (node-postgres pool)', postgresFactory());
