import { pgliteFactory } from '../support/databases.ts';
import { runImportSuite } from './import-suite.ts';

runImportSuite('PGlite (embedded)', pgliteFactory);
