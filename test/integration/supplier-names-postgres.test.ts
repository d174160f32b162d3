import { runSupplierNamesSuite } from '../ingest/supplier-names-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runSupplierNamesSuite('PostgreSQL (node-postgres pool)', postgresFactory());
