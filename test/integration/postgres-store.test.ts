import { runStoreSuite } from '../store/store-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runStoreSuite('PostgreSQL (node-postgres pool)', postgresFactory());
