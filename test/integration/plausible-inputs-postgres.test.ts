import { runPlausibleInputsSuite } from '../http/plausible-inputs-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runPlausibleInputsSuite('PostgreSQL (node-postgres pool)', postgresFactory());
