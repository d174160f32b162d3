import { pgliteFactory } from '../support/databases.ts';
import { runDataLifecycleSuite } from './data-lifecycle-suite.ts';

runDataLifecycleSuite('PGlite (embedded)', pgliteFactory);
