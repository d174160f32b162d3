import { pgliteFactory } from '../support/databases.ts';
import { runVerifySuite } from './verify-suite.ts';

runVerifySuite('PGlite (embedded)', pgliteFactory);
