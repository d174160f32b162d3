import { pgliteFactory } from '../support/databases.ts';
import { runCalculationsSuite } from './calculations-suite.ts';

runCalculationsSuite('PGlite (embedded)', pgliteFactory);
