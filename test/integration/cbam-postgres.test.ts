import { runCbamSuite } from '../http/cbam-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runCbamSuite('PostgreSQL (node-postgres pool)', postgresFactory());
