import { runDifferentialSuite } from '../ingest/fast-path-differential-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runDifferentialSuite('PostgreSQL', postgresFactory(), 80);
