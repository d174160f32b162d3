import { pgliteFactory } from '../support/databases.ts';
import { runRecalculationSuite } from './recalculation-suite.ts';

runRecalculationSuite('PGlite (embedded)', pgliteFactory);
