import { runSupplierIntakeSuite } from '../ingest/supplier-intake-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runSupplierIntakeSuite('PostgreSQL (node-postgres pool)', postgresFactory());
