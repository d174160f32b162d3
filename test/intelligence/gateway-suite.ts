/**
 * The LLM gateway through the real API, against a real OpenAI-compatible server started here
 * (fake-openai-server.ts: deterministic answers, every call counted), on each database driver:
 * retries and Retry-After, fallback models, routing by operation and by cost ceiling, streaming
 * passed through, the exact and semantic caches, budgets that stop calls, and ledger totals to the
 * nano-dollar. Each test uses its own tenant, so ledgers and budgets do not mix.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { CLASSIFY_PROMPT_VERSION } from '../../src/intelligence/classify-fallback.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { chatContent, chatUsage, FakeOpenAiServer } from './fake-openai-server.ts';

const UPSTREAM_KEY = 'sk-test-upstream';
/** USD per million tokens: 1 in, 2 out → 1,000 and 2,000 nano-USD per token. */
const PRICES = {
  'model-a': { input: 1, output: 2 },
  'model-b': { input: 0.5, output: 1 },
  'model-big': { input: 100, output: 400 },
  embedder: { input: 0.1, output: 0 },
};

export function runGatewaySuite(label: string, open: DriverFactory): void {
  describe(`LLM gateway on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let off: FastifyInstance;
    const upstream = new FakeOpenAiServer(UPSTREAM_KEY);
    let tenants = 0;

    /** A fresh tenant with an admin key and `settings` (prices always included). */
    async function tenant(settings: object = {}) {
      const t = await ensureTenant(fx.driver, `intelligence-${++tenants}`);
      const key = await addApiKey(fx.driver, t.id);
      const headers = { authorization: `Bearer ${key}` };
      const put = await app.inject({ method: 'PUT', url: '/v1/intelligence/settings', headers, payload: { prices: PRICES, ...settings } });
      expect(put.statusCode, put.body).toBe(200);
      const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers, payload });
      return {
        chat: (payload: object) => post('/v1/intelligence/chat', payload),
        embeddings: (payload: object) => post('/v1/intelligence/embeddings', payload),
        usage: async (query = '') => {
          const res = await app.inject({ url: `/v1/intelligence/usage${query}`, headers });
          expect(res.statusCode, res.body).toBe(200);
          return res.json();
        },
        headers,
      };
    }
    const ask = (text: string, extra: object = {}) => ({ model: 'model-a', messages: [{ role: 'user', content: text }], ...extra });
    /** The nano-USD the server's usage for `text` costs on model-a. */
    const costA = (text: string) => {
      const u = chatUsage([{ role: 'user', content: text }]);
      return u.prompt_tokens * 1_000 + u.completion_tokens * 2_000;
    };
    const usd = (nanos: number) => `${Math.floor(nanos / 1e9)}.${String(nanos % 1e9).padStart(9, '0')}`;

    beforeAll(async () => {
      await upstream.start();
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      const llm = { baseUrl: upstream.url, apiKey: UPSTREAM_KEY, timeoutMs: 150, maxRetries: 2, retryBaseMs: 5 };
      app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 ** 2, logLevel: 'silent', llm }, cursorSecret: rt.cursorSecret });
      off = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 ** 2, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    });
    afterAll(async () => {
      await app?.close();
      await off?.close();
      await fx?.close();
      await upstream.close();
    });

    it('proxies a chat completion with the upstream key, records it, and a second identical request is an exact cache hit', async () => {
      const t = await tenant();
      const before = upstream.count('/chat/completions');
      const first = await t.chat(ask('What is the emission factor of diesel?'));
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().choices[0].message.content).toBe(chatContent([{ role: 'user', content: 'What is the emission factor of diesel?' }]));
      expect(first.headers).toMatchObject({ 'x-greenline-cache': 'none', 'x-greenline-model': 'model-a', 'x-greenline-attempts': '1' });
      expect(first.headers['x-greenline-cost-usd']).toBe(usd(costA('What is the emission factor of diesel?')));
      expect(upstream.calls.at(-1)!.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
      // Greenline's own fields never reach the model API.
      expect(upstream.calls.at(-1)!.body).not.toHaveProperty('operation');
      // Same request, other whitespace and key order: the same answer, no upstream call.
      const second = await t.chat({ messages: [{ content: '  What is the emission factor   of diesel? ', role: 'user' }], model: 'model-a' });
      expect(second.headers['x-greenline-cache']).toBe('exact');
      expect(second.body).toBe(first.body);
      expect(upstream.count('/chat/completions') - before).toBe(1);
      // cache: false goes to the model again.
      expect((await t.chat(ask('What is the emission factor of diesel?', { cache: false }))).headers['x-greenline-cache']).toBe('none');
      expect(upstream.count('/chat/completions') - before).toBe(2);
    });

    it('retries 429 (after its Retry-After) and 500, then answers; the ledger counts the attempts', async () => {
      const t = await tenant({ exact_cache: { enabled: false, ttl_seconds: 60 } });
      upstream.script('model-a', { status: 429, retryAfter: '0' }, { status: 500 });
      const before = upstream.count('/chat/completions', 'model-a');
      const res = await t.chat(ask('retry me'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-greenline-attempts']).toBe('3');
      expect(upstream.count('/chat/completions', 'model-a') - before).toBe(3);
      // A Retry-After beyond the cap is not waited for: with no fallback, the caller learns it at once.
      upstream.script('model-a', { status: 429, retryAfter: '3600' });
      const started = Date.now();
      const limited = await t.chat(ask('retry me later'));
      expect(limited.statusCode).toBe(502);
      expect(limited.json().code).toBe('INTELLIGENCE_UPSTREAM_FAILED');
      expect(limited.headers['retry-after']).toBe('3600');
      expect(Date.now() - started).toBeLessThan(2_000);
      const usage = await t.usage('?group_by=outcome');
      expect(usage.groups).toEqual([
        expect.objectContaining({ outcome: 'error', calls: 1, cost_usd: '0.000000000' }),
        expect.objectContaining({ outcome: 'ok', calls: 1, cost_usd: usd(costA('retry me')) }),
      ]);
    });

    it('falls back to the next model when one fails after its retries, or times out; a 400 is not retried nor failed over', async () => {
      const t = await tenant({ fallback_models: ['model-b'], exact_cache: { enabled: false, ttl_seconds: 60 } });
      upstream.script('model-a', { status: 503 }, { status: 503 }, { status: 503 });
      const res = await t.chat(ask('fall back please'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-greenline-model']).toBe('model-b');
      expect(res.headers['x-greenline-attempts']).toBe('4');
      // Slow: each attempt times out (150 ms), three attempts, then model-b answers.
      upstream.script('model-a', { delayMs: 500 }, { delayMs: 500 }, { delayMs: 500 });
      const slow = await t.chat(ask('too slow'));
      expect(slow.statusCode, slow.body).toBe(200);
      expect(slow.headers['x-greenline-model']).toBe('model-b');
      upstream.script('model-a', { status: 400, message: 'max_tokens is too large' });
      const before = upstream.count('/chat/completions');
      const rejected = await t.chat(ask('bad request'));
      expect(rejected.statusCode).toBe(400);
      expect(rejected.json()).toMatchObject({ code: 'INTELLIGENCE_UPSTREAM_REJECTED' });
      expect(rejected.json().detail).toContain('max_tokens is too large');
      expect(upstream.count('/chat/completions') - before).toBe(1);
      // Timeouts on the only model: 504.
      upstream.script('model-b', { delayMs: 500 }, { delayMs: 500 }, { delayMs: 500 });
      const timeout = await t.chat(ask('all slow', { model: 'model-b' }));
      expect(timeout.statusCode).toBe(504);
      expect(timeout.json().code).toBe('INTELLIGENCE_UPSTREAM_TIMEOUT');
    });

    it('routes by operation rule and by cost ceiling, and refuses with 402 when no model fits the ceiling', async () => {
      const t = await tenant({
        routes: { classify: 'model-b' },
        fallback_models: ['model-b'],
        max_cost_per_call_usd: 0.01,
        exact_cache: { enabled: false, ttl_seconds: 60 },
      });
      const ruled = await t.chat(ask('classify: steel coil', { operation: 'classify' }));
      expect(ruled.headers['x-greenline-model']).toBe('model-b');
      expect(upstream.calls.at(-1)!.model).toBe('model-b');
      // model-big costs 100 + 400 USD per million: 256 estimated completion tokens alone pass 0.01 USD, so model-b answers.
      const cheap = await t.chat(ask('a long question', { model: 'model-big' }));
      expect(cheap.headers['x-greenline-model']).toBe('model-b');
      const none = await tenant({ chat_model: 'model-big', max_cost_per_call_usd: 0.001 });
      const before = upstream.count('/chat/completions');
      const refused = await none.chat({ messages: [{ role: 'user', content: 'expensive' }] });
      expect(refused.statusCode).toBe(402);
      expect(refused.json()).toMatchObject({ code: 'INTELLIGENCE_COST_CEILING', type: 'https://greenline.dev/problems/intelligence-cost-ceiling' });
      expect(refused.json().detail).toMatch(/^refused, nothing was sent to a model/);
      expect(upstream.count('/chat/completions')).toBe(before);
      const noModel = await (await tenant()).chat({ messages: [{ role: 'user', content: 'which model?' }] });
      expect(noModel.statusCode).toBe(400);
      expect(noModel.json().code).toBe('INTELLIGENCE_NO_MODEL');
    });

    it('passes a stream through as server-sent events and records its usage', async () => {
      const t = await tenant();
      const text = 'stream this answer';
      const res = await t.chat(ask(text, { stream: true }));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      const events = res.body.split('\n\n').filter(Boolean);
      expect(events.at(-1)).toBe('data: [DONE]');
      const streamed = events
        .filter((e) => e !== 'data: [DONE]')
        .map((e) => JSON.parse(e.slice(6)))
        .flatMap((e) => e.choices.map((c: { delta: { content?: string } }) => c.delta.content ?? ''))
        .join('');
      expect(streamed.trim()).toBe(chatContent([{ role: 'user', content: text }]));
      // The gateway asked for the usage chunk.
      expect(upstream.calls.at(-1)!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      // A stream that breaks: the caller gets an error event, the ledger an error row.
      upstream.script('model-a', { breakStream: true });
      const broken = await t.chat(ask('break', { stream: true }));
      expect(broken.body).toContain('event: error');
      const usage = await t.usage('?group_by=outcome');
      expect(usage.groups).toEqual([
        expect.objectContaining({ outcome: 'error', calls: 1 }),
        expect.objectContaining({ outcome: 'ok', calls: 1, cost_usd: usd(costA(text)) }),
      ]);
      // The completed stream is in the exact cache: the same question, not streamed, is a hit with the same text.
      const before = upstream.count('/chat/completions');
      const again = await t.chat(ask(text));
      expect(again.headers['x-greenline-cache']).toBe('exact');
      expect(again.json().choices[0].message.content.trim()).toBe(chatContent([{ role: 'user', content: text }]));
      // And a cached answer is streamed back as events when a stream asks for it.
      const replay = await t.chat(ask(text, { stream: true }));
      expect(replay.headers).toMatchObject({ 'x-greenline-cache': 'exact', 'content-type': expect.stringContaining('text/event-stream') });
      expect(replay.body).toContain(JSON.stringify(again.json().choices[0].message.content));
      expect(replay.body.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(upstream.count('/chat/completions')).toBe(before);
    });

    it('stops calls at the monthly budget with 402 (nothing sent upstream), and the ledger totals are exact', async () => {
      const q = (i: number) => `budget question number ${i}`;
      // A call costs 7 prompt + 6 completion tokens = 7 × 1,000 + 6 × 2,000 = 19,000 nano-USD; before it, the gateway
      // reserves its estimate: (ceil(24 characters / 4) + 4 per message) × 1,000 + max_tokens 10 × 2,000 = 30,000.
      // Three calls fit under 3 × 19,000 + 30,000 - 1; the fourth (57,000 spent + 30,000) does not.
      const perCall = costA(q(1));
      expect(perCall).toBe(19_000);
      const budgetNanos = 3 * perCall + 30_000 - 1;
      const t = await tenant({ monthly_budget_usd: budgetNanos / 1e9, alert_thresholds: [0.5, 1], exact_cache: { enabled: false, ttl_seconds: 60 } });
      const before = upstream.count('/chat/completions');
      const statuses: number[] = [];
      let refusal: { code: string; detail: string } | null = null;
      for (let i = 1; i <= 6; i++) {
        const res = await t.chat(ask(q(i), { max_tokens: 10 }));
        statuses.push(res.statusCode);
        if (res.statusCode === 402) refusal ??= res.json();
      }
      const served = 3;
      expect(statuses).toEqual([200, 200, 200, 402, 402, 402]);
      expect(upstream.count('/chat/completions') - before).toBe(served);
      expect(refusal!.code).toBe('INTELLIGENCE_BUDGET_EXCEEDED');
      expect(refusal!.detail).toMatch(/^refused, nothing was sent to a model: the tenant's monthly budget is/);
      const usage = await t.usage('?group_by=model,outcome');
      const expected = Array.from({ length: served }, (_, i) => costA(q(i + 1))).reduce((a, b) => a + b, 0);
      expect(usage.totals).toMatchObject({ calls: 6, refused: 6 - served, cost_usd: usd(expected) });
      expect(usage.totals.prompt_tokens).toBe(
        Array.from({ length: served }, (_, i) => chatUsage([{ role: 'user', content: q(i + 1) }]).prompt_tokens).reduce((a, b) => a + b, 0),
      );
      expect(usage.budget).toMatchObject({ month_spend_usd: usd(expected), remaining_usd: usd(budgetNanos - expected) });
      // Raising the budget lets calls through again.
      await app.inject({ method: 'PUT', url: '/v1/intelligence/settings', headers: t.headers, payload: { monthly_budget_usd: 1 } });
      expect((await t.chat(ask(q(7)))).statusCode).toBe(200);
      // The budget metric shows the spend.
      const scrape = await app.inject({ url: '/metrics' });
      expect(scrape.body).toMatch(/greenline_intelligence_budget_alerts_total\{tenant="[^"]+",threshold="0.5"\} 1/);
    });

    it('classifies spend with the LLM as fallback: unsure lines asked, listed codes used, others rejected, a budget stop reported', async () => {
      // The model answers by the line: a listed code with a rationale, a code NAICS does not have, or prose with a bare code.
      upstream.answerWith((text) =>
        text.includes('quantum')
          ? '{"naics": "541715", "confidence": 0.8, "rationale": "research and development in the physical sciences"}'
          : text.includes('xyzzy')
            ? '{"naics": "999999", "confidence": 0.9}'
            : 'I would say 423510 (metal service centers).',
      );
      try {
        const t = await tenant({ routes: { classify: 'model-b' }, exact_cache: { enabled: false, ttl_seconds: 60 } });
        const lines = ['Hot-rolled steel coil S235 2mm', 'quantum flux calibration, lot 7', 'xyzzy plover', 'misc reimbursement ref 88812'];
        const post = (payload: object, headers = t.headers) => app.inject({ method: 'POST', url: '/v1/classify/spend', headers, payload });
        const local = (await post({ lines })).json();
        const unsure = local.results.filter((r: { confidence: number }) => r.confidence < 0.4).map((r: { index: number }) => r.index);
        // The steel line is sure; the other three are not (else this test would not test the fallback).
        expect(unsure).toEqual([1, 2, 3]);
        const before = upstream.count('/chat/completions', 'model-b');
        const res = await post({ lines, fallback: true });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(upstream.count('/chat/completions', 'model-b') - before).toBe(3);
        expect(body.fallback).toEqual({ threshold: 0.4, asked: 3, accepted: 2, rejected: [{ index: 2, naics: '999999' }], failed: 0, stopped: null });
        expect(body.results[0]).toMatchObject({ naics: local.results[0].naics, classifier: local.classifier });
        expect(body.results[1]).toMatchObject({
          naics: '541715',
          naics2: '54',
          confidence: 0.8,
          classifier: { name: 'llm:model-b', version: CLASSIFY_PROMPT_VERSION },
          evidence: [{ source: 'fallback', matched: 'research and development in the physical sciences' }],
        });
        // A code not in the list leaves the local answer; a bare code in prose is read.
        expect(body.results[2]).toMatchObject({ naics: local.results[2].naics, classifier: local.classifier });
        expect(body.results[3]).toMatchObject({ naics: '423510', confidence: 0.5, classifier: { name: 'llm:model-b' } });
        // The calls are in the ledger under their operation.
        const usage = await t.usage('?group_by=operation');
        expect(usage.groups).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'classify', calls: 3 })]));

        // Over budget: the first refusal stops the rest; nothing is sent, the local answers stand, and the report says why.
        await app.inject({ method: 'PUT', url: '/v1/intelligence/settings', headers: t.headers, payload: { monthly_budget_usd: 0.000001 } });
        const capped = await post({ lines, fallback: true });
        expect(capped.statusCode, capped.body).toBe(200);
        expect(upstream.count('/chat/completions', 'model-b') - before).toBe(3);
        expect(capped.json().fallback).toMatchObject({ asked: 3, accepted: 0, failed: 3, stopped: { status: 402, code: 'INTELLIGENCE_BUDGET_EXCEEDED' } });
        expect(capped.json().results.map((r: { naics: string }) => r.naics)).toEqual(local.results.map((r: { naics: string }) => r.naics));

        // A read key may classify locally, not spend on models; a server without a model API says so, naming the field.
        const reader = await createApiKey(fx.driver, (await ensureTenant(fx.driver, 'intelligence-reader')).id, { scope: 'read' });
        const readHeaders = { authorization: `Bearer ${reader.secret}` };
        expect((await post({ lines }, readHeaders)).statusCode).toBe(200);
        const refused = await post({ lines, fallback: true }, readHeaders);
        expect([refused.statusCode, refused.json().code]).toEqual([403, 'SCOPE_INSUFFICIENT']);
        const offRes = await off.inject({ method: 'POST', url: '/v1/classify/spend', headers: t.headers, payload: { lines, fallback: true } });
        expect([offRes.statusCode, offRes.json().code, offRes.json().errors[0].field]).toEqual([404, 'INTELLIGENCE_OFF', 'body.fallback']);
      } finally {
        upstream.answerWith(null);
      }
    });

    it('serves a paraphrase from the semantic cache, never a near-duplicate with another meaning, and ledgers the embeddings', async () => {
      const t = await tenant({ embedding_model: 'embedder', semantic_cache: { enabled: true, threshold: 0.7, ttl_seconds: 600 } });
      const first = await t.chat(ask('How do I enable two-factor authentication?'));
      expect(first.headers['x-greenline-cache']).toBe('none');
      const paraphrase = await t.chat(ask('how can I enable two factor authentication, please'));
      expect(paraphrase.headers['x-greenline-cache']).toBe('semantic');
      expect(Number(paraphrase.headers['x-greenline-similarity'])).toBeGreaterThanOrEqual(0.7);
      expect(paraphrase.body).toBe(first.body);
      const opposite = await t.chat(ask('How do I disable two-factor authentication?'));
      expect(opposite.headers['x-greenline-cache']).toBe('none');
      expect(opposite.json().choices[0].message.content).toContain('disable');
      const usage = await t.usage('?group_by=kind,cache_hit');
      expect(usage.groups).toEqual([
        expect.objectContaining({ kind: 'cache_embedding', cache_hit: 'none', calls: 3 }),
        expect.objectContaining({ kind: 'chat', cache_hit: 'none', calls: 2 }),
        expect.objectContaining({ kind: 'chat', cache_hit: 'semantic', calls: 1, cost_usd: '0.000000000' }),
      ]);
    });

    it('proxies embeddings with the exact cache, and answers 404 INTELLIGENCE_OFF naming the setting when no model API is configured', async () => {
      const t = await tenant({ embedding_model: 'embedder' });
      const res = await t.embeddings({ input: ['steel coil', 'freight'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data).toHaveLength(2);
      expect((await t.embeddings({ input: ['steel coil', 'freight'] })).headers['x-greenline-cache']).toBe('exact');
      const usage = await t.usage('?group_by=operation');
      // 2 + 1 words at 0.1 USD per million tokens (100 nano-USD per token).
      expect(usage.groups).toEqual([expect.objectContaining({ operation: 'embeddings', calls: 2, exact_hits: 1, prompt_tokens: 3, cost_usd: '0.000000300' })]);
      const offRes = await off.inject({ method: 'POST', url: '/v1/intelligence/chat', headers: t.headers, payload: ask('hello') });
      expect(offRes.statusCode).toBe(404);
      expect(offRes.json()).toMatchObject({ code: 'INTELLIGENCE_OFF' });
      expect(offRes.json().detail).toContain('GREENLINE_LLM_BASE_URL');
      expect((await off.inject({ url: '/v1/intelligence/settings', headers: t.headers })).json()).toMatchObject({
        gateway: 'off',
        embedding_model: 'embedder',
      });
    });
  });
}
