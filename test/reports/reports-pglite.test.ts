import { pgliteFactory } from '../support/databases.ts';
import { runReportsSuite } from './reports-suite.ts';

runReportsSuite('PGlite (embedded)', pgliteFactory);
