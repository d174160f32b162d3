import { pgliteFactory } from '../support/databases.ts';
import { runEmissionsApiSuite } from './emissions-suite.ts';

runEmissionsApiSuite('PGlite (embedded)', pgliteFactory);
