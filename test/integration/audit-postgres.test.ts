import { runAuditSuite } from '../http/audit-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runAuditSuite('PostgreSQL (node-postgres pool)', postgresFactory());
