/**
 * API keys get a lifecycle (docs/security.md):
 *
 * - `scope`: what the key may do, `read` < `write` < `admin`. Keys that exist already, the
 *   bootstrap key among them, could do everything, so they become `admin`; afterwards a key
 *   inserted without a scope is `write`, the least that runs the README's tour.
 * - `expires_at`: the key stops working at this instant (a chosen expiry, or the end of a
 *   rotation's grace period); NULL: no expiry.
 * - `last_used_at`: when a request last authenticated with it, written at most once a minute per
 *   key and instance, so it costs no write on the hot path.
 * - `replaced_by`: on a rotated key, the key that replaced it.
 * Adding nullable columns, and a NOT NULL one with a constant default, changes only the catalogue.
 */
import type { Migration } from './types.ts';

export const apiKeyLifecycle: Migration = {
  version: 9,
  name: 'api keys: scope, expiry, last use, rotation',
  statements: [
    `ALTER TABLE api_keys
       ADD COLUMN scope text NOT NULL DEFAULT 'admin' CHECK (scope IN ('read', 'write', 'admin')),
       ADD COLUMN expires_at timestamptz,
       ADD COLUMN last_used_at timestamptz,
       ADD COLUMN replaced_by text REFERENCES api_keys(id) ON DELETE SET NULL`,
    "ALTER TABLE api_keys ALTER COLUMN scope SET DEFAULT 'write'",
  ],
};
