/**
 * The LLM gateway (issue 20, docs/intelligence.md): each tenant's settings (routing, caches,
 * budget) as one JSON document, and the ledger of every call: tokens, cost in nano-USD (integers,
 * so sums are exact) with the price table's version, latency, which cache answered, and the
 * outcome (refused calls too, with why).
 */
import type { Migration } from './types.ts';

export const intelligence: Migration = {
  version: 17,
  name: 'intelligence settings and call ledger',
  statements: [
    `CREATE TABLE intelligence_settings (
       tenant_id text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
       policy json NOT NULL,                     -- the whole IntelligencePolicy
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE intelligence_calls (
       id bigserial PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       at timestamptz NOT NULL,                  -- when the call arrived
       operation text NOT NULL,                  -- the caller's label: chat, classify, summarize…
       kind text NOT NULL CHECK (kind IN ('chat', 'embeddings', 'cache_embedding')),
       model text,                               -- the model that answered, or would have; null if none was chosen
       prompt_tokens integer NOT NULL,
       completion_tokens integer NOT NULL,
       cost_nanos bigint NOT NULL,               -- 1e-9 USD
       price_version text,                       -- of the price table, or 'tenant' for the tenant's own price
       latency_ms real NOT NULL,
       cache_hit text NOT NULL CHECK (cache_hit IN ('none', 'exact', 'semantic')),
       outcome text NOT NULL CHECK (outcome IN ('ok', 'error', 'refused')),
       error_code text,
       attempts smallint NOT NULL,               -- HTTP attempts sent upstream, over all models tried
       request_id text
     )`,
    'CREATE INDEX intelligence_calls_tenant_at_idx ON intelligence_calls (tenant_id, at)',
  ],
};
