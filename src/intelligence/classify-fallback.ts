/**
 * The LLM as the spend classifier's second opinion (docs/classification.md, The LLM fallback): a
 * ClassificationFallback that asks the gateway's chat, with the tenant's routing, caches, ledger
 * and budget, for a NAICS 2017 code. classifyWithFallback then keeps the answer only when its code
 * is in the NAICS list. Once the gateway refuses a call in a way the next would share (the budget,
 * the rate, no model for `classify`, the model API refusing the request), the remaining lines are
 * not sent: they keep their local answers and the refusal is reported.
 */
import type { Candidate, ClassificationFallback } from '../domain/classify/fallback.ts';
import type { SpendLine } from '../domain/classify/types.ts';
import { GatewayError } from './errors.ts';
import type { CallContext, Gateway } from './gateway.ts';

/** Part of the classifier id of every answer: a changed prompt is a different classifier. */
export const CLASSIFY_PROMPT_VERSION = 'naics-prompt-1';

const SYSTEM_PROMPT = [
  'You classify purchase-ledger lines of a company to the NAICS 2017 six-digit industry of what was bought.',
  'Answer with one JSON object and nothing else: {"naics": "<six digits>", "confidence": <0 to 1>, "rationale": "<at most 20 words>"}.',
  'Use only codes that exist in NAICS 2017. When the line does not say what was bought, answer {"naics": null, "confidence": 0, "rationale": "…"}.',
].join(' ');

/** The chat request for one line: deterministic (temperature 0), short. */
export function classifyRequest(line: SpendLine, model?: string) {
  const text = line.supplier ? `Line: ${line.description}\nSupplier: ${line.supplier}` : `Line: ${line.description}`;
  return {
    ...(model ? { model } : {}),
    operation: 'classify',
    temperature: 0,
    max_tokens: 120,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: text },
    ],
  };
}

/** What the model said: the code (six digits, or null), its confidence and rationale; null when the answer has no code in any form. */
export function readClassifyAnswer(content: string): { naics: string | null; confidence: number; rationale?: string } | null {
  const object = content.match(/\{[\s\S]*\}/);
  if (object) {
    try {
      const o = JSON.parse(object[0]) as { naics?: unknown; confidence?: unknown; rationale?: unknown };
      const naics = typeof o.naics === 'number' ? String(o.naics) : typeof o.naics === 'string' ? o.naics.trim() : null;
      const confidence = typeof o.confidence === 'number' && Number.isFinite(o.confidence) ? Math.max(0, Math.min(1, o.confidence)) : 0.5;
      const rationale = typeof o.rationale === 'string' ? o.rationale.slice(0, 300) : undefined;
      return { naics: naics === '' ? null : naics, confidence, ...(rationale ? { rationale } : {}) };
    } catch {
      // Not JSON after all: look for a bare code below.
    }
  }
  const code = content.match(/\b\d{6}\b/);
  return code ? { naics: code[0], confidence: 0.5 } : null;
}

/** Refusals every later call would get too. */
const STOPPING = new Set([400, 402, 403, 404, 429]);

/** Why the fallback stopped asking (the gateway's refusal), once it has. */
export interface FallbackStop {
  status: number;
  code: string;
  message: string;
}

/** A ClassificationFallback on the gateway's chat for one tenant; `stopped()` tells whether a refusal ended it. */
export function llmClassificationFallback(
  gateway: Gateway,
  ctx: CallContext,
  options: { model?: string } = {},
): { fallback: ClassificationFallback; stopped: () => FallbackStop | null } {
  let stop: FallbackStop | null = null;
  const fallback: ClassificationFallback = async (line): Promise<Candidate | null> => {
    if (stop) throw new GatewayError(stop.status, stop.code, stop.message);
    let answer: Awaited<ReturnType<Gateway['chat']>>;
    try {
      answer = await gateway.chat(ctx, classifyRequest(line, options.model));
    } catch (err) {
      // Over budget, rate limited, no model: the other lines would be refused too.
      if (err instanceof GatewayError && STOPPING.has(err.status)) stop ??= { status: err.status, code: err.code, message: err.message };
      throw err;
    }
    if (answer.kind !== 'json') return null;
    const body = JSON.parse(answer.body) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = body.choices?.[0]?.message?.content;
    const read = typeof content === 'string' ? readClassifyAnswer(content) : null;
    if (!read || read.naics === null) return null;
    return {
      naics: read.naics,
      confidence: read.confidence,
      classifier: { name: `llm:${answer.headers['x-greenline-model']}`, version: CLASSIFY_PROMPT_VERSION },
      ...(read.rationale ? { rationale: read.rationale } : {}),
    };
  };
  return { fallback, stopped: () => stop };
}
