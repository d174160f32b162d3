import { runReportsSuite } from '../reports/reports-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runReportsSuite('PostgreSQL (node-postgres pool)', postgresFactory());
