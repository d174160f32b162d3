import { pgliteFactory } from '../support/databases.ts';
import { runSupplierReviewSuite } from './supplier-review-suite.ts';

runSupplierReviewSuite('PGlite (embedded)', pgliteFactory);
