import { runEmissionsApiSuite } from '../http/emissions-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runEmissionsApiSuite('PostgreSQL (node-postgres pool)', postgresFactory());
