import { runPrintedNumbersSuite } from '../http/printed-numbers-suite.ts';
import { postgresFactory } from '../support/databases.ts';

runPrintedNumbersSuite('PostgreSQL (node-postgres pool)', postgresFactory());
