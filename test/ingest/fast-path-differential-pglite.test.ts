import { pgliteFactory } from '../support/databases.ts';
import { runDifferentialSuite } from './fast-path-differential-suite.ts';

runDifferentialSuite('PGlite', pgliteFactory, 25);
