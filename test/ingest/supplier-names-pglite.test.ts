import { pgliteFactory } from '../support/databases.ts';
import { runSupplierNamesSuite } from './supplier-names-suite.ts';

runSupplierNamesSuite('PGlite (embedded)', pgliteFactory);
