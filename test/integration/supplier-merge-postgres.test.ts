import { runSupplierMergeSuite } from '../http/supplier-merge-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runSupplierMergeSuite('PostgreSQL (node-postgres pool)', postgresFactory());
