/**
 * Cache keys of requests. The exact key is a hash of the request as the model sees it, with what
 * does not change the answer taken out (streaming, the caller's user id, Greenline's own fields),
 * object keys sorted and message text with its whitespace collapsed. The semantic cache's bucket
 * is the same hash without the last user message's text: only requests that agree on everything
 * else (system prompt, earlier turns, parameters) are compared by meaning.
 */
import { createHash } from 'node:crypto';

/** Fields that do not change the answer, or are Greenline's: never part of a key, never sent upstream. */
const NOT_IN_KEY = new Set(['stream', 'stream_options', 'user', 'operation', 'cache']);

export interface ChatMessage {
  role: string;
  content?: unknown;
  [field: string]: unknown;
}

export type ChatRequest = { model?: string; messages: ChatMessage[]; [field: string]: unknown };

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A message's text: a string content, or the text parts of an array content. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('\n');
  return '';
}

/** JSON with object keys sorted at every depth and strings in messages whitespace-collapsed. */
function canonical(value: unknown, inMessages = false): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, inMessages)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], inMessages || k === 'messages')}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'string' && inMessages) return JSON.stringify(collapse(value));
  return JSON.stringify(value) ?? 'null';
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/** The request without Greenline's fields and the ones that do not change the answer. */
export function answerFields(request: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(request)) if (!NOT_IN_KEY.has(k)) kept[k] = v;
  return kept;
}

/** The exact cache's key: tenant, the model that will answer, and the normalized request. */
export function exactKey(tenantId: string, kind: string, model: string, request: Record<string, unknown>): string {
  return `${tenantId}:${kind}:${model}:${hash(canonical({ ...answerFields(request), model }))}`;
}

/** Index of the last user message, or -1. */
export function lastUserMessage(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return i;
  return -1;
}

/**
 * The semantic cache's bucket (tenant, model, embedding model and the request without the last
 * user message's text) and that text; null when there is no user message to compare.
 */
export function semanticBucket(tenantId: string, model: string, embeddingModel: string, request: ChatRequest): { bucket: string; text: string } | null {
  const at = lastUserMessage(request.messages);
  if (at < 0) return null;
  const text = collapse(messageText(request.messages[at]!));
  if (text === '') return null;
  const messages = request.messages.map((m, i) => (i === at ? { ...m, content: '' } : m));
  return { bucket: `${tenantId}:${model}:${embeddingModel}:${hash(canonical({ ...answerFields(request), messages, model }))}`, text };
}
