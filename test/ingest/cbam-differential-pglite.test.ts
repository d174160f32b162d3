import { pgliteFactory } from '../support/databases.ts';
import { runCbamDifferentialSuite } from './cbam-differential-suite.ts';

runCbamDifferentialSuite('PGlite', pgliteFactory, 6);
