import { runImportSuite } from '../store/import-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runImportSuite('PostgreSQL (node-postgres pool)', postgresFactory());
