import { pgliteFactory } from '../support/databases.ts';
import { runPlausibleInputsSuite } from './plausible-inputs-suite.ts';

runPlausibleInputsSuite('PGlite (embedded)', pgliteFactory);
