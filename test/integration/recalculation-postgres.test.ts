import { runRecalculationSuite } from '../recalculate/recalculation-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runRecalculationSuite('PostgreSQL (node-postgres pool)', postgresFactory());
