/**
 * The gateway's pure parts: model routing, costs in nano-USD, request keys, Retry-After, the
 * GREENLINE_LLM_* settings, and the ledger's month arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { monthBounds } from '../../src/intelligence/ledger.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../src/intelligence/policy.ts';
import { costNanos, nanosToUsd, PRICE_TABLE, priceOf } from '../../src/intelligence/prices.ts';
import { exactKey, semanticBucket } from '../../src/intelligence/request-key.ts';
import { type CallShape, routeCall } from '../../src/intelligence/routing.ts';
import { retryAfterMs } from '../../src/intelligence/upstream-client.ts';

const call: CallShape = { operation: 'chat', kind: 'chat', requestedModel: 'gpt-4o', promptTokens: 1_000, completionTokens: 500 };

describe('routing', () => {
  it('takes the operation rule, else the request, else the default; fallbacks follow without repeats', () => {
    const policy = mergePolicy(DEFAULT_POLICY, {
      chat_model: 'gpt-4o-mini',
      routes: { classify: 'gpt-4.1-nano' },
      fallback_models: ['gpt-4o-mini', 'gpt-4.1-mini'],
    });
    const models = (c: CallShape) => {
      const r = routeCall(policy, c);
      return r.ok ? r.candidates.map((x) => x.model) : r.code;
    };
    expect(models({ ...call, operation: 'classify' })).toEqual(['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini']);
    expect(models(call)).toEqual(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-mini']);
    expect(models({ ...call, requestedModel: undefined })).toEqual(['gpt-4o-mini', 'gpt-4.1-mini']);
    expect(routeCall(DEFAULT_POLICY, { ...call, requestedModel: undefined })).toMatchObject({ ok: false, code: 'NO_MODEL' });
  });

  it('skips models above the cost ceiling, and unpriced ones when costs count', () => {
    // gpt-4o: 1,000 × 2.5 + 500 × 10 = 7,500 µUSD; gpt-4o-mini: 1,000 × 0.15 + 500 × 0.6 = 450 µUSD.
    const policy = mergePolicy(DEFAULT_POLICY, { fallback_models: ['local-llama', 'gpt-4o-mini'], max_cost_per_call_usd: 0.001 });
    const r = routeCall(policy, call);
    expect(r).toEqual({ ok: true, candidates: [{ model: 'gpt-4o-mini', estimateNanos: 450_000 }] });
    expect(routeCall(mergePolicy(policy, { max_cost_per_call_usd: 0.0001 }), call)).toMatchObject({ ok: false, code: 'COST_CEILING' });
    expect(routeCall(mergePolicy(DEFAULT_POLICY, { monthly_budget_usd: 5 }), { ...call, requestedModel: 'local-llama' })).toMatchObject({
      ok: false,
      code: 'MODEL_UNPRICED',
    });
    // Without a ceiling or a budget, an unpriced model is fine (its calls cost 0 in the ledger).
    expect(routeCall(DEFAULT_POLICY, { ...call, requestedModel: 'local-llama' })).toMatchObject({ ok: true });
  });
});

describe('prices', () => {
  it('costs whole nano-USD from the table, a tenant price winning, and prints them exactly', () => {
    expect(PRICE_TABLE.version).toMatch(/^\d{4}-\d{2}$/);
    // 1,234 × 150 + 567 × 600 = 185,100 + 340,200.
    expect(costNanos(priceOf('gpt-4o-mini', {})!, 1_234, 567)).toBe(525_300);
    expect(priceOf('gpt-4o-mini', { 'gpt-4o-mini': { input: 0, output: 0 } })).toEqual({ input: 0, output: 0 });
    expect(priceOf('unknown', {})).toBeUndefined();
    expect(nanosToUsd(525_300)).toBe('0.000525300');
    expect(nanosToUsd(12_000_000_001n)).toBe('12.000000001');
  });
});

describe('request keys', () => {
  const request = {
    model: 'm',
    temperature: 0,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is  CO2e?' },
    ],
  };

  it('ignores key order, whitespace, streaming, the caller id and Greenline fields; not the parameters', () => {
    const same = {
      messages: [
        { content: 'Be brief.', role: 'system' },
        { role: 'user', content: ' What is CO2e? ' },
      ],
      temperature: 0,
      model: 'm',
      stream: false,
      user: 'u1',
      operation: 'x',
      cache: true,
    };
    expect(exactKey('t', 'chat', 'm', same)).toBe(exactKey('t', 'chat', 'm', request));
    expect(exactKey('t', 'chat', 'm', { ...request, temperature: 1 })).not.toBe(exactKey('t', 'chat', 'm', request));
    expect(exactKey('t2', 'chat', 'm', request)).not.toBe(exactKey('t', 'chat', 'm', request));
    expect(exactKey('t', 'chat', 'other', request)).not.toBe(exactKey('t', 'chat', 'm', request));
  });

  it('puts requests that differ only in the last user message in one semantic bucket', () => {
    const a = semanticBucket('t', 'm', 'e', request)!;
    const b = semanticBucket('t', 'm', 'e', { ...request, messages: [request.messages[0]!, { role: 'user', content: 'Explain CO2e' }] })!;
    expect(a.bucket).toBe(b.bucket);
    expect(a.text).toBe('What is CO2e?');
    const otherSystem = semanticBucket('t', 'm', 'e', { ...request, messages: [{ role: 'system', content: 'Be long.' }, request.messages[1]!] })!;
    expect(otherSystem.bucket).not.toBe(a.bucket);
  });
});

describe('Retry-After and months', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 14:00:10 GMT', Date.parse('2026-12-03T14:00:00Z'))).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('bounds UTC calendar months', () => {
    const { start, end } = monthBounds(Date.parse('2026-12-31T23:59:59Z'));
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });
});

describe('GREENLINE_LLM_* settings', () => {
  it('are off without a base URL, validated with one', () => {
    expect(loadConfig({}).llm).toBeNull();
    expect(loadConfig({ GREENLINE_LLM_BASE_URL: 'http://127.0.0.1:11434/v1/', GREENLINE_LLM_API_KEY: 'k', GREENLINE_LLM_MAX_RETRIES: '0' }).llm).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: 'k',
      timeoutMs: 60_000,
      maxRetries: 0,
      retryBaseMs: 250,
    });
    expect(() => loadConfig({ GREENLINE_LLM_BASE_URL: 'localhost:11434' })).toThrow(ConfigError);
    expect(() => loadConfig({ GREENLINE_LLM_BASE_URL: 'http://x', GREENLINE_LLM_TIMEOUT_MS: '10' })).toThrow(/GREENLINE_LLM_TIMEOUT_MS/);
  });
});
