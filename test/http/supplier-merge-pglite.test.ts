import { pgliteFactory } from '../support/databases.ts';
import { runSupplierMergeSuite } from './supplier-merge-suite.ts';

runSupplierMergeSuite('PGlite (embedded)', pgliteFactory);
