/** API keys as the key-management API and `greenline keys … --json` show them: never the secret again. */
import { Type } from 'typebox';
import { type ApiKey, keyStatus } from '../../store/api-keys.ts';

export const KeyScope = Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('admin')], {
  description: 'read: GET (and POSTs that only read); write: also changes data; admin: also manages the tenant keys. New keys are write unless told',
});

const Expires = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'A duration from now (30d, 12h, 2w; at most 3650d) or an ISO 8601 date (midnight UTC) or date-time in the future',
});

export const NewKeyBody = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A note to tell keys apart' })),
    scope: Type.Optional(KeyScope),
    expires: Type.Optional(Expires),
  },
  { additionalProperties: false },
);

export const RotateKeyBody = Type.Object(
  {
    grace: Type.Optional(Type.String({ minLength: 2, maxLength: 12, description: 'How long the old key keeps working: 0s to 30d (default 1h)' })),
    expires: Type.Optional(Expires),
  },
  { additionalProperties: false },
);

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const ApiKeyRecord = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  scope: KeyScope,
  prefix: Type.String({ description: 'The first characters of the secret' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  created_at: Type.String({ format: 'date-time' }),
  expires_at: When,
  revoked_at: When,
  last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Updated at most once a minute per server instance' }),
  replaced_by: Type.Union([Type.String(), Type.Null()], { description: 'On a rotated key, the id of the key that replaced it' }),
});

export const CreatedKeyRecord = Type.Object({
  ...ApiKeyRecord.properties,
  key: Type.String({ description: 'The secret, shown this once: only its hash is stored' }),
});

export const RotatedKeyRecord = Type.Object({ ...CreatedKeyRecord.properties, replaces: ApiKeyRecord });

export const KeyList = Type.Object({ data: Type.Array(ApiKeyRecord) });

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function apiKeyJson(k: ApiKey, now = Date.now()) {
  return {
    id: k.id,
    tenant: k.tenantName,
    label: k.label,
    scope: k.scope,
    prefix: k.prefix,
    status: keyStatus(k, now),
    created_at: k.createdAt.toISOString(),
    expires_at: iso(k.expiresAt),
    revoked_at: iso(k.revokedAt),
    last_used_at: iso(k.lastUsedAt),
    replaced_by: k.replacedBy,
  };
}

export type ApiKeyJson = ReturnType<typeof apiKeyJson>;
