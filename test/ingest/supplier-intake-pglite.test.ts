import { pgliteFactory } from '../support/databases.ts';
import { runSupplierIntakeSuite } from './supplier-intake-suite.ts';

runSupplierIntakeSuite('PGlite (embedded)', pgliteFactory);
