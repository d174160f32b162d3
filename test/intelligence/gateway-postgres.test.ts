import { postgresFactory } from '../support/databases.ts';
import { runGatewaySuite } from './gateway-suite.ts';

runGatewaySuite('PostgreSQL', postgresFactory());
