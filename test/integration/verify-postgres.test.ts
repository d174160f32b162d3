import { runVerifySuite } from '../http/verify-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runVerifySuite('PostgreSQL (node-postgres pool)', postgresFactory());
