import { pgliteFactory } from '../support/databases.ts';
import { runStoreSuite } from './store-suite.ts';

runStoreSuite('PGlite (embedded)', pgliteFactory);
