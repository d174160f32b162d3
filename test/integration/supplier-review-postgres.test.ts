import { runSupplierReviewSuite } from '../http/supplier-review-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runSupplierReviewSuite('PostgreSQL (node-postgres pool)', postgresFactory());
