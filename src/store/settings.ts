import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from './driver.ts';

/** A per-installation secret, created on first use and then stable across restarts. */
export async function installationSecret(db: SqlExecutor, key: string): Promise<string> {
  await db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, randomBytes(32).toString('base64url')]);
  const res = await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
  return res.rows[0]!.value;
}
