import { runCalculationsSuite } from '../http/calculations-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runCalculationsSuite('PostgreSQL (node-postgres pool)', postgresFactory());
