import { initialSchema } from './001-initial-schema.ts';
import { leanEmissions } from './002-lean-emissions.ts';
import type { Migration } from './types.ts';

/** All migrations, oldest first. Add new ones at the end; never edit a released one. */
export const migrations: readonly Migration[] = [initialSchema, leanEmissions];
export type { Migration } from './types.ts';
