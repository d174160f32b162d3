import { pgliteFactory } from '../support/databases.ts';
import { runExactTotalsSuite } from './exact-totals-suite.ts';

runExactTotalsSuite('PGlite (embedded)', pgliteFactory);
