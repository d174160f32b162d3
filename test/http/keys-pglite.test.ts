import { pgliteFactory } from '../support/databases.ts';
import { runKeysSuite } from './keys-suite.ts';

runKeysSuite('PGlite (embedded)', pgliteFactory);
