/**
 * Key management, for admin-scoped keys, on their own tenant's keys (docs/security.md): list,
 * create, revoke, rotate. Revoking or rotating drops the key from every instance's
 * authentication cache before answering. The local admin API (admin.ts) does the same through
 * the functions exported here, for any tenant.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { createApiKey, type KeyScope, listApiKeys, revokeApiKey, rotateApiKey } from '../../store/api-keys.ts';
import { parseGrace, parseKeyExpiry } from '../../store/key-lifetimes.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { ApiKeyRecord, apiKeyJson, CreatedKeyRecord, KeyList, NewKeyBody, RotatedKeyRecord, RotateKeyBody } from '../schemas/keys.ts';
import type { RouteDeps } from './deps.ts';

/** What the key actions need: the database and the authentication cache to drop changed keys from. */
export type KeyDeps = Pick<RouteDeps, 'driver' | 'apiKeyLookups'>;

const DEFAULT_SCOPE: KeyScope = 'write';
const DEFAULT_GRACE = '1h';

function parsed<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(field, err.message);
    throw err;
  }
}

export async function createKey(deps: KeyDeps, tenantId: string, body: Static<typeof NewKeyBody>) {
  const expiresAt = body.expires === undefined ? null : parsed('body.expires', () => parseKeyExpiry(body.expires!));
  const { secret, key } = await createApiKey(deps.driver, tenantId, { label: body.label ?? null, scope: body.scope ?? DEFAULT_SCOPE, expiresAt });
  return { ...apiKeyJson(key), key: secret };
}

export async function listKeys(deps: KeyDeps, tenantId: string | undefined) {
  return { data: (await listApiKeys(deps.driver, { tenantId })).map((k) => apiKeyJson(k)) };
}

/** Revoked in the database, then dropped from every instance's cache; with `tenantId`, only that tenant's key. */
export async function revokeKey(deps: KeyDeps, id: string, tenantId: string | null) {
  const revoked = await revokeApiKey(deps.driver, id, tenantId);
  if (!revoked) throw notFound('API key', id);
  await deps.apiKeyLookups.delete(revoked.keyHash);
  return apiKeyJson(revoked.key);
}

export async function rotateKey(deps: KeyDeps, id: string, tenantId: string | null, body: Static<typeof RotateKeyBody>) {
  const graceMs = parsed('body.grace', () => parseGrace(body.grace ?? DEFAULT_GRACE));
  const expiresAt = body.expires === undefined ? undefined : parsed('body.expires', () => parseKeyExpiry(body.expires!));
  const result = await rotateApiKey(deps.driver, id, tenantId, { graceMs, expiresAt });
  switch (result.outcome) {
    case 'not_found':
      throw notFound('API key', id);
    case 'revoked':
      throw new HttpProblem(409, 'KEY_REVOKED', `API key ${id} is revoked: create a new key instead`);
    case 'expired':
      throw new HttpProblem(409, 'KEY_EXPIRED', `API key ${id} has expired: create a new key instead`);
    case 'rotated_already':
      throw new HttpProblem(409, 'KEY_ROTATED', `API key ${id} was already rotated to ${result.key.replacedBy}: rotate that key instead`);
  }
  // Its cached entry has no expiry, or a later one: drop it so every instance reads the new one.
  await deps.apiKeyLookups.delete(result.old.keyHash);
  return { ...apiKeyJson(result.created.key), key: result.created.secret, replaces: apiKeyJson(result.old.key) };
}

export function keyRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };
  const admin = { scope: 'admin' } as const;

  api.get(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        summary: "The tenant's API keys, revoked and expired ones included (never their secrets)",
        response: { 200: KeyList, ...errors },
      },
      config: admin,
    },
    async (request) => listKeys(deps, request.tenant.id),
  );
  api.post(
    '/keys',
    {
      schema: {
        tags: ['keys'],
        summary: 'Create an API key for the tenant; the secret is in this answer only',
        body: NewKeyBody,
        response: { 201: CreatedKeyRecord, ...errors },
      },
      config: admin,
    },
    async (request, reply) => reply.status(201).send(await createKey(deps, request.tenant.id, request.body)),
  );
  api.post(
    '/keys/:id/revoke',
    {
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key: refused on every instance within a second',
        params: IdParams,
        response: { 200: ApiKeyRecord, ...errors },
      },
      config: admin,
    },
    async (request) => revokeKey(deps, request.params.id, request.tenant.id),
  );
  api.post(
    '/keys/:id/rotate',
    {
      schema: {
        tags: ['keys'],
        summary: 'Replace an API key with a new one (same label and scope); the old one works for the grace period, then expires',
        params: IdParams,
        body: RotateKeyBody,
        response: { 201: RotatedKeyRecord, 409: Problem, ...errors },
      },
      config: admin,
    },
    async (request, reply) => reply.status(201).send(await rotateKey(deps, request.params.id, request.tenant.id, request.body)),
  );
}
