import { pgliteFactory } from '../support/databases.ts';
import { runAuditSuite } from './audit-suite.ts';

runAuditSuite('PGlite (embedded)', pgliteFactory);
