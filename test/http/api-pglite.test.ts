import { pgliteFactory } from '../support/databases.ts';
import { runApiSuite } from './api-suite.ts';

runApiSuite('PGlite (embedded)', pgliteFactory);
