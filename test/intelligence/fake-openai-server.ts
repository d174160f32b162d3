/**
 * A real OpenAI-compatible HTTP server for tests and benchmarks (node:http, nothing mocked):
 * deterministic chat completions (streamed or not) and hashed bag-of-words embeddings, every call
 * counted, and per model a script of what the next calls do (429 with Retry-After, 500, a slow
 * answer, a stream that breaks).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bagOfWordsEmbedding } from './bag-of-words.ts';

export type Behaviour =
  | { status: number; retryAfter?: string; message?: string }
  | { delayMs: number }
  /** A stream that sends its first chunk, then drops the connection. */
  | { breakStream: true };

export interface RecordedCall {
  path: string;
  model: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

interface Message {
  role: string;
  content?: unknown;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const textOf = (m: Message) => (typeof m.content === 'string' ? m.content : '');

/** The usage the server reports for a chat body: prompt = words of all messages + 3 per message; completion = words of the answer. */
export function chatUsage(messages: Message[]): { prompt_tokens: number; completion_tokens: number } {
  return {
    prompt_tokens: messages.reduce((n, m) => n + words(textOf(m)) + 3, 0),
    completion_tokens: words(chatContent(messages)),
  };
}

/** The deterministic answer: the last user message, echoed. */
export function chatContent(messages: Message[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return `Answer to: ${last ? textOf(last) : ''}`;
}

export class FakeOpenAiServer {
  readonly calls: RecordedCall[] = [];
  #server: Server;
  #scripts = new Map<string, Behaviour[]>();
  /** Answers chat calls instead of chatContent's echo, given the last user message (null: echo). */
  #answer: ((userText: string) => string) | null = null;
  url = '';

  constructor(readonly apiKey: string | null = null) {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    this.#server.keepAliveTimeout = 30_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** The next calls for `model` behave as listed, in order; then normally again. */
  script(model: string, ...behaviours: Behaviour[]): void {
    this.#scripts.set(model, [...(this.#scripts.get(model) ?? []), ...behaviours]);
  }

  /** Chat answers from `answer(last user message)` instead of the echo; null: the echo again. */
  answerWith(answer: ((userText: string) => string) | null): void {
    this.#answer = answer;
  }

  /** Calls received, optionally only to one path (`/chat/completions`, `/embeddings`) or model. */
  count(path?: string, model?: string): number {
    return this.calls.filter((c) => (path === undefined || c.path === path) && (model === undefined || c.model === model)).length;
  }

  reset(): void {
    this.calls.length = 0;
    this.#scripts.clear();
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const path = (req.url ?? '').replace(/^\/v1/, '');
    const model = String(body.model ?? '');
    this.calls.push({ path, model, body, authorization: req.headers.authorization });
    if (this.apiKey !== null && req.headers.authorization !== `Bearer ${this.apiKey}`)
      return json(res, 401, { error: { message: 'Incorrect API key provided' } });
    const behaviour = this.#scripts.get(model)?.shift();
    if (behaviour && 'status' in behaviour) {
      if (behaviour.retryAfter !== undefined) res.setHeader('retry-after', behaviour.retryAfter);
      return json(res, behaviour.status, { error: { message: behaviour.message ?? `scripted ${behaviour.status}`, type: 'scripted' } });
    }
    if (behaviour && 'delayMs' in behaviour) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (res.destroyed) return;
    if (path === '/embeddings') {
      const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      return json(res, 200, {
        object: 'list',
        model,
        data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: bagOfWordsEmbedding(text) })),
        usage: { prompt_tokens: inputs.reduce((n, t) => n + words(t), 0), total_tokens: inputs.reduce((n, t) => n + words(t), 0) },
      });
    }
    if (path !== '/chat/completions') return json(res, 404, { error: { message: `no route ${path}` } });
    const messages = body.messages as Message[];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const content = this.#answer ? this.#answer(lastUser ? textOf(lastUser) : '') : chatContent(messages);
    const usage = this.#answer ? { prompt_tokens: chatUsage(messages).prompt_tokens, completion_tokens: words(content) } : chatUsage(messages);
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const id = `chatcmpl-${this.calls.length}`;
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }));
      if (behaviour && 'breakStream' in behaviour) {
        res.write(chunk({ content: 'Answer' }));
        await new Promise((r) => setTimeout(r, 20));
        res.destroy();
        return;
      }
      for (const word of content.split(' ')) res.write(chunk({ content: `${word} ` }));
      res.write(chunk({}, 'stop'));
      const options = body.stream_options as { include_usage?: boolean } | undefined;
      if (options?.include_usage)
        res.write(
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
        );
      res.end('data: [DONE]\n\n');
      return;
    }
    return json(res, 200, {
      id: `chatcmpl-${this.calls.length}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
