import { pgliteFactory } from '../support/databases.ts';
import { runSuppliersSuite } from './suppliers-suite.ts';

runSuppliersSuite('PGlite (embedded)', pgliteFactory);
