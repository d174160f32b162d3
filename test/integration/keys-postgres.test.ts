import { runKeysSuite } from '../http/keys-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runKeysSuite('PostgreSQL (node-postgres pool)', postgresFactory());
