import { initialSchema } from './001-initial-schema.ts';
import type { Migration } from './types.ts';

/** All migrations, oldest first. Add new ones at the end; never edit a released one. */
export const migrations: readonly Migration[] = [initialSchema];
export type { Migration } from './types.ts';
