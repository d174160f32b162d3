/**
 * `greenline keys create|list|revoke|rotate` (docs/security.md). Each runs on the configured
 * database, or through the server that holds the embedded one (its admin API), and does the same
 * work as the /v1/keys routes. `create` and `rotate` print only the new secret on stdout, so
 * `KEY=$(greenline keys create --tenant acme)` works; what else there is to say goes to stderr.
 * Without a server to go through, revoking or rotating tells running servers over Redis
 * (REDIS_URL) to drop the key from their caches.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import type { KeyDeps } from '../http/routes/keys.ts';
import type { ApiKeyJson } from '../http/schemas/keys.ts';
import type { Runtime } from '../runtime.ts';
import { KEY_SCOPES, type KeyScope } from '../store/api-keys.ts';
import { parseGrace, parseKeyExpiry } from '../store/key-lifetimes.ts';
import { ensureTenant, findTenantByName } from '../store/tenants.ts';
import { withDatabase } from './server-link.ts';

type CreatedJson = ApiKeyJson & { key: string };
type RotatedJson = CreatedJson & { replaces: ApiKeyJson };

/** Checks the text now (a clear argument error) and passes it on as written. */
function checked(parse: (text: string) => unknown) {
  return (text: string): string => {
    try {
      parse(text);
      return text;
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}

/** How long a running server may still accept a key it was not told about: its cache lifetime. */
const CACHE_BOUND = '30 s';

/** The key actions the API routes run; loaded only when a command opens the database itself (they bring the HTTP schemas). */
type KeyActions = typeof import('../http/routes/keys.ts');

/**
 * The key actions on a database this command opened. Revoking or rotating publishes the key's
 * invalidation on REDIS_URL, as a server would, so servers sharing that Redis drop it at once.
 */
async function withLocalKeys<T>(rt: Runtime, redisUrl: string | null, work: (deps: KeyDeps, actions: KeyActions) => Promise<T>): Promise<T> {
  const actions = await import('../http/routes/keys.ts');
  const { createApiKeyLookups } = await import('../http/plugins/auth.ts');
  if (redisUrl === null) return work({ driver: rt.driver, apiKeyLookups: createApiKeyLookups(null) }, actions);
  const { createRedisClient } = await import('../cache/index.ts');
  const redis = createRedisClient(redisUrl);
  const lookups = createApiKeyLookups(redis);
  try {
    await Promise.race([lookups.ready(), new Promise((r) => setTimeout(r, 2_000).unref())]);
    const result = await work({ driver: rt.driver, apiKeyLookups: lookups }, actions);
    if (lookups.stats().unsentInvalidations > 0) {
      process.stderr.write(`greenline: could not reach Redis at ${redisUrl}; running servers stop accepting the key within ${CACHE_BOUND}\n`);
    }
    return result;
  } finally {
    lookups.close();
    await redis.quit().catch(() => {});
  }
}

const when = (iso: string | null): string => (iso === null ? '-' : `${iso.slice(0, 16).replace('T', ' ')}Z`);

function keyTable(keys: ApiKeyJson[]): string {
  const header = ['ID', 'TENANT', 'LABEL', 'SCOPE', 'STATUS', 'PREFIX', 'CREATED', 'EXPIRES', 'LAST USED'];
  const rows = keys.map((k) => [
    k.id,
    k.tenant,
    k.label ?? '-',
    k.scope,
    k.replaced_by && k.status === 'active' ? 'rotating' : k.status,
    k.prefix,
    when(k.created_at),
    when(k.expires_at),
    when(k.last_used_at),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function describe(k: ApiKeyJson): string {
  return `tenant ${k.tenant}, scope ${k.scope}, ${k.expires_at ? `expires ${when(k.expires_at)}` : 'no expiry'}`;
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys: create, list, revoke, rotate (docs/security.md)');

  keys
    .command('create')
    .description('create an API key for a tenant (the tenant is created if new) and print it; it is shown only this once')
    .requiredOption('--tenant <name>', 'tenant name: lower-case letters, digits, - and _')
    .option('--label <label>', 'a note to tell keys apart')
    .addOption(new Option('--scope <scope>', 'read: GET only; write: also changes data; admin: also manages keys').choices(KEY_SCOPES).default('write'))
    .option('--expires <when>', 'a duration (30d, 12h, 2w) or an ISO date (2026-01-31); default: never', checked(parseKeyExpiry))
    .option('--json', 'print the key with its id, scope and dates as JSON')
    .action(async (opts: { tenant: string; label?: string; scope: KeyScope; expires?: string; json?: boolean }) => {
      const config = loadConfig();
      const body = { label: opts.label, scope: opts.scope, expires: opts.expires };
      const created = await withDatabase<CreatedJson>(config, {
        async local(rt) {
          const tenant = await ensureTenant(rt.driver, opts.tenant);
          return withLocalKeys(rt, null, (deps, a) => a.createKey(deps, tenant.id, body));
        },
        async server(link) {
          return (await link.call<CreatedJson>('POST', '/keys', { json: { tenant: opts.tenant, ...body } })).body;
        },
      });
      if (opts.json) {
        console.log(JSON.stringify(created, null, 2));
        return;
      }
      console.log(created.key);
      process.stderr.write(`created ${created.id} (${describe(created)}); the key above is not shown again\n`);
    });

  keys
    .command('list')
    .description('list API keys (never their secrets): id, tenant, label, scope, status and dates')
    .option('--tenant <name>', 'only this tenant’s keys')
    .option('--json', 'print them as JSON')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const config = loadConfig();
      const { data } = await withDatabase<{ data: ApiKeyJson[] }>(config, {
        async local(rt) {
          const tenant = opts.tenant === undefined ? undefined : await findTenantByName(rt.driver, opts.tenant);
          if (tenant === null) return { data: [] };
          return withLocalKeys(rt, null, (deps, a) => a.listKeys(deps, tenant?.id));
        },
        async server(link) {
          return (await link.call<{ data: ApiKeyJson[] }>('GET', '/keys', { query: { tenant: opts.tenant } })).body;
        },
      });
      if (opts.json) console.log(JSON.stringify(data, null, 2));
      else if (data.length === 0) console.log(opts.tenant ? `no API keys for tenant ${opts.tenant}` : 'no API keys');
      else console.log(keyTable(data));
    });

  keys
    .command('revoke')
    .description('revoke an API key: every server refuses it within a second (with REDIS_URL across instances; see docs/security.md)')
    .argument('<key-id>', 'the id `keys list` shows (key_…)')
    .option('--json', 'print the revoked key as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      const revoked = await withDatabase<ApiKeyJson>(config, {
        local: (rt) => withLocalKeys(rt, config.redisUrl, (deps, a) => a.revokeKey(deps, id, null)),
        async server(link) {
          return (await link.call<ApiKeyJson>('POST', `/keys/${encodeURIComponent(id)}/revoke`)).body;
        },
      });
      if (opts.json) console.log(JSON.stringify(revoked, null, 2));
      else console.log(`revoked ${revoked.id} (tenant ${revoked.tenant}) at ${revoked.revoked_at}`);
    });

  keys
    .command('rotate')
    .description('replace an API key with a new one (same tenant, label and scope) and print it; the old one works for the grace period, then expires')
    .argument('<key-id>', 'the id `keys list` shows (key_…)')
    .option('--grace <duration>', 'how long the old key keeps working: 0s (at once) to 30d', checked(parseGrace), '1h')
    .option('--expires <when>', 'the new key’s expiry: a duration or an ISO date; default: as long a life as the old key was given', checked(parseKeyExpiry))
    .option('--json', 'print the new key and the old one as JSON')
    .action(async (id: string, opts: { grace: string; expires?: string; json?: boolean }) => {
      const config = loadConfig();
      const body = { grace: opts.grace, expires: opts.expires };
      const rotated = await withDatabase<RotatedJson>(config, {
        local: (rt) => withLocalKeys(rt, config.redisUrl, (deps, a) => a.rotateKey(deps, id, null, body)),
        async server(link) {
          return (await link.call<RotatedJson>('POST', `/keys/${encodeURIComponent(id)}/rotate`, { json: body })).body;
        },
      });
      if (opts.json) {
        console.log(JSON.stringify(rotated, null, 2));
        return;
      }
      console.log(rotated.key);
      process.stderr.write(
        `created ${rotated.id} (${describe(rotated)}) to replace ${rotated.replaces.id}, which works until ${rotated.replaces.expires_at}; the key above is not shown again\n`,
      );
    });
}
