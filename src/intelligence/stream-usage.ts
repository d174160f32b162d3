/**
 * A streamed completion passed through byte for byte, read on the way for what the ledger needs:
 * the `usage` chunk OpenAI-compatible servers send last when asked (stream_options.include_usage,
 * which the gateway sets), else the streamed text's length to estimate tokens from. If the model
 * API fails mid-stream, the caller gets an SSE `error` event and the end of the stream.
 */
import { PassThrough, type Readable } from 'node:stream';

export interface StreamOutcome {
  promptTokens: number | null;
  completionTokens: number | null;
  /** Characters of streamed content, to estimate tokens when no usage came. */
  contentChars: number;
  /** The streamed text of a one-choice answer without tool calls (what the exact cache can keep); null otherwise. */
  content: string | null;
  finishReason: string | null;
  /** Null when the model API ended the stream normally. */
  error: string | null;
}

/** Scans complete `data: {...}` lines for usage and content deltas. */
class SseScanner {
  #rest = '';
  promptTokens: number | null = null;
  completionTokens: number | null = null;
  contentChars = 0;
  parts: string[] = [];
  /** False once a second choice or a tool call shows up. */
  plainText = true;
  finishReason: string | null = null;

  push(chunk: string): void {
    const text = this.#rest + chunk;
    const lines = text.split('\n');
    this.#rest = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '' || data === '[DONE]') continue;
      try {
        const event = JSON.parse(data) as {
          usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
          choices?: { index?: number; delta?: { content?: unknown; tool_calls?: unknown; function_call?: unknown }; finish_reason?: string | null }[];
        };
        if (event.usage) {
          this.promptTokens = event.usage.prompt_tokens ?? this.promptTokens;
          this.completionTokens = event.usage.completion_tokens ?? this.completionTokens;
        }
        for (const choice of event.choices ?? []) {
          if ((choice.index ?? 0) !== 0 || choice.delta?.tool_calls !== undefined || choice.delta?.function_call !== undefined) this.plainText = false;
          if (typeof choice.delta?.content === 'string') {
            this.contentChars += choice.delta.content.length;
            this.parts.push(choice.delta.content);
          }
          if (choice.finish_reason) this.finishReason = choice.finish_reason;
        }
      } catch {
        // Not JSON: passed through, not counted.
      }
    }
  }
}

/** A cached chat completion (one plain-text choice) as the server-sent events a stream would have carried; null for other answers. */
export function completionAsEvents(body: string): string | null {
  let answer: {
    id?: string;
    created?: number;
    model?: string;
    choices?: { message?: { content?: unknown; tool_calls?: unknown }; finish_reason?: string }[];
    usage?: unknown;
  };
  try {
    answer = JSON.parse(body);
  } catch {
    return null;
  }
  const choice = answer.choices?.[0];
  if (answer.choices?.length !== 1 || typeof choice?.message?.content !== 'string' || choice.message.tool_calls !== undefined) return null;
  const base = { id: answer.id ?? 'chatcmpl-cached', object: 'chat.completion.chunk', created: answer.created ?? 0, model: answer.model };
  const event = (data: object) => `data: ${JSON.stringify({ ...base, ...data })}\n\n`;
  return [
    event({ choices: [{ index: 0, delta: { role: 'assistant', content: choice.message.content }, finish_reason: null }] }),
    event({ choices: [{ index: 0, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }] }),
    answer.usage ? event({ choices: [], usage: answer.usage }) : '',
    'data: [DONE]\n\n',
  ].join('');
}

/** The stream to send the caller; `onEnd` runs once, when the upstream stream ends, fails or the caller goes away. */
export function passThroughWithUsage(upstream: Readable, onEnd: (outcome: StreamOutcome) => void): PassThrough {
  const out = new PassThrough();
  const scanner = new SseScanner();
  let done = false;
  const finish = (error: string | null) => {
    if (done) return;
    done = true;
    onEnd({
      promptTokens: scanner.promptTokens,
      completionTokens: scanner.completionTokens,
      contentChars: scanner.contentChars,
      content: scanner.plainText ? scanner.parts.join('') : null,
      finishReason: scanner.finishReason,
      error,
    });
  };
  upstream.setEncoding('utf8');
  upstream.on('data', (chunk: string) => {
    scanner.push(chunk);
    if (!out.write(chunk)) {
      upstream.pause();
      out.once('drain', () => upstream.resume());
    }
  });
  upstream.on('end', () => {
    finish(null);
    out.end();
  });
  upstream.on('error', (err: Error) => {
    finish(err.message);
    out.end(
      `event: error\ndata: ${JSON.stringify({ error: { code: 'INTELLIGENCE_STREAM_FAILED', message: `the model API stream failed: ${err.message}` } })}\n\n`,
    );
  });
  // The caller went away: stop reading from the model API.
  out.on('close', () => {
    if (!done) {
      finish('the caller closed the stream');
      upstream.destroy();
    }
  });
  return out;
}
