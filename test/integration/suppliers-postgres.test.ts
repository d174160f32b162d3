import { runSuppliersSuite } from '../http/suppliers-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runSuppliersSuite('PostgreSQL (node-postgres pool)', postgresFactory());
