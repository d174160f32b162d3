import { pgliteFactory } from '../support/databases.ts';
import { runGatewaySuite } from './gateway-suite.ts';

runGatewaySuite('PGlite (embedded)', pgliteFactory);
