/** Stand-ins for a Prometheus server and a running Greenline, on a free local port each. */
import { createServer, type Server } from 'node:http';

export interface FakeServer {
  readonly url: string;
  /** The PromQL queries received, with their `time` parameter. */
  readonly queries: { query: string; time: string | null }[];
  close(): Promise<void>;
}

async function listen(server: Server, queries: FakeServer['queries']): Promise<FakeServer> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      // Keep-alive connections of the client under test would hold close() up for seconds.
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}`, queries, close };
}

/**
 * Answers `/api/v1/query` with `answer(query)` as a one-sample vector, or with Prometheus's
 * error shape when `answer` throws.
 */
export function fakePrometheus(answer: (query: string) => number): Promise<FakeServer> {
  const queries: FakeServer['queries'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = url.searchParams.get('query') ?? '';
    queries.push({ query, time: url.searchParams.get('time') });
    res.setHeader('content-type', 'application/json');
    try {
      const value = answer(query);
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1700000000, String(value)] }] } }));
    } catch (err) {
      res.statusCode = 400;
      res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: (err as Error).message }));
    }
  });
  return listen(server, queries);
}

/** Serves `text` at /metrics, as the app does. */
/** An app serving `text` at /metrics and, when given, `snapshot` at /dashboard/snapshot (404 otherwise). */
export function fakeApp(text: string, snapshot?: unknown): Promise<FakeServer> {
  const server = createServer((req, res) => {
    if (req.url === '/dashboard/snapshot' && snapshot !== undefined) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(snapshot));
      return;
    }
    if (req.url !== '/metrics') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(text);
  });
  return listen(server, []);
}
