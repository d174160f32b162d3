import { pgliteFactory } from '../support/databases.ts';
import { runCbamSuite } from './cbam-suite.ts';

runCbamSuite('PGlite (embedded)', pgliteFactory);
