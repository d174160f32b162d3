/**
 * Where the full public data files live for the full-file importer tests:
 * GREENLINE_TEST_DATA, else ../shared/data from the project root. Those tests run whenever the
 * directory exists; in CI (CI set) a missing directory is a failure, elsewhere the tests skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const dataDir = process.env.GREENLINE_TEST_DATA ?? resolve(projectRoot, '../shared/data');
export const hasData = existsSync(dataDir);
/** True when the data must be there: the guard test fails instead of the suite skipping. */
export const dataRequired = !hasData && Boolean(process.env.CI);
export const missingDataMessage = `reference data directory not found: ${dataDir} (set GREENLINE_TEST_DATA; CI must provide it)`;

export const fixture = (name: string) => resolve(projectRoot, 'test/fixtures/importers', name);
export const readFixture = (name: string) => readFileSync(fixture(name), 'utf8');
export const dataFile = (...parts: string[]) => resolve(dataDir, ...parts);
