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
  /** Null when the model API ended the stream normally. */
  error: string | null;
}

/** Scans complete `data: {...}` lines for usage and content deltas. */
class SseScanner {
  #rest = '';
  promptTokens: number | null = null;
  completionTokens: number | null = null;
  contentChars = 0;

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
          choices?: { delta?: { content?: unknown } }[];
        };
        if (event.usage) {
          this.promptTokens = event.usage.prompt_tokens ?? this.promptTokens;
          this.completionTokens = event.usage.completion_tokens ?? this.completionTokens;
        }
        for (const choice of event.choices ?? []) if (typeof choice.delta?.content === 'string') this.contentChars += choice.delta.content.length;
      } catch {
        // Not JSON: passed through, not counted.
      }
    }
  }
}

/** The stream to send the caller; `onEnd` runs once, when the upstream stream ends, fails or the caller goes away. */
export function passThroughWithUsage(upstream: Readable, onEnd: (outcome: StreamOutcome) => void): PassThrough {
  const out = new PassThrough();
  const scanner = new SseScanner();
  let done = false;
  const finish = (error: string | null) => {
    if (done) return;
    done = true;
    onEnd({ promptTokens: scanner.promptTokens, completionTokens: scanner.completionTokens, contentChars: scanner.contentChars, error });
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
