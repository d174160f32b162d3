import { runCbamDifferentialSuite } from '../ingest/cbam-differential-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runCbamDifferentialSuite('PostgreSQL', postgresFactory(), 8);
