import { runApiSuite } from '../http/api-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runApiSuite('PostgreSQL (node-postgres pool)', postgresFactory());
