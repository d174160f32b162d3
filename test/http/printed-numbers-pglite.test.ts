import { pgliteFactory } from '../support/databases.ts';
import { runPrintedNumbersSuite } from './printed-numbers-suite.ts';

runPrintedNumbersSuite('PGlite (embedded)', pgliteFactory);
